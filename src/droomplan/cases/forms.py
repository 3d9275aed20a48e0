"""Forms of the case file. They parse and check input; the services do the writes."""

import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import Verb, can, consented_domains_by_organisation
from droomplan.access.policy.staff import coaches
from droomplan.accounts.models import Organisation, User
from droomplan.core import dataversion
from droomplan.core.domains import LifeDomain
from droomplan.core.forms import (
    SafeSubmitMixin,
    ShortModelChoiceField,
    StyledForm,
    StyledFormMixin,
    StyledModelForm,
)
from droomplan.core.widgets import DateInput
from droomplan.programmes.models import Cohort, Municipality, Programme

from .models import Child, Contact, EndReason, Participant, Status

PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
WAITING_LIST = "waiting_list"


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise ValidationError(message)
    return value


class ParticipantFieldsMixin:
    """Checks shared by the intake form and the edit form."""

    def clean_birth_date(self):
        return _not_in_future(
            self.cleaned_data.get("birth_date"), _("The date of birth cannot be in the future.")
        )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Enter a phone number with digits only, e.g. 06 12345678."))
        return phone

    def clean(self):
        cleaned = super().clean()
        birth_date, intake_date = cleaned.get("birth_date"), cleaned.get("intake_date")
        if birth_date and intake_date and birth_date >= intake_date:
            self.add_error("birth_date", _("The date of birth must be before the intake date."))
        return cleaned


class DuplicateCheckMixin:
    """Registration forms: when the service finds a mother with the same birth date and a
    similar name (`services.PossibleDuplicate`), the form shows a box to confirm that this
    is someone else; `duplicates` then holds the matching files."""

    duplicates: list[Participant] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sent = self.data.get(self.add_prefix("duplicate_confirmed")) if self.is_bound else None
        confirmed = forms.BooleanField().to_python(sent)
        self.fields["duplicate_confirmed"] = forms.BooleanField(
            label=_("This is another mother: register her anyway"),
            required=False,
            widget=forms.CheckboxInput() if confirmed else forms.HiddenInput(),
        )

    def service_refused(self, error: ValidationError) -> None:
        self.duplicates = getattr(error, "matches", None) or self.duplicates
        if self.duplicates:
            self.fields["duplicate_confirmed"].widget = forms.CheckboxInput()


PARTICIPANT_FIELDS = [
    "given_name",
    "family_name",
    "birth_date",
    "phone",
    "email",
    "address",
    "municipality",
    "single_parent",
    "has_starting_qualification",
    "has_paid_work",
    "intake_date",
]
DATE_WIDGETS = {"birth_date": DateInput(), "intake_date": DateInput()}


