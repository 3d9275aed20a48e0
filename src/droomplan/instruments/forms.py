"""The measurement form, built from the instrument's items (a new questionnaire needs no code)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from droomplan.core.forms import SafeSubmitMixin, StyledForm

from .definitions import VALUE_LABELS
from .models import Instrument, InstrumentVersion, translated

#: Ranges up to this many answers are radio buttons; longer ones a number field.
MAX_RADIOS = 11


def item_field_name(code: str) -> str:
    return f"item_{code}"


class MeasurementForm(SafeSubmitMixin, StyledForm):
    taken_on = forms.DateField(label=_("Date of the measurement"))
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what helps the next conversation. No diagnoses."),
    )

    def __init__(
        self,
        *args,
        instrument: Instrument,
        labels: dict[int, str] | None = None,
        version: InstrumentVersion | None = None,
        **kw,
    ):
        self.instrument = instrument
        self.version = version
        # The answer range of each item in this version (the Mobility Mentoring variant of the
        # executive-skills questionnaire answers 1-6 instead of 1-7).
        ranges = {i.code: (i.min_value, i.max_value) for i in instrument.definition(version).items}
        labels = labels or {}
        kw.setdefault("initial", {}).setdefault("taken_on", timezone.localdate())
        super().__init__(*args, **kw)
        self.fields["taken_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        value_labels = VALUE_LABELS.get(instrument.code, {})
        self.items = []
        self.list_fields: set[str] = set()  # answers with words: one per line
        for item in instrument.item_list:
            label = labels.get(item.pk) or item.display_label()
            low, high = ranges[item.code]
            values = range(low, high + 1)
            messages = {
                "required": gettext("Choose an answer."),
                "invalid_choice": gettext("Choose one of the answers %(min)s to %(max)s.")
                % {"min": low, "max": high},
                "invalid": gettext("Fill in a whole number."),
                "min_value": gettext("The lowest answer is %(min)s.") % {"min": low},
                "max_value": gettext("The highest answer is %(max)s.") % {"max": high},
            }
            if len(values) <= MAX_RADIOS:
                names = value_labels.get(item.code, {})
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[(v, translated(names[v]) if v in names else str(v)) for v in values],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages=messages,
                )
            else:
                field = forms.IntegerField(
                    label=label,
                    min_value=low,
                    max_value=high,
                    error_messages=messages,
                )
            name = item_field_name(item.code)
            if value_labels.get(item.code):
                self.list_fields.add(name)
            self.fields[name] = field
            self.items.append((item, name))
        # re-run the styling for the fields added after StyledForm.__init__
        for field in self.fields.values():
            if isinstance(field.widget, forms.NumberInput):
                field.widget.attrs.setdefault(
                    "class", "utrecht-textbox utrecht-textbox--html-input"
                )
                field.widget.attrs["inputmode"] = "numeric"

    @classmethod
    def initial_from(cls, measurement) -> dict:
        initial = {"taken_on": measurement.taken_on, "note": measurement.note}
        for code, value in measurement.answers.items():
            initial[item_field_name(code)] = value
        return initial

    def answers(self) -> dict[str, int]:
        return {item.code: self.cleaned_data.get(name) for item, name in self.items}

    def groups(self):
        """The item fields grouped for the template: [(group label or "", [bound fields])];
        only instruments whose groups hold several items get a heading per group."""
        grouped: list[tuple[str, list]] = []
        several = any(
            sum(1 for i, _n in self.items if i.group == g) > 1
            for g in {i.group for i, _n in self.items if i.group}
        )
        for item, name in self.items:
            heading = self.instrument.group_label(item.group) if several and item.group else ""
            if not grouped or grouped[-1][0] != heading:
                grouped.append((heading, []))
            grouped[-1][1].append(self[name])
        return grouped


class DeleteForm(StyledForm):
    reason = forms.CharField(
        label=_("Why is this measurement removed?"),
        max_length=300,
        help_text=_("For example: entered twice, or entered for the wrong mother."),
    )


class ItemLabelsForm(StyledForm):
    """The licensed wording per item for one programme."""

    def __init__(self, *args, instrument: Instrument, labels: dict[int, str], **kw):
        super().__init__(*args, **kw)
        self.instrument = instrument
        for item in instrument.item_list:
            self.fields[item_field_name(item.code)] = forms.CharField(
                label=f"{item.code} · {item.display_label()}",
                required=False,
                max_length=1000,
                initial=labels.get(item.pk, ""),
                widget=forms.Textarea(
                    attrs={"rows": 2, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
                ),
            )

    def labels(self) -> dict[str, str]:
        return {
            item.code: self.cleaned_data.get(item_field_name(item.code), "")
            for item in self.instrument.item_list
        }


class ProgrammeChoiceForm(StyledForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=None)

    def __init__(self, *args, queryset, **kw):
        super().__init__(*args, **kw)
        self.fields["programme"].queryset = queryset


class ProgrammeVersionForm(StyledForm):
    """Which version of an instrument a programme uses for new measurements."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=None)
    version = forms.ChoiceField(label=_("Version for new measurements"))

    def __init__(self, *args, instrument: Instrument, programmes, **kw):
        super().__init__(*args, **kw)
        self.fields["programme"].queryset = programmes
        self.fields["version"].choices = [
            (v.code, v.display_name) for v in instrument.versions.order_by("order", "pk")
        ]
