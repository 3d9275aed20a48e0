"""Who may see and do what with case data. The only place these rules live.

Every page, endpoint, export and search that shows a participant's data gets its participants
from `visible_participants(user)` and asks `can(user, verb, obj)` before acting. Later features
(the mother's portal) extend the rules here, not in views.

Partners (role `partner`) see a participant only while her consent for one of their
organisations is valid today, and within her case only the life domains of those consents
(`visible_domains`). They may open the scoped case page (VIEW), add contact notes
(ADD_CONTACT) and view and work on the parts of the case in a consented domain
(`can(user, VIEW|EDIT, obj, domain=...)`); never change the case itself."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain

ALL_DOMAINS: frozenset[str] = frozenset(LifeDomain.values)


class Verb:
    VIEW = "view"  # open the case file (for a partner: the parts shared with her organisation)
    VIEW_ALL = "view_all"  # see the whole case file, every life domain (coach, programme lead)
    EDIT = "edit"  # change participant details, children, plan, contacts
    ADD_CONTACT = "add_contact"  # write a contact note in her file
    MANAGE_CONSENT = "manage_consent"  # record, withdraw and read her consents
    CREATE = "create"  # register a new participant (intake)
    ASSIGN_COACH = "assign_coach"
    CHANGE_STATUS = "change_status"
    OVERRIDE_ELIGIBILITY = "override_eligibility"
    LIST = "list"  # open the caseload (list and search of families)


# What may still be done with an anonymised file.
READ_ONLY_VERBS = frozenset({Verb.VIEW, Verb.VIEW_ALL})
# What a partner may do with a case in a domain she has consent for.
PARTNER_DOMAIN_VERBS = frozenset({Verb.VIEW, Verb.EDIT})
# What a partner may do with a consented case as a whole.
PARTNER_CASE_VERBS = frozenset({Verb.VIEW, Verb.ADD_CONTACT})
COACH_VERBS = frozenset(
    {
        Verb.VIEW,
        Verb.VIEW_ALL,
        Verb.EDIT,
        Verb.ADD_CONTACT,
        Verb.MANAGE_CONSENT,
        Verb.CHANGE_STATUS,
    }
)


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def partner_organisation_ids(user) -> frozenset[int]:
    """The organisations this user works for as a partner professional (no query after the
    user's memberships are loaded)."""
    if not _active(user):
        return frozenset()
    return frozenset(
        m.organisation_id
        for m in user.active_memberships()
        if m.role == Role.PARTNER and m.organisation_id
    )


def valid_consents(user, *, today: datetime.date | None = None):
    """The consents valid today for this user's partner organisations."""
    from .models import Consent

    org_ids = partner_organisation_ids(user)
    if not org_ids:
        return Consent.objects.none()
    return Consent.objects.valid_on(today or timezone.localdate()).filter(
        organisation_id__in=org_ids
    )


def visible_participants(user) -> QuerySet[Participant]:
    """The participants whose case file this user may open (no anonymous, no admin)."""
    qs = Participant.objects.all()
    if not _active(user):
        return qs.none()
    roles = user.roles
    if Role.PROGRAMME_LEAD in roles:
        return qs
    conditions = Q(pk__in=[])
    if Role.COACH in roles:
        conditions |= Q(pk__in=Participant.objects.coached_by(user).values("pk"))
    if Role.PARTNER in roles:
        conditions |= Q(pk__in=valid_consents(user).values("participant_id"))
    return qs.filter(conditions)


def consented_domains(user, participant: Participant) -> frozenset[str]:
    """The union of the scopes of the valid consents of this participant for the user's
    partner organisations (one query, remembered on the participant object for the request)."""
    org_ids = partner_organisation_ids(user)
    if not org_ids:
        return frozenset()
    cache = participant.__dict__.setdefault("_consented_domains", {})
    if user.pk not in cache:
        domains: set[str] = set()
        for scopes in (
            valid_consents(user).filter(participant=participant).values_list("scopes", flat=True)
        ):
            domains.update(code for code in scopes or [] if code in ALL_DOMAINS)
        cache[user.pk] = frozenset(domains)
    return cache[user.pk]


def consented_domains_by_participant(user, participants) -> dict[int, frozenset[str]]:
    """`consented_domains` for a list of participants in one query (for lists)."""
    result: dict[int, set[str]] = {p.pk: set() for p in participants}
    if result and partner_organisation_ids(user):
        rows = (
            valid_consents(user)
            .filter(participant_id__in=list(result))
            .values_list("participant_id", "scopes")
        )
        for participant_id, scopes in rows:
            result[participant_id].update(c for c in scopes or [] if c in ALL_DOMAINS)
    return {pk: frozenset(domains) for pk, domains in result.items()}


def sees_whole_case(user, participant: Participant) -> bool:
    """The programme lead and her current coach see the whole case file."""
    if not _active(user):
        return False
    if Role.PROGRAMME_LEAD in user.roles:
        return True
    return Role.COACH in user.roles and _is_current_coach(user, participant)


def visible_domains(user, participant: Participant) -> frozenset[str]:
    """The life domains of this participant's case the user may see: every domain for the
    programme lead and her current coach; for a partner, the scopes of her organisation's
    valid consents; none for anyone else. Sections of the case page, exports and
    searches show a domain's goals, actions, trackers and measurements only when it is here."""
    if not _active(user):
        return frozenset()
    if sees_whole_case(user, participant):
        return ALL_DOMAINS
    if Role.PARTNER in user.roles:
        return consented_domains(user, participant)
    return frozenset()


def can(user, verb: str, obj=None, *, domain: str | None = None) -> bool:
    """May this user do `verb` to `obj` (a participant, or something of hers, or None for
    creating one)? With `domain`, the question is about the part of the case in that life
    domain (a debt is `finances`): a partner may view and edit there under consent."""
    if not _active(user):
        return False
    roles = user.roles
    if verb == Verb.LIST:
        return bool(roles & {Role.PROGRAMME_LEAD, Role.COACH, Role.PARTNER})
    if verb == Verb.CREATE:
        return bool(roles & {Role.PROGRAMME_LEAD, Role.COACH})
    if verb in {Verb.ASSIGN_COACH, Verb.OVERRIDE_ELIGIBILITY}:
        return Role.PROGRAMME_LEAD in roles
    if obj is None:
        return False
    participant = obj if isinstance(obj, Participant) else obj.participant
    if participant.anonymised_at is not None and verb not in READ_ONLY_VERBS:
        return False  # an anonymised file is kept for the figures only: nobody changes it
    if Role.PROGRAMME_LEAD in roles:
        return True
    if verb in COACH_VERBS and Role.COACH in roles and _is_current_coach(user, participant):
        return True
    if Role.PARTNER in roles:
        domains = consented_domains(user, participant)
        if not domains:
            return False
        if domain is None:
            return verb in PARTNER_CASE_VERBS
        return domain in domains and verb in PARTNER_DOMAIN_VERBS
    return False


def contact_filter(user, participant: Participant) -> Q | None:
    """Which contact notes of her case this user may read: None for all of them (the whole
    case), otherwise a filter: a partner reads the notes shared with her organisations."""
    if sees_whole_case(user, participant):
        return None
    if consented_domains(user, participant):
        return Q(shared_with__in=partner_organisation_ids(user))
    return Q(pk__in=[])


def sharing_organisations(user, participant: Participant) -> list[int]:
    """The organisations a partner's own contact note is shared with automatically: her
    partner organisations that have a valid consent of this participant."""
    if not partner_organisation_ids(user):
        return []
    return sorted(
        set(
            valid_consents(user)
            .filter(participant=participant)
            .values_list("organisation_id", flat=True)
        )
    )


def _is_current_coach(user, participant: Participant) -> bool:
    cached = getattr(participant, "current_coach_id", None)
    if cached is not None:
        return cached == user.pk
    return participant.coach_assignments.current().filter(coach=user).exists()


# --- Early signals: not a participant's file until they lead to an intake -----------------------

SIGNAL_LIST_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.MUNICIPAL_CONTACT})
SIGNAL_PHONE_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.MUNICIPAL_CONTACT, Role.COACH})
SIGNAL_ROUTE_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.ADMIN})


