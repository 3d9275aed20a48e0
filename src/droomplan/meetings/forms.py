"""Forms of group meetings. They parse input; the rules live in `meetings.services`."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from droomplan.access.policy.staff import facilitators
from droomplan.accounts.models import Organisation, OrganisationKind, User
from droomplan.core.forms import SafeSubmitMixin, StyledForm
from droomplan.core.widgets import CheckboxGroup
from droomplan.programmes.models import Cohort

from .models import AttendanceStatus, GroupSession


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        roles = sorted({m.get_role_display() for m in obj.memberships.all()})
        organisations = sorted(
            {m.organisation.name for m in obj.memberships.all() if m.organisation_id}
        )
        return f"{obj} ({', '.join(str(r) for r in roles)}, {', '.join(organisations)})"


class SessionForm(SafeSubmitMixin, StyledForm):
    theme = forms.CharField(
        label=_("Theme"),
        max_length=200,
        help_text=_("For example: budgeting, sleep, your network, a day out with the children."),
    )
    cohorts = forms.ModelMultipleChoiceField(
        label=_("For which groups?"),
        queryset=Cohort.objects.none(),
        widget=CheckboxGroup,
        help_text=_("One group, or several groups together."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    description = forms.CharField(
        label=_("Programme of the meeting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    facilitators = PersonChoiceField(
        label=_("Facilitators"),
        required=False,
        queryset=User.objects.none(),
        widget=CheckboxGroup,
        help_text=_("Coaches and partner professionals who lead the meeting."),
    )
    children_welcome = forms.BooleanField(label=_("Children are welcome"), required=False)
    childcare_arranged = forms.BooleanField(label=_("Childcare is arranged"), required=False)
    childcare_organisation = forms.ModelChoiceField(
        label=_("Childcare by"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=pgettext_lazy("childcare organisation", "No organisation"),
        help_text=_("The childcare partner that looks after the children during the meeting."),
    )
    invite = forms.BooleanField(
        label=_("Invite the active mothers of these groups"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, session: GroupSession | None = None, **kwargs):
        if session is not None:
            kwargs.setdefault(
                "initial",
                {
                    "theme": session.theme,
                    "cohorts": list(session.cohorts.all()),
                    "date": session.date,
                    "start_time": session.start_time,
                    "end_time": session.end_time,
                    "place": session.place,
                    "description": session.description,
                    "facilitators": list(session.facilitators.all()),
                    "children_welcome": session.children_welcome,
                    "childcare_arranged": session.childcare_arranged,
                    "childcare_organisation": session.childcare_organisation,
                    "invite": True,
                },
            )
        super().__init__(*args, record=session, **kwargs)
        self.fields["cohorts"].queryset = Cohort.objects.select_related("programme").order_by(
            "-start_date", "code"
        )
        current = [u.pk for u in session.facilitators.all()] if session else []
        self.fields["facilitators"].queryset = (
            User.objects.filter(facilitators() | Q(pk__in=current))
            .distinct()
            .prefetch_related("memberships__organisation")
            .order_by("first_name", "last_name")
        )
        current_org = session.childcare_organisation_id if session else None
        self.fields["childcare_organisation"].queryset = Organisation.objects.filter(
            Q(kind=OrganisationKind.CHILDCARE, is_active=True) | Q(pk=current_org)
        ).order_by("name")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "cohorts": list(data["cohorts"]),
            "date": data["date"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "place": data["place"],
            "theme": data["theme"],
            "description": data["description"],
            "facilitators": list(data["facilitators"]),
            "children_welcome": data["children_welcome"],
            "childcare_arranged": data["childcare_arranged"],
            "childcare_organisation": data["childcare_organisation"],
            "invite": data["invite"],
        }


NOT_RECORDED = pgettext_lazy("attendance", "Not recorded")


class AttendanceForm(StyledForm):
    """One radio group per invited mother (field `m<participant pk>`)."""

    def __init__(self, *args, rows, all_present: bool = False, **kwargs):
        """With `all_present`, every mother not yet recorded starts as present (nothing is
        saved until the form is sent)."""
        super().__init__(*args, **kwargs)
        choices = [("", NOT_RECORDED), *AttendanceStatus.choices]
        self.rows = rows
        for row in rows:
            name = f"m{row.participant.pk}"
            self.fields[name] = forms.ChoiceField(
                label=row.name,
                choices=choices,
                required=False,
                initial=row.attendance.status or (AttendanceStatus.PRESENT if all_present else ""),
                widget=forms.RadioSelect,
            )
            row.field = name

    def bound_rows(self):
        for row in self.rows:
            yield row, self[row.field]

    def statuses(self) -> dict[int, str]:
        """The choices sent; a mother missing from the form (invited after it was opened)
        keeps what she has."""
        return {
            row.participant.pk: self.cleaned_data[row.field]
            for row in self.rows
            if self.add_prefix(row.field) in self.data
        }


class ReportForm(StyledForm):
    report = forms.CharField(
        label=_("Report"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What did you do, what went well, what does the group want next time? "
            "Write about the group, not about one mother: no names."
        ),
    )
