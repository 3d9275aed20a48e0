"""What people are told about: the kinds of notification, how each is delivered by default,
and its text. Who can get each kind is an access rule (`access.policy.notifications`). The
text is filled in when it is shown, so a family's name appears only for someone who may see
that family at that moment."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import can_get_kind
from droomplan.core.events import Kind


class Delivery(models.TextChoices):
    """How she hears of a kind by e-mail (every notification is always in the list)."""

    IMMEDIATE = "immediate", _("E-mail straight away")
    DIGEST = "digest", _("One e-mail a day")
    OFF = "off", _("No e-mail")


class PortalActivity(models.TextChoices):
    """What a mother did in her portal (issue 15 calls `notify` with one of these)."""

    ACTION_DONE = "action_done", _("ticked off an action")
    QUESTIONNAIRE = "questionnaire", _("filled in a questionnaire")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("withdrew a consent")
    DETAILS_CHANGED = "details_changed", _("changed her details")


@dataclass(frozen=True)
class KindInfo:
    default: str  # Delivery
    text: str  # lazy, with %(family)s and the notification's params


KINDS: dict[str, KindInfo] = {
    Kind.SIGNAL_RECEIVED: KindInfo(
        Delivery.IMMEDIATE,
        _("A new signal for %(municipality)s is waiting for first contact (by %(deadline)s)."),
    ),
    Kind.SIGNAL_DEADLINE: KindInfo(
        Delivery.IMMEDIATE,
        _(
            "A signal for %(municipality)s is still waiting for first contact; "
            "the deadline is %(deadline)s."
        ),
    ),
    Kind.HANDOVER: KindInfo(
        Delivery.DIGEST,
        _("%(family)s has been handed over to you. Read the handover note."),
    ),
    Kind.ESCALATION_OPENED: KindInfo(
        Delivery.DIGEST,
        _("The escalation for %(family)s is waiting for your advice (decision by %(deadline)s)."),
    ),
    Kind.ESCALATION_WAITING: KindInfo(
        Delivery.DIGEST,
        _("An escalation is waiting for the board's decision (by %(deadline)s)."),
    ),
    Kind.ESCALATION_ADVISED: KindInfo(
        Delivery.DIGEST,
        _("The programme lead gave advice on the escalation for %(family)s."),
    ),
    Kind.ESCALATION_DECIDED: KindInfo(
        Delivery.DIGEST,
        _("The board decided on the escalation for %(family)s."),
    ),
    Kind.ACTION_ASSIGNED: KindInfo(
        Delivery.DIGEST,
        _("The plan of %(family)s has an action for %(organisation)s (due %(due)s)."),
    ),
    Kind.CONSENT_WITHDRAWN: KindInfo(
        Delivery.DIGEST,
        _("%(family)s withdrew her consent for %(organisation)s."),
    ),
    Kind.CONSENT_EXPIRING: KindInfo(
        Delivery.DIGEST,
        _("The consent of %(family)s for %(organisation)s ends on %(date)s."),
    ),
    Kind.PORTAL_ACTIVITY: KindInfo(
        Delivery.DIGEST,
        _("%(family)s %(activity)s in her portal."),
    ),
    Kind.MEETING_INVITATION: KindInfo(
        Delivery.IMMEDIATE,
        _("You are invited to a group meeting on %(date)s."),
    ),
    Kind.MEETING_REMINDER: KindInfo(
        Delivery.IMMEDIATE,
        _("Tomorrow is the group meeting: %(date)s at %(time)s, %(place)s."),
    ),
}


def kinds_for(user) -> list[str]:
    """The kinds she can get (in the order above): `access.policy.can_get_kind`."""
    return [kind for kind in KINDS if can_get_kind(user, kind)]
