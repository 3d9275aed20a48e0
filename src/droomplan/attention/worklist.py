""" "Vandaag": what needs this person today, per role — the first part of her home page.

Every item links to where the work is done and is gone once it is done (an action ticked
off, a signal picked up, a note read). The rules themselves live with the data they are about
(`Action.objects.overdue`, `Goal.objects.past_target`, `Consent.objects.ending_within`,
`cases.selectors.without_recent_contact`, ...); this module only puts them together. Every
group costs a fixed number of queries, however many families there are (tested per role)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from droomplan.access.policy import (
    consented_domains_by_participant,
    partner_organisation_ids,
    visible_participants,
    visible_signals,
    work_lists_for,
)
from droomplan.access.selectors import coach_expiring_consents
from droomplan.accounts.models import Role
from droomplan.audit.models import AccessLogEntry
from droomplan.cases import selectors as case_selectors
from droomplan.cases.models import Contact, Status
from droomplan.core.sections import part_url
from droomplan.core.workdays import working_days_between
from droomplan.escalations import selectors as escalation_selectors
from droomplan.instruments.selectors import attach_reminders
from droomplan.meetings.selectors import this_week_for
from droomplan.plans.models import Action, ActionOwner, Goal
from droomplan.signals.models import Signal

from .kinds import Kind
from .models import Notification
from .selectors import notifications_for

LIMIT = 8  # items shown per group; the group links to the full list when there are more


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    when: str = ""
    urgent: bool = False
    participant: object | None = None  # the family it is about (for the access log)


@dataclass
class Group:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more: bool = False  # there are more than LIMIT: follow `more_url`
    more_url: str = ""


def _date(day: datetime.date | None) -> str:
    return formats.date_format(day, "MONTH_DAY_FORMAT") if day else ""


def _late(day: datetime.date, today: datetime.date) -> str:
    days = (today - day).days
    return ngettext("%(days)d day late", "%(days)d days late", days) % {"days": days}


def _group(key: str, title: str, rows: list, make: Callable, more_url: str = "") -> Group:
    """A group from `rows` fetched with LIMIT + 1 (so "more" costs no extra query)."""
    return Group(
        key=key,
        title=title,
        items=[make(row) for row in rows[:LIMIT]],
        more=len(rows) > LIMIT,
        more_url=more_url,
    )


def _decision_due(escalation) -> str:
    values = {"date": _date(escalation.deadline)}
    if escalation.is_overdue:
        return _("late: decision was due %(date)s") % values
    return _("decision by %(date)s") % values


def _case(participant, part: str = "") -> str:
    return part_url(participant, part) if part else reverse("cases:detail", args=[participant.pk])


# --- coach ---------------------------------------------------------------------------------

NEWS_FOR_COACH = (
    Kind.ESCALATION_ADVISED,
    Kind.ESCALATION_DECIDED,
    Kind.PORTAL_ACTIVITY,
    Kind.CONSENT_WITHDRAWN,
)


def coach(user, today: datetime.date, request=None) -> list[Group]:
    # Her families (not ended) are read once, in name order; the groups below filter on their
    # ids instead of repeating the subquery of `own_families` in six queries (each compiled by
    # the ORM and planned by PostgreSQL again: about a third of this list's time). The read is
    # the one her families section on the home page shows too (once per request), with the
    # date of each family's last contact moment (for "No contact for a while").
    everyone = case_selectors.coach_home_families(user, today=today, request=request)
    own = [p for p in case_selectors.in_name_order(everyone) if p.status != Status.ENDED]
    families = [p.pk for p in own]
    groups = []

    news = list(
        Notification.objects.filter(recipient=user, kind__in=NEWS_FOR_COACH)
        .unread()
        .select_related("participant")[: LIMIT + 1]
    )
    shown = notifications_for(user, news)
    groups.append(
        _group(
            "news",
            _("New for you"),
            shown,
            lambda s: Item(
                s.text,
                reverse("attention:open", args=[s.notification.pk]),
                participant=s.participant,
            ),
            reverse("attention:list"),
        )
    )

    handovers = list(case_selectors.unread_handovers(user)[: LIMIT + 1])
    groups.append(
        _group(
            "handovers",
            _("Families handed over to you"),
            handovers,
            lambda a: Item(
                _("Read the handover note of %(family)s") % {"family": a.participant.full_name},
                _case(a.participant),
                _("since %(date)s") % {"date": _date(a.started_on)},
                participant=a.participant,
            ),
        )
    )

    actions = list(
        Action.objects.overdue(today)
        .filter(goal__participant__in=families, owner__in=[ActionOwner.COACH, ActionOwner.MOTHER])
        .select_related("goal__participant")
        .order_by("due_date", "pk")[: LIMIT + 1]
    )
    groups.append(
        _group(
            "actions",
            _("Actions past their due date"),
            actions,
            lambda a: Item(
                f"{a.description} · {a.goal.participant.full_name}",
                _case(a.goal.participant, "plan"),
                _late(a.due_date, today),
                urgent=True,
                participant=a.goal.participant,
            ),
            reverse("cases:caseload") + "?overdue=1",
        )
    )

    goals = list(
        Goal.objects.past_target(today)
        .filter(participant__in=families)
        .select_related("participant")
        .order_by("target_date", "pk")[: LIMIT + 1]
    )
    groups.append(
        _group(
            "goals",
            _("Open goals past their target date"),
            goals,
            lambda g: Item(
                f"{g.title} · {g.participant.full_name}",
                _case(g.participant, "plan"),
                _("target date %(date)s") % {"date": _date(g.target_date)},
                participant=g.participant,
            ),
        )
    )

    active = [p for p in own if p.status == Status.ACTIVE]
    attach_reminders(active, today=today)
    due = [(p, r) for p in active for r in p.measurement_reminders]
    due.sort(key=lambda pr: (pr[1].state != "overdue", pr[1].occasion.due_on))
    groups.append(
        _group(
            "measurements",
            _("Measurements due"),
            due,
            lambda pr: Item(
                _("%(occasion)s for %(family)s")
                % {"occasion": pr[1].occasion.label, "family": pr[0].full_name},
                reverse("instruments:list", args=[pr[0].pk]),
                (_("overdue since %(date)s") if pr[1].state == "overdue" else _("by %(date)s"))
                % {"date": _date(pr[1].occasion.due_on)},
                urgent=pr[1].state == "overdue",
                participant=pr[0],
            ),
        )
    )

    # the consents of her families that end within 30 days (`access.selectors.EXPIRING_DAYS`),
    # soonest first: the read her home's consents part shows too (once per request)
    not_ended = set(families)
    consents = [
        c
        for c in coach_expiring_consents(user, today=today, request=request)
        if c.participant_id in not_ended
    ][: LIMIT + 1]
    groups.append(
        _group(
            "consents",
            _("Consents that end within 30 days"),
            consents,
            lambda c: Item(
                _("%(family)s for %(organisation)s")
                % {"family": c.participant.full_name, "organisation": c.organisation.name},
                reverse("access:consent_list", args=[c.participant_id]),
                _("ends %(date)s") % {"date": _date(c.expires_on)},
                participant=c.participant,
            ),
        )
    )

    quiet = case_selectors.quiet_among(own, today=today)
    groups.append(
        _group(
            "contact",
            _("No contact for a while"),
            quiet,
            lambda p: Item(
                p.full_name,
                reverse("cases:contact_add", args=[p.pk]),
                _("last contact %(date)s") % {"date": _date(p.last_contact)}
                if p.last_contact
                else _("no contact since the start"),
                participant=p,
            ),
        )
    )

    meetings = this_week_for(user, families, today=today)
    groups.append(
        _group(
            "meetings",
            _("Group meetings this week"),
            meetings,
            lambda m: Item(
                m.theme,
                reverse("meetings:detail", args=[m.pk]),
                f"{formats.date_format(m.date, 'l')} "
                f"{formats.date_format(m.date, 'MONTH_DAY_FORMAT')} "
                f"{formats.time_format(m.start_time, 'TIME_FORMAT')}",
            ),
            reverse("meetings:calendar"),
        )
    )
    return groups


# --- partner -------------------------------------------------------------------------------


def partner(user, today: datetime.date, request=None) -> list[Group]:
    organisations = partner_organisation_ids(user)
    families = visible_participants(user)
    candidates = list(
        Action.objects.open()
        .filter(organisation__in=organisations, goal__participant__in=families)
        .select_related("goal__participant", "organisation")
        .order_by("due_date", "pk")[:200]
    )
    domains = consented_domains_by_participant(
        user, list({a.goal.participant_id: a.goal.participant for a in candidates}.values())
    )
    actions = [a for a in candidates if a.goal.domain in domains[a.goal.participant_id]]

    def action_item(a: Action) -> Item:
        late = a.due_date is not None and a.due_date < today
        return Item(
            f"{a.description} · {a.goal.participant.full_name}",
            _case(a.goal.participant, "plan"),
            _late(a.due_date, today)
            if late
            else (_("due %(date)s") % {"date": _date(a.due_date)} if a.due_date else ""),
            urgent=late,
            participant=a.goal.participant,
        )

    # A note is new when she has not opened the family's case since it was written: no view
    # of hers at or after it (the same as "her last view is before it, or there is none"), so
    # no view older than the oldest shared note matters. The access log is partitioned by
    # month and PostgreSQL plans every partition a query may read: the last view as an
    # annotation and a filter mentioned the log three times, for every month of its history
    # (60 ms of planning, issue 18). Now it is mentioned once, from the month of the oldest
    # note on (a constant, so the older months are left out when planning), and not at all
    # when nothing is shared with her organisation.
    shared = Contact.objects.filter(
        shared_with__in=organisations, participant__in=families
    ).exclude(author=user)
    oldest = shared.aggregate(oldest=Min("created_at"))["oldest"]
    notes = []
    if oldest is not None:
        seen_since = AccessLogEntry.objects.filter(
            user=user,
            participant=OuterRef("participant"),
            action="view",
            object_type="case",
            at__gte=OuterRef("created_at"),
        ).filter(at__gte=oldest)
        notes = list(
            shared.exclude(Exists(seen_since))
            .select_related("participant")
            .distinct()
            .order_by("-created_at", "-pk")[: LIMIT + 1]
        )
    return [
        _group("actions", _("Open actions for your organisation"), actions, action_item),
        _group(
            "notes",
            _("Notes shared with your organisation since your last visit"),
            notes,
            lambda c: Item(
                c.participant.full_name,
                _case(c.participant),
                _date(c.date),
                participant=c.participant,
            ),
        ),
    ]


# --- municipal contact ---------------------------------------------------------------------


def _deadline(due: datetime.date, today: datetime.date, closed=frozenset()) -> tuple[str, bool]:
    """Working days late or left (`closed`: the programme's closing days)."""
    if due < today:
        late = working_days_between(due, today, extra_closed=closed)
        return (
            ngettext("%(days)d working day late", "%(days)d working days late", max(late, 1))
            % {"days": max(late, 1)},
            True,
        )
    if due == today:
        return _("deadline today"), True
    left = working_days_between(today, due, extra_closed=closed)
    return (
        ngettext("%(days)d working day left", "%(days)d working days left", left) % {"days": left},
        False,
    )


def municipal_contact(user, today: datetime.date, request=None) -> list[Group]:
    signals = list(
        visible_signals(user)
        .waiting_for_first_contact()
        .select_related("municipality", "programme")
        .order_by("created_at", "pk")[: LIMIT + 1]
    )

    def item(signal: Signal) -> Item:
        when, urgent = _deadline(signal.first_contact_due, today, signal.programme.closed_days)
        return Item(
            _("Signal from %(municipality)s, received %(date)s")
            % {
                "municipality": signal.municipality.name,
                "date": _date(timezone.localtime(signal.created_at).date()),
            },
            reverse("signals:detail", args=[signal.pk]),
            when,
            urgent=urgent,
        )

    return [
        _group(
            "signals",
            _("Signals waiting for first contact"),
            signals,
            item,
            reverse("signals:list"),
        )
    ]


# --- programme lead ------------------------------------------------------------------------


def programme_lead(user, today: datetime.date, request=None) -> list[Group]:
    everyone = visible_participants(user)
    no_coach = list(case_selectors.without_coach(user)[: LIMIT + 1])
    waiting = list(
        everyone.filter(on_waiting_list=True)
        .exclude(status=Status.ENDED)
        .order_by("intake_date", "pk")[: LIMIT + 1]
    )
    intakes = list(
        everyone.filter(status=Status.INTAKE, on_waiting_list=False).order_by("intake_date", "pk")[
            : LIMIT + 1
        ]
    )
    loads = list(case_selectors.coach_caseloads(today=today))
    advice = escalation_selectors.waiting_for_advice(user, today=today, request=request)

    def family(p, text: str) -> Item:
        return Item(
            p.full_name,
            _case(p),
            text % {"date": _date(p.intake_date)},
            participant=p,
        )

    return [
        _group(
            "no_coach",
            _("Families without a coach"),
            no_coach,
            lambda p: Item(p.full_name, reverse("cases:coach", args=[p.pk]), participant=p),
        ),
        _group(
            "intakes",
            _("Intakes without a decision"),
            intakes,
            lambda p: family(p, _("intake %(date)s")),
        ),
        _group(
            "waiting",
            _("Waiting list"),
            waiting,
            lambda p: family(p, _("since intake %(date)s")),
            reverse("cases:caseload") + "?waiting_list=1",
        ),
        _group(
            "advice",
            _("Escalations waiting for your advice"),
            advice,
            lambda e: Item(
                f"{e.get_kind_display()} · {e.participant.full_name}",
                reverse("escalations:advise", args=[e.pk]),
                _decision_due(e),
                urgent=e.is_overdue,
                participant=e.participant,
            ),
            reverse("escalations:queue"),
        ),
        Group(
            key="caseloads",
            title=_("Caseload per coach"),
            items=[
                Item(
                    str(c),
                    reverse("cases:caseload"),
                    ngettext("%(n)d family", "%(n)d families", c.family_count)
                    % {"n": c.family_count}
                    + (
                        " · "
                        + ngettext("%(n)d action late", "%(n)d actions late", c.overdue_count)
                        % {"n": c.overdue_count}
                        if c.overdue_count
                        else ""
                    ),
                    urgent=bool(c.overdue_count),
                )
                for c in loads
            ],
        ),
    ]


# --- board ---------------------------------------------------------------------------------


def board(user, today: datetime.date, request=None) -> list[Group]:
    queue = escalation_selectors.home_queue(user, today=today, request=request)
    return [
        _group(
            "decisions",
            _("Escalations waiting for your decision"),
            queue,
            lambda e: Item(
                f"{e.get_kind_display()} · {e.participant.ref}",
                reverse("escalations:detail", args=[e.pk]),
                _decision_due(e),
                urgent=e.is_overdue,
            ),
            reverse("escalations:queue"),
        )
    ]


# The builder of each role's list; which lists she gets is `access.policy.work_lists_for`.
BUILDERS: dict[str, Callable] = {
    Role.COACH: coach,
    Role.PARTNER: partner,
    Role.MUNICIPAL_CONTACT: municipal_contact,
    Role.PROGRAMME_LEAD: programme_lead,
    Role.BOARD: board,
}


@dataclass
class RoleList:
    role: str
    label: str
    groups: list[Group]

    @property
    def is_empty(self) -> bool:
        return not any(g.items for g in self.groups)


def work_lists(user, *, today: datetime.date | None = None, request=None) -> list[RoleList]:
    """The work list of each of her roles that has one (groups without items are left out).
    With the home page's `request`, what other parts of that page read too is read once
    (`core.home.shared`)."""
    today = today or timezone.localdate()
    lists = []
    for role in work_lists_for(user):
        groups = [g for g in BUILDERS[role](user, today, request) if g.items]
        lists.append(RoleList(role=role, label=Role(role).label, groups=groups))
    return lists


def participants_shown(lists: list[RoleList]) -> list:
    seen = {}
    for role_list in lists:
        for group in role_list.groups:
            for item in group.items:
                if item.participant is not None:
                    seen[item.participant.pk] = item.participant
    return list(seen.values())
