"""Her notifications: the list (with the unread count in the header), opening one, marking
all read, and her e-mail choices per kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from droomplan.audit.models import Action
from droomplan.audit.services import record_many

from . import selectors, services
from .forms import preferences_form
from .models import Notification

PER_PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.list_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    shown = selectors.notifications_for(request.user, page.object_list)
    families = list({s.participant.pk: s.participant for s in shown if s.participant}.values())
    record_many(
        request=request,
        action=Action.LIST,
        object_type="notification",
        participants=families,
        detail="notifications",
    )
    return render(
        request,
        "attention/list.html",
        {"page": page, "shown": shown, "unread": selectors.unread_count(request.user)},
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to where the work is done."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("attention:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("attention:list")


@never_cache
@login_required
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The unread count in the header (loaded with htmx, so pages need no extra query)."""
    return render(request, "attention/badge.html", {"unread": selectors.unread_count(request.user)})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    choices = selectors.choices_for(request.user)
    form = preferences_form(choices, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your e-mail choices have been saved."))
        return redirect("attention:preferences")
    return render(request, "attention/preferences.html", {"form": form, "choices": choices})
