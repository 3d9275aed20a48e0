"""The rights pages of her portal: who may see what (her consents, with withdrawal), who
looked in her file, her data (readable PDF and JSON), how it goes (her results in plain words)
and her contact moments. Thin: ask `access.policy.portal_rights`, call a selector or service,
log her read (actor = her), render."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from droomplan.access import inzage, selectors, services
from droomplan.access.decorators import allowed_if
from droomplan.access.models import Consent
from droomplan.access.policy import Verb
from droomplan.access.policy import portal_rights as policy
from droomplan.access.policy.portal import own_participant
from droomplan.access.shortcuts import deny
from droomplan.audit.models import Action
from droomplan.audit.selectors import her_access_log
from droomplan.audit.services import record
from droomplan.cases.selectors import contacts_for_her
from droomplan.core.forms import StyledForm
from droomplan.instruments.selectors import results_in_words
from droomplan.jobs import POLL_SECONDS, enqueue
from droomplan.jobs.selectors import own_job
from droomplan.lifedomains.selectors import debts_in_words

from .menu import MenuItem, register

register(
    MenuItem(
        gettext_lazy("How it is going"),
        gettext_lazy("Your results in plain words"),
        "portal:results",
        policy.can_see_rights_pages,
        order=40,
    )
)
register(
    MenuItem(
        gettext_lazy("Contact moments"),
        gettext_lazy("When you spoke with your coach and others"),
        "portal:contacts",
        policy.can_see_rights_pages,
        order=45,
    )
)
register(
    MenuItem(
        gettext_lazy("Who may see what"),
        gettext_lazy("Your consents: which organisation sees which part of your file"),
        "portal:consents",
        policy.can_see_rights_pages,
        order=60,
    )
)
register(
    MenuItem(
        gettext_lazy("Who looked in my file"),
        gettext_lazy("Who looked at your file, and when"),
        "portal:access_log",
        policy.can_see_rights_pages,
        order=70,
    )
)
register(
    MenuItem(
        gettext_lazy("My data"),
        gettext_lazy("Download everything we keep about you"),
        "portal:my_data",
        policy.can_see_rights_pages,
        order=80,
    )
)


def _her(request: HttpRequest, object_type: str, detail: str = ""):
    """Her own case, with her read of this page in the access log (actor = her)."""
    participant = own_participant(request.user)
    record(
        request=request,
        action=Action.VIEW,
        object_type=object_type,
        object_id=participant.pk,
        participant=participant,
        detail=detail,
    )
    return participant


# --- Wie mag wat zien ------------------------------------------------------------------------


@allowed_if(policy.can_see_rights_pages, object_type="consent")
def consents(request: HttpRequest) -> HttpResponse:
    participant = _her(request, "consent", detail="portal")
    return render(
        request,
        "portal/consents.html",
        {
            "participant": participant,
            "consents": selectors.consents_in_words(participant),
            "back_url": reverse("portal:home"),
        },
    )


class WithdrawForm(StyledForm):
    reason = forms.CharField(
        label=gettext_lazy("Why do you withdraw it? (you do not have to say)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@allowed_if(policy.can_see_rights_pages, object_type="consent")
def consent_withdraw(request: HttpRequest, consent_pk) -> HttpResponse:
    participant = own_participant(request.user)
    consent = (
        Consent.objects.filter(participant=participant, pk=consent_pk)
        .select_related("organisation")
        .first()
        if str(consent_pk).isdigit()
        else None
    )
    if consent is None:  # not hers, or no such consent: its existence is not revealed
        deny(request, object_type="consent", object_id=consent_pk, verb="edit")
        raise Http404
    if not policy.can_withdraw_consent(request.user, consent):
        messages.info(request, _("This consent has already been withdrawn."))
        return redirect("portal:consents")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_own_consent(
                actor=request.user, consent=consent, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your consent has been withdrawn. From today %(organisation)s no longer "
                    "sees anything of your file. Your coach has been told."
                )
                % {"organisation": consent.organisation.name},
            )
            return redirect("portal:consents")
    record(
        request=request,
        action=Action.VIEW,
        object_type="consent",
        object_id=consent.pk,
        participant=participant,
        detail="portal: withdraw form",
    )
    return render(
        request,
        "portal/consent_withdraw.html",
        {
            "participant": participant,
            "consent": selectors.consent_in_words(consent),
            "form": form,
            "back_url": reverse("portal:consents"),
            "back_label": _("Back to who may see what"),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Wie keek in mijn dossier ----------------------------------------------------------------


@allowed_if(policy.can_see_rights_pages, object_type="access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    participant = _her(request, "access_log", detail="portal")
    return render(
        request,
        "portal/access_log.html",
        {
            "participant": participant,
            "page": her_access_log(participant, page=request.GET.get("page")),
            "back_url": reverse("portal:home"),
        },
    )


# --- Mijn gegevens ---------------------------------------------------------------------------


@allowed_if(policy.can_see_rights_pages, object_type="inzage")
def my_data(request: HttpRequest) -> HttpResponse:
    participant = own_participant(request.user)
    fmt = request.POST.get("format") if request.method == "POST" else None
    if fmt in {"pdf", "json"}:
        # Made by a background job; her page for it shows the progress, then the download.
        job = enqueue(
            inzage.INZAGE_JOB,
            owner=request.user,
            actor_id=request.user.pk,
            participant_id=participant.pk,
            fmt=fmt,
            for_her=True,
        )
        return redirect("portal:my_data_job", job_pk=job.pk)
    _her(request, "inzage", detail="portal")
    return render(
        request,
        "portal/my_data.html",
        {"participant": participant, "back_url": reverse("portal:home")},
    )


@allowed_if(policy.can_see_rights_pages, object_type="inzage")
def my_data_job(request: HttpRequest, job_pk) -> HttpResponse:
    """Her download being made: the job's status (polled), then the download link. Only
    her own job; any other is not found (and the attempt logged)."""
    job = own_job(request.user, job_pk)
    if job is None:
        deny(request, object_type="job", object_id=job_pk, verb=Verb.VIEW)
        raise Http404
    return render(
        request,
        "portal/my_data_job.html",
        {"job": job, "poll_seconds": POLL_SECONDS, "back_url": reverse("portal:my_data")},
    )


# --- Zo gaat het -----------------------------------------------------------------------------


@allowed_if(policy.can_see_rights_pages, object_type="measurement")
def results(request: HttpRequest) -> HttpResponse:
    participant = _her(request, "measurement", detail="portal: results")
    return render(
        request,
        "portal/results.html",
        {
            "participant": participant,
            "results": results_in_words(participant),
            "debts": debts_in_words(participant),
            "back_url": reverse("portal:home"),
        },
    )


# --- Contactmomenten -------------------------------------------------------------------------


@allowed_if(policy.can_see_rights_pages, object_type="contact")
def contacts(request: HttpRequest) -> HttpResponse:
    participant = _her(request, "contact", detail="portal")
    return render(
        request,
        "portal/contacts.html",
        {
            "participant": participant,
            "contacts": contacts_for_her(participant, text_filter=policy.contact_text_filter()),
            "back_url": reverse("portal:home"),
        },
    )
