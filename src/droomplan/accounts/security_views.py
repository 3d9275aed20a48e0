"""The security log page and the role requests that wait for a decision.

Who may: `access.policy` (can_read_security_log, can_see_role_requests,
can_decide_role_change). Views parse input, ask the policy, call a service or selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from droomplan.access import policy
from droomplan.access.decorators import allowed_if

from . import selectors, services
from .forms import SecurityLogFilterForm
from .models import RoleChangeRequest

EVENTS_PER_PAGE = 50


@allowed_if(policy.can_read_security_log, object_type="security_log")
def security_log(request: HttpRequest) -> HttpResponse:
    filter_form = SecurityLogFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    events = selectors.security_events(
        person=filters.get("person", ""), kind=filters.get("kind", "")
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/security_log.html",
        {
            "filter_form": filter_form,
            "page": page,
            "is_filtered": bool(filters.get("person") or filters.get("kind")),
            "pending_count": selectors.pending_role_requests().count(),
        },
    )


@login_required
def role_changes(request: HttpRequest) -> HttpResponse:
    if not policy.can_see_role_requests(request.user):
        raise PermissionDenied
    pending = list(selectors.pending_role_requests())
    to_decide = [c for c in pending if policy.can_decide_role_change(request.user, c)]
    return render(
        request,
        "accounts/role_changes.html",
        {
            "to_decide": to_decide,
            "waiting_for_others": [c for c in pending if c not in to_decide],
            "decided": selectors.decided_role_requests()[:20],
        },
    )


@login_required
@require_POST
def role_change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(RoleChangeRequest.objects.select_related("user"), pk=pk)
    if not policy.can_decide_role_change(request.user, change):
        raise PermissionDenied
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Choose whether to approve or reject the request."))
        return redirect("accounts:role_changes")
    if not change.is_pending:
        messages.info(request, _("This request has already been decided."))
        return redirect("accounts:role_changes")
    change = services.decide_role_change(
        change=change, decided_by=request.user, approve=decision == "approve"
    )
    if decision == "approve":
        text = _("%(name)s now has the role %(role)s.")
    else:
        text = _("The request of %(name)s for the role %(role)s has been rejected.")
    messages.success(request, text % {"name": change.user, "role": change.get_role_display()})
    return redirect("accounts:role_changes")
