"""Programme management: programmes, their municipalities and cohorts (groups of mothers).

For the functional administrator and the programme lead (`access.policy.can_manage_programmes`)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import can_manage_programmes

from . import selectors, services
from .forms import CohortForm, MunicipalityForm, ProgrammeForm, ProgrammeMunicipalitiesForm
from .models import Cohort, Municipality, Programme

programme_managers = allowed_if(can_manage_programmes, object_type="programme")


# --- Programmes ------------------------------------------------------------------------------


@programme_managers
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": selectors.programmes_with_counts()},
    )


def _programme_form_page(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    saved_name = programme.name if programme else ""
    form = ProgrammeForm(data, instance=programme)
    area_form = ProgrammeMunicipalitiesForm(data, instance=programme, prefix="area")
    if data is not None and form.is_valid() and area_form.is_valid():
        values = {**form.cleaned_data, "municipalities": area_form.cleaned_data["municipalities"]}
        if programme is None:
            programme = services.create_programme(**values)
            messages.success(
                request, _("Programme “%(name)s” has been added.") % {"name": programme.name}
            )
        else:
            services.update_programme(programme=programme, **values)
            messages.success(
                request, _("Programme “%(name)s” has been saved.") % {"name": programme.name}
            )
        return redirect("programmes:programme_detail", pk=programme.pk)
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "area_form": area_form, "programme": programme, "saved_name": saved_name},
    )


@programme_managers
def programme_create(request: HttpRequest) -> HttpResponse:
    return _programme_form_page(request, None)


@programme_managers
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_form_page(request, get_object_or_404(Programme, pk=pk))


@programme_managers
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(selectors.programme_with_municipalities(), pk=pk)
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "cohorts": selectors.cohorts_of(programme)},
    )


# --- Cohorts ---------------------------------------------------------------------------------


def _cohort_form_page(
    request: HttpRequest, programme: Programme, cohort: Cohort | None
) -> HttpResponse:
    saved_name = cohort.name if cohort else ""
    form = CohortForm(
        request.POST or None,
        instance=cohort or Cohort(programme=programme),
        programme=programme,
    )
    if request.method == "POST" and form.is_valid():
        if cohort is None:
            cohort = services.create_cohort(programme=programme, **form.cleaned_data)
            message = _("Group “%(name)s” has been added.")
        else:
            services.update_cohort(cohort=cohort, **form.cleaned_data)
            message = _("Group “%(name)s” has been saved.")
        messages.success(request, message % {"name": cohort.name})
        return redirect("programmes:programme_detail", pk=programme.pk)
    return render(
        request,
        "programmes/cohort_form.html",
        {"form": form, "programme": programme, "cohort": cohort, "saved_name": saved_name},
    )


@programme_managers
def cohort_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _cohort_form_page(request, get_object_or_404(Programme, pk=pk), None)


@programme_managers
def cohort_edit(request: HttpRequest, pk: int, cohort_pk: int) -> HttpResponse:
    cohort = get_object_or_404(
        Cohort.objects.select_related("programme"), pk=cohort_pk, programme_id=pk
    )
    return _cohort_form_page(request, cohort.programme, cohort)


# --- Municipalities --------------------------------------------------------------------------


@programme_managers
def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/municipality_list.html",
        {"municipalities": selectors.municipalities_with_counts()},
    )


def _municipality_form_page(
    request: HttpRequest, municipality: Municipality | None
) -> HttpResponse:
    saved_name = municipality.name if municipality else ""
    form = MunicipalityForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        if municipality is None:
            municipality = services.create_municipality(**form.cleaned_data)
            message = _("Municipality “%(name)s” has been added.")
        else:
            services.update_municipality(municipality=municipality, **form.cleaned_data)
            message = _("Municipality “%(name)s” has been saved.")
        messages.success(request, message % {"name": municipality.name})
        return redirect("programmes:municipality_list")
    return render(
        request,
        "programmes/municipality_form.html",
        {"form": form, "municipality": municipality, "saved_name": saved_name},
    )


@programme_managers
def municipality_create(request: HttpRequest) -> HttpResponse:
    return _municipality_form_page(request, None)


@programme_managers
def municipality_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _municipality_form_page(request, get_object_or_404(Municipality, pk=pk))
