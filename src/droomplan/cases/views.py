"""Pages of the case file. Thin: load through `access`, parse with a form, call a service or
selector, render. Participants are only loaded with `access.shortcuts.get_participant`."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import (
    Verb,
    can,
    can_list_cases,
    consented_domains,
    consented_domains_by_organisation,
    consented_domains_by_participant,
    contact_filter,
    may_share_note,
    sees_every_case,
    sees_only_shared_cases,
    sees_whole_case,
    sharing_organisations,
    visible_domains,
    visible_participants,
)
from droomplan.access.shortcuts import READ_VERBS, get_participant, record_form_view, require
from droomplan.audit.models import Action
from droomplan.audit.services import one_entry_per_view, record, record_many
from droomplan.core.domains import LifeDomain
from droomplan.core.forms import run_service
from droomplan.core.pagination import CappedPaginator
from droomplan.core.sections import (
    part_url,
    parts,
    render_one,
    render_sections,
    render_summaries,
)

from . import selectors, services
from .forms import (
    AdmitForm,
    CaseloadFilterForm,
    ChildEditForm,
    ChildFormSet,
    CoachForm,
    CohortForm,
    ContactForm,
    EndForm,
    IntakeForm,
    ParticipantForm,
    StartForm,
)
from .models import Child, Contact, Participant, Status

PER_PAGE = 50
# Items of the timeline per page of the part "Contacten en tijdlijn" (older ones: "Oudere").
TIMELINE_PER_PAGE = 50


def _participant(request: HttpRequest, pk, verb: str) -> Participant:
    """Load the participant for `verb` (logs denials, and the read when a form page shows)."""
    participant = get_participant(request, pk, verb=verb)
    if verb not in READ_VERBS:
        record_form_view(request, participant)
    return participant


def _case_form(
    request: HttpRequest,
    participant: Participant,
    form,
    *,
    title: str,
    submit: str,
    intro: str = "",
    template: str = "cases/case_form.html",
    **extra,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "participant": participant,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            **extra,
        },
    )


# --- Caseload --------------------------------------------------------------------------------


@allowed_if(can_list_cases, object_type="caseload", verb=Verb.LIST)
def caseload(request: HttpRequest) -> HttpResponse:
    filter_form = CaseloadFilterForm(request.GET or None, every_case=sees_every_case(request.user))
    filters = filter_form.filters() if request.GET else {}
    if sees_only_shared_cases(request.user):
        return _partner_caseload(request, filter_form, filters.get("search", ""))
    is_filtered = any(filters.values())
    families = selectors.caseload(request.user, **filters)
    page = CappedPaginator(families, PER_PAGE).get_page(request.GET.get("page"))
    record_many(
        request=request,
        action=Action.SEARCH if is_filtered else Action.LIST,
        object_type="case",
        participants=page.object_list,
        detail="caseload",
    )
    return render(
        request,
        "cases/caseload.html",
        {
            "filter_form": filter_form,
            "page": page,
            "is_filtered": is_filtered,
            "only_own": not sees_every_case(request.user),
            "can_create": can(request.user, Verb.CREATE),
        },
    )


def _partner_caseload(request: HttpRequest, filter_form, search: str) -> HttpResponse:
    """The partner's list: name, case number, coach and what is shared. Only a search by
    name or case number (filters on status, group or open actions would reveal parts of the
    case she has no consent for)."""
    families = selectors.caseload(request.user, search=search)
    page = CappedPaginator(families, PER_PAGE).get_page(request.GET.get("page"))
    record_many(
        request=request,
        action=Action.SEARCH if search else Action.LIST,
        object_type="case",
        participants=page.object_list,
        detail="caseload",
    )
    labels = dict(LifeDomain.choices)
    domains = consented_domains_by_participant(request.user, page.object_list)
    for participant in page.object_list:
        participant.shared_domains = [
            labels[code] for code in LifeDomain.values if code in domains[participant.pk]
        ]
    return render(
        request,
        "cases/caseload_partner.html",
        {
            "filter_form": filter_form,
            "page": page,
            "is_filtered": bool(search),
        },
    )


# --- Intake ----------------------------------------------------------------------------------


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    require(request, Verb.CREATE, object_type="intake")
    data = request.POST if request.method == "POST" else None
    form = IntakeForm(data, user=request.user)
    children = ChildFormSet(data, prefix="children")
    participant = (
        request.method == "POST"
        and children.is_valid()
        and run_service(
            form,
            lambda: services.register_participant(
                actor=request.user,
                children=[services.ChildData(**f.cleaned_data) for f in children.filled_forms()],
                **form.cleaned_data,
            ),
        )
    )
    if participant:
        messages.success(
            request,
            _("%(name)s is registered with case number %(ref)s.")
            % {"name": participant.full_name, "ref": participant.ref},
        )
        return redirect("cases:detail", pk=participant.pk)
    return render(
        request,
        "cases/intake.html",
        {"form": form, "children": children, "duplicates": duplicate_matches(request, form)},
    )


def duplicate_matches(request: HttpRequest, form) -> list[tuple[Participant, bool]]:
    """The files a registration form matched, each with whether the user may open it. Only
    those she may open are named (and their names logged as read); the others are only
    counted, so the check reveals no family of another coach."""
    if not form.duplicates:
        return []
    may_open = set(
        visible_participants(request.user)
        .filter(pk__in=[p.pk for p in form.duplicates])
        .values_list("pk", flat=True)
    )
    shown = [p for p in form.duplicates if p.pk in may_open]
    record_many(
        request=request,
        action=Action.SEARCH,
        object_type="case",
        participants=shown,
        detail="duplicate check",
    )
    return [(p, p.pk in may_open) for p in form.duplicates]


# --- The case page ---------------------------------------------------------------------------


@login_required
def case_detail(request: HttpRequest, pk) -> HttpResponse:
    """The overview of the case file: who she is, her coach and status, what needs attention
    and her open goals; every other part is one summary line linking to its own page
    (`case_part`). One access-log entry per view, naming every part shown
    (`audit.one_entry_per_view`)."""
    with one_entry_per_view():
        participant = get_participant(request, pk, verb=Verb.VIEW)
        if not sees_whole_case(request.user, participant):
            return _shared_case_detail(request, participant)
        return _case_page(request, participant, part=None)


# The case file's own parts (besides the sections of other apps): her details with their
# history, and the contacts with the timeline.
DETAILS_PART = "gegevens"
TIMELINE_PART = "contacten"


def _own_parts() -> list[tuple[str, str]]:
    return [(DETAILS_PART, _("Details")), (TIMELINE_PART, _("Contacts and timeline"))]


@login_required
def case_part(request: HttpRequest, pk, part: str) -> HttpResponse:
    """One part of the case file on its own page (a tab that works without JavaScript): a
    section of another app (plan, measurements, life domains, privacy...), her details, or
    the timeline of contacts. For those who see the whole case; a partner has her own,
    smaller case page. One access-log entry per view."""
    with one_entry_per_view():
        participant = get_participant(request, pk, verb=Verb.VIEW_ALL)
        if part not in dict(_own_parts()) and part not in dict(parts()):
            raise Http404
        return _case_page(request, participant, part=part)


def _timeline_cursor(request: HttpRequest) -> tuple[selectors.TimelineCursor | None, bool]:
    """The page of the timeline asked for (`?ouder=`, see `selectors.TimelineCursor`): None
    for the newest; and whether what was asked could not be read (then the newest is shown,
    with a message)."""
    value = request.GET.get("ouder", "")
    if not value:
        return None, False
    try:
        return selectors.TimelineCursor.parse(value), False
    except ValueError:
        return None, True


def _link_other_pages(contacts: list[Contact]) -> None:
    """A correction and the note it corrects may be on different pages of the timeline:
    give each one the query string of the page it is on (`page_query`, empty on this page)."""
    shown = {c.pk for c in contacts}

    def query(c: Contact) -> str:
        if c.pk in shown:
            return ""
        return "?ouder=" + selectors.TimelineCursor.including(c.date, c.created_at).token

    for c in contacts:
        if c.corrects is not None:
            c.corrects.page_query = query(c.corrects)
        for fix in c.corrections.all():
            fix.page_query = query(fix)


def _case_page(request: HttpRequest, participant: Participant, *, part: str | None):
    timeline_asked = part == TIMELINE_PART
    before, bad_cursor = _timeline_cursor(request) if timeline_asked else (None, False)
    case = selectors.case_file(
        participant,
        request.user,
        with_timeline=timeline_asked,
        with_details=part == DETAILS_PART,
        with_overview=part is None,
        before=before,
        limit=TIMELINE_PER_PAGE,
    )
    if timeline_asked:
        _link_other_pages(case.contacts)
        shown = f"{len(case.timeline)} items ({len(case.contacts)} contact moments)"
        where = f"before {before.date.isoformat()}" if before else "newest first"
        record(
            request=request,
            action=Action.VIEW,
            object_type="contact",
            participant=participant,
            object_id="timeline",
            detail=f"{shown}, {where}",
        )
    if case.current is not None:
        participant.current_coach_id = case.current.coach_id  # spares the policy a query
    user = request.user
    domains = visible_domains(user, participant)
    sections, summaries = [], []
    if part is None:
        summaries = render_summaries(request, participant, domains)
    elif part not in dict(_own_parts()):
        sections = [render_one(request, participant, domains, part)]
    own = _own_parts()
    return render(
        request,
        "cases/case_detail.html",
        {
            "participant": participant,
            "part": part,
            "parts": [own[0], *parts(), own[1]],
            "details_part": DETAILS_PART,
            "timeline_part": TIMELINE_PART,
            "case": case,
            "may_edit": can(user, Verb.EDIT, participant),
            "may_change_status": can(user, Verb.CHANGE_STATUS, participant),
            "may_assign_coach": can(user, Verb.ASSIGN_COACH, participant),
            "may_override": can(user, Verb.OVERRIDE_ELIGIBILITY, participant),
            "editable_contacts": {
                c.pk for c in case.contacts if services.contact_is_editable(c, user)
            },
            "sections": sections,
            "plan_summary": next((s for s in summaries if s.wide), None),
            "summaries": [s for s in summaries if not s.wide],
            "contact_summary": case.contact_summary,
            "timeline_before": before,
            "timeline_bad_cursor": bad_cursor,
            "Status": Status,
        },
    )


def _shared_case_detail(request: HttpRequest, participant: Participant) -> HttpResponse:
    """The case as a partner sees it: her name, case number and coach, the sections of the
    life domains she consented to share, and the contact notes shared with the partner's
    organisation. Nothing else (a separate template, so new parts of the full case page are
    never shown to partners by accident)."""
    user = request.user
    domains = visible_domains(user, participant)
    current = participant.current_assignment()
    if current is not None:
        participant.current_coach_id = current.coach_id
    contacts = list(
        participant.contacts.filter(contact_filter(user, participant))
        .distinct()
        .select_related("author", "corrects")
        .order_by("-date", "-created_at", "-pk")
    )
    labels = dict(LifeDomain.choices)
    return render(
        request,
        "cases/case_detail_shared.html",
        {
            "participant": participant,
            "coach": current.coach if current else None,
            "domains": [labels[code] for code in LifeDomain.values if code in domains],
            "contacts": contacts,
            "shown_contacts": {c.pk for c in contacts},
            "may_add_contact": can(user, Verb.ADD_CONTACT, participant),
            "sections": render_sections(request, participant, domains),
            "Status": Status,
        },
    )


@login_required
@require_POST
def handover_read(request: HttpRequest, pk) -> HttpResponse:
    participant = get_participant(request, pk, verb=Verb.VIEW_ALL)
    assignment = participant.current_assignment()
    if assignment is not None:
        services.mark_handover_read(actor=request.user, assignment=assignment)
    return redirect("cases:detail", pk=participant.pk)


# --- Details and children --------------------------------------------------------------------


@login_required
def participant_edit(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request, pk, Verb.EDIT)
    # The form works on a copy, so the page keeps showing the saved name while it has errors.
    form = ParticipantForm(request.POST or None, instance=copy.copy(participant))
    if request.method == "POST" and run_service(
        form,
        lambda: services.update_participant(
            actor=request.user, participant=participant, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The details have been saved."))
        return redirect(part_url(participant, DETAILS_PART))
    return _case_form(request, participant, form, title=_("Edit details"), submit=_("Save details"))


@login_required
def child_edit(request: HttpRequest, pk, child_pk: int | None = None) -> HttpResponse:
    participant = _participant(request, pk, Verb.EDIT)
    child = None
    if child_pk is not None:
        child = get_object_or_404(Child, participant=participant, pk=child_pk)
    form = ChildEditForm(request.POST or None, instance=copy.copy(child) if child else None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.save_child(
            actor=request.user, participant=participant, child=child, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The child's details have been saved."))
        return redirect(part_url(participant, DETAILS_PART))
    return _case_form(
        request,
        participant,
        form,
        title=_("Edit child") if child else _("Add a child"),
        submit=_("Save child"),
    )


# --- Status, group, eligibility --------------------------------------------------------------


@login_required
def start(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request, pk, Verb.CHANGE_STATUS)
    form = StartForm(request.POST or None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.start_trajectory(
            actor=request.user,
            participant=participant,
            start_date=form.cleaned_data["start_date"],
        ),
    ):
        messages.success(request, _("The trajectory has started."))
        return redirect(part_url(participant, DETAILS_PART))
    return _case_form(
        request,
        participant,
        form,
        title=_("Start the trajectory"),
        submit=_("Start the trajectory"),
        intro=_("From this date she takes part in the programme. Her status becomes active."),
    )


@login_required
def end(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request, pk, Verb.CHANGE_STATUS)
    form = EndForm(request.POST or None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.end_trajectory(
            actor=request.user, participant=participant, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The trajectory has ended."))
        return redirect(part_url(participant, DETAILS_PART))
    return _case_form(
        request,
        participant,
        form,
        title=_("End the trajectory"),
        submit=_("End the trajectory"),
        intro=_("The case is kept, with its history. You cannot undo this here."),
    )


@login_required
def cohort(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request, pk, Verb.EDIT)
    form = CohortForm(request.POST or None, participant=participant)
    if request.method == "POST" and run_service(
        form,
        lambda: services.set_cohort(
            actor=request.user, participant=participant, cohort=form.cleaned_data["cohort"]
        ),
    ):
        if participant.on_waiting_list:
            messages.warning(
                request,
                _("The group is full. She is now on the waiting list of %(group)s.")
                % {"group": participant.cohort},
            )
        else:
            messages.success(request, _("The group has been saved."))
        return redirect(part_url(participant, DETAILS_PART))
    return _case_form(request, participant, form, title=_("Choose a group"), submit=_("Save"))


@login_required
def admit(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request, pk, Verb.OVERRIDE_ELIGIBILITY)
    form = AdmitForm(request.POST or None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.admit_despite_rules(
            actor=request.user, participant=participant, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("She is admitted. The reason has been recorded."))
        return redirect(part_url(participant, DETAILS_PART))
    return _case_form(
        request,
        participant,
        form,
        title=_("Admit despite the rules"),
        submit=_("Admit her"),
        intro=_(
            "She does not meet every rule. Write down why she may take part anyway. "
            "This is kept in her file."
        ),
        eligibility=selectors.eligibility_for(participant),
    )


# --- Coach -----------------------------------------------------------------------------------


@login_required
def coach(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request, pk, Verb.ASSIGN_COACH)
    current = participant.current_assignment()
    form = CoachForm(request.POST or None)
    if request.method == "POST" and run_service(
        form,
        lambda: services.assign_coach(
            actor=request.user, participant=participant, **form.cleaned_data
        ),
    ):
        messages.success(
            request,
            _("%(name)s is now the coach of this family.") % {"name": form.cleaned_data["coach"]},
        )
        return redirect(part_url(participant, DETAILS_PART))
    return _case_form(
        request,
        participant,
        form,
        title=_("Change coach") if current else _("Choose a coach"),
        submit=_("Save coach"),
        intro=(
            _("The current coach is %(name)s. The new coach sees your handover note first.")
            % {"name": current.coach}
            if current
            else _("This family has no coach yet.")
        ),
    )


# --- Contact moments -------------------------------------------------------------------------


def _partner_domains(request: HttpRequest, participant: Participant) -> dict:
    """A partner's note is shared with her own organisation, automatically: her form asks
    only for the domain, from the ones her organisation may see."""
    if sees_whole_case(request.user, participant):
        return {}
    return {"partner_domains": consented_domains(request.user, participant)}


def _after_contact(request: HttpRequest, participant: Participant) -> str:
    """Where a saved contact moment returns to: the timeline part (a partner, who has no
    part pages, to her case page)."""
    if sees_whole_case(request.user, participant):
        return part_url(participant, TIMELINE_PART, "timeline")
    return reverse("cases:detail", args=[participant.pk])


def _contact_fields(form) -> dict:
    fields = dict(form.cleaned_data)
    fields["shared_with"] = list(fields.get("shared_with") or [])
    return fields


@login_required
def contact_add(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request, pk, Verb.ADD_CONTACT)
    whole_case = sees_whole_case(request.user, participant)
    form = ContactForm(
        request.POST or None, participant=participant, **_partner_domains(request, participant)
    )

    def fields() -> dict:
        data = _contact_fields(form)
        if not whole_case:
            consented = consented_domains_by_organisation(participant)
            data["shared_with"] = [
                org
                for org in sharing_organisations(request.user, participant)
                if may_share_note(consented, org, data["domain"])
            ]
        return data

    if request.method == "POST" and run_service(
        form,
        lambda: services.log_contact(actor=request.user, participant=participant, **fields()),
    ):
        messages.success(request, _("The contact moment has been saved."))
        return redirect(_after_contact(request, participant))
    return _case_form(
        request,
        participant,
        form,
        title=_("Add a contact moment"),
        submit=_("Save contact moment"),
        intro=(
            _("You can change it yourself for 24 hours. After that you add a correction.")
            if whole_case
            else _("The coach and your own organisation can read this note. It cannot be changed.")
        ),
    )


@login_required
def contact_edit(request: HttpRequest, pk, contact_pk: int) -> HttpResponse:
    participant = _participant(request, pk, Verb.EDIT)
    contact = get_object_or_404(Contact, participant=participant, pk=contact_pk)
    if not services.contact_is_editable(contact, request.user):
        messages.info(request, _("This note can no longer be changed. Add a correction instead."))
        return redirect("cases:contact_correct", pk=participant.pk, contact_pk=contact.pk)
    form = ContactForm(
        request.POST or None,
        instance=copy.copy(contact),
        participant=participant,
        **_partner_domains(request, participant),
    )
    if request.method == "GET":
        form.initial["shared_with"] = list(contact.shared_with.values_list("pk", flat=True))
    if request.method == "POST" and run_service(
        form,
        lambda: services.edit_contact(actor=request.user, contact=contact, **_contact_fields(form)),
    ):
        messages.success(request, _("The contact moment has been changed."))
        return redirect(_after_contact(request, participant))
    return _case_form(
        request,
        participant,
        form,
        title=_("Change contact moment"),
        submit=_("Save changes"),
    )


@login_required
def contact_correct(request: HttpRequest, pk, contact_pk: int) -> HttpResponse:
    participant = _participant(request, pk, Verb.EDIT)
    original = get_object_or_404(
        Contact.objects.select_related("author"), participant=participant, pk=contact_pk
    )
    initial = {
        "date": original.date,
        "kind": original.kind,
        "duration_minutes": original.duration_minutes,
        "note": original.note,
        "domain": original.domain,
        "shared_with": list(original.shared_with.values_list("pk", flat=True)),
        "professionals_only": original.professionals_only,
        "professionals_only_reason": original.professionals_only_reason,
    }
    form = ContactForm(
        request.POST or None,
        initial=initial,
        participant=participant,
        **_partner_domains(request, participant),
    )
    if request.method == "POST" and run_service(
        form,
        lambda: services.log_contact(
            actor=request.user,
            participant=participant,
            corrects=original,
            **_contact_fields(form),
        ),
    ):
        messages.success(request, _("The correction has been saved."))
        return redirect(_after_contact(request, participant))
    return _case_form(
        request,
        participant,
        form,
        title=_("Correct a contact moment"),
        submit=_("Save correction"),
        intro=_(
            "The original note stays in the file. Your correction is shown with it. "
            "Write the note as it should have been."
        ),
        original=original,
    )
