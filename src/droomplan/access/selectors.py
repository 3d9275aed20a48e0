"""Reads of consents. Participants come from `access` (get_participant or
visible_participants); these functions shape consents for pages in constant queries."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.core.domains import LifeDomain, plain_label
from droomplan.core.home import shared

from .models import Consent
from .policy import valid_consents, visible_participants

EXPIRING_DAYS = 30


class ConsentStatus:
    VALID = "valid"
    EXPIRES_SOON = "expires_soon"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    ConsentStatus.VALID: _("Valid"),
    ConsentStatus.EXPIRES_SOON: _("Expires soon"),
    ConsentStatus.NOT_YET: _("Not yet in force"),
    ConsentStatus.EXPIRED: _("Expired"),
    ConsentStatus.WITHDRAWN: _("Withdrawn"),
}
# Utrecht status badge modifier per status (the text says the status; colour only supports it).
STATUS_BADGES = {
    ConsentStatus.VALID: "success",
    ConsentStatus.EXPIRES_SOON: "warning",
    ConsentStatus.NOT_YET: "neutral",
    ConsentStatus.EXPIRED: "neutral",
    ConsentStatus.WITHDRAWN: "danger",
}


def consent_status(consent: Consent, today: datetime.date) -> str:
    """Valid (or expiring soon) exactly when `Consent.is_valid_on(today)`; otherwise why not."""
    if consent.is_valid_on(today):
        if consent.expires_on is not None and (consent.expires_on - today).days <= EXPIRING_DAYS:
            return ConsentStatus.EXPIRES_SOON
        return ConsentStatus.VALID
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        return ConsentStatus.WITHDRAWN
    if consent.given_on > today:
        return ConsentStatus.NOT_YET
    return ConsentStatus.EXPIRED


def annotate_status(consents, today: datetime.date | None = None) -> list[Consent]:
    """Set `status`, `status_label`, `status_badge`, `is_valid` and `days_left` on each."""
    today = today or timezone.localdate()
    consents = list(consents)
    for consent in consents:
        consent.status = consent_status(consent, today)
        consent.status_label = STATUS_LABELS[consent.status]
        consent.status_badge = STATUS_BADGES[consent.status]
        consent.is_valid = consent.status in {ConsentStatus.VALID, ConsentStatus.EXPIRES_SOON}
        consent.days_left = (consent.expires_on - today).days if consent.expires_on else None
    return consents


def consents_of(participant, *, today: datetime.date | None = None) -> list[Consent]:
    """Her consents, valid ones first, each with its status (one query)."""
    today = today or timezone.localdate()
    consents = annotate_status(
        Consent.objects.filter(participant=participant).select_related(
            "organisation", "recorded_by", "witness", "withdrawn_by"
        ),
        today,
    )
    order = {
        ConsentStatus.EXPIRES_SOON: 0,
        ConsentStatus.VALID: 0,
        ConsentStatus.NOT_YET: 1,
        ConsentStatus.EXPIRED: 2,
        ConsentStatus.WITHDRAWN: 2,
    }
    consents.sort(key=lambda c: (order[c.status], -c.given_on.toordinal(), -c.pk))
    return consents


def valid_consents_of(participant, *, today: datetime.date | None = None):
    return Consent.objects.valid_on(today or timezone.localdate()).filter(participant=participant)


def expiring_consents(
    user,
    *,
    today: datetime.date | None = None,
    days: int = EXPIRING_DAYS,
    all_visible: bool = False,
    limit: int | None = None,
) -> list[Consent]:
    """Valid consents that end within `days` days, for the families this coach coaches now
    (with `all_visible`: every family this user may see, for the programme lead), soonest
    first, at most `limit` (in the query; one query)."""
    today = today or timezone.localdate()
    families = visible_participants(user) if all_visible else own_families(user)
    qs = (
        Consent.objects.ending_within(today, days)
        .filter(participant__in=families)
        .select_related("organisation", "participant")
        .order_by("expires_on", "pk")
    )
    return annotate_status(qs if limit is None else qs[:limit], today)


def coach_expiring_consents(
    user, *, today: datetime.date | None = None, request=None
) -> list[Consent]:
    """`expiring_consents` of the families she coaches now, read once per `request`: her
    home's "Today" list and its part on consents that end soon show them both (issue 18)."""
    today = today or timezone.localdate()
    return shared(
        request,
        f"access:expiring-consents:{today.isoformat()}",
        lambda: expiring_consents(user, today=today),
    )


