"""The business-case page beside the outcome report, its downloads and drill-down, and the
lead's input pages. Thin: parse, ask `access`, compute (`computation.build`) or call a service,
render. Readers outside the programme (board, analysts) get the whole programme on a published
quarter end with small cohorts hidden, as in the outcome report."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import (
    Verb,
    can_manage_business_case,
    can_see_business_case,
    can_see_business_case_details,
    visible_participants,
)
from droomplan.access.shortcuts import deny
from droomplan.audit.models import Action
from droomplan.audit.services import record, record_many
from droomplan.core.forms import run_service
from droomplan.outcomes.forms import ReportFilterForm
from droomplan.outcomes.report import published_as_of
from droomplan.programmes.selectors import default_programme

from . import computation, exports, presentation, services
from .assumptions import BY_CODE, DEFINITIONS
from .forms import AssumptionForm, ContributionForm
from .models import Assumption, PartnerContribution

TOKEN = re.compile(r"^[A-Za-z0-9]{1,32}$")
LINES = computation.RETURN_LINES + ("coaching", "spending", "meetings")

report_view = allowed_if(can_see_business_case, object_type="business_case", verb=Verb.VIEW)
manage_view = allowed_if(can_manage_business_case, object_type="business_case_inputs")
get_or_post = require_http_methods(["GET", "POST"])


def _filter(request: HttpRequest) -> ReportFilterForm:
    return ReportFilterForm(
        request.GET if request.GET else {},
        external=not can_see_business_case_details(request.user),
    )


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    for key in ("token", "external"):
        query.pop(key, None)
    return query.urlencode()


def _chart(case: computation.BusinessCase) -> dict:
    return {
        "labels": [p.day.isoformat() for p in case.timeline],
        "costs": [round(p.costs["central"]) for p in case.timeline],
        "returns": [round(p.returns["central"]) for p in case.timeline],
        "costs_label": _("Cumulative costs"),
        "returns_label": _("Cumulative net returns (central)"),
    }


@report_view
def report_page(request: HttpRequest) -> HttpResponse:
    form = _filter(request)
    internal = can_see_business_case_details(request.user)
    case = None
    if form.is_valid() and form.cleaned_data.get("programme"):
        case = computation.build(
            form.selection(), form.cleaned_data["as_of"], external=not internal
        )
    status = 200 if form.is_valid() or not form.is_bound else 400
    return render(
        request,
        "businesscase/report.html",
        {
            "form": form,
            "case": case,
            "internal": internal,
            "manage": can_manage_business_case(request.user),
            "query_string": _query(request),
            "chart": _chart(case) if case else None,
            **(presentation.context(case) if case else {}),
            "funders_as_of": published_as_of(case.as_of) if case and internal else None,
        },
        status=status,
    )


@report_view
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """PDF or XLSX: for funders (whole programme, quarter end, no names) unless the lead asks
    for the internal version."""
    if fmt not in exports.FORMATS:
        raise Http404
    form = _filter(request)
    if not form.is_valid() or not form.cleaned_data.get("programme"):
        return render(request, "businesscase/report.html", {"form": form, "case": None}, status=400)
    internal = can_see_business_case_details(request.user) and request.GET.get("external") != "1"
    case = computation.build(form.selection(), form.cleaned_data["as_of"], external=not internal)
    content = exports.render(case, fmt)
    record(
        request=request,
        action=Action.EXPORT,
        object_type="business_case",
        object_id=case.selection.programme.code,
        detail=f"{fmt} as_of={case.as_of} {'internal' if internal else 'external'}",
    )
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(case, fmt)}"'
    token = request.GET.get("token", "")
    if TOKEN.match(token):
        response.set_cookie("dp_download", token, max_age=60, samesite="Lax")
    return response


@report_view
def participants(request: HttpRequest, line: str) -> HttpResponse:
    """Which mothers a line counts and the facts it used: for the programme lead, only the
    cases she may open, each listed one logged."""
    if not can_see_business_case_details(request.user):
        deny(request, object_type="business_case_participants", object_id=line, verb="view")
        raise PermissionDenied
    if line not in LINES:
        raise Http404
    form = _filter(request)
    if not form.is_valid() or not form.cleaned_data.get("programme"):
        return render(request, "businesscase/report.html", {"form": form, "case": None}, status=400)
    case = computation.build(
        form.selection(),
        form.cleaned_data["as_of"],
        external=False,
        with_mothers=True,
        with_timeline=False,
        with_breakdowns=False,
    )
    counted = [m for m in case.mothers if _amount(m, line) > 0]
    visible = {
        p.ref: p
        for p in visible_participants(request.user).filter(
            programme=case.selection.programme, ref__in=[m.ref for m in counted]
        )
    }
    shown = [(visible[m.ref], m) for m in counted if m.ref in visible]
    record_many(
        request=request,
        action=Action.LIST,
        object_type="case",
        participants=[p for p, _m in shown],
        detail=f"business case {line}",
    )
    for _p, m in shown:
        m.own_valued = computation.value(m.own, case.assumptions, "central")
    label = presentation.LINE_LABELS[line]
    return render(
        request,
        "businesscase/participants.html",
        {
            "case": case,
            "line": line,
            "label": label,
            "caption": label,
            "definition": presentation.DEFINITIONS[line],
            "rows": [
                (p, presentation.facts(m, line), presentation.amount(m, line)) for p, m in shown
            ],
            "hidden": len(counted) - len(shown),
            "query_string": _query(request),
        },
    )


def _amount(mother: computation.Mother, line: str) -> float:
    q = mother.own
    return {
        "work": q.work_months,
        "debt": q.debt_years + q.debt_settled,
        "housing": q.housing,
        "education": q.education,
        "coaching": q.coaching_minutes,
        "spending": q.spending,
        "meetings": q.meetings,
    }[line]


# --- The lead's inputs --------------------------------------------------------------------------


def _programme():
    programme = default_programme()
    if programme is None:
        raise Http404
    return programme


@manage_view
def assumptions(request: HttpRequest) -> HttpResponse:
    """Every assumption: the values in force today, and its history."""
    programme = _programme()
    used = computation.assumptions_on(programme, timezone.localdate())
    history: dict[str, list[Assumption]] = {}
    for row in Assumption.objects.filter(programme=programme).select_related("created_by"):
        history.setdefault(row.code, []).append(row)
    return render(
        request,
        "businesscase/assumptions.html",
        {
            "programme": programme,
            "rows": [(d, used[d.code], history.get(d.code, [])) for d in DEFINITIONS],
        },
    )


@manage_view
@get_or_post
def assumption_edit(request: HttpRequest, code: str) -> HttpResponse:
    definition = BY_CODE.get(code)
    if definition is None:
        raise Http404
    programme = _programme()
    latest = services.latest_version(programme, code)
    current = computation.assumptions_on(programme, timezone.localdate())[code]
    if latest is not None and latest.pk != current.version_id:
        current = computation.UsedAssumption(
            definition,
            latest.low,
            latest.central,
            latest.high,
            latest.valid_from,
            latest.source,
            latest.source_url,
            is_default=False,
            version_id=latest.pk,
        )
    form = AssumptionForm(request.POST or None, definition=definition, current=current)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.save_assumption(
                actor=request.user, programme=programme, code=code, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, _("The new values have been saved. The old ones are kept."))
            return redirect(f"{reverse('businesscase:assumptions')}#{code}")
    return render(
        request,
        "businesscase/assumption_form.html",
        {
            "form": form,
            "definition": definition,
            "current": current,
            "title": definition.label,
            "back_url": reverse("businesscase:assumptions"),
        },
        status=400 if form.errors else 200,
    )


@manage_view
@get_or_post
def contributions(request: HttpRequest) -> HttpResponse:
    """The partner contributions per organisation and year, and the form to add one."""
    programme = _programme()
    form = ContributionForm(request.POST or None)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.create_contribution(
                actor=request.user, programme=programme, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, _("The contribution has been saved."))
            return redirect("businesscase:contributions")
    rows = PartnerContribution.objects.filter(programme=programme).select_related("organisation")
    return render(
        request,
        "businesscase/contributions.html",
        {"form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


@manage_view
@get_or_post
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme()
    contribution = get_object_or_404(
        PartnerContribution.objects.select_related("organisation"), pk=pk, programme=programme
    )
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.delete_contribution(actor=request.user, contribution=contribution)
        messages.success(request, _("The contribution has been removed."))
        return redirect("businesscase:contributions")
    form = ContributionForm(request.POST or None, contribution=contribution)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.update_contribution(
                actor=request.user, contribution=contribution, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, _("The contribution has been saved."))
            return redirect("businesscase:contributions")
    return render(
        request,
        "businesscase/contribution_form.html",
        {
            "form": form,
            "contribution": contribution,
            "title": _("Contribution of %(name)s in %(year)s")
            % {"name": contribution.organisation.name, "year": contribution.year},
            "back_url": reverse("businesscase:contributions"),
        },
        status=400 if form.errors else 200,
    )