def visible_signals(user) -> QuerySet:
    """The signals this user may open. Programme lead: all. Municipal contact: the signals of
    the municipalities routed to her, and the ones assigned to her. Coach: the signals behind
    the families she coaches now. Everyone else: none."""
    from django.db.models import Exists, OuterRef

    from droomplan.cases.models import CoachAssignment
    from droomplan.signals.models import Signal, SignalRoute

    qs = Signal.objects.all()
    if not _active(user):
        return qs.none()
    roles = user.roles
    if Role.PROGRAMME_LEAD in roles:
        return qs
    conditions = Q(pk__in=[])
    if Role.MUNICIPAL_CONTACT in roles:
        routed = SignalRoute.objects.filter(
            contact=user, programme=OuterRef("programme"), municipality=OuterRef("municipality")
        )
        conditions |= Q(assigned_to=user) | Q(Exists(routed))
    if Role.COACH in roles:
        coached = CoachAssignment.objects.current().filter(
            participant=OuterRef("participant"), coach=user
        )
        conditions |= Q(participant__isnull=False) & Q(Exists(coached))
    return qs.filter(conditions)


def can_triage_signal(user, signal) -> bool:
    """May this user change the status of `signal`? The programme lead and the municipal
    contact who sees it; not the coach (she only reads the signal behind her family)."""
    if not _active(user):
        return False
    if Role.PROGRAMME_LEAD in user.roles:
        return True
    if Role.MUNICIPAL_CONTACT in user.roles:
        return visible_signals(user).filter(pk=signal.pk).exists()
    return False


