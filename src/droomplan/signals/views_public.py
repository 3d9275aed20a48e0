"""The public signal form: no login. A teacher, GP, neighbour or the mother herself passes on
a worry to the municipality's contact person.

Protection without third-party services: a honeypot field, a rate limit per IP address
(stored hashed in the database), a maximum request size and per-field limits. Input is
cleaned by the form and always shown escaped."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from droomplan.core.forms import run_service
from droomplan.programmes.models import Municipality

from . import ratelimit, selectors, services
from .forms import HONEYPOT, SignalForm, programme_municipalities
from .models import Channel

DEFAULT_MAX_BODY_BYTES = 64 * 1024


def max_body_bytes() -> int:
    return int(getattr(settings, "SIGNALS_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


def _municipality(code: str):
    """The municipality and its programme, or (None, None) for an unknown code."""
    municipality = Municipality.objects.filter(cbs_code=code.upper()[:6]).first()
    programme = selectors.programme_for(municipality) if municipality else None
    if programme is None:
        return None, None
    return municipality, programme


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "signals/public/unknown_municipality.html",
        {"municipalities": programme_municipalities()},
        status=404,
    )


def choose(request: HttpRequest) -> HttpResponse:
    return render(
        request, "signals/public/choose.html", {"municipalities": programme_municipalities()}
    )


@require_http_methods(["GET", "POST"])
def signal_form(request: HttpRequest, code: str) -> HttpResponse:
    municipality, programme = _municipality(code)
    if programme is None:
        return _not_found(request)
    context = {"municipality": municipality, "programme": programme, "honeypot": HONEYPOT}
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_body_bytes():
            return render(request, "signals/public/too_large.html", context, status=413)
        verdict = ratelimit.check_and_count(request)
        if not verdict.allowed:
            response = render(
                request,
                "signals/public/too_many.html",
                {**context, "retry_at": timezone.localtime(verdict.retry_at)},
                status=429,
            )
            response["Retry-After"] = str(verdict.retry_after_seconds)
            return response
        if request.POST.get(HONEYPOT):
            # A bot filled in the hidden field: answer as if all went well, keep nothing.
            return redirect("signals_public:thanks", code=municipality.cbs_code)
    form = SignalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.receive_signal(
            programme=programme,
            municipality=municipality,
            data=form.signal_data(),
            channel=Channel.WEB,
        ),
    ):
        return redirect("signals_public:thanks", code=municipality.cbs_code)
    return render(request, "signals/public/form.html", {**context, "form": form})


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    municipality, programme = _municipality(code)
    if programme is None:
        return _not_found(request)
    return render(
        request,
        "signals/public/thanks.html",
        {"municipality": municipality, "days": programme.signal_first_contact_days},
    )
