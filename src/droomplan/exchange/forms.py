from django import forms
from django.utils.translation import gettext_lazy as _

from droomplan.core.forms import StyledForm
from droomplan.programmes.models import Programme


class UploadForm(StyledForm):
    file = forms.FileField(
        label=_("Exchange file (.json) or spreadsheet (.xlsx)"),
        help_text=_(
            "A file in the Droomplan exchange format, or a spreadsheet made from the template. "
            "It is checked first; nothing changes until you confirm."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".json,application/json,.xlsx,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ExportForm(StyledForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("name"), empty_label=None
    )
