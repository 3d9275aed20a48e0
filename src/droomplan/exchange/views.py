"""The programme lead's exchange pages: upload → preview → confirm → result, and export.

Only the programme lead may use them (importing writes every family's file); anyone else gets
403 and a `denied` entry in the access log."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import Verb, can_use_exchange

from . import selectors, services
from .forms import ExportForm, UploadForm
from .models import ExchangeUpload, UploadStatus
from .services import ALL_KEYS
from .validation import DETAIL_FIELDS, PLACE_NAMES, Problem

# Only the programme lead: an import writes case data (see docs/exchange.md).
lead_required = allowed_if(can_use_exchange, object_type="exchange", verb=Verb.IMPORT)


def _own_upload(request: HttpRequest, upload_id) -> ExchangeUpload:
    upload = get_object_or_404(ExchangeUpload, pk=upload_id)
    if upload.uploaded_by_id != request.user.pk:
        raise Http404
    return upload


@lead_required
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.store_upload(
                actor=request.user, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("exchange:preview", upload_id=stored.pk)
    recent = ExchangeUpload.objects.filter(uploaded_by=request.user).order_by("-uploaded_at")[:5]
    return render(
        request,
        "exchange/upload.html",
        {"form": form, "export_form": ExportForm(), "recent": recent},
    )


@lead_required
@require_GET
def preview(request: HttpRequest, upload_id) -> HttpResponse:
    upload = _own_upload(request, upload_id)
    if upload.status == UploadStatus.IMPORTED:
        return redirect("exchange:result", upload_id=upload.pk)
    return render(request, "exchange/preview.html", _preview_context(upload))


def _preview_context(upload, rename_refused: bool = False) -> dict:
    data = upload.preview
    labels = selectors.kind_labels()
    header = data.get("header") or {}
    field_names = selectors.header_field_labels()
    detail_names = {f: gettext(PLACE_NAMES[f]) for f in DETAIL_FIELDS}
    return {
        "rename_refused": rename_refused,
        "header": header,
        "programme_changes": [
            (field_names.get(f, f), old, new) for f, old, new in header.get("programme_changes", [])
        ],
        "organisations_changed": [
            (code, field_names.get(f, f), old, new)
            for code, f, old, new in header.get("organisations_changed", [])
        ],
        "cohorts_changed": [
            (code, field_names.get(f, f), old, new)
            for code, f, old, new in header.get("cohorts_changed", [])
        ],
        "changed": [
            (ref, ", ".join(str(detail_names.get(f, f)) for f in fields))
            for ref, fields in data.get("changed", [])
        ],
        "upload": upload,
        "data": data,
        "kinds": [(labels[k], data.get("counts", {}).get(k, 0)) for k in ALL_KEYS],
        "errors": [Problem.from_dict(p) for p in data.get("errors", [])],
        "warnings": [Problem.from_dict(p, warning=True) for p in data.get("warnings", [])],
        "errors_hidden": data.get("error_count", 0) - len(data.get("errors", [])),
        "can_import": upload.status == UploadStatus.PREVIEWED and bool(upload.stored_name),
    }


@lead_required
@require_POST
def confirm(request: HttpRequest, upload_id) -> HttpResponse:
    upload = _own_upload(request, upload_id)
    allow_renames = bool(request.POST.get("renames"))
    try:
        if upload.preview.get("participants", 0) >= services.background_from():
            # A large file: imported by a background job; its status page shows progress.
            job = services.queue_import(
                upload=upload, actor=request.user, allow_renames=allow_renames
            )
            target = (
                job.get_absolute_url()
                if job is not None
                else reverse("exchange:preview", kwargs={"upload_id": upload.pk})
            )
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        result = services.confirm_upload(
            upload=upload, actor=request.user, allow_renames=allow_renames
        )
    except services.RenameNotConfirmed:
        return render(
            request,
            "exchange/preview.html",
            _preview_context(upload, rename_refused=True),
            status=400,
        )
    if result is None and upload.status != UploadStatus.IMPORTED:
        target = reverse("exchange:preview", kwargs={"upload_id": upload.pk})
    else:
        target = reverse("exchange:result", kwargs={"upload_id": upload.pk})
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@lead_required
@require_GET
def result(request: HttpRequest, upload_id) -> HttpResponse:
    upload = _own_upload(request, upload_id)
    if upload.status != UploadStatus.IMPORTED:
        return redirect("exchange:preview", upload_id=upload.pk)
    labels = selectors.kind_labels()
    counts = upload.result.get("counts", {})
    return render(
        request,
        "exchange/result.html",
        {"upload": upload, "kinds": [(labels[k], counts.get(k, 0)) for k in ALL_KEYS]},
    )


@lead_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET or None)
    if request.GET and not form.is_valid():
        return redirect("exchange:upload")
    queryset = form.fields["programme"].queryset
    programme = form.cleaned_data["programme"] if request.GET else queryset.first()
    if programme is None:
        raise Http404
    # Every family of the programme: a background job, followed on its status page (progress,
    # then the download link), so no request runs into the worker timeout. The job checks the
    # right again and logs every family under her name.
    job = services.queue_export(programme=programme, actor=request.user)
    return redirect(job)


@lead_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    """The empty spreadsheet to fill in (no case data: the lists of codes only)."""
    from .workbook import template_bytes

    response = HttpResponse(
        template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="droomplan-sjabloon.xlsx"'
    return response
