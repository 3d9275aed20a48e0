"""Filling in a questionnaire herself ("Zelf invullen"): the self-report questionnaires that
are due for her (PSS-10, Positieve Gezondheid), on her phone. The measurement is stored through
`instruments.services.record_measurement` as filled in by her (`filled_in_by`), her coach sees
it and is told. Questionnaires only a professional may administer are never offered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import Verb
from droomplan.access.policy import portal as policy
from droomplan.access.shortcuts import deny
from droomplan.attention.kinds import PortalActivity
from droomplan.attention.services import notify_portal_activity
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.core.forms import run_service
from droomplan.instruments import selectors as instrument_selectors
from droomplan.instruments import services as instrument_services
from droomplan.instruments.definitions import SCALE_HINTS
from droomplan.instruments.forms import MeasurementForm
from droomplan.instruments.models import FilledInBy, Measurement, translated

from . import menu

menu.register(
    menu.MenuItem(
        label=gettext_lazy("Fill in yourself"),
        description=gettext_lazy("Short questionnaires about how you are doing"),
        url_name="portal:questionnaires",
        when=policy.can_use_portal,
        order=30,
    )
)


class SelfReportForm(MeasurementForm):
    """The questions only: the date is today and there is no professional's note."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["taken_on"]
        del self.fields["note"]


@allowed_if(policy.can_use_portal, object_type="measurement")
def questionnaires(request: HttpRequest) -> HttpResponse:
    participant = policy.own_participant(request.user)
    due = instrument_selectors.self_reports_due(participant)
    done = list(
        Measurement.objects.filter(participant=participant, filled_in_by=FilledInBy.PARTICIPANT)
        .select_related("instrument")
        .order_by("-taken_on", "-pk")[:10]
    )
    record(
        request=request,
        action=AuditAction.VIEW,
        object_type="measurement",
        object_id=participant.pk,
        participant=participant,
        detail="portal",
    )
    return render(
        request,
        "portal/questionnaires.html",
        {"due": due, "done": done, "back_url": reverse("portal:home")},
    )


@allowed_if(policy.can_use_portal, object_type="measurement")
def fill_in(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.own_participant(request.user)
    due = {
        r.instrument.code: r.instrument for r in instrument_selectors.self_reports_due(participant)
    }
    instrument = due.get(code)
    if instrument is None or not policy.can_fill_in(request.user, instrument):
        # Not a self-report questionnaire, or not due now: nothing to fill in.
        deny(
            request,
            object_type="measurement",
            object_id=code,
            verb=Verb.CREATE,
            participant=participant,
        )
        raise PermissionDenied
    labels = instrument_selectors.item_labels(participant.programme_id, instrument)
    form = SelfReportForm(request.POST or None, instrument=instrument, labels=labels)
    if request.method == "POST":
        measurement = run_service(
            form,
            lambda: instrument_services.record_measurement(
                participant=participant,
                instrument=instrument,
                taken_on=timezone.localdate(),
                answers=form.answers(),
                recorded_by=request.user,
                filled_in_by=FilledInBy.PARTICIPANT,
            ),
        )
        if measurement:
            notify_portal_activity(
                participant=participant,
                activity=PortalActivity.QUESTIONNAIRE,
                url=reverse("instruments:detail", args=[participant.pk, measurement.pk]),
            )
            messages.success(
                request, _("Thank you! Your answers are saved. Your coach can see them.")
            )
            return redirect("portal:questionnaires")
    else:
        record(
            request=request,
            action=AuditAction.VIEW,
            object_type="measurement",
            object_id=instrument.code,
            participant=participant,
            detail="portal form",
        )
    return render(
        request,
        "portal/questionnaire_form.html",
        {
            "form": form,
            "instrument": instrument,
            "hint": translated(SCALE_HINTS.get(instrument.code, "")),
            "back_url": reverse("portal:questionnaires"),
            "back_label": _("Back to the questionnaires"),
        },
        status=400 if request.method == "POST" else 200,
    )
