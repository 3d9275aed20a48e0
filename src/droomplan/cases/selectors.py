"""Reads of case data. Every function starts from `access.visible_participants`."""

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.access.models import Consent
from droomplan.access.policy import visible_participants
from droomplan.access.policy.staff import coaches
from droomplan.accounts.models import Membership, User
from droomplan.core import dataversion
from droomplan.core.home import shared
from droomplan.core.queries import pk_among, pk_is_one_of
from droomplan.plans.models import Action as PlanAction
from droomplan.plans.models import (
    Goal,
    GoalNote,
    GoalStatus,
    GoalStatusChange,
)
from droomplan.programmes.models import Cohort, Programme

from .eligibility import RuleResult, check_eligibility, is_eligible
from .models import (
    CoachAssignment,
    Contact,
    Participant,
    Status,
    StatusChange,
    current_assignment_q,
)


def _count_of(actions: QuerySet) -> Subquery:
    """COUNT(*) of `actions` as a scalar subquery (one row always, no GROUP BY outside)."""
    counted = actions.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def overdue_family_ids(today: datetime.date) -> list[int]:
    """The families with an overdue action (`overdue_action_q`): the goals of the overdue
    actions read through the partial index on open actions, then their families (two
    queries, `_families_of_goals_of`). Handed to the caseload as a list: as an `EXISTS`,
    PostgreSQL guessed that most families match and probed them one by one in name order
    until it had 50 (2.7 s at 100,000 families with 540 matching; docs/performance.md).
    Kept in the shared cache like the coaches' counts (`_family_ids_cached`)."""
    return _family_ids_cached(
        "cases:overdue-families",
        today.isoformat(),
        compute=lambda: _families_of_goals_of(PlanAction.objects.overdue(today)),
    )


def domain_family_ids(domain: str) -> list[int]:
    """The families with an open action (`open_action_q`) towards a goal in this life domain,
    read like `overdue_family_ids` (bounded by the open actions, not the history). As an
    `EXISTS`, PostgreSQL probed the families one by one in name order (0.8 s at 100,000
    families; docs/performance.md)."""
    return _family_ids_cached(
        "cases:domain-families",
        domain,
        compute=lambda: _families_of_goals_of(PlanAction.objects.open(), domain=domain),
    )


def _family_ids_cached(name: str, part: str, *, compute: Callable[[], list[int]]) -> list[int]:
    """A caseload filter's family ids in the shared cache under the data version of the
    caseloads (`dataversion.CASELOADS`: every save and delete of a family, coach assignment,
    goal or action, and an import, gives a new key; `cases.apps.CASELOAD_MODELS`) and `part`
    (the day or the domain): ids only, nothing personal. Every view of the filter read all
    current open actions (21,600 at 100,000 families, 12 ms), the same for every user."""
    return dataversion.cached(
        name,
        part,
        depends_on=(dataversion.CASELOADS,),
        compute=compute,
        seconds=CASELOADS_CACHE_SECONDS,
    )


def _families_of_goals_of(actions: QuerySet[PlanAction], **goals) -> list[int]:
    """The families of the goals (filtered by `goals`) of these open `actions`, in two
    queries: the goals' ids from the partial index on open actions (`plans_action_open_due`
    holds the goal), then those goals by their primary key. As one join PostgreSQL read all
    300,000 goals of the years behind to match them with the 21,600 open actions (a hash join,
    120 ms at 100,000 families; now 20 + 15 ms, `EXPLAIN ANALYZE`). No query for the goals
    when no action matches."""
    goal_ids = list(actions.order_by().values_list("goal_id", flat=True).distinct())
    if not goal_ids:
        return []
    return list(
        Goal.objects.filter(pk_is_one_of(goal_ids), **goals)
        .order_by()
        .values_list("participant_id", flat=True)
        .distinct()
    )


