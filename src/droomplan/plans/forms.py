"""Forms of the one plan. They parse input; the rules live in `plans.services`, whose
errors the views add to these forms (the error keys are these field names)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Organisation
from droomplan.core.domains import LifeDomain
from droomplan.core.forms import VERSION_FIELD, SafeSubmitMixin, StyledForm, StyledModelForm
from droomplan.core.widgets import RadioGroup

from .models import Action, ActionOwner, Dream, Goal, GoalStatus


class PlanModelForm(SafeSubmitMixin, StyledModelForm):
    """A model form that only parses input: the instance is changed by plans.services."""

    def _post_clean(self):
        # No construct_instance / full_clean here: the service checks the rules, once.
        pass

    def service_kwargs(self) -> dict:
        names = [*self._meta.fields, *([VERSION_FIELD] if VERSION_FIELD in self.fields else [])]
        return {name: self.cleaned_data[name] for name in names}


class DreamForm(PlanModelForm):
    class Meta:
        model = Dream
        fields = ["text"]
        labels = {"text": _("The dream, in her own words")}
        help_texts = {
            "text": _(
                "Write it down the way she says it. "
                "What does she want for herself and her children?"
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


def _belongs_to(goal: Goal) -> str:
    if goal.child_id:
        return f"child:{goal.child_id}"
    return f"dream:{goal.dream_id}" if goal.dream_id else ""


def _short(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


class GoalForm(SafeSubmitMixin, StyledForm):
    """A goal towards one of her dreams, or for one of her children (one choice: `belongs_to`)."""

    belongs_to = forms.ChoiceField(
        label=_("This goal is for"),
        help_text=_("One of her dreams, or one of her children."),
    )
    title = forms.CharField(
        label=_("Goal"),
        max_length=Goal._meta.get_field("title").max_length,
        help_text=_("Small and realistic: what can she reach, and how do you both know it?"),
    )
    domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    target_date = forms.DateField(label=_("Target date"))

    def __init__(self, *args, participant, goal: Goal | None = None, **kwargs):
        if goal is not None:
            kwargs.setdefault(
                "initial",
                {
                    "belongs_to": _belongs_to(goal),
                    "title": goal.title,
                    "domain": goal.domain,
                    "target_date": goal.target_date,
                },
            )
        super().__init__(*args, record=goal, **kwargs)
        self.dreams = {str(d.pk): d for d in participant.dreams.order_by("created_at", "pk")}
        self.children = {str(c.pk): c for c in participant.children.order_by("birth_date", "pk")}
        choices = [("", _("Choose…"))]
        if self.dreams:
            choices.append(
                (
                    _("Her dreams"),
                    [(f"dream:{pk}", _short(d.text)) for pk, d in self.dreams.items()],
                )
            )
        if self.children:
            choices.append(
                (
                    _("For the children"),
                    [
                        (f"child:{pk}", _("For %(name)s") % {"name": c.given_name})
                        for pk, c in self.children.items()
                    ],
                )
            )
        self.fields["belongs_to"].choices = choices

    def clean(self):
        cleaned = super().clean()
        kind, _sep, pk = (cleaned.get("belongs_to") or "").partition(":")
        cleaned["dream"] = self.dreams.get(pk) if kind == "dream" else None
        cleaned["child"] = self.children.get(pk) if kind == "child" else None
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "domain": data["domain"],
            "dream": data["dream"],
            "child": data["child"],
            "target_date": data["target_date"],
            **({VERSION_FIELD: data[VERSION_FIELD]} if VERSION_FIELD in data else {}),
        }

    def current_values(self, current) -> dict:
        values = super().current_values(current)
        values["belongs_to"] = _belongs_to(current)
        return values


class GoalStatusForm(StyledForm):
    to_status = forms.ChoiceField(
        label=_("New status"), choices=GoalStatus.choices, widget=RadioGroup
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed when you adjust or stop the goal. Write it so that she can read it too."
        ),
    )

    def service_kwargs(self) -> dict:
        return {"to_status": self.cleaned_data["to_status"], "reason": self.cleaned_data["reason"]}


class ActionForm(PlanModelForm):
    owner = forms.ChoiceField(
        label=_("Who does this?"), choices=ActionOwner.choices, widget=RadioGroup
    )

    class Meta:
        model = Action
        fields = ["description", "owner", "organisation", "due_date"]
        labels = {
            "description": _("What needs to be done?"),
            "organisation": _("Partner organisation"),
            "due_date": _("Done by (date)"),
        }
        help_texts = {
            "organisation": _("Only when a partner organisation does this."),
        }
        widgets = {"due_date": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.organisation_id if self.instance.pk else None
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(Q(is_active=True) | Q(pk=current)).order_by(
            "name"
        )
        field.empty_label = _("No organisation")
