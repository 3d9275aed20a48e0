"""The functional admin loads the licensed question wording per programme. The codes, ranges
and scoring of an instrument do not change here (they are shipped data)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import can_manage_instruments
from droomplan.core.forms import add_service_error
from droomplan.programmes.models import Programme

from . import selectors, services
from .definitions import SCALE_HINTS
from .forms import ItemLabelsForm, ProgrammeChoiceForm, ProgrammeVersionForm
from .models import translated

# Only the functional admin; a refusal is logged (403).
admin_only = allowed_if(can_manage_instruments, object_type="instrument")


@admin_only
def instrument_list(request: HttpRequest) -> HttpResponse:
    return render(request, "instruments/manage/list.html", {"instruments": selectors.instruments()})


def _get(code: str):
    instrument = selectors.instrument_map().get(code)
    if instrument is None:
        raise Http404
    return instrument


@admin_only
@require_http_methods(["GET", "POST"])
def instrument_detail(request: HttpRequest, instrument_code: str) -> HttpResponse:
    instrument = _get(instrument_code)
    programmes = Programme.objects.order_by("name")
    versions = list(instrument.versions.order_by("order", "pk"))
    version_form = ProgrammeVersionForm(
        request.POST or None, instrument=instrument, programmes=programmes
    )
    if request.method == "POST" and version_form.is_valid():
        try:
            services.set_programme_version(
                programme=version_form.cleaned_data["programme"],
                instrument=instrument,
                version_code=version_form.cleaned_data["version"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_error(version_form, error)
        else:
            messages.success(request, _("The version for new measurements has been saved."))
            return redirect("instruments_manage:detail", instrument.code)
    chosen = selectors.programme_versions(instrument)
    return render(
        request,
        "instruments/manage/detail.html",
        {
            "instrument": instrument,
            "hint": translated(SCALE_HINTS.get(instrument.code, "")),
            "programme_form": ProgrammeChoiceForm(queryset=programmes),
            "label_counts": {p: len(selectors.item_labels(p.pk, instrument)) for p in programmes},
            "versions": versions,
            "version_form": version_form,
            "programme_versions": [
                (p, chosen.get(p.pk) or instrument.current_version) for p in programmes
            ],
        },
        status=400 if version_form.errors else 200,
    )


@admin_only
@require_http_methods(["GET", "POST"])
def labels(request: HttpRequest, instrument_code: str) -> HttpResponse:
    instrument = _get(instrument_code)
    programme = Programme.objects.filter(pk=request.GET.get("programme") or 0).first()
    if programme is None:
        programme = Programme.objects.filter(pk=request.POST.get("programme_id") or 0).first()
    if programme is None:
        raise Http404
    current = selectors.item_labels(programme.pk, instrument)
    form = ItemLabelsForm(request.POST or None, instrument=instrument, labels=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.set_item_labels(
                programme=programme, instrument=instrument, labels=form.labels(), user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The question wording has been saved (%(count)s changed).") % {"count": changed},
            )
            return redirect("instruments_manage:detail", instrument.code)
    return render(
        request,
        "instruments/manage/labels.html",
        {"instrument": instrument, "programme": programme, "form": form},
    )