class SearchText(Func):
    """Given name, family name and case number in one text, separated by a space: what the
    caseload search matches a term against (`icontains`, i.e. ``UPPER((…)::text) LIKE
    UPPER('%term%')``), and exactly the expression of the trigram index
    `cases_participant_search_trgm` (migration `cases/0012_search_one_trigram_index`, on
    PostgreSQL). A term has no space in it, so it matches the text exactly when it matches one
    of the three: the same as the three `icontains` before, but one index scan instead of three
    (with three, PostgreSQL read the whole table: 160 ms at 100,000 families)."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self, prefix: str = "", **extra):
        super().__init__(
            *(F(f"{prefix}{name}") for name in ("given_name", "family_name", "ref")), **extra
        )


# A search whose terms have three letters or more (the trigram index serves it) and that
# matches at most this many families is bounded by the family names it matches (one query
# through the index): the page then walks the caseload's order from the first of them, not
# from "A" (PostgreSQL assumes the matches are spread over the alphabet, but the families
# called Jansen are together at J: it read 40,000 families to reach them, 110 ms at 100,000).
# With more matches, or a shorter term, the walk from "A" finds 50 soon.
SEARCH_BOUNDS_CAP = 5000
_TRIGRAM = 3
# The caseload's order (index `participant_list_order`).
CASELOAD_ORDER = ("family_name", "given_name", "pk")


def search_bounds(families: QuerySet[Participant], terms: list[str]) -> tuple[str, str] | None:
    """The first and last family name (in the database's order) of the families of `families`
    that match every term, read through the trigram index; None when a term is too short for
    it, when more than `SEARCH_BOUNDS_CAP` match, or when none does."""
    if not terms or min(len(term) for term in terms) < _TRIGRAM:
        return None
    matches = _matching(families, terms).order_by().values("family_name")
    found = matches[: SEARCH_BOUNDS_CAP + 1].aggregate(
        n=Count("*"), first=Min("family_name"), last=Max("family_name")
    )
    if not 0 < found["n"] <= SEARCH_BOUNDS_CAP:
        return None
    return found["first"], found["last"]


def _is_one_family_name(bounds: tuple[str, str] | None, terms: list[str]) -> bool:
    """Whether every family that matches has one family name that holds every term ("Jansen"
    for "jansen"): then the families of that name are exactly the matches, and the caseload
    asks for the name only. With the search's condition as well, PostgreSQL guessed that few
    families match both and sorted all 2,506 Jansens of 100,000 families for a page of 50 (7
    ms); with the name only, it reads the first 50 in the name index's order. Only for names
    and terms in ASCII letters, which Python and the database write in capitals alike."""
    if bounds is None or bounds[0] != bounds[1] or not bounds[0].isascii():
        return False
    name = bounds[0].upper()
    return all(term.isascii() and term.upper() in name for term in terms)


def _matching(families: QuerySet[Participant], terms: list[str]) -> QuerySet[Participant]:
    families = families.alias(search_text=SearchText())
    for term in terms:
        families = families.filter(search_text__icontains=term)
    return families


def caseload(
    user,
    *,
    search: str = "",
    cohort: int | None = None,
    status: str = "",
    municipality: int | None = None,
    domain: str = "",
    overdue: bool = False,
    waiting_list: bool = False,
    without_coach: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Participant]:
    """The families this user may see, filtered, with what the list shows (constant queries)."""
    today = today or timezone.localdate()
    open_actions = PlanAction.objects.open().filter(goal__participant=OuterRef("pk"))
    current = CoachAssignment.objects.current().filter(participant=OuterRef("pk"))
    qs = (
        visible_participants(user, ids_first=True)  # a page in name order: see there
        .select_related("cohort", "municipality")
        .annotate(
            current_coach_id=Subquery(current.values("coach_id")[:1]),
            current_coach_first=Subquery(current.values("coach__first_name")[:1]),
            current_coach_last=Subquery(current.values("coach__last_name")[:1]),
            # Correlated COUNT subqueries, not Count(..., distinct=True) over a join with every
            # action: PostgreSQL computes them after ORDER BY/LIMIT (only for the page's rows),
            # and the paginator's COUNT(*) leaves them out (Django strips unused annotations).
            open_action_count=_count_of(open_actions),
            overdue_action_count=_count_of(
                PlanAction.objects.overdue(today).filter(goal__participant=OuterRef("pk"))
            ),
        )
    )
    if search:
        terms = search.split()
        bounds = search_bounds(visible_participants(user, ids_first=True), terms)
        if bounds is not None:
            # no family outside these names matches: where the walk in name order starts/ends
            qs = qs.filter(family_name__gte=bounds[0], family_name__lte=bounds[1])
        if not _is_one_family_name(bounds, terms):
            qs = _matching(qs, terms)
    if cohort:
        qs = qs.filter(cohort_id=cohort)
    if status in Status.values:
        qs = qs.filter(status=status)
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if domain:
        qs = qs.filter(pk_among(domain_family_ids(domain)))
    if overdue:
        qs = qs.filter(pk_among(overdue_family_ids(today)))
    if waiting_list:
        qs = qs.filter(on_waiting_list=True)
    if without_coach:
        qs = qs.exclude(status=Status.ENDED).exclude(
            Exists(CoachAssignment.objects.current().filter(participant=OuterRef("pk")))
        )
    return qs.order_by(*CASELOAD_ORDER)


# The timeline's sources, in the order they are shown among items of one moment (date and
# time): with the row's key (newest first), they make the order total. Imported rows are dated
# at noon of their day (`exchange.plan_sync`), so several items can share one moment, and a
# page that ends between two of them must not lose the rest.
SOURCES = (
    "contact",
    "status",
    "coach",
    "goal",
    "goal-change",
    "consent-given",
    "consent-withdrawn",
    "her-action-added",
    "her-action-done",
    "her-note",
)


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date
    at: datetime.datetime
    kind: str  # contact, status, coach, goal, consent, portal (done by the mother herself)
    title: str
    text: str
    obj: Any
    source: str  # one of SOURCES

    @property
    def key(self) -> tuple[datetime.date, datetime.datetime, int, int]:
        """The timeline's order (newest first = largest first)."""
        return (self.date, self.at, _rank(self.source), self.obj.pk)


def _rank(source: str) -> int:
    """A source's place among items of one moment: 1 for the last of `SOURCES`, the largest
    (shown first) for the first."""
    return len(SOURCES) - SOURCES.index(source)


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class TimelineCursor:
    """Where an older page of the timeline starts: the items whose key (`TimelineItem.key`)
    sorts before (`date`, `at`, `rank`, `pk`); with the default rank and pk, the items strictly
    older than the moment (`date`, `at`). In the query string as
    `2026-05-01.1746093600123456.7.812` (the date, `at` in microseconds since 1970 UTC, the
    source's rank (`_rank`) and the row's key; a link of before this had the first two)."""

    date: datetime.date
    at: datetime.datetime
    rank: int = 0
    pk: int = 0

    @property
    def key(self) -> tuple[datetime.date, datetime.datetime, int, int]:
        return (self.date, self.at, self.rank, self.pk)

    @property
    def token(self) -> str:
        micros = (self.at - _EPOCH) // datetime.timedelta(microseconds=1)
        if not self.rank:
            return f"{self.date.isoformat()}.{micros}"
        return f"{self.date.isoformat()}.{micros}.{self.rank}.{self.pk}"

    @classmethod
    def after(cls, item: TimelineItem) -> "TimelineCursor":
        """The page that starts with the item after `item`."""
        return cls(*item.key)

    @classmethod
    def parse(cls, value: str) -> "TimelineCursor":
        """Raises ValueError for anything that is not a token of `token`."""
        day, micros, *tie = value.split(".") + [""]
        if tie == [""]:
            tie = []  # a link of before the rank and key
        elif len(tie) != 3 or tie[2]:
            raise ValueError(value)
        else:
            tie = tie[:2]
        if not all(part.isdigit() and len(part) <= 17 for part in [micros, *tie]):
            raise ValueError(value)
        if tie and not 0 < int(tie[0]) <= len(SOURCES):
            raise ValueError(value)
        try:
            at = _EPOCH + datetime.timedelta(microseconds=int(micros))
        except OverflowError as error:
            raise ValueError(value) from error
        date = datetime.date.fromisoformat(day)
        if not 1900 < date.year < 9000 or not 1900 < at.year < 9000:
            raise ValueError(value)
        return cls(date, at, *(int(part) for part in tie))

    @classmethod
    def including(cls, date: datetime.date, at: datetime.datetime) -> "TimelineCursor":
        """The cursor of the page that starts with the item at (`date`, `at`)."""
        return cls(date, at + datetime.timedelta(microseconds=1))


@dataclass
class TimelinePage:
    items: list[TimelineItem]
    contacts: list[Contact]  # the contact moments among `items`
    older: TimelineCursor | None  # where the next (older) page starts; None: this is the last


def _older(cursor: "TimelineCursor | None", source: str, date_field: str, at_field: str) -> Q:
    """The rows of `source` whose item sorts before `cursor` (all rows without one): an older
    (date, at), or the same and before it by source and key (`TimelineItem.key`)."""
    if cursor is None:
        return Q()
    return (
        Q(**{f"{date_field}__lt": cursor.date})
        | Q(**{date_field: cursor.date, f"{at_field}__lt": cursor.at})
        | _same_moment_before(cursor, source, **{date_field: cursor.date, at_field: cursor.at})
    )


def _created_before(cursor: "TimelineCursor | None", source: str) -> Q:
    """For items dated by their local creation day: (local date of created_at, created_at)
    sorts before `cursor` exactly when created_at is before this one moment, or is that moment
    and the item is before it by source and key."""
    if cursor is None:
        return Q()
    day_starts = _start_of_day(cursor.date)
    next_day = _start_of_day(cursor.date + datetime.timedelta(days=1))
    older = Q(created_at__lt=max(day_starts, min(cursor.at, next_day)))
    if day_starts <= cursor.at < next_day:  # an item of this source can have its moment
        older |= _same_moment_before(cursor, source, created_at=cursor.at)
    return older


def _same_moment_before(cursor: "TimelineCursor", source: str, **moment) -> Q:
    """The rows of `source` at the cursor's moment that sort before it (by source, then key)."""
    rank = _rank(source)
    if rank < cursor.rank:
        return Q(**moment)
    if rank == cursor.rank:
        return Q(**moment, pk__lt=cursor.pk)
    return Q()  # none: they sort after the cursor


def without_recent_contact(
    families: QuerySet[Participant], *, today: datetime.date
) -> list[Participant]:
    """The active families of `families` with no contact moment for longer than their
    programme's `contact_gap_weeks` (counted from the start when there is none yet), longest
    silence first; each gets `last_contact` (a date or None). One query."""
    rows = (
        families.filter(status=Status.ACTIVE)
        .select_related("programme")
        .annotate(last_contact=Max("contacts__date"))
    )
    return quiet_among(rows, today=today)


def quiet_among(families, *, today: datetime.date) -> list[Participant]:
    """`without_recent_contact` of families read already: the active ones of `families`
    (each with `last_contact` and its programme) that are quiet too long, longest silence
    first. No query."""
    quiet = []
    for participant in families:
        if participant.status != Status.ACTIVE:
            continue
        since = participant.last_contact or participant.start_date
        limit = today - datetime.timedelta(weeks=participant.programme.contact_gap_weeks)
        if since is not None and since < limit:
            quiet.append(participant)
    return sorted(quiet, key=lambda p: (p.last_contact or p.start_date, p.pk))


def coach_home_families(user, *, today: datetime.date, request=None) -> list[Participant]:
    """The families this coach coaches now (every status, like her caseload's rows), in the
    caseload's order, with what her home page reads of them: the cohort and programme,
    `overdue_action_count` and `last_contact` (the date of the latest contact moment, or
    None). One query: her home's "Today" list and her families section share it (read once
    per `request`, `core.home.shared`) instead of the caseload query with its coach columns
    and a second read of the same families (issue 18)."""
    return shared(request, "cases:coach-home-families", lambda: _coach_home_families(user, today))


def _coach_home_families(user, today: datetime.date) -> list[Participant]:
    overdue = PlanAction.objects.overdue(today).filter(goal__participant=OuterRef("pk"))
    # the newest date from the index `contact_participant_date` (one entry per family)
    last_contact = (
        Contact.objects.filter(participant=OuterRef("pk")).order_by("-date").values("date")[:1]
    )
    return list(
        visible_participants(user)
        .coached_by(user)
        .select_related("cohort", "programme")
        .annotate(
            overdue_action_count=_count_of(overdue),
            last_contact=Subquery(last_contact),
        )
        .order_by(*CASELOAD_ORDER)
    )


def in_name_order(families: list[Participant]) -> list[Participant]:
    """`families` in the caseload's order (family name, given name, pk) put in the order
    (family name, pk), without asking the database how it sorts names: families with the
    same family name stand together in the caseload's order, so only they are put by pk."""
    group, previous, keyed = -1, None, []
    for p in families:
        if group < 0 or p.family_name != previous:
            group, previous = group + 1, p.family_name
        keyed.append(((group, p.pk), p))
    return [p for _key, p in sorted(keyed, key=lambda kp: kp[0])]


def unread_handovers(user) -> QuerySet[CoachAssignment]:
    """Families handed over to this coach whose handover note she has not marked read."""
    return (
        CoachAssignment.objects.current()
        .filter(
            coach=user,
            handover_read_at__isnull=True,
            participant__in=visible_participants(user),
        )
        .exclude(handover_note="")
        .select_related("participant")
        .order_by("started_on", "pk")
    )


def without_coach(user) -> QuerySet[Participant]:
    """Families (not ended) that have no coach now."""
    current = CoachAssignment.objects.current().filter(participant=OuterRef("pk"))
    return (
        visible_participants(user)
        .exclude(status=Status.ENDED)
        .exclude(Exists(current))
        .order_by("intake_date", "pk")
    )


CASELOADS_CACHE_SECONDS = 3600


def coach_caseloads(*, today: datetime.date) -> list[User]:
    """Every active coach with `family_count` (families she coaches now, not ended) and
    `overdue_count` (their actions past the due date). The coaches are read on every call;
    the two counts per coach come from the shared cache keyed by the data version and the
    day (`core.dataversion.cached`; ids and numbers only, nothing personal). The writes that
    change them bump the version: a family's status (`cases.Participant`, an outcome fact), a
    coach assignment, a goal or an action (`cases.apps.CASELOAD_MODELS`), an import; and
    "overdue" changes with the day, which is in the key. Computing them reads every current
    family's actions (2,000 families and 27,000 actions at 100,000 participants, about 55 ms;
    one tenth at 1,000): with the cache the lead's home costs the same at both sizes."""
    people = list(coaches().order_by("first_name", "last_name", "pk"))
    ids = sorted(person.pk for person in people)
    counts = dataversion.cached(
        "cases:coach-caseloads",
        today.isoformat(),
        hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16],
        depends_on=(dataversion.CASELOADS,),
        compute=lambda: _caseload_counts(ids, today),
        seconds=CASELOADS_CACHE_SECONDS,
    )
    for person in people:
        person.family_count, person.overdue_count = counts.get(person.pk, (0, 0))
    return people


