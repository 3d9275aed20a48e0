"""Escalations to the board of the cooperative ("doorzettingsmacht"): a barrier in a mother's
plan that one organisation cannot remove. The coach writes a summary, the programme lead may
advise, the board decides; the decision becomes actions in her plan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Organisation
from droomplan.cases.models import Participant
from droomplan.plans.models import Action, Goal


class BarrierKind(models.TextChoices):
    DEBT_ARRANGEMENT = "debt_arrangement", _("A debt arrangement stalls")
    AGE_RULE = "age_rule", _("An age rule")
    BETWEEN_ORGANISATIONS = "between_organisations", _("A rule between organisations")
    HOUSING = "housing", _("Housing")
    INCOME = "income", _("Income or benefits")
    CHILDCARE = "childcare", _("Childcare")
    OTHER = "other", _("Something else")


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for advice")
    ADVISED = "advised", _("Advised, waiting for the board")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


WAITING = (EscalationStatus.OPEN, EscalationStatus.ADVISED)


class Escalation(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="escalations"
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        related_name="escalations",
        verbose_name=_("goal"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("action"),
    )
    kind = models.CharField(_("kind of barrier"), max_length=30, choices=BarrierKind.choices)
    barrier = models.TextField(_("the barrier"), max_length=2000)
    tried = models.TextField(_("what has been tried"), max_length=2000)
    asked = models.TextField(_("what is asked of the board"), max_length=2000)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_on = models.DateField(_("opened on"))
    deadline = models.DateField(_("decision due"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EscalationStatus.choices,
        default=EscalationStatus.OPEN,
    )
    advice = models.TextField(_("advice of the programme lead"), max_length=2000, blank=True)
    advice_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    advice_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=500, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "opened_on", "pk"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.participant.ref} {self.get_kind_display()} ({self.opened_on:%Y-%m-%d})"

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING


class Decision(models.Model):
    escalation = models.OneToOneField(Escalation, on_delete=models.CASCADE, related_name="decision")
    text = models.TextField(_("decision"), max_length=3000)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("carried out by (organisation)"),
    )
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    due_date = models.DateField(_("done by"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))
    actions = models.ManyToManyField(Action, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]
