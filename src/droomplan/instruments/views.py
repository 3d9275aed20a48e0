"""Measurement pages of a case: list and progress, choose an instrument, enter, view, change,
remove. Thin: load the participant through `access`, check the instrument's life domains, call
a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from droomplan.access.policy import (
    Verb,
    can_in_every_domain,
    can_manage_instruments,
    visible_domains,
)
from droomplan.access.shortcuts import deny, get_participant, record_form_view
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.cases.models import Participant
from droomplan.core.forms import run_service

from . import selectors, services
from .definitions import SCALE_HINTS
from .forms import DeleteForm, MeasurementForm
from .models import Instrument, Measurement, translated, version_for

OBJECT_TYPE = "measurement"
get_or_post = require_http_methods(["GET", "POST"])


def may_enter(user, participant: Participant, instrument: Instrument) -> bool:
    """Entering (or changing) a measurement needs every life domain the instrument touches."""
    return can_in_every_domain(user, Verb.EDIT, participant, instrument.life_domains())


def _instrument(request, participant, code: str, *, verb: str) -> Instrument:
    instrument = selectors.instrument_map().get(code)
    if instrument is None:
        raise Http404
    if verb == Verb.VIEW:
        allowed = instrument.visible_to(visible_domains(request.user, participant))
    else:
        allowed = may_enter(request.user, participant, instrument)
    if not allowed:
        deny(request, object_type=OBJECT_TYPE, object_id=code, verb=verb, participant=participant)
        raise PermissionDenied
    return instrument


def _measurement(request, participant, measurement_pk: int, *, verb: str) -> Measurement:
    measurement = Measurement.objects.filter(pk=measurement_pk, participant=participant).first()
    if measurement is None:
        raise Http404
    measurement.instrument = _instrument(
        request, participant, measurement.instrument.code, verb=verb
    )
    return measurement


def _list_url(participant) -> str:
    return reverse("instruments:list", args=[participant.pk])


@login_required
def measurement_list(request: HttpRequest, participant_pk: int) -> HttpResponse:
    """All her measurements the user may see, the schedule and the progress charts."""
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type=OBJECT_TYPE)
    domains = visible_domains(request.user, participant)
    if not any(i.visible_to(domains) for i in selectors.instruments()):
        deny(
            request, object_type=OBJECT_TYPE, object_id="", verb=Verb.VIEW, participant=participant
        )
        raise PermissionDenied
    context = selectors.progress_context(request.user, participant, domains)
    record(
        request=request,
        action=Action.LIST,
        object_type=OBJECT_TYPE,
        participant=participant,
        object_id=participant.pk,
        detail=f"{len(context['measurements'])} measurements",
    )
    return render(request, "instruments/list.html", context)


@login_required
def choose(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type=OBJECT_TYPE)
    options = [
        i
        for i in selectors.instruments(active_only=True)
        if may_enter(request.user, participant, i)
    ]
    if not options:
        deny(
            request, object_type=OBJECT_TYPE, object_id="", verb=Verb.EDIT, participant=participant
        )
        raise PermissionDenied
    record_form_view(request, participant)
    return render(
        request, "instruments/choose.html", {"participant": participant, "options": options}
    )


def _form_page(request, participant, form, instrument, *, title, version, labels, measurement=None):
    # Licensed item texts that her programme has not loaded yet: one clear line (and, for the
    # functional admin, the link to the page where the programme loads its own wording).
    texts_missing = instrument.has_licensed_texts and len(labels) < len(instrument.item_list)
    return render(
        request,
        "instruments/form.html",
        {
            "participant": participant,
            "instrument": instrument,
            "version": version,
            "form": form,
            "title": title,
            "hint": version.display_scale_hint or translated(SCALE_HINTS.get(instrument.code, "")),
            "texts_missing": texts_missing,
            "labels_url": reverse("instruments_manage:detail", args=[instrument.code])
            if texts_missing and can_manage_instruments(request.user)
            else "",
            "measurement": measurement,
            "back_url": reverse("instruments:detail", args=[participant.pk, measurement.pk])
            if measurement
            else _list_url(participant),
        },
    )


@login_required
@get_or_post
def create(request: HttpRequest, participant_pk: int, instrument_code: str) -> HttpResponse:
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type=OBJECT_TYPE)
    instrument = _instrument(request, participant, instrument_code, verb=Verb.EDIT)
    if not instrument.active:
        raise Http404
    record_form_view(request, participant)
    labels = selectors.item_labels(participant.programme_id, instrument)
    version = version_for(instrument, participant.programme_id)
    form = MeasurementForm(
        request.POST or None, instrument=instrument, labels=labels, version=version
    )
    measurement = request.method == "POST" and run_service(
        form,
        lambda: services.record_measurement(
            participant=participant,
            instrument=instrument,
            version=version,
            taken_on=form.cleaned_data["taken_on"],
            answers=form.answers(),
            note=form.cleaned_data["note"],
            recorded_by=request.user,
        ),
    )
    if measurement:
        messages.success(request, _("The measurement has been saved."))
        return redirect("instruments:detail", participant.pk, measurement.pk)
    return _form_page(
        request,
        participant,
        form,
        instrument,
        title=_("New measurement: %(name)s") % {"name": instrument.display_name},
        version=version,
        labels=labels,
    )


@login_required
def detail(request: HttpRequest, participant_pk: int, measurement_pk: int) -> HttpResponse:
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type=OBJECT_TYPE)
    measurement = _measurement(request, participant, measurement_pk, verb=Verb.VIEW)
    instrument = measurement.instrument
    domains = visible_domains(request.user, participant)
    record(
        request=request,
        action=Action.VIEW,
        object_type=OBJECT_TYPE,
        object_id=measurement.pk,
        participant=participant,
    )
    labels = selectors.item_labels(participant.programme_id, instrument)
    items = instrument.visible_items(domains)
    full = instrument.fully_visible_to(domains)
    ranges = {i.code: (i.min_value, i.max_value) for i in measurement.definition().items}
    answers = [
        (
            item,
            labels.get(item.pk) or item.display_label(),
            measurement.answers.get(item.code),
            ranges.get(item.code, (item.min_value, item.max_value)),
        )
        for item in items
    ]
    groups = []
    if full:
        for group in instrument.groups:
            code = group.get("code")
            if code in measurement.group_scores and any(i.group == code for i in items):
                groups.append((instrument.group_label(code), measurement.group_scores[code]))
    return render(
        request,
        "instruments/detail.html",
        {
            "participant": participant,
            "measurement": measurement,
            "instrument": instrument,
            "answers": answers,
            "groups": groups if len(groups) != len(answers) else [],
            "show_total": full and instrument.shows_total,
            "band": instrument.band_label(measurement.band) if measurement.band else "",
            "can_change": may_enter(request.user, participant, instrument),
        },
    )


@login_required
@get_or_post
def edit(request: HttpRequest, participant_pk: int, measurement_pk: int) -> HttpResponse:
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type=OBJECT_TYPE)
    measurement = _measurement(request, participant, measurement_pk, verb=Verb.EDIT)
    instrument = measurement.instrument
    record_form_view(request, participant, measurement)
    labels = selectors.item_labels(participant.programme_id, instrument)
    form = MeasurementForm(
        request.POST or None,
        instrument=instrument,
        labels=labels,
        initial=MeasurementForm.initial_from(measurement),
        record=measurement,
        version=measurement.instrument_version,
    )
    saved = request.method == "POST" and run_service(
        form,
        lambda: services.update_measurement(
            measurement=measurement,
            taken_on=form.cleaned_data["taken_on"],
            answers=form.answers(),
            note=form.cleaned_data["note"],
            updated_by=request.user,
        ),
    )
    if saved:
        messages.success(request, _("The measurement has been changed."))
        return redirect("instruments:detail", participant.pk, measurement.pk)
    return _form_page(
        request,
        participant,
        form,
        instrument,
        title=_("Change measurement: %(name)s") % {"name": instrument.display_name},
        measurement=measurement,
        version=measurement.instrument_version,
        labels=labels,
    )


@login_required
@get_or_post
def delete(request: HttpRequest, participant_pk: int, measurement_pk: int) -> HttpResponse:
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type=OBJECT_TYPE)
    measurement = _measurement(request, participant, measurement_pk, verb=Verb.EDIT)
    record_form_view(request, participant, measurement)
    form = DeleteForm(request.POST or None)
    deleted = request.method == "POST" and run_service(
        form,
        lambda: (
            services.delete_measurement(
                measurement=measurement, reason=form.cleaned_data["reason"], deleted_by=request.user
            )
            or True
        ),
    )
    if deleted:
        messages.success(request, _("The measurement has been removed."))
        return redirect(_list_url(participant))
    return render(
        request,
        "instruments/delete.html",
        {"participant": participant, "measurement": measurement, "form": form},
    )