def _caseload_counts(ids: list[int], today: datetime.date) -> dict[int, tuple[int, int]]:
    """Per coach (of `ids`): (families coached now and not ended, their overdue actions). Two
    queries, whatever the history: both start from the current assignments (partial index
    `current_assignment_coach`) and the families not ended (partial index
    `participant_not_ended`), not from the assignments, families, goals and actions of the
    years behind. A family has at most one current assignment (a constraint), so plain counts
    are exact."""
    families = dict(
        CoachAssignment.objects.current()
        .filter(coach_id__in=ids)
        .exclude(participant__status=Status.ENDED)
        .order_by()
        .values("coach_id")
        .annotate(n=Count("pk"))
        .values_list("coach_id", "n")
    )
    via = "goal__participant__coach_assignments__"
    overdue = dict(
        PlanAction.objects.overdue(today)
        .filter(current_assignment_q(via), **{f"{via}coach_id__in": ids})
        .exclude(goal__participant__status=Status.ENDED)
        .order_by()
        .values(f"{via}coach_id")
        .annotate(n=Count("pk"))
        .values_list(f"{via}coach_id", "n")
    )
    return {pk: (families.get(pk, 0), overdue.get(pk, 0)) for pk in families.keys() | overdue}


def eligibility_for(
    participant: Participant, *, in_programme: bool | None = None
) -> list[RuleResult]:
    """Her admission rules. `in_programme`: whether her municipality belongs to the
    programme, when already known (`case_file` reads it with her programme); else one
    query."""
    programme = participant.programme
    if in_programme is None:
        in_programme = programme.municipalities.filter(pk=participant.municipality_id).exists()
    return check_eligibility(
        birth_date=participant.birth_date,
        intake_date=participant.intake_date,
        max_age=programme.max_age_at_intake,
        single_parent=participant.single_parent,
        municipality_in_programme=in_programme,
        has_starting_qualification=participant.has_starting_qualification,
        has_paid_work=participant.has_paid_work,
    )