def can_list_signals(user) -> bool:
    return _active(user) and bool(user.roles & SIGNAL_LIST_ROLES)


def can_register_signal_by_phone(user) -> bool:
    return _active(user) and bool(user.roles & SIGNAL_PHONE_ROLES)


def can_manage_signal_routes(user) -> bool:
    return _active(user) and bool(user.roles & SIGNAL_ROUTE_ROLES)


# --- Escalations: the board reads the coach's summary, never the case file ----------------------

ESCALATION_SUMMARY_ROLES = frozenset({Role.BOARD, Role.PROGRAMME_LEAD})


def visible_escalations(user) -> QuerySet:
    """The escalations whose summary this user may read: every one for the board and the
    programme lead; those of her own families for a coach; none for anyone else."""
    from droomplan.escalations.models import Escalation

    qs = Escalation.objects.all()
    if not _active(user):
        return qs.none()
    if user.roles & ESCALATION_SUMMARY_ROLES:
        return qs
    if Role.COACH in user.roles:
        return qs.filter(participant__in=visible_participants(user))
    return qs.none()


def can_open_escalation_queue(user) -> bool:
    return _active(user) and bool(user.roles & (ESCALATION_SUMMARY_ROLES | {Role.COACH}))


def can_decide_escalation(user) -> bool:
    return _active(user) and Role.BOARD in user.roles


def can_advise_escalation(user) -> bool:
    return _active(user) and Role.PROGRAMME_LEAD in user.roles


def can_see_escalation_figures(user) -> bool:
    return _active(user) and bool(user.roles & ESCALATION_SUMMARY_ROLES)


# --- Notifications: nobody is told about a family she may not see ------------------------------


def may_be_told(user, *, participant: Participant | None = None, about=None, domain=None) -> bool:
    """May `user` be told that something happened to `about` (a signal, an escalation) or
    to `participant`'s case (in life domain `domain`)? The mother herself may be told about
    her own file; anyone else as far as she may see it."""
    if not _active(user):
        return False
    label = about._meta.label_lower if about is not None else ""
    if label == "signals.signal":
        return visible_signals(user).filter(pk=about.pk).exists()
    if label == "escalations.escalation":
        return visible_escalations(user).filter(pk=about.pk).exists()
    if participant is None:
        return about is None
    if participant.user_id is not None and participant.user_id == user.pk:
        return True
    return can(user, Verb.VIEW, participant, domain=domain)


# --- Accounts: the security log, role requests, two-step resets (separation of duties) -----
# docs/security.md explains the rules; the views of `accounts` ask these functions.

SECURITY_LOG_READERS = frozenset({Role.ADMIN, Role.PROGRAMME_LEAD})
# Roles the programme lead manages (she manages the coaches): she may approve a request for
# one of these; every other role request needs a second administrator.
ROLES_THE_LEAD_MANAGES = frozenset({Role.COACH})


def can_read_security_log(user) -> bool:
    return _active(user) and user.has_role(*SECURITY_LOG_READERS)


def can_see_role_requests(user) -> bool:
    """Open the page of role requests (and decide the ones `can_decide_role_change` allows)."""
    return _active(user) and user.has_role(Role.ADMIN, Role.PROGRAMME_LEAD)


def can_decide_role_change(user, change) -> bool:
    """Approve or reject a role someone asked for on her own account: never the one who asked
    or the one who gets it; another administrator, or the programme lead for the roles she
    manages."""
    if not _active(user) or user.pk in (change.requested_by_id, change.user_id):
        return False
    if Role.ADMIN in user.roles:
        return True
    return Role.PROGRAMME_LEAD in user.roles and change.role in ROLES_THE_LEAD_MANAGES


def can_reset_two_step(user, target) -> bool:
    """Reset someone else's two-step login (lost phone and recovery codes): administrators,
    never for their own account."""
    return _active(user) and Role.ADMIN in user.roles and user.pk != target.pk
