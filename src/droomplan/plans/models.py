import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Organisation
from droomplan.core.domains import LifeDomain
from droomplan.core.models import Versioned


class Dream(models.Model):
    """A dream in the mother's own words."""

    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.CASCADE, related_name="dreams"
    )
    text = models.TextField(_("the dream, in her own words"), max_length=2000)
    # The exchange file's own key (docs/exchange/FORMAT.md `ref`), so a re-import updates this
    # row instead of adding a copy. Empty for rows made here (the export then uses `dream-{pk}`).
    exchange_ref = models.CharField(max_length=50, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dream")
        verbose_name_plural = _("dreams")

    def __str__(self) -> str:
        return self.text[:80]


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    ADJUSTED = "adjusted", _("Adjusted")
    STOPPED = "stopped", _("Stopped")


class GoalQuerySet(models.QuerySet):
    def past_target(self, day) -> "GoalQuerySet":
        """Still open on `day` although the target date has passed."""
        return self.filter(status=GoalStatus.OPEN, target_date__lt=day)


class Goal(Versioned, models.Model):
    """A realistic goal towards a dream, in one life domain; optionally for a child."""

    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.CASCADE, related_name="goals"
    )
    dream = models.ForeignKey(
        Dream,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("dream"),
    )
    child = models.ForeignKey(
        "cases.Child",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("for child"),
    )
    domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    title = models.CharField(_("goal"), max_length=300)
    # The exchange file's own key (docs/exchange/FORMAT.md `ref`), so a re-import updates this
    # row instead of adding a copy. Empty for rows made here (the export then uses `goal-{pk}`).
    exchange_ref = models.CharField(max_length=50, blank=True, editable=False)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "created_at", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class GoalStatusChange(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=GoalStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=GoalStatus.choices)
    reason = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ActionOwner(models.TextChoices):
    MOTHER = "mother", _("The mother")
    COACH = "coach", _("The coach")
    PARTNER = "partner", _("A partner organisation")


def open_action_q(prefix: str = "") -> Q:
    """The one definition of an open action: not done yet. `prefix` is the path from the
    model queried to the action, e.g. ``"goals__actions__"`` from a participant."""
    return Q(**{f"{prefix}done_on__isnull": True})


def overdue_action_q(today: datetime.date, prefix: str = "") -> Q:
    """An overdue action: open, and its due date is before `today` (due today is not
    overdue yet; an action without a due date is never overdue)."""
    return open_action_q(prefix) & Q(**{f"{prefix}due_date__lt": today})


class ActionQuerySet(models.QuerySet):
    def open(self) -> "ActionQuerySet":
        return self.filter(open_action_q())

    def overdue(self, today: datetime.date) -> "ActionQuerySet":
        return self.filter(overdue_action_q(today))


class Action(Versioned, models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("what"), max_length=300)
    # The exchange file's own key (docs/exchange/FORMAT.md `ref`), so a re-import updates this
    # row instead of adding a copy. Empty for rows made here (the export then uses `action-{pk}`).
    exchange_ref = models.CharField(max_length=50, blank=True, editable=False)
    owner = models.CharField(_("who"), max_length=10, choices=ActionOwner.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("partner organisation"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Who ticked it off (the mother herself in her portal, or a professional).
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["done_on", "due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            # The open actions only (`open_action_q`), by due date: the caseload's overdue
            # filter (`overdue_action_q`) and domain filter read these instead of every action
            # of years of history (the done ones are most of them). docs/performance.md
            models.Index(
                fields=["due_date", "goal"], condition=open_action_q(), name="plans_action_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        """`open_action_q` for an action already loaded."""
        return self.done_on is None

    def is_overdue_on(self, today: datetime.date) -> bool:
        """`overdue_action_q` for an action already loaded."""
        return self.is_open and self.due_date is not None and self.due_date < today


class GoalNote(models.Model):
    """A short note of the mother on one of her goals, written in her portal: what went well,
    what is hard. Her coach reads it on the case page."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="notes")
    went_well = models.CharField(_("what went well"), max_length=500, blank=True)
    difficult = models.CharField(_("what is hard"), max_length=500, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The exchange file's own key (docs/exchange/FORMAT.md `ref`), so a re-import updates this
    # note instead of adding it again.
    exchange_ref = models.CharField(max_length=50, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note on a goal")
        verbose_name_plural = _("notes on goals")

    def __str__(self) -> str:
        return (self.went_well or self.difficult)[:80]

    @property
    def participant(self):
        return self.goal.participant