def cohort_members_of(cohort) -> QuerySet[Participant]:
    """The mothers who take a place in the group: not on its waiting list, not ended."""
    return _taking_a_place(cohort.participants.all())


def _taking_a_place(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    return participants.filter(on_waiting_list=False).exclude(status=Status.ENDED)


def _local_date(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _start_of_day(day: datetime.date) -> datetime.datetime:
    """A sort moment for something that only has a date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)))


def case_contacts(
    participant: Participant, *, before: "TimelineCursor | None" = None, limit: int | None = None
) -> list[Contact]:
    """Contact moments, newest first, with author, corrections and organisations loaded;
    only those older than `before` and at most `limit` of them when given (in the query)."""
    rows = (
        participant.contacts.filter(_older(before, "contact", "date", "created_at"))
        .select_related("author", "corrects", "corrects__author")
        .prefetch_related(
            "shared_with",
            Prefetch("corrections", queryset=Contact.objects.order_by("created_at", "pk")),
        )
        .order_by("-date", "-created_at", "-pk")
    )
    return list(rows if limit is None else rows[:limit])


@dataclass(frozen=True)
class ContactForHer:
    """A contact moment as the mother sees it: when, what kind, with whom; the text only when
    she may read it (`text` is empty otherwise)."""

    date: datetime.date
    kind: str
    with_whom: str
    organisation: str
    text: str
    text_hidden: bool
    is_correction: bool


def contacts_for_her(participant: Participant, *, text_filter: Q) -> list[ContactForHer]:
    """Her contact moments, newest first (one query). `text_filter` is the access rule for
    notes whose text she reads (`access.policy.portal_rights.contact_text_filter`); the
    text of any other note is never loaded into what the page gets."""
    rows = (
        participant.contacts.annotate(
            her_text=Case(
                When(text_filter, then=F("note")), default=Value(""), output_field=TextField()
            )
        )
        .annotate(
            text_visible=Case(
                When(text_filter, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "author__memberships",
                queryset=Membership.objects.select_related("organisation").order_by("pk"),
            )
        )
        .defer("note")
        .order_by("-date", "-created_at", "-pk")
    )

    def organisation(user) -> str:
        names = sorted(
            {
                m.organisation.name
                for m in user.memberships.all()
                if m.organisation_id and m.organisation.is_active
            }
        )
        return ", ".join(names)

    return [
        ContactForHer(
            date=c.date,
            kind=c.get_kind_display(),
            with_whom=str(c.author),
            organisation=organisation(c.author),
            text=c.her_text,
            text_hidden=not c.text_visible,
            is_correction=c.corrects_id is not None,
        )
        for c in rows
    ]


def status_history(participant: Participant) -> list[StatusChange]:
    return list(participant.status_changes.select_related("changed_by"))


def coach_history(participant: Participant) -> list[CoachAssignment]:
    return list(participant.coach_assignments.select_related("coach", "assigned_by"))


def timeline(
    participant: Participant,
    *,
    contacts: list[Contact] | None = None,
    status_changes: list[StatusChange] | None = None,
    assignments: list[CoachAssignment] | None = None,
) -> list[TimelineItem]:
    """Everything that happened in the case, newest first: contact moments, status changes,
    coach changes, new goals, goal status changes and consents given and withdrawn (marked
    when she withdrew one herself, in her portal). A fixed number of queries (one per
    kind), however long the case is. Lists already loaded for the case page can be passed in.
    The case page shows it a page at a time: `timeline_page`."""
    return _timeline(
        participant,
        contacts=contacts,
        status_changes=status_changes,
        assignments=assignments,
        before=None,
        limit=None,
    )


def timeline_page(
    participant: Participant,
    *,
    before: TimelineCursor | None,
    limit: int,
    status_changes: list[StatusChange] | None = None,
    assignments: list[CoachAssignment] | None = None,
) -> TimelinePage:
    """The newest `limit` items of the timeline older than `before` (from the newest when
    None), and where the next older page starts. Each kind is read older than the cursor and
    at most `limit` + 1 rows in its query (so the work is bounded by the page, not by the
    length of the case), then merged and cut; the same fixed number of queries as `timeline`.
    Status and coach changes are taken from the lists the case page loads anyway."""
    contacts = case_contacts(participant, before=before, limit=limit + 1)
    items = _timeline(
        participant,
        contacts=contacts,
        status_changes=status_changes,
        assignments=assignments,
        before=before,
        limit=limit + 1,
    )
    if before is not None:
        items = [i for i in items if i.key < before.key]
    shown = items[:limit]
    older = TimelineCursor.after(shown[-1]) if len(items) > limit else None
    return TimelinePage(
        items=shown,
        contacts=[i.obj for i in shown if i.kind == "contact"],
        older=older,
    )


def _timeline(
    participant: Participant,
    *,
    contacts: list[Contact] | None,
    status_changes: list[StatusChange] | None,
    assignments: list[CoachAssignment] | None,
    before: TimelineCursor | None,
    limit: int | None,
) -> list[TimelineItem]:
    def cut(rows: QuerySet, *order) -> list:
        rows = rows.order_by(*order)
        return list(rows if limit is None else rows[:limit])

    if contacts is None:
        contacts = case_contacts(participant)
    if status_changes is None:
        status_changes = status_history(participant)
    if assignments is None:
        assignments = coach_history(participant)
    goals = cut(
        Goal.objects.filter(participant=participant)
        .filter(_created_before(before, "goal"))
        .select_related("created_by"),
        "-created_at",
        "-pk",
    )
    goal_changes = cut(
        GoalStatusChange.objects.filter(goal__participant=participant)
        .exclude(from_status="")  # the goal's creation is already on the timeline
        .filter(_created_before(before, "goal-change"))
        .select_related("goal", "changed_by"),
        "-created_at",
        "-pk",
    )
    consents = Consent.objects.filter(participant=participant)
    if limit is not None:
        # A consent is on the timeline twice (given, withdrawn): the newest of each.
        given = consents.filter(_older(before, "consent-given", "given_on", "created_at")).order_by(
            "-given_on", "-created_at", "-pk"
        )
        withdrawn = consents.filter(
            _older(before, "consent-withdrawn", "withdrawn_on", "updated_at"),
            withdrawn_on__isnull=False,
        ).order_by("-withdrawn_on", "-updated_at", "-pk")
        consents = consents.filter(
            Q(pk__in=given.values("pk")[:limit]) | Q(pk__in=withdrawn.values("pk")[:limit])
        )
    consents = list(consents.select_related("organisation"))
    status_labels = dict(Status.choices)
    goal_labels = dict(GoalStatus.choices)
    items: list[TimelineItem] = []
    for contact in contacts:
        title = contact.get_kind_display()
        if contact.corrects_id:
            title = _("Correction: %(kind)s") % {"kind": title}
        items.append(
            TimelineItem(
                contact.date, contact.created_at, "contact", title, contact.note, contact, "contact"
            )
        )
    for change in status_changes:
        items.append(
            TimelineItem(
                change.date,
                change.created_at or _start_of_day(change.date),
                "status",
                _("Status: %(status)s") % {"status": status_labels.get(change.to_status, "")},
                change.reason,
                change,
                "status",
            )
        )
    for assignment in assignments:
        title = (_("New coach: %(name)s") if assignment.handover_note else _("Coach: %(name)s")) % {
            "name": assignment.coach
        }
        items.append(
            TimelineItem(
                assignment.started_on,
                assignment.created_at,
                "coach",
                title,
                "",
                assignment,
                "coach",
            )
        )
    for goal in goals:
        items.append(
            TimelineItem(
                _local_date(goal.created_at),
                goal.created_at,
                "goal",
                _("New goal: %(title)s") % {"title": goal.title},
                goal.get_domain_display(),
                goal,
                "goal",
            )
        )
    for change in goal_changes:
        if not change.from_status:
            continue  # the goal's creation is already on the timeline
        items.append(
            TimelineItem(
                _local_date(change.created_at),
                change.created_at,
                "goal",
                _("Goal %(status)s: %(title)s")
                % {"status": goal_labels.get(change.to_status, ""), "title": change.goal.title},
                change.reason,
                change,
                "goal-change",
            )
        )
    for consent in consents:
        items.append(
            TimelineItem(
                consent.given_on,
                consent.created_at,
                "consent",
                _("Consent for %(organisation)s") % {"organisation": consent.organisation.name},
                ", ".join(consent.scope_labels),
                consent,
                "consent-given",
            )
        )
        if consent.withdrawn_on is not None:
            by_her = (
                participant.user_id is not None and consent.withdrawn_by_id == participant.user_id
            )
            title = (
                _("She withdrew her consent for %(organisation)s herself")
                if by_her
                else _("Consent withdrawn for %(organisation)s")
            )
            items.append(
                TimelineItem(
                    consent.withdrawn_on,
                    consent.updated_at,
                    "consent",
                    title % {"organisation": consent.organisation.name},
                    consent.withdrawal_reason,
                    consent,
                    "consent-withdrawn",
                )
            )
    items.extend(_done_by_her(participant, before=before, limit=limit))
    items.sort(key=lambda item: item.key, reverse=True)
    return items


def _done_by_her(
    participant: Participant, *, before: TimelineCursor | None = None, limit: int | None = None
) -> list[TimelineItem]:
    """What the mother did herself in her portal (My Droomplan): actions she ticked off or
    added (one query, only when she has her own login), and her notes on her goals (one query:
    a note stays hers when her login is gone, e.g. after a move by the exchange format)."""
    her = participant.user_id
    items = []
    actions = PlanAction.objects.none()
    if her is not None:
        actions = PlanAction.objects.filter(goal__participant=participant)
        if limit is None:
            actions = actions.filter(Q(done_by_id=her) | Q(created_by_id=her))
        else:
            # An action is on the timeline twice (added, ticked off): the newest of each.
            added = actions.filter(
                _created_before(before, "her-action-added"), created_by_id=her
            ).order_by("-created_at", "-pk")
            ticked = actions.filter(
                _older(before, "her-action-done", "done_on", "updated_at"),
                done_by_id=her,
                done_on__isnull=False,
            ).order_by("-done_on", "-updated_at", "-pk")
            actions = actions.filter(
                Q(pk__in=added.values("pk")[:limit]) | Q(pk__in=ticked.values("pk")[:limit])
            )
    for action in actions.select_related("goal"):
        if action.created_by_id == her:
            items.append(
                TimelineItem(
                    _local_date(action.created_at),
                    action.created_at,
                    "portal",
                    _("Done by her: new action “%(action)s”") % {"action": action.description},
                    _("Goal: %(title)s") % {"title": action.goal.title},
                    action,
                    "her-action-added",
                )
            )
        if action.done_by_id == her and action.done_on is not None:
            items.append(
                TimelineItem(
                    action.done_on,
                    action.updated_at,
                    "portal",
                    _("Done by her: ticked off “%(action)s”") % {"action": action.description},
                    _("Goal: %(title)s") % {"title": action.goal.title},
                    action,
                    "her-action-done",
                )
            )
    notes = (
        GoalNote.objects.filter(goal__participant=participant)
        .filter(_created_before(before, "her-note"))
        .select_related("goal")
        .order_by("-created_at", "-pk")
    )
    for note in notes if limit is None else notes[:limit]:
        parts = []
        if note.went_well:
            parts.append(_("Went well: %(text)s") % {"text": note.went_well})
        if note.difficult:
            parts.append(_("Is hard: %(text)s") % {"text": note.difficult})
        items.append(
            TimelineItem(
                _local_date(note.created_at),
                note.created_at,
                "portal",
                _("Done by her: a note on “%(title)s”") % {"title": note.goal.title},
                " · ".join(parts),
                note,
                "her-note",
            )
        )
    return items


@dataclass(frozen=True)
class ContactSummary:
    count: int
    last_on: datetime.date | None


@dataclass
class CaseFile:
    participant: Participant
    eligibility: list[RuleResult]  # empty when not checked for this page
    eligible: bool | None  # None: not checked (the page does not show it)
    children: list
    status_changes: list[StatusChange]
    assignments: list[CoachAssignment]
    current: CoachAssignment | None
    unread_handover: CoachAssignment | None
    contacts: list[Contact]
    timeline: list[TimelineItem]
    cohort_members: int | None
    older: TimelineCursor | None = None  # where the next older page of the timeline starts
    contact_summary: ContactSummary | None = None  # the overview's line on her contacts


def _case_facts(
    participant: Participant, *, eligibility: bool, cohort_members: bool, contacts: bool
) -> Participant:
    """Her programme, municipality and group in one query (put on `participant`, so
    nothing loads them again), with what the page asks for besides: whether her
    municipality belongs to the programme (`in_programme`, for the admission rules), the
    places taken in her group (`cohort_members`) and her contact moments' number and last
    date (`contact_count`, `last_contact_on`)."""
    rows = Participant.objects.filter(pk=participant.pk).select_related(
        "programme", "municipality", "cohort"
    )
    if eligibility:
        rows = rows.annotate(
            in_programme=Exists(
                Programme.municipalities.through.objects.filter(
                    programme_id=OuterRef("programme_id"),
                    municipality_id=OuterRef("municipality_id"),
                )
            )
        )
    if cohort_members and participant.cohort_id:
        rows = rows.annotate(
            cohort_members=_count_of(
                _taking_a_place(Participant.objects.filter(cohort_id=OuterRef("cohort_id")))
            )
        )
    if contacts:
        mine = Contact.objects.filter(participant_id=OuterRef("pk")).order_by()
        rows = rows.annotate(
            contact_count=_count_of(mine),
            last_contact_on=Subquery(
                mine.annotate(last=Func("date", function="MAX")).values("last")
            ),
        )
    facts = rows.get()
    participant.programme = facts.programme
    participant.municipality = facts.municipality
    participant.cohort = facts.cohort
    return facts


def case_file(
    participant: Participant,
    user,
    *,
    with_timeline: bool = True,
    with_details: bool = True,
    with_overview: bool = False,
    before: TimelineCursor | None = None,
    limit: int | None = None,
) -> CaseFile:
    """What the case page shows, in a fixed number of queries, loading only what the page
    shows. `participant` comes from `access.shortcuts.get_participant`. Her coaches are
    always loaded (the page's header names her coach).

    - `with_details` (her details part): the status history, the admission rules, her
      children and the places taken in her group;
    - `with_overview` (the overview): her children, the summary of her contact moments, and
      the admission rules only when they are shown (she is in intake, not admitted despite
      them);
    - `with_timeline`: the status history, the contacts and the timeline; with `limit`, one
      page of the timeline (`timeline_page`: the newest `limit` items older than `before`),
      and only the contacts on it. Without it the contacts and the timeline are empty lists.

    What a page does not show is left empty (`eligible` None: not checked)."""
    check_rules = with_details or (
        with_overview
        and participant.status == Status.INTAKE
        and not participant.eligibility_override
    )
    rules, eligible, cohort_members = [], None, None
    if with_details or with_overview:
        facts = _case_facts(
            participant,
            eligibility=check_rules,
            cohort_members=with_details,
            contacts=with_overview,
        )
        if check_rules:
            rules = eligibility_for(participant, in_programme=facts.in_programme)
            eligible = is_eligible(rules)
        if with_details and participant.cohort_id:
            cohort_members = facts.cohort_members
    assignments = coach_history(participant)
    current = next((a for a in assignments if a.is_current), None)
    unread = None
    if (
        current is not None
        and current.coach_id == user.pk
        and current.handover_note
        and current.handover_read_at is None
    ):
        unread = current
    status_changes = status_history(participant) if with_details or with_timeline else []
    page = None
    if with_timeline and limit is not None:
        page = timeline_page(
            participant,
            before=before,
            limit=limit,
            status_changes=status_changes,
            assignments=assignments,
        )
    contacts = page.contacts if page else case_contacts(participant) if with_timeline else []
    return CaseFile(
        participant=participant,
        eligibility=rules,
        eligible=eligible,
        children=list(participant.children.all()) if with_details or with_overview else [],
        status_changes=status_changes,
        assignments=assignments,
        current=current,
        unread_handover=unread,
        contacts=contacts,
        timeline=page.items
        if page
        else timeline(
            participant,
            contacts=contacts,
            status_changes=status_changes,
            assignments=assignments,
        )
        if with_timeline
        else [],
        cohort_members=cohort_members,
        older=page.older if page else None,
        contact_summary=ContactSummary(facts.contact_count, facts.last_contact_on)
        if with_overview
        else None,
    )


REF_PREFIX = "DM-"
_REF_NUMBER = re.compile(r"^DM-(\d+)$")


def next_ref(programme: Programme) -> str:
    """The next free case number in the programme: DM-0001, DM-0002, ..."""
    refs = Participant.objects.filter(programme=programme, ref__startswith=REF_PREFIX)
    numbers = [
        int(m.group(1)) for r in refs.values_list("ref", flat=True) if (m := _REF_NUMBER.match(r))
    ]
    return f"{REF_PREFIX}{max(numbers, default=0) + 1:04d}"


def cohort_is_full(cohort: Cohort, *, exclude: Participant | None = None) -> bool:
    members = cohort_members_of(cohort)
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.count() >= cohort.programme.cohort_size


# Words that Dutch (and Belgian, French) family names may carry in front ("tussenvoegsels").
NAME_PARTICLES = frozenset(
    ("van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "'s")
    + ("la", "le", "du", "da", "di", "del", "von", "zu", "d'")
)


def normalised_name(name: str) -> str:
    """A name as the duplicate check compares it: lower case, no accents, no particles, no
    punctuation ("Lísa", "lisa" and "LISA" match; "van der Berg", "Berg" and "Vanderberg" do
    not, but "Van der Berg" and "van der berg" do, and "de Vries" matches "Vries")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z']+", plain)
    return " ".join(w for w in words if w not in NAME_PARTICLES).replace("'", "")


def _first_word(name: str) -> str:
    return normalised_name(name).split(" ", 1)[0]


def possible_duplicates(
    *, given_name: str, family_name: str, birth_date: datetime.date
) -> list[Participant]:
    """Mothers already registered (in any programme) with the same birth date and a similar
    name: the same family name and the same first given name after `normalised_name`, or the
    two names swapped. Anonymised files have no name left and never match.

    Unlike the other reads here it looks beyond what the user may open: a duplicate is most
    likely a family of another coach. The caller shows only refs the user may open."""
    if not (given_name and family_name and birth_date):
        return []
    given, family = _first_word(given_name), normalised_name(family_name)
    candidates = Participant.objects.filter(birth_date=birth_date, anonymised_at__isnull=True).only(
        "pk", "ref", "given_name", "family_name", "programme_id", "birth_date"
    )
    return [
        p
        for p in candidates.order_by("ref")
        if {_first_word(p.given_name), normalised_name(p.family_name)} == {given, family}
    ]