def own_families(user) -> QuerySet:
    """The families this user coaches now (for the coach's home page)."""
    return visible_participants(user).coached_by(user)


@dataclass(frozen=True)
class SharedFamily:
    participant: object  # a cases.Participant
    domains: list[str]
    expires_on: datetime.date | None


def shared_families(user, *, today: datetime.date | None = None, limit: int = 50):
    """For a partner: the first `limit` families (by name) that share part of their case with
    her organisation, with the shared life domains and when the sharing ends. Two queries,
    neither of which loads more families than it shows: the valid consents of her
    organisations as ids, scopes and end dates only (through the index on organisation and
    end date, not the expired consents of the years behind), then the page's families by
    those ids (a partner sees 400 families at 100,000 participants; loading all of them with
    their consents took 45 ms and a scan of every participant)."""
    today = today or timezone.localdate()
    by_participant: dict[int, dict] = {}
    consents = valid_consents(user, today=today).order_by()
    for participant_id, scopes, expires_on in consents.values_list(
        "participant_id", "scopes", "expires_on"
    ):
        entry = by_participant.setdefault(participant_id, {"domains": set(), "expires": []})
        entry["domains"].update(scopes or [])
        entry["expires"].append(expires_on)
    if not by_participant:
        return []
    participants = (
        visible_participants(user)
        .filter(pk__in=list(by_participant))
        .order_by("family_name", "given_name", "pk")[:limit]
    )
    labels = dict(LifeDomain.choices)
    families = []
    for participant in participants:
        entry = by_participant[participant.pk]
        expires = entry["expires"]
        families.append(
            SharedFamily(
                participant=participant,
                domains=[str(labels[c]) for c in LifeDomain.values if c in entry["domains"]],
                expires_on=None if None in expires else max(expires),
            )
        )
    return families


# --- Her own consents, in plain words (her portal) --------------------------------------------


@dataclass(frozen=True)
class ConsentInWords:
    """One consent as the mother reads it: which organisation, which parts of her life, from
    when until when, and whether it is in force (so whether she can withdraw it)."""

    consent: Consent
    organisation: str
    domains: list[str]
    given_on: datetime.date
    until: datetime.date | None  # None: until she withdraws it
    ended_on: datetime.date | None  # withdrawn or expired: the day it ended
    withdrawn: bool
    in_force: bool
    not_yet: bool
    ends_soon: bool

    @property
    def pk(self) -> int:
        return self.consent.pk

    @property
    def can_withdraw(self) -> bool:
        return self.consent.withdrawn_on is None and (self.in_force or self.not_yet)


def consent_in_words(consent: Consent, *, today: datetime.date | None = None) -> ConsentInWords:
    """One consent in plain words (its status by `consent_status`, the coach's rule)."""
    today = today or timezone.localdate()
    if not hasattr(consent, "status"):
        annotate_status([consent], today)
    withdrawn = consent.status == ConsentStatus.WITHDRAWN
    ended_on = None
    if withdrawn:
        ended_on = consent.withdrawn_on
    elif consent.status == ConsentStatus.EXPIRED:
        ended_on = consent.expires_on
    return ConsentInWords(
        consent=consent,
        organisation=consent.organisation.name,
        domains=[plain_label(code) for code in consent.scopes],
        given_on=consent.given_on,
        until=consent.expires_on,
        ended_on=ended_on,
        withdrawn=withdrawn,
        in_force=consent.is_valid,
        not_yet=consent.status == ConsentStatus.NOT_YET,
        ends_soon=consent.status == ConsentStatus.EXPIRES_SOON,
    )


def consents_in_words(participant, *, today: datetime.date | None = None) -> list[ConsentInWords]:
    """Her consents for partner organisations in plain words, those in force first (one
    query). The status rule is `consent_status` (the same as the coach's list)."""
    today = today or timezone.localdate()
    return [consent_in_words(c, today=today) for c in consents_of(participant, today=today)]
