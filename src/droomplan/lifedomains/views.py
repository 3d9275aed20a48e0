"""Pages to keep debts, housing, education and work up to date. Thin: load the participant
through `access` (view the case, then edit the record's life domain, so a partner works here
only under consent for that domain), parse the form, call a service, go back to the case page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from droomplan.access.policy import Verb
from droomplan.access.shortcuts import get_participant, record_form_view, require
from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain
from droomplan.core.forms import run_service
from droomplan.core.sections import part_url

from . import services
from .forms import (
    DebtForm,
    DebtInventoryForm,
    DebtRouteForm,
    EducationForm,
    HousingForm,
    WorkForm,
)
from .models import Debt, DebtRoute, Education, HousingStatus, WorkPlacement

get_or_post = require_http_methods(["GET", "POST"])


def case_url(participant: Participant, anchor: str = "levensdomeinen") -> str:
    return part_url(participant, "lifedomains", anchor)


def editable_participant(
    request: HttpRequest, participant_pk: int, *, domain: str, object_type: str
) -> Participant:
    """The participant, if the user may see her case and edit records in `domain`."""
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type=object_type)
    require(request, Verb.EDIT, participant, object_type=object_type, domain=domain)
    return participant


@dataclass(frozen=True)
class Tracker:
    """One kind of record: what the generic add / change / delete pages need."""

    model: type[models.Model]
    domain: str
    form: type
    form_kwarg: str  # the form's and the update service's keyword for the instance
    create: Callable
    update: Callable
    delete: Callable
    anchor: str
    add_title: str
    edit_title: str
    delete_title: str
    added: str
    saved: str
    deleted: str
    intro: str = ""

    @property
    def object_type(self) -> str:
        return self.model._meta.model_name

    def load(self, participant: Participant, pk: int):
        queryset = self.model.objects.all()
        if self.model is WorkPlacement:
            queryset = queryset.select_related("employer_organisation")
        return get_object_or_404(queryset, pk=pk, participant=participant)


DEBTS = Tracker(
    model=Debt,
    domain=LifeDomain.FINANCES,
    form=DebtForm,
    form_kwarg="debt",
    create=services.create_debt,
    update=services.update_debt,
    delete=services.delete_debt,
    anchor="schulden",
    add_title=gettext_lazy("Register a debt"),
    edit_title=gettext_lazy("Change the debt"),
    delete_title=gettext_lazy("Remove the debt"),
    added=gettext_lazy("The debt has been registered."),
    saved=gettext_lazy("The debt has been saved."),
    deleted=gettext_lazy("The debt has been removed."),
    intro=gettext_lazy(
        "One debt per creditor. Choose the route it is on now; when the credit bank takes it "
        "over with a consolidation loan, change the route on the debt's route page."
    ),
)
HOUSING = Tracker(
    model=HousingStatus,
    domain=LifeDomain.FAMILY_STABILITY,
    form=HousingForm,
    form_kwarg="housing",
    create=services.create_housing,
    update=services.update_housing,
    delete=services.delete_housing,
    anchor="wonen",
    add_title=gettext_lazy("Record the housing situation"),
    edit_title=gettext_lazy("Change the housing situation"),
    delete_title=gettext_lazy("Remove the housing situation"),
    added=gettext_lazy("The housing situation has been recorded."),
    saved=gettext_lazy("The housing situation has been saved."),
    deleted=gettext_lazy("The housing situation has been removed."),
    intro=gettext_lazy(
        "Add a new record when her housing changes (a move, a new contract). "
        "The most recent record up to today is her current housing."
    ),
)
EDUCATION = Tracker(
    model=Education,
    domain=LifeDomain.EDUCATION,
    form=EducationForm,
    form_kwarg="education",
    create=services.create_education,
    update=services.update_education,
    delete=services.delete_education,
    anchor="opleiding",
    add_title=gettext_lazy("Add an education"),
    edit_title=gettext_lazy("Change the education"),
    delete_title=gettext_lazy("Remove the education"),
    added=gettext_lazy("The education has been added."),
    saved=gettext_lazy("The education has been saved."),
    deleted=gettext_lazy("The education has been removed."),
)
WORK = Tracker(
    model=WorkPlacement,
    domain=LifeDomain.EMPLOYMENT,
    form=WorkForm,
    form_kwarg="work",
    create=services.create_work,
    update=services.update_work,
    delete=services.delete_work,
    anchor="werk",
    add_title=gettext_lazy("Add work"),
    edit_title=gettext_lazy("Change the work"),
    delete_title=gettext_lazy("Remove the work"),
    added=gettext_lazy("The work has been added."),
    saved=gettext_lazy("The work has been saved."),
    deleted=gettext_lazy("The work has been removed."),
    intro=gettext_lazy(
        "Paid work, paid work with support (e.g. a job coach or wage subsidy), an internship "
        "or volunteer work. Internships and volunteer work count as steps on the participation "
        "ladder, not as paid work."
    ),
)


def _form_page(request, participant, form, *, title, back_url, status=200, **extra):
    context = {
        "participant": participant,
        "form": form,
        "title": title,
        "back_url": back_url,
        **extra,
    }
    return render(request, "lifedomains/form.html", context, status=status)


def create_view(tracker: Tracker):
    @login_required
    @get_or_post
    def view(request: HttpRequest, participant_pk: int) -> HttpResponse:
        participant = editable_participant(
            request, participant_pk, domain=tracker.domain, object_type=tracker.object_type
        )
        form = tracker.form(request.POST or None)
        if request.method == "POST":
            saved = run_service(
                form,
                lambda: tracker.create(
                    actor=request.user, participant=participant, **form.service_kwargs()
                ),
            )
            if saved is not None:
                messages.success(request, str(tracker.added))
                return redirect(case_url(participant, f"{tracker.anchor}-{saved.pk}"))
        return _form_page(
            request,
            participant,
            form,
            title=tracker.add_title,
            intro=tracker.intro,
            back_url=case_url(participant, tracker.anchor),
        )

    return view


def edit_view(tracker: Tracker, pk_name: str):
    @login_required
    @get_or_post
    def view(request: HttpRequest, participant_pk: int, **kwargs) -> HttpResponse:
        participant = editable_participant(
            request, participant_pk, domain=tracker.domain, object_type=tracker.object_type
        )
        obj = tracker.load(participant, kwargs[pk_name])
        form = tracker.form(request.POST or None, **{tracker.form_kwarg: obj})
        if request.method == "POST":
            saved = run_service(
                form,
                lambda: tracker.update(
                    actor=request.user, **{tracker.form_kwarg: obj}, **form.service_kwargs()
                ),
            )
            if saved is not None:
                messages.success(request, str(tracker.saved))
                return redirect(case_url(participant, f"{tracker.anchor}-{obj.pk}"))
        else:
            record_form_view(request, participant, obj)
        return _form_page(
            request,
            participant,
            form,
            title=tracker.edit_title,
            back_url=case_url(participant, f"{tracker.anchor}-{obj.pk}"),
            delete_url=reverse(
                f"lifedomains:{URL_PREFIX[tracker.model]}_delete",
                kwargs={"participant_pk": participant.pk, pk_name: obj.pk},
            ),
            route_url=reverse(
                "lifedomains:debt_route",
                kwargs={"participant_pk": participant.pk, "debt_pk": obj.pk},
            )
            if tracker.model is Debt
            else "",
            obj=obj,
        )

    return view


def delete_view(tracker: Tracker, pk_name: str):
    @login_required
    @get_or_post
    def view(request: HttpRequest, participant_pk: int, **kwargs) -> HttpResponse:
        participant = editable_participant(
            request, participant_pk, domain=tracker.domain, object_type=tracker.object_type
        )
        obj = tracker.load(participant, kwargs[pk_name])
        if request.method == "POST":
            tracker.delete(actor=request.user, **{tracker.form_kwarg: obj})
            messages.success(request, str(tracker.deleted))
            return redirect(case_url(participant, tracker.anchor))
        record_form_view(request, participant, obj)
        return render(
            request,
            "lifedomains/delete.html",
            {
                "participant": participant,
                "obj": obj,
                "title": tracker.delete_title,
                "back_url": case_url(participant, f"{tracker.anchor}-{obj.pk}"),
            },
        )

    return view


URL_PREFIX = {Debt: "debt", HousingStatus: "housing", Education: "education", WorkPlacement: "work"}

debt_create = create_view(DEBTS)
debt_edit = edit_view(DEBTS, "debt_pk")
debt_delete = delete_view(DEBTS, "debt_pk")
housing_create = create_view(HOUSING)
housing_edit = edit_view(HOUSING, "housing_pk")
housing_delete = delete_view(HOUSING, "housing_pk")
education_create = create_view(EDUCATION)
education_edit = edit_view(EDUCATION, "education_pk")
education_delete = delete_view(EDUCATION, "education_pk")
work_create = create_view(WORK)
work_edit = edit_view(WORK, "work_pk")
work_delete = delete_view(WORK, "work_pk")


# --- The debt inventory ------------------------------------------------------------------------


@login_required
@get_or_post
def debt_inventory(request: HttpRequest, participant_pk: int) -> HttpResponse:
    """The day her debt situation was inventoried (the outcome report's "known debt
    situation")."""
    participant = editable_participant(
        request, participant_pk, domain=LifeDomain.FINANCES, object_type="debt_inventory"
    )
    form = DebtInventoryForm(request.POST or None, participant=participant)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.set_debt_inventory(
                actor=request.user, participant=participant, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, _("The debt inventory has been saved."))
            return redirect(case_url(participant, "schulden"))
    return _form_page(
        request,
        participant,
        form,
        title=gettext_lazy("Debt inventory"),
        back_url=case_url(participant, "schulden"),
    )


# --- The route of a debt -----------------------------------------------------------------------


@login_required
@get_or_post
def debt_route(request: HttpRequest, participant_pk: int, debt_pk: int) -> HttpResponse:
    """The debt's route so far, and the form to put it on its next route."""
    participant = editable_participant(
        request, participant_pk, domain=LifeDomain.FINANCES, object_type="debt"
    )
    debt = DEBTS.load(participant, debt_pk)
    form = DebtRouteForm(request.POST or None, initial={"route": request.GET.get("route", "")})
    if request.method == "POST":
        step = run_service(
            form,
            lambda: services.change_debt_route(
                actor=request.user, debt=debt, **form.service_kwargs()
            ),
        )
        if step is not None:
            messages.success(
                request,
                _("The debt is now on the route “%(route)s”.")
                % {"route": step.get_route_display()},
            )
            return redirect(case_url(participant, f"schulden-{debt.pk}"))
    else:
        record_form_view(request, participant, debt)
    steps = list(
        debt.route_changes.select_related("changed_by").order_by("date", "created_at", "pk")
    )
    return render(
        request,
        "lifedomains/debt_route.html",
        {
            "participant": participant,
            "debt": debt,
            "steps": steps,
            "form": form,
            "routes": DebtRoute,
            "back_url": case_url(participant, f"schulden-{debt.pk}"),
        },
    )


@login_required
@require_POST
def debt_route_undo(request: HttpRequest, participant_pk: int, debt_pk: int) -> HttpResponse:
    participant = editable_participant(
        request, participant_pk, domain=LifeDomain.FINANCES, object_type="debt"
    )
    debt = DEBTS.load(participant, debt_pk)
    try:
        services.undo_route_change(actor=request.user, debt=debt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The last step of the route has been taken back."))
    return redirect(reverse("lifedomains:debt_route", args=[participant.pk, debt.pk]))
