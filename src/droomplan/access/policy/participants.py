"""Who may see and do what with a participant's file.

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
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from droomplan.core.domains import LifeDomain
from droomplan.core.queries import pk_is_one_of
from droomplan.core.roles import Role

from ..models import Consent
from .base import Kind, Verb, model, register_kind
from .base import is_active as _active

ALL_DOMAINS: frozenset[str] = frozenset(LifeDomain.values)
PARTICIPANT = "cases.Participant"


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
        Verb.MANAGE_RIGHTS,
        Verb.CHANGE_STATUS,
    }
)
LIST_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.COACH, Role.PARTNER})
CREATE_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.COACH})


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
    org_ids = partner_organisation_ids(user)
    if not org_ids:
        return Consent.objects.none()
    return Consent.objects.valid_on(today or timezone.localdate()).filter(
        organisation_id__in=org_ids
    )


def visible_participants(user, *, ids_first: bool = False) -> QuerySet:
    """The participants whose case file this user may open (no anonymous, no admin).

    `ids_first`: for a list that is ordered and cut to a page (the caseload), a partner's
    consented families are read first as ids (one query, `consented_participant_ids`) and
    the list filters on them; otherwise they are a subquery, which is best for one family
    or a filter by ids (no extra query)."""
    participants = model(PARTICIPANT).objects
    qs = participants.all()
    if not _active(user):
        return qs.none()
    roles = user.roles
    if Role.PROGRAMME_LEAD in roles:
        return qs
    conditions = Q(pk__in=[])
    if Role.COACH in roles:
        conditions |= Q(pk__in=participants.coached_by(user).values("pk"))
    if Role.PARTNER in roles:
        if ids_first:
            conditions |= pk_is_one_of(consented_participant_ids(user))
        else:
            conditions |= Q(pk__in=valid_consents(user).values("participant_id"))
    return qs.filter(conditions)


# Bumped on every save or delete of a consent: remembered answers of an older generation are
# asked again (the same scheme as the coach check below).
_consents_generation = [0]


def consented_participant_ids(user) -> list[int]:
    """The participants with a consent valid today for the user's partner organisations, as
    ids (one query per request: remembered on the user object until any consent changes).
    Read first and handed to a list as ids (`visible_participants(ids_first=True)`): as a
    subquery PostgreSQL guessed ten times too many consents (4,624 for 400 at 100,000
    participants) and walked 17,630 families in name order for a page of 50
    (docs/performance.md)."""
    today = timezone.localdate()
    generation, day, ids = user.__dict__.get("_consented_ids", (None, None, None))
    if generation != _consents_generation[0] or day != today:
        ids = sorted(
            set(valid_consents(user, today=today).values_list("participant_id", flat=True))
        )
        user.__dict__["_consented_ids"] = (_consents_generation[0], today, ids)
    return ids


def forget_consents(**_kwargs) -> None:
    """Forget the remembered consented ids (saves and deletes of a consent call this)."""
    _consents_generation[0] += 1


post_save.connect(forget_consents, sender=Consent, weak=False)
post_delete.connect(forget_consents, sender=Consent, weak=False)


def consented_domains(user, participant) -> frozenset[str]:
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


def sees_whole_case(user, participant) -> bool:
    """The programme lead and her current coach see the whole case file."""
    if not _active(user):
        return False
    if Role.PROGRAMME_LEAD in user.roles:
        return True
    return Role.COACH in user.roles and _is_current_coach(user, participant)


def visible_domains(user, participant) -> frozenset[str]:
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
        return bool(roles & LIST_ROLES)
    if verb == Verb.CREATE:
        return bool(roles & CREATE_ROLES)
    if verb in {Verb.ASSIGN_COACH, Verb.OVERRIDE_ELIGIBILITY}:
        return Role.PROGRAMME_LEAD in roles
    if obj is None:
        return False
    participant = participant_of(obj)
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


def contact_filter(user, participant) -> Q | None:
    """Which contact notes of her case this user may read: None for all of them (the whole
    case), otherwise a filter: a partner reads the notes shared with her organisations."""
    if sees_whole_case(user, participant):
        return None
    if consented_domains(user, participant):
        return Q(shared_with__in=partner_organisation_ids(user))
    return Q(pk__in=[])


def sharing_organisations(user, participant) -> list[int]:
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


def consented_domains_by_organisation(
    participant, *, today: datetime.date | None = None
) -> dict[int, frozenset[str]]:
    """Per organisation, the life domains of this participant's consents valid today (one
    query). A contact note may be shared with an organisation only when its domain is in
    there (`may_share_note`)."""
    result: dict[int, set[str]] = {}
    consents = Consent.objects.valid_on(today or timezone.localdate()).filter(
        participant=participant
    )
    for organisation_id, scopes in consents.values_list("organisation_id", "scopes"):
        result.setdefault(organisation_id, set()).update(
            code for code in scopes or [] if code in ALL_DOMAINS
        )
    return {org: frozenset(domains) for org, domains in result.items()}


def may_share_note(consented: dict[int, frozenset[str]], organisation_id: int, domain: str) -> bool:
    """Sharing follows consent: a note about `domain` may go to an organisation only when the
    mother's valid consent for that organisation covers that domain (`consented` comes from
    `consented_domains_by_organisation`)."""
    return bool(domain) and domain in consented.get(organisation_id, frozenset())


def participant_of(obj):
    """The participant `obj` is, or belongs to (a goal, a debt, a consent...)."""
    return obj if obj._meta.label == PARTICIPANT else obj.participant


def can_list_cases(user) -> bool:
    """The caseload (list and search of families)."""
    return can(user, Verb.LIST)


def sees_every_case(user) -> bool:
    """The programme lead sees every family of the programme (a coach her own, a partner those
    that share part of their case with her organisation)."""
    return _active(user) and Role.PROGRAMME_LEAD in user.roles


def sees_only_shared_cases(user) -> bool:
    """A partner professional who is not also a coach or the programme lead: she sees only
    the families that share part of their case with her organisation (and a smaller list)."""
    return _active(user) and Role.PARTNER in user.roles and not user.roles & CREATE_ROLES


def can_in_every_domain(user, verb: str, participant, domains) -> bool:
    """May the user do `verb` in each of these life domains of her case (a measurement that
    touches several domains needs all of them)? False for no domains at all."""
    return bool(domains) and all(can(user, verb, participant, domain=d) for d in domains)


def _is_current_coach(user, participant) -> bool:
    """Is the user her current coach? One query per user and participant for the request: the
    answer is remembered on the user object (which lives for one request) until any coach
    assignment changes (`forget_coaches`)."""
    cached = getattr(participant, "current_coach_id", None)
    if cached is not None:
        return cached == user.pk
    generation, answers = user.__dict__.get("_current_coach_of", (None, None))
    if generation != _coaches_generation[0]:
        answers = {}
        user.__dict__["_current_coach_of"] = (_coaches_generation[0], answers)
    if participant.pk not in answers:
        answers[participant.pk] = (
            participant.coach_assignments.current().filter(coach=user).exists()
        )
    return answers[participant.pk]


# Bumped whenever a coach assignment is saved or deleted: every remembered "is she her current
# coach" answer is then asked again (in this process; another process has its own user objects,
# one per request).
_coaches_generation = [0]


def forget_coaches(**_kwargs) -> None:
    """Forget the remembered coach answers (a writer that changes coach assignments without
    the model's signals, e.g. `bulk_update`, calls this; saves and deletes do it themselves)."""
    _coaches_generation[0] += 1


post_save.connect(forget_coaches, sender="cases.CoachAssignment", weak=False)
post_delete.connect(forget_coaches, sender="cases.CoachAssignment", weak=False)


KIND = register_kind(
    Kind(
        label=PARTICIPANT,
        object_type="case",
        visible=visible_participants,
        can=can,
        participant_of=participant_of,
        link_hidden=True,
        visible_means_view=False,
    )
)
