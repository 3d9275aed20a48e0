"""Forms of escalations. They parse input; the rules live in `escalations.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from droomplan.access.policy import staff
from droomplan.accounts.models import Organisation, User
from droomplan.cases.models import Participant
from droomplan.core.forms import SafeSubmitMixin, StyledForm
from droomplan.plans.models import Action, Goal, GoalStatus

from .models import BarrierKind

BOARD_READS = _(
    "The board reads this summary, not her case file. Write only what the board needs: no "
    "full name, address or health details."
)


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


class EscalationForm(SafeSubmitMixin, StyledForm):
    goal = forms.ChoiceField(label=_("Which goal is stuck?"))
    action = forms.ChoiceField(
        label=_("Is it about one action?"),
        required=False,
        help_text=_("Optional: the action of this goal that cannot go ahead."),
    )
    kind = forms.ChoiceField(label=_("Kind of barrier"), choices=BarrierKind.choices)
    barrier = forms.CharField(
        label=_("What is the barrier?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=BOARD_READS,
    )
    tried = forms.CharField(
        label=_("What has been tried?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Which organisations, which rules, which answers."),
    )
    asked = forms.CharField(
        label=_("What do you ask the board?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The decision or the exception you need, as concrete as you can."),
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        goals = list(
            Goal.objects.filter(participant=participant)
            .exclude(status__in=[GoalStatus.ACHIEVED, GoalStatus.STOPPED])
            .order_by("target_date", "pk")
        )
        self.goals = {str(g.pk): g for g in goals}
        actions = list(
            Action.objects.open()
            .filter(goal__in=goals)
            .select_related("goal")
            .order_by("goal__target_date", "goal__pk", "due_date", "pk")
        )
        self.actions = {str(a.pk): a for a in actions}
        self.fields["goal"].choices = [("", _("Choose…"))] + [
            (pk, _short(g.title)) for pk, g in self.goals.items()
        ]
        grouped: dict[str, list] = {}
        for pk, a in self.actions.items():
            grouped.setdefault(_short(a.goal.title, 50), []).append((pk, _short(a.description)))
        self.fields["action"].choices = [
            ("", pgettext_lazy("escalation action", "No, the whole goal"))
        ] + list(grouped.items())

    def clean(self):
        cleaned = super().clean()
        cleaned["goal_obj"] = self.goals.get(cleaned.get("goal") or "")
        cleaned["action_obj"] = self.actions.get(cleaned.get("action") or "")
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "goal": data["goal_obj"],
            "action": data["action_obj"],
            "kind": data["kind"],
            "barrier": data["barrier"],
            "tried": data["tried"],
            "asked": data["asked"],
        }


class AdviceForm(StyledForm):
    advice = forms.CharField(
        label=_("Your advice to the board"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What would you decide, and why? The board reads this with the summary."),
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        organisations = sorted(
            {m.organisation.name for m in obj.memberships.all() if m.organisation_id}
        )
        return f"{obj} ({', '.join(organisations)})" if organisations else str(obj)


class DecisionForm(SafeSubmitMixin, StyledForm):
    text = forms.CharField(
        label=_("Decision"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the board decides, and why. The coach and the mother may read this."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Which organisation carries it out?"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose…"),
    )
    carried_out_by = StaffChoiceField(
        label=_("Contact person (optional)"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("No one in particular"),
        help_text=_("Someone who works for that organisation."),
    )
    due_date = forms.DateField(label=_("Done by (date)"), widget=forms.DateInput())
    actions = forms.CharField(
        label=_("Actions in her plan"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One action per line, for the organisation above. Empty: the decision itself "
            "becomes one action."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "name"
        )
        self.fields["carried_out_by"].queryset = staff.staff_members().prefetch_related(
            "memberships__organisation"
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "organisation": data["organisation"],
            "carried_out_by": data["carried_out_by"],
            "due_date": data["due_date"],
            "actions": data["actions"],
        }


class WithdrawForm(StyledForm):
    reason = forms.CharField(
        label=_("Why do you withdraw it?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: solved another way, or no longer needed."),
    )