class IntakeForm(DuplicateCheckMixin, ParticipantFieldsMixin, SafeSubmitMixin, StyledModelForm):
    """Register a mother. A programme lead may also choose her coach right away."""

    coach = forms.ModelChoiceField(
        label=_("Coach"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional. You can also choose the coach later."),
    )

    class Meta:
        model = Participant
        fields = ["programme", *PARTICIPANT_FIELDS, "cohort"]
        widgets = DATE_WIDGETS
        help_texts = {"cohort": _("Optional. If the group is full, she goes on the waiting list.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["cohort"].queryset = Cohort.objects.select_related("programme")
        programmes = list(Programme.objects.all()[:2])
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0].pk
        self.fields["intake_date"].initial = timezone.localdate
        if can(user, Verb.ASSIGN_COACH):
            self.fields["coach"].queryset = coaches()
        else:
            del self.fields["coach"]

    def clean_intake_date(self):
        return _not_in_future(
            self.cleaned_data.get("intake_date"), _("The intake date cannot be in the future.")
        )

    def clean(self):
        cleaned = super().clean()
        cohort, programme = cleaned.get("cohort"), cleaned.get("programme")
        if cohort and programme and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("This group belongs to another programme."))
        return cleaned


class ParticipantForm(ParticipantFieldsMixin, SafeSubmitMixin, StyledModelForm):
    class Meta:
        model = Participant
        fields = PARTICIPANT_FIELDS
        widgets = DATE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")


class ChildForm(StyledModelForm):
    class Meta:
        model = Child
        fields = ["given_name", "birth_date", "childcare", "school"]
        widgets = {"birth_date": DateInput()}

    def clean_birth_date(self):
        return _not_in_future(
            self.cleaned_data.get("birth_date"), _("The date of birth cannot be in the future.")
        )


class ChildEditForm(SafeSubmitMixin, ChildForm):
    """A child on her own page: adding one is safe to send twice (one-time token)."""


class BaseChildFormSet(forms.BaseFormSet):
    def filled_forms(self):
        """The forms that were filled in (empty extra rows are skipped)."""
        return [f for f in self.forms if f.has_changed() and f.cleaned_data]


ChildFormSet = forms.formset_factory(ChildForm, formset=BaseChildFormSet, extra=2, max_num=12)


class StartForm(StyledForm):
    start_date = forms.DateField(label=_("start date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate


class EndForm(StyledForm):
    end_date = forms.DateField(label=_("end date"), widget=DateInput())
    end_reason = forms.ChoiceField(
        label=_("reason for ending"), choices=[("", "---------"), *EndReason.choices]
    )
    note = forms.CharField(
        label=_("explanation"),
        max_length=300,
        required=False,
        help_text=_("Optional. A short explanation, at most 300 characters."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate


class CohortForm(StyledForm):
    cohort = forms.ModelChoiceField(
        label=_("group"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("No group"),
        help_text=_("If the group is full, she goes on the waiting list of that group."),
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(programme=participant.programme)
        self.fields["cohort"].initial = participant.cohort_id


class CoachForm(StyledForm):
    coach = forms.ModelChoiceField(label=_("New coach"), queryset=User.objects.none())
    on_date = forms.DateField(label=_("coach from"), widget=DateInput())
    handover_note = forms.CharField(
        label=_("handover note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Needed when the family changes coach. The new coach reads this first: "
            "what matters now, what was agreed, what to watch out for."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches()
        self.fields["on_date"].initial = timezone.localdate


class AdmitForm(StyledForm):
    reason = forms.CharField(
        label=_("reason for admitting despite the rules"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ContactForm(SafeSubmitMixin, StyledModelForm):
    """A contact moment. Sharing follows consent: only organisations with a valid consent of
    this mother are offered, each with the parts of her life it covers; the service refuses
    a domain the consent does not cover. A partner's own note goes to her own organisation,
    so she chooses only the domain, from what she may see."""

    class Meta:
        model = Contact
        fields = [
            "date",
            "kind",
            "duration_minutes",
            "note",
            "domain",
            "shared_with",
            "professionals_only",
            "professionals_only_reason",
        ]
        widgets = {
            "date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 4}),
            "shared_with": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, participant: Participant, partner_domains=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        duration = self.fields["duration_minutes"]
        duration.validators += [MinValueValidator(1), MaxValueValidator(720)]
        duration.widget.attrs.update(min=1, max=720)
        if partner_domains is not None:
            del self.fields["shared_with"]
            domain = self.fields["domain"]
            domain.required = True
            domain.choices = [c for c in LifeDomain.choices if c[0] in partner_domains]
            domain.help_text = _("Your organisation reads this note with the coach.")
            return
        consented = consented_domains_by_organisation(participant)
        shared = self.fields["shared_with"]
        shared.queryset = Organisation.objects.filter(pk__in=consented).order_by("name")
        labels = dict(LifeDomain.choices)
        shared.label_from_instance = lambda org: (
            _("%(name)s (consent for: %(domains)s)")
            % {
                "name": org.name,
                "domains": ", ".join(
                    str(labels[d]).split(" (")[0].lower()
                    for d in LifeDomain.values
                    if d in consented[org.pk]
                ),
            }
        )
        shared.help_text = (
            _(
                "Only organisations she gave consent to are listed. A note is shared only "
                "when her consent covers the part of her life you chose above."
            )
            if consented
            else _("She has not given consent to any organisation: the note stays with you.")
        )

    def clean_date(self):
        return _not_in_future(
            self.cleaned_data.get("date"), _("A contact moment cannot be in the future.")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("professionals_only"):
            if not (cleaned.get("professionals_only_reason") or "").strip():
                self.add_error(
                    "professionals_only_reason",
                    _("Write in a few words why the mother may not read this note."),
                )
        else:
            cleaned["professionals_only_reason"] = ""
        return cleaned


def filter_choices() -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
    """(pk, name) of every group (in the model's order) and every municipality (by name), as
    the caseload's filter form offers them: kept per process under the data version of
    `dataversion.FILTER_CHOICES` (`cases.apps`), two queries when they changed."""

    def compute():
        return (
            tuple((c.pk, str(c)) for c in Cohort.objects.all()),
            tuple((m.pk, str(m)) for m in Municipality.objects.order_by("name")),
        )

    return dataversion.kept(
        "cases.filter-choices", depends_on=(dataversion.FILTER_CHOICES,), compute=compute
    )


class CaseloadFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All")), *Status.choices, (WAITING_LIST, _("On the waiting list"))],
    )
    cohort = ShortModelChoiceField(
        label=_("group"), queryset=Cohort.objects.none(), required=False, empty_label=_("All")
    )
    municipality = ShortModelChoiceField(
        label=_("municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    domain = forms.ChoiceField(
        label=_("open actions in life domain"),
        required=False,
        choices=[("", _("All")), *LifeDomain.choices],
    )
    overdue = forms.BooleanField(label=_("only with overdue actions"), required=False)
    # Families that are not ended and have no coach now.
    without_coach = forms.BooleanField(label=_("only without a coach"), required=False)

    def __init__(self, *args, every_case: bool = True, **kwargs):
        """`every_case`: the user sees every family (a coach sees only her own, all coached
        by her, so "without a coach" is not asked of her)."""
        super().__init__(*args, **kwargs)
        if not every_case:
            del self.fields["without_coach"]
        self.fields["cohort"].queryset = Cohort.objects.all()
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        # The lists the form shows, kept per process until a group or municipality changes
        # (the querysets above still check the input); read only when the form shows them
        # (a callable: Django's lazy choices), not for a partner whose form leaves them out.
        # Read once per form: Django calls lazy choices each time the select is iterated
        # (twice per field when rendered), and each call reads the data version's token.
        cohort, municipality = self.fields["cohort"], self.fields["municipality"]
        lists = functools.cache(filter_choices)
        cohort.choices = lambda: [("", cohort.empty_label), *lists()[0]]
        municipality.choices = lambda: [("", municipality.empty_label), *lists()[1]]

    def filters(self) -> dict:
        """The selector's keyword arguments (empty when the input was not valid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        status = data.get("status", "")
        return {
            "search": data.get("q", "").strip(),
            "status": "" if status == WAITING_LIST else status,
            "waiting_list": status == WAITING_LIST,
            "cohort": data["cohort"].pk if data.get("cohort") else None,
            "municipality": data["municipality"].pk if data.get("municipality") else None,
            "domain": data.get("domain", ""),
            "overdue": bool(data.get("overdue")),
            "without_coach": bool(data.get("without_coach")),
        }
