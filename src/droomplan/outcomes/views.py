"""The report page for the programme lead, the board and analysts. Thin: parse the filter,
build the report (one aggregate query), render. Only roles that may see the cases (the
programme lead) get real small numbers and the drill-down to the participants."""

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import (
    Verb,
    can_see_outcome_details,
    can_see_outcomes,
    visible_participants,
)
from droomplan.access.shortcuts import deny
from droomplan.audit.models import Action
from droomplan.audit.services import record_many
from droomplan.jobs import enqueue

from . import downloads, exports, report
from .export_log import log_export
from .forms import ReportFilterForm
from .metrics import METRICS_BY_CODE, compute

DOWNLOAD_FORMATS = {"pdf", "xlsx", "csv"}
TOKEN = re.compile(r"^[A-Za-z0-9]{1,32}$")


# Logged in with a report role, else 403 and a `denied` entry in the access log.
report_view = allowed_if(can_see_outcomes, object_type="outcome_report", verb=Verb.VIEW)


def _filter(request: HttpRequest) -> ReportFilterForm:
    """Readers outside the programme are not offered sub-selections (whole programme only)."""
    return ReportFilterForm(
        request.GET if request.GET else {}, external=not can_see_outcome_details(request.user)
    )


def _context(request: HttpRequest, form: ReportFilterForm, **extra) -> dict:
    query = request.GET.copy()
    for key in ("token", "page"):
        query.pop(key, None)
    return {
        "form": form,
        "internal": can_see_outcome_details(request.user),
        "query_string": query.urlencode(),
        **extra,
    }


@report_view
def report_page(request: HttpRequest) -> HttpResponse:
    form = _filter(request)
    built = None
    if form.is_valid() and form.cleaned_data.get("programme"):
        internal = can_see_outcome_details(request.user)
        built = report.build(
            form.selection(), form.cleaned_data["as_of"], external=not internal, cached=True
        )
    chart = None
    if built is not None:
        chart = {
            "labels": [str(m.label) for m, _v in built.rows()],
            "values": [v.percentage if v.shown else None for _m, v in built.rows()],
            "label": _("Percentage of participants"),
        }
    status = 200 if form.is_valid() or not form.is_bound else 400
    funders_as_of = (
        report.published_as_of(built.as_of) if built is not None and not built.external else None
    )
    return render(
        request,
        "outcomes/report.html",
        _context(request, form, report=built, chart=chart, funders_as_of=funders_as_of),
        status=status,
    )


@report_view
def trend(request: HttpRequest) -> HttpResponse:
    """The quarterly trend (loaded after the page, since it takes a query per quarter)."""
    form = _filter(request)
    points = []
    if form.is_valid() and form.cleaned_data.get("programme"):
        points = report.trend(
            form.selection(),
            form.cleaned_data["as_of"],
            external=not can_see_outcome_details(request.user),
        )
    chart = {
        "labels": [p.as_of.isoformat() for p in points],
        "series": [
            {
                "label": str(m.short_label),
                "values": [
                    p.values[m.code].percentage if p.values[m.code].shown else None for p in points
                ],
            }
            for m in report.METRICS
        ],
    }
    template = (
        "outcomes/includes/trend.html"
        if request.headers.get("HX-Request")
        else ("outcomes/trend_page.html")
    )
    return render(
        request,
        template,
        _context(request, form, points=points, chart=chart, metrics=report.METRICS),
        status=200 if form.is_valid() else 400,
    )


@report_view
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """PDF, XLSX or CSV of the current filter: external-safe for board and analysts."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    form = _filter(request)
    if not form.is_valid() or not form.cleaned_data.get("programme"):
        return render(request, "outcomes/report.html", _context(request, form), status=400)
    # The lead chooses: internal (real numbers, case numbers) or for funders (?external=1).
    internal = can_see_outcome_details(request.user) and request.GET.get("external") != "1"
    if internal and fmt in downloads.BACKGROUND_FORMATS:
        # Every case number of the programme: a background job, followed on its status page
        # (progress, then the download link), so no request runs into the worker timeout.
        query = request.GET.copy()
        query.pop("token", None)
        job = enqueue(
            downloads.INTERNAL_DOWNLOAD_JOB,
            owner=request.user,
            actor_id=request.user.pk,
            query=query.urlencode(),
            fmt=fmt,
        )
        return redirect(job)
    built = report.build(
        form.selection(),
        form.cleaned_data["as_of"],
        external=not internal,
        with_refs=internal,
        with_trend=fmt != "csv",
    )
    content = exports.render(built, fmt)
    log_export(
        request=request,
        user=request.user,
        programme=built.selection.programme,
        refs=built.figures.population_refs if built.figures is not None else None,
        cases_detail=f"outcome report {fmt}",
        report_detail=f"{fmt} as_of={built.as_of} {'internal' if internal else 'external'}",
    )
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(built, fmt)}"'
    token = request.GET.get("token", "")
    if TOKEN.match(token):  # lets the page hide its "busy" message when the file arrives
        response.set_cookie("dp_download", token, max_age=60, samesite="Lax")
    return response


DRILL_DOWN_PER_PAGE = 50


@report_view
def participants(request: HttpRequest, code: str) -> HttpResponse:
    """Who was counted for one figure: only for those who may see the cases, and only the
    cases they may see. One group (counted, not counted, not measured) at a time, 50 per
    page; only the participants shown are loaded and logged."""
    metric = METRICS_BY_CODE.get(code)
    if not can_see_outcome_details(request.user):
        deny(request, object_type="outcome_participants", object_id=code, verb="view")
        raise PermissionDenied
    if metric is None:
        raise Http404
    form = _filter(request)
    if not form.is_valid() or not form.cleaned_data.get("programme"):
        return render(request, "outcomes/report.html", _context(request, form), status=400)
    programme = form.cleaned_data["programme"]
    result = compute(form.selection(), form.cleaned_data["as_of"], codes=[code]).metrics[code]
    visible = set(
        visible_participants(request.user)
        .filter(programme=programme, ref__in=result.denominator_refs)
        .values_list("ref", flat=True)
    )
    counted = set(result.numerator_refs)
    unknown = set(result.unknown_refs or [])
    refs_by_group = {"counted": [], "not_counted": [], "not_measured": []}
    for ref in result.denominator_refs:
        if ref in visible:
            group = (
                "counted" if ref in counted else "not_measured" if ref in unknown else "not_counted"
            )
            refs_by_group[group].append(ref)
    group = request.GET.get("group", "counted")
    if group not in refs_by_group:
        group = "counted"
    page = Paginator(refs_by_group[group], DRILL_DOWN_PER_PAGE).get_page(request.GET.get("page"))
    by_ref = {
        p.ref: p
        for p in visible_participants(request.user)
        .filter(programme=programme, ref__in=list(page.object_list))
        .select_related("cohort", "municipality")
    }
    rows = [by_ref[ref] for ref in page.object_list if ref in by_ref]
    record_many(
        request=request,
        action=Action.LIST,
        object_type="case",
        participants=rows,
        detail=f"outcome {code}",
    )
    labels = {
        "counted": _("Counted"),
        "not_counted": _("Not counted"),
        "not_measured": _("Not measured"),
    }
    groups = [
        (key, labels[key], len(refs))
        for key, refs in refs_by_group.items()
        if key != "not_measured" or refs
    ]
    return render(
        request,
        "outcomes/participants.html",
        _context(
            request,
            form,
            metric=metric,
            result=result,
            groups=groups,
            group=group,
            page=page,
            rows=rows,
            hidden=len(result.denominator_refs) - len(visible),
        ),
    )
