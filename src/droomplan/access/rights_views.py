"""Pages of the mother's privacy rights: the access overview (inzagelog), the inzage export
and the research export. Thin: load through `access`, call `rights`/`research`, render."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.audit.models import Action, Outcome
from droomplan.audit.selectors import Period, access_overview
from droomplan.audit.services import record
from droomplan.core.background import enqueue
from droomplan.core.forms import StyledForm

from . import inzage as inzage_file
from . import research
from .decorators import allowed_if
from .parts import parts
from .policy import Verb, can_export_research
from .shortcuts import access_by_id

PER_PAGE = 50
FORMATS = {"zip", "json", "pdf", "csv"}


def _participant_for_rights(request: HttpRequest, pk, *, object_type: str):
    """Her coach or the programme lead (those who run the whole file); everyone else gets
    404/403 with a `denied` entry in the log."""
    return access_by_id(
        request, "cases.Participant", pk, verb=Verb.MANAGE_RIGHTS, object_type=object_type
    )


# --- Access overview -------------------------------------------------------------------------


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(),
        error_messages={
            "invalid": _("This is not a date. Choose one in the calendar or type it as 31-12-2026.")
        },
    )


class PeriodForm(StyledForm):
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To and including"))
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions"))] + list(Action.choices),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Allowed and refused"))] + list(Outcome.choices),
    )

    def _clean_year(self, name):
        value = self.cleaned_data.get(name)
        if value and not 2000 <= value.year <= 2100:
            raise ValidationError(_("Choose a date between the years 2000 and 2100."))
        return value

    def clean_date_from(self):
        return self._clean_year("date_from")

    def clean_date_to(self):
        return self._clean_year("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period must be on or after its start."))
        return cleaned

    def period(self) -> Period:
        """The filters that are valid (a wrong date is shown as an error and left out)."""
        if not self.is_bound:
            return Period()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Period(
            date_from=data.get("date_from") if "date_from" not in self.errors else None,
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            action=data.get("action") or "",
            outcome=data.get("outcome") or "",
        )


@login_required
def overview(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = _participant_for_rights(request, participant_pk, object_type="access_log")
    form = PeriodForm(request.GET if any(k != "page" for k in request.GET) else None)
    period = form.period()
    # Logged first, so this very look is in the list (and the page's count is right).
    record(
        request=request,
        action=Action.VIEW,
        object_type="access_log",
        object_id=participant.pk,
        participant=participant,
    )
    page = Paginator(access_overview(participant, period), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "access/rights/overview.html",
        {
            "participant": participant,
            "form": form,
            "page": page,
            "is_filtered": period != Period(),
        },
    )


# --- Right of access (inzage) ----------------------------------------------------------------


@login_required
def inzage(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = _participant_for_rights(request, participant_pk, object_type="inzage")
    if request.method == "POST":
        # Made by a background job (a long file's PDF takes longer than a request should):
        # its status page shows the progress, then the download link. The job checks the
        # right again and logs the export, as the direct download did.
        fmt = request.POST.get("format", "zip")
        job = enqueue(
            inzage_file.INZAGE_JOB,
            owner=request.user,
            actor_id=request.user.pk,
            participant_id=participant.pk,
            fmt=fmt if fmt in FORMATS else "zip",
            for_her=False,
        )
        return redirect(job)
    record(
        request=request,
        action=Action.VIEW,
        object_type="inzage",
        object_id=participant.pk,
        participant=participant,
        detail="form",
    )
    return render(
        request,
        "access/rights/inzage.html",
        {"participant": participant, "parts": parts()},
    )


# --- Research export -------------------------------------------------------------------------


@allowed_if(can_export_research, object_type="research_export", verb=Verb.EXPORT)
def research_export(request: HttpRequest) -> HttpResponse:
    refused = ""
    if request.method == "POST":
        try:
            data = research.export(actor=request.user)
        except research.ResearchExportRefused as exc:
            refused = exc.message
        else:
            response = HttpResponse(research.to_json(data), content_type="application/json")
            name = f"droomplan-onderzoek-{timezone.localdate():%Y-%m-%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "access/rights/research.html",
        {
            "count": research.participants().count(),
            "k": research.min_k(),
            "format_version": research.FORMAT_VERSION,
            "refused": refused,
        },
        status=409 if refused else 200,
    )
