"""Management screens for the functional administrator: organisations, users, API tokens.

Who may: `access.policy.management`. Views parse input, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from droomplan.access import policy
from droomplan.access.decorators import allowed_if

from . import selectors, services
from .forms import (
    ApplicationTokenForm,
    MembershipFormSet,
    OrganisationForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from .models import ApplicationToken, Organisation, User

USERS_PER_PAGE = 50

organisations_page = allowed_if(policy.can_manage_organisations, object_type="organisation")
users_page = allowed_if(policy.can_manage_users, object_type="user")
tokens_page = allowed_if(policy.can_manage_api_tokens, object_type="api_token")


# --- Organisations ---------------------------------------------------------------------------


@organisations_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_with_counts().order_by("name")
    return render(
        request, "accounts/manage/organisation_list.html", {"organisations": organisations}
    )


@organisations_page
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(**form.cleaned_data)
        messages.success(
            request, _("Organisation “%(name)s” has been added.") % {"name": organisation.name}
        )
        return redirect("accounts:organisation_list")
    return render(request, "accounts/manage/organisation_form.html", {"form": form})


@organisations_page
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    saved_name = organisation.name  # the form changes the instance while it validates
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            organisation=organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(
            request, _("Organisation “%(name)s” has been saved.") % {"name": organisation.name}
        )
        return redirect("accounts:organisation_list")
    return render(
        request,
        "accounts/manage/organisation_form.html",
        {"form": form, "organisation": organisation, "saved_name": saved_name},
    )


# --- Users -----------------------------------------------------------------------------------


@users_page
def user_list(request: HttpRequest) -> HttpResponse:
    filter_form = UserFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    users = selectors.search_users(
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        organisation=filters.get("organisation"),
    )
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/manage/user_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "is_filtered": any(filters.get(name) for name in ("q", "role", "organisation")),
        },
    )


@users_page
def user_create(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = UserCreateForm(data)
    formset = MembershipFormSet(data, instance=User(), prefix="memberships")
    if data is not None and form.is_valid() and formset.is_valid():
        user = services.create_user(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            is_active=form.cleaned_data["is_active"],
            memberships=formset.specs(),
            actor=request.user,
        )
        messages.success(request, _("User “%(name)s” has been added.") % {"name": user})
        return redirect("accounts:user_list")
    return render(request, "accounts/manage/user_form.html", {"form": form, "formset": formset})


@users_page
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(selectors.people(), pk=pk)
    saved_name = str(user)  # the form changes the instance while it validates
    data = request.POST if request.method == "POST" else None
    editing_self = user.pk == request.user.pk
    form = UserEditForm(data, instance=user, acting_user=request.user)
    formset = MembershipFormSet(
        data,
        instance=user,
        prefix="memberships",
        keep_admin=editing_self,
        queryset=user.memberships.select_related("organisation"),
    )
    if data is not None and form.is_valid() and formset.is_valid():
        change = services.update_user(
            user=user,
            actor=request.user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            is_active=form.cleaned_data["is_active"],
            new_password=form.new_password,
            memberships=formset.specs(),
        )
        if editing_self and form.new_password:
            update_session_auth_hash(request, user)  # stay logged in with the new password
        messages.success(request, _("User “%(name)s” has been saved.") % {"name": user})
        if change.requested:
            messages.info(
                request,
                ngettext(
                    "A role you give yourself needs the approval of another administrator "
                    "(or the programme lead). Your request is waiting for approval.",
                    "Roles you give yourself need the approval of another administrator "
                    "(or the programme lead). Your %(count)d requests are waiting for approval.",
                    len(change.requested),
                )
                % {"count": len(change.requested)},
            )
            return redirect("accounts:user_edit", pk=user.pk)
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/manage/user_form.html",
        {
            "form": form,
            "formset": formset,
            "edited_user": user,
            "saved_name": saved_name,
            "editing_self": editing_self,
            "pending_requests": selectors.pending_role_requests_of(user),
            "can_reset_two_step": policy.can_reset_two_step(request.user, user)
            and selectors.has_confirmed_device(user),
        },
    )


@users_page
def user_two_step_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset someone's two-step login (she lost her phone and her recovery codes). Logged in
    the security log; she is told by e-mail."""
    user = get_object_or_404(selectors.people(), pk=pk)
    if not policy.can_reset_two_step(request.user, user):
        raise PermissionDenied
    if request.method == "POST":
        services.reset_two_step(user=user, actor=request.user)
        messages.success(
            request,
            _(
                "Two-step login of %(name)s has been reset. At the next login they set up "
                "their authenticator app again."
            )
            % {"name": user},
        )
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/manage/two_step_reset.html", {"edited_user": user})


# --- Application tokens (the partners' API, docs/api.md) ------------------------------------


@tokens_page
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApplicationToken.objects.select_related("organisation", "created_by", "revoked_by")
    return render(request, "accounts/manage/token_list.html", {"tokens": tokens})


@tokens_page
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token; the page that answers the POST shows it once (it is stored hashed)."""
    form = ApplicationTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_application_token(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            response = render(
                request,
                "accounts/manage/token_created.html",
                {"token": new.token, "text": new.text},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/manage/token_form.html", {"form": form})


@tokens_page
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApplicationToken.objects.select_related("organisation"), pk=pk)
    if request.method == "POST":
        services.revoke_application_token(actor=request.user, token=token)
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
        )
        return redirect("accounts:token_list")
    return render(request, "accounts/manage/token_revoke.html", {"token": token})
