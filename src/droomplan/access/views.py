"""Consent pages of a case: the list, recording a consent, withdrawing it, and the signed
form (a private file, served only here after the access check). Only the programme lead and
the family's current coach manage consents (Verb.MANAGE_CONSENT)."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.forms import run_service

from . import selectors, services
from .files import SUFFIXES, sniff_content_type
from .forms import ConsentForm, ResearchConsentForm, WithdrawForm
from .models import Consent, ConsentMethod, ResearchConsent
from .policy import Verb
from .shortcuts import get_participant, record_form_view

get_or_post = require_http_methods(["GET", "POST"])
PENDING_DIR = "consents/pending"
PENDING_SESSION_KEY = "consent_pending_uploads"
PENDING_MAX_AGE = datetime.timedelta(hours=12)


def _participant(request: HttpRequest, participant_pk):
    return get_participant(request, participant_pk, verb=Verb.MANAGE_CONSENT, object_type="consent")


def _list_url(participant) -> str:
    return reverse("access:consent_list", args=[participant.pk])


@login_required
@require_http_methods(["GET"])
def consent_list(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = _participant(request, participant_pk)
    consents = selectors.consents_of(participant)
    research = ResearchConsent.objects.filter(participant=participant).first()
    record(
        request=request,
        action=Action.VIEW,
        object_type="consent",
        object_id=participant.pk,
        participant=participant,
        detail="list",
    )
    return render(
        request,
        "access/consents/list.html",
        {
            "participant": participant,
            "consents": consents,
            "research": research,
            "research_now": research is not None and research.is_valid_on(timezone.localdate()),
        },
    )


# --- A pending upload: the file is kept while the rest of the form has errors ----------------


def _pending_uploads(request: HttpRequest) -> dict:
    return request.session.get(PENDING_SESSION_KEY, {})


def _keep_pending(request: HttpRequest, participant, upload, content_type: str) -> str:
    """Keep a valid upload privately while the form is corrected; return its token."""
    _remove_stale_pending()
    token = uuid.uuid4().hex
    upload.seek(0)
    name = default_storage.save(f"{PENDING_DIR}/{token}{SUFFIXES[content_type]}", upload)
    pending = _pending_uploads(request)
    pending[token] = {"name": name, "participant": participant.pk, "label": upload.name[:100]}
    request.session[PENDING_SESSION_KEY] = pending
    return token


def _pending_file(request: HttpRequest, participant, token: str):
    entry = _pending_uploads(request).get(token or "")
    if not entry or entry["participant"] != participant.pk:
        return None, None
    if not default_storage.exists(entry["name"]):
        return None, None
    return entry, File(default_storage.open(entry["name"], "rb"), name=entry["name"])


def _drop_pending(request: HttpRequest, token: str) -> None:
    pending = _pending_uploads(request)
    entry = pending.pop(token or "", None)
    if entry:
        request.session[PENDING_SESSION_KEY] = pending
        if default_storage.exists(entry["name"]):
            default_storage.delete(entry["name"])


def _remove_stale_pending() -> None:
    """Uploads of forms that were never finished are removed after a few hours."""
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    limit = timezone.now() - PENDING_MAX_AGE
    for filename in files:
        name = f"{PENDING_DIR}/{filename}"
        if default_storage.get_modified_time(name) < limit:
            default_storage.delete(name)


@login_required
@get_or_post
def consent_create(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = _participant(request, participant_pk)
    record_form_view(request, participant)
    token = request.POST.get("pending_file", "")
    pending_entry, pending_file = (
        _pending_file(request, participant, token) if request.method == "POST" else (None, None)
    )
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        pending_name=pending_entry["label"] if pending_entry else "",
    )
    if request.method == "POST":
        consent = run_service(
            form,
            lambda: services.record_consent(
                actor=request.user,
                participant=participant,
                organisation=form.cleaned_data["organisation"],
                scopes=form.cleaned_data["scopes"],
                given_on=form.cleaned_data["given_on"],
                expires_on=form.cleaned_data["expires_on"],
                method=form.cleaned_data["method"],
                form_file=(
                    (form.cleaned_data["form_file"] or pending_file)
                    if form.cleaned_data["method"] == ConsentMethod.SIGNED_FORM
                    else None
                ),
                note=form.cleaned_data["note"],
            ),
        )
        if pending_file is not None:
            pending_file.close()
        if consent is not None:
            _drop_pending(request, token)
            messages.success(
                request,
                _("The consent for %(organisation)s has been recorded.")
                % {"organisation": consent.organisation},
            )
            return redirect(_list_url(participant))
        upload = request.FILES.get("form_file")
        if upload and "form_file" not in form.errors and sniff_content_type(upload):
            # The file was fine; the rest of the form was not. Keep it so she need not choose
            # it again.
            _drop_pending(request, token)
            token = _keep_pending(request, participant, upload, sniff_content_type(upload))
            form.pending_name = upload.name[:100]
        elif pending_entry is None:
            token = ""
        data = form.data.copy()
        data["pending_file"] = token
        form.data = data
    return render(
        request,
        "access/consents/form.html",
        {"participant": participant, "form": form},
    )


@login_required
@get_or_post
def consent_withdraw(request: HttpRequest, participant_pk: int, consent_pk: int) -> HttpResponse:
    participant = _participant(request, participant_pk)
    consent = get_object_or_404(
        Consent.objects.select_related("organisation"), pk=consent_pk, participant=participant
    )
    record_form_view(request, participant, consent)
    if consent.withdrawn_on is not None:
        messages.info(request, _("This consent has already been withdrawn."))
        return redirect(_list_url(participant))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.withdraw_consent(
            actor=request.user, consent=consent, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(
            request,
            _("The consent has been withdrawn. %(organisation)s no longer sees her case.")
            % {"organisation": consent.organisation},
        )
        return redirect(_list_url(participant))
    return render(
        request,
        "access/consents/withdraw.html",
        {
            "participant": participant,
            "consent": selectors.annotate_status([consent])[0],
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET"])
def consent_form_file(request: HttpRequest, participant_pk: int, consent_pk: int):
    """The signed form, after the access check. Never reachable by a public URL."""
    participant = _participant(request, participant_pk)
    consent = get_object_or_404(Consent, pk=consent_pk, participant=participant)
    if not consent.form_file or not consent.form_file.storage.exists(consent.form_file.name):
        raise Http404
    record(
        request=request,
        action=Action.VIEW,
        object_type="consent_form",
        object_id=consent.pk,
        participant=participant,
    )
    content_type = consent.form_content_type or "application/octet-stream"
    suffix = SUFFIXES.get(content_type, "")
    # Always a download: an uploaded file is never rendered inside the application's pages.
    response = FileResponse(
        consent.form_file.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=f"toestemming-{participant.ref}-{consent.pk}{suffix}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@get_or_post
def research_consent(request: HttpRequest, participant_pk: int) -> HttpResponse:
    """Record whether she takes part in research (the pseudonymised research export)."""
    participant = _participant(request, participant_pk)
    record_form_view(request, participant)
    current = ResearchConsent.objects.filter(participant=participant).first()
    agrees_now = current is not None and current.is_valid_on(timezone.localdate())
    form = ResearchConsentForm(request.POST or None, agrees_now=agrees_now)
    saved = request.method == "POST" and run_service(
        form,
        lambda: services.set_research_consent(
            actor=request.user, participant=participant, **form.service_kwargs()
        ),
    )
    if saved:
        messages.success(
            request,
            _("Saved: she takes part in research.")
            if form.cleaned_data["agrees"] == "yes"
            else _("Saved: she does not take part in research. Later exports leave her out."),
        )
        return redirect(_list_url(participant))
    return render(
        request,
        "access/consents/research.html",
        {"participant": participant, "form": form, "current": current, "agrees_now": agrees_now},
    )
