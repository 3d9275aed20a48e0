"""The partners' API, version 1 (docs/api.md). Thin, like the web's views: every object comes
from `access` (`get_participant`, `require`, `visible_participants`), every read leaves the
access-log entry its web page leaves, and every write goes through the app's service (which
logs the change). The API adds no access rule of its own: a token acts as a partner
professional of its organisation, a session as the person logged in."""

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from droomplan.access import selectors as access_selectors
from droomplan.access.policy import (
    ALL_DOMAINS,
    Verb,
    can_in_every_domain,
    can_list_cases,
    consented_domains_by_participant,
    contact_filter,
    sees_whole_case,
    sharing_organisations,
    visible_domains,
    visible_participants,
)
from droomplan.access.shortcuts import deny, get_participant, refuse, require
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record, record_many
from droomplan.cases import services as case_services
from droomplan.cases.models import CoachAssignment, Contact
from droomplan.core.domains import LifeDomain
from droomplan.core.services import AlreadySubmitted, submit_once
from droomplan.instruments import selectors as instrument_selectors
from droomplan.instruments import services as instrument_services
from droomplan.instruments.models import Measurement, version_for
from droomplan.lifedomains import services as lifedomain_services
from droomplan.lifedomains.models import Debt, Education, HousingStatus, WorkPlacement
from droomplan.plans import selectors as plan_selectors
from droomplan.plans import services as plan_services
from droomplan.plans.models import Action, Goal
from droomplan.programmes.models import Municipality
from droomplan.signals import selectors as signal_selectors
from droomplan.signals import services as signal_services
from droomplan.signals.models import Channel

from . import serializers as s
from .pagination import Cursor
from .permissions import HasTokenScope
from .problems import PreconditionFailed, PreconditionRequired

READ = "cases:read"

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A unique key per record to create: a retried POST with the same key "
    "creates nothing new and answers with the first record.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the record as you fetched it; a stale one gets 412.",
)


class ApiView(GenericAPIView):
    """Base of every endpoint: authenticated, token scopes, problem details, Dutch unless the
    caller asks for English."""

    permission_classes = [IsAuthenticated, HasTokenScope]
    read_scope = READ
    write_scope: str | None = None
    object_type = "case"

    def initial(self, request, *args, **kwargs):
        # Inside the LanguageMiddleware's override: only for this request. The API honours
        # Accept-Language (a system has no language switch), Dutch unless it asks for English.
        accept = request.headers.get("Accept-Language", "").strip().lower()
        translation.activate("en" if accept.startswith("en") else "nl")
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def participant(self, verb=Verb.VIEW, *, domain=None, object_type=None):
        return get_participant(
            self.request,
            self.kwargs["participant_pk"],
            verb=verb,
            object_type=object_type or self.object_type,
            domain=domain,
        )

    def editable(self, domain, *, object_type=None):
        """The participant, if the caller may see her case and edit in `domain` (the web's
        `editable_participant`)."""
        object_type = object_type or self.object_type
        participant = self.participant(Verb.VIEW, object_type=object_type)
        require(self.request, Verb.EDIT, participant, object_type=object_type, domain=domain)
        return participant

    def valid(self, serializer_class, *, partial=False):
        serializer = serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def once(self, save):
        """Run a create service at most once per Idempotency-Key (core.services.submit_once,
        as the web's create forms). Returns (record, created)."""
        key = self.request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return save(), True
        if len(key) > 200:
            raise exceptions.ValidationError(
                {"Idempotency-Key": [_("Use at most 200 characters.")]}
            )
        token = hashlib.sha256(f"api:{self.request.user.pk}:{key}".encode()).hexdigest()
        try:
            return submit_once(token=token, save=save), True
        except AlreadySubmitted as first:
            return first.result, False


def if_match(request, record) -> int:
    """The version the caller saw (from If-Match), refused at once when it is old."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    value = header.removeprefix("W/").strip('"')
    if header == "*":
        return record.version
    if not value.isdigit() or int(value) != record.version:
        raise PreconditionFailed(record.version)
    return int(value)


def with_etag(response: Response, record) -> Response:
    response["ETag"] = f'"{record.version}"'
    return response


def updated_since(request):
    """The moment of `?updated_since=` (ISO 8601, a date or a date and time), in UTC; a 400
    for anything else (also an offset or a year a database cannot store)."""
    value = request.query_params.get("updated_since")
    if not value:
        return None
    problem = exceptions.ValidationError(
        {"updated_since": [_("Use a date and time such as 2026-01-31T12:00:00Z.")]}
    )
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value) if len(value) == 10 else None
            if day is None:
                raise problem
            moment = datetime.datetime.combine(day, datetime.time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment = moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise problem from None
    if moment.year < 1900:
        moment = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
    return moment


UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    datetime.datetime,
    description="Only what changed at or after this moment (ISO 8601), for synchronising.",
)


# --- Participants ----------------------------------------------------------------------------


class ParticipantList(ApiView):
    """The families the caller may see (a partner: those with a valid consent for her
    organisation). Each one shown is written in her access log, as on the caseload page."""

    serializer_class = s.ParticipantSerializer
    pagination_class = Cursor

    @extend_schema(
        operation_id="participants_list",
        responses=s.ParticipantSerializer(many=True),
        parameters=[
            OpenApiParameter("case_number", str, description="Exactly this case number."),
            UPDATED_SINCE,
        ],
    )
    def get(self, request):
        if not can_list_cases(request.user):
            refuse(request, "caseload", verb=Verb.LIST)
        current = CoachAssignment.objects.current().filter(participant=OuterRef("pk"))
        qs = visible_participants(request.user).annotate(
            current_coach_id=Subquery(current.values("coach_id")[:1])
        )
        case_number = request.query_params.get("case_number", "").strip()
        since = updated_since(request)
        if case_number:
            qs = qs.filter(ref=case_number[:50])
        if since is not None:
            qs = qs.filter(updated_at__gte=since)
        page = self.paginate_queryset(qs)
        domains = self.domains(request.user, page)
        record_many(
            request=request,
            action=AuditAction.SEARCH if case_number or since else AuditAction.LIST,
            object_type="case",
            participants=page,
            detail="api",
        )
        data = s.ParticipantSerializer(page, many=True, context={"domains": domains}).data
        return self.get_paginated_response(data)

    @staticmethod
    def domains(user, participants):
        """What `visible_domains` answers for each, in one query for the whole page."""
        partnered = consented_domains_by_participant(user, participants)
        return {
            p.pk: ALL_DOMAINS if sees_whole_case(user, p) else partnered.get(p.pk, frozenset())
            for p in participants
        }


class ParticipantDetail(ApiView):
    serializer_class = s.ParticipantSerializer

    def get(self, request, participant_pk):
        participant = self.participant()
        domains = {participant.pk: visible_domains(request.user, participant)}
        return Response(s.ParticipantSerializer(participant, context={"domains": domains}).data)


# --- Debts (life domain: finances) -----------------------------------------------------------


class DebtList(ApiView):
    """Her debts (finances). A credit bank's token needs her consent for finances."""

    serializer_class = s.DebtSerializer
    write_scope = "lifedomains:write"
    object_type = "debt"

    @extend_schema(responses=s.DebtSerializer(many=True), parameters=[UPDATED_SINCE])
    def get(self, request, participant_pk):
        participant = self.participant(domain=LifeDomain.FINANCES)
        debts = Debt.objects.filter(participant=participant).order_by("registered_on", "pk")
        since = updated_since(request)
        if since is not None:
            debts = debts.filter(updated_at__gte=since)
        return Response(s.DebtSerializer(debts, many=True).data)

    @extend_schema(
        request=s.DebtCreateSerializer,
        responses={201: s.DebtSerializer, 200: s.DebtSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, participant_pk):
        participant = self.editable(LifeDomain.FINANCES)
        data = self.valid(s.DebtCreateSerializer)
        debt, created = self.once(
            lambda: lifedomain_services.create_debt(
                actor=request.user, participant=participant, **data
            )
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return with_etag(Response(s.DebtSerializer(debt).data, status=code), debt)


class DebtDetail(ApiView):
    serializer_class = s.DebtSerializer
    write_scope = "lifedomains:write"
    object_type = "debt"

    def load(self, participant) -> Debt:
        return get_object_or_404(Debt, participant=participant, pk=self.kwargs["pk"])

    def get(self, request, participant_pk, pk):
        debt = self.load(self.participant(domain=LifeDomain.FINANCES))
        return with_etag(Response(s.DebtSerializer(debt).data), debt)

    @extend_schema(
        request=s.DebtUpdateSerializer, responses=s.DebtSerializer, parameters=[IF_MATCH]
    )
    def patch(self, request, participant_pk, pk):
        debt = self.load(self.editable(LifeDomain.FINANCES))
        data = self.valid(s.DebtUpdateSerializer, partial=True)
        version = if_match(request, debt)
        values = {
            name: data.get(name, getattr(debt, name))
            for name in ("creditor", "amount", "registered_on", "settled_on", "note")
        }
        debt = lifedomain_services.update_debt(
            actor=request.user, debt=debt, version=version, **values
        )
        return with_etag(Response(s.DebtSerializer(debt).data), debt)


class DebtRouteView(ApiView):
    """Put the debt on its next route (a consolidation loan of the credit bank, a debt
    arrangement...); 'paid_off' and 'remitted' settle it on that date."""

    serializer_class = s.DebtSerializer
    write_scope = "lifedomains:write"
    object_type = "debt"

    @extend_schema(
        request=s.DebtRouteInputSerializer, responses=s.DebtSerializer, parameters=[IF_MATCH]
    )
    def post(self, request, participant_pk, pk):
        participant = self.editable(LifeDomain.FINANCES)
        debt = get_object_or_404(Debt, participant=participant, pk=pk)
        data = self.valid(s.DebtRouteInputSerializer)
        if_match(request, debt)
        lifedomain_services.change_debt_route(actor=request.user, debt=debt, **data)
        debt.refresh_from_db()
        return with_etag(Response(s.DebtSerializer(debt).data), debt)


# --- Housing, education, work (read, create) -------------------------------------------------


class TrackerList(ApiView):
    """Her records of one life domain (housing: family stability; education; work:
    employment), and a new one. Subclasses name the model, domain, serializers and service."""

    write_scope = "lifedomains:write"
    model = None
    domain = ""
    create_serializer = None
    order_by: tuple[str, ...] = ("pk",)

    def create(self, **kwargs):  # pragma: no cover (each subclass has its service)
        raise NotImplementedError

    def get(self, request, participant_pk):
        participant = self.participant(domain=self.domain)
        records = self.model.objects.filter(participant=participant).order_by(*self.order_by)
        since = updated_since(request)
        if since is not None:
            records = records.filter(updated_at__gte=since)
        return Response(self.serializer_class(records, many=True).data)

    def post(self, request, participant_pk):
        participant = self.editable(self.domain)
        data = self.valid(self.create_serializer)
        record_, created = self.once(
            lambda: self.create(actor=request.user, participant=participant, **data)
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.serializer_class(record_).data, status=code)


def tracker(model, domain, read, write, service, order_by, doc):
    list_schema = extend_schema(responses=read(many=True), parameters=[UPDATED_SINCE])
    create_schema = extend_schema(
        request=write, responses={201: read, 200: read}, parameters=[IDEMPOTENCY_KEY]
    )
    view = type(
        f"{model.__name__}List",
        (TrackerList,),
        {
            "__doc__": doc,
            "model": model,
            "domain": domain,
            "serializer_class": read,
            "create_serializer": write,
            "object_type": model._meta.model_name,
            "order_by": order_by,
            "create": lambda self, **kwargs: service(**kwargs),
            "get": list_schema(TrackerList.get),
            "post": create_schema(TrackerList.post),
        },
    )
    return view


HousingList = tracker(
    HousingStatus,
    LifeDomain.FAMILY_STABILITY,
    s.HousingSerializer,
    s.HousingCreateSerializer,
    lifedomain_services.create_housing,
    ("date", "pk"),
    "Her housing over time (family stability); the latest up to today is her current home.",
)
EducationList = tracker(
    Education,
    LifeDomain.EDUCATION,
    s.EducationSerializer,
    s.EducationCreateSerializer,
    lifedomain_services.create_education,
    ("started_on", "pk"),
    "Her educations (education).",
)
WorkList = tracker(
    WorkPlacement,
    LifeDomain.EMPLOYMENT,
    s.WorkSerializer,
    s.WorkCreateSerializer,
    lifedomain_services.create_work,
    ("started_on", "pk"),
    "Her work: paid, supported, internships, volunteering (employment).",
)


# --- The plan --------------------------------------------------------------------------------


class PlanView(ApiView):
    """Her plan as the caller may see it: everything for her coach and the programme lead; a
    partner sees the goals (and their actions) of the consented life domains, no dreams."""

    serializer_class = s.PlanSerializer
    object_type = "plan"

    def get(self, request, participant_pk):
        participant = self.participant()
        domains = visible_domains(request.user, participant)
        plan = plan_selectors.plan_for(participant, request.user, domains=domains)
        data = {"scoped": plan["scoped"], "dreams": plan["dreams"], "goals": plan["goals"]}
        return Response(s.PlanSerializer(data).data)


class ActionCreate(ApiView):
    """Add an action to a goal (as on the case page: in a consented life domain)."""

    serializer_class = s.ActionSerializer
    write_scope = "plan:write"
    object_type = "plan"

    @extend_schema(
        request=s.ActionCreateSerializer,
        responses={201: s.ActionSerializer, 200: s.ActionSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, participant_pk, goal_pk):
        domain = (
            Goal.objects.filter(pk=goal_pk, participant_id=participant_pk)
            .values_list("domain", flat=True)
            .first()
        )
        participant = self.participant(Verb.EDIT, domain=domain)
        goal = get_object_or_404(Goal, pk=goal_pk, participant=participant)
        data = self.valid(s.ActionCreateSerializer)
        action, created = self.once(
            lambda: plan_services.create_action(actor=request.user, goal=goal, **data)
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return with_etag(Response(s.ActionSerializer(action).data, status=code), action)


class ActionDetail(ApiView):
    serializer_class = s.ActionSerializer
    write_scope = "plan:write"
    object_type = "plan"

    def domain(self) -> str | None:
        return (
            Action.objects.filter(
                pk=self.kwargs["pk"], goal__participant_id=self.kwargs["participant_pk"]
            )
            .values_list("goal__domain", flat=True)
            .first()
        )

    def load(self, participant) -> Action:
        return get_object_or_404(
            Action.objects.select_related("goal"),
            pk=self.kwargs["pk"],
            goal__participant=participant,
        )

    def get(self, request, participant_pk, pk):
        action = self.load(self.participant(domain=self.domain()))
        return with_etag(Response(s.ActionSerializer(action).data), action)

    @extend_schema(
        request=s.ActionUpdateSerializer, responses=s.ActionSerializer, parameters=[IF_MATCH]
    )
    def patch(self, request, participant_pk, pk):
        participant = self.participant(Verb.EDIT, domain=self.domain())
        action = self.load(participant)
        data = self.valid(s.ActionUpdateSerializer, partial=True)
        version = if_match(request, action)
        done = data.pop("done", None)
        done_on = data.pop("done_on", None)
        if data:
            values = {
                "description": data.get("description", action.description),
                "owner": data.get("owner", action.owner),
                "organisation": data.get("organisation", action.organisation),
                "due_date": data.get("due_date", action.due_date),
            }
            action = plan_services.update_action(
                actor=request.user, action=action, version=version, **values
            )
        if done is not None:
            action = plan_services.mark_action_done(
                actor=request.user, action=action, done=done, on_date=done_on
            )
        action.refresh_from_db()
        return with_etag(Response(s.ActionSerializer(action).data), action)


# --- Contacts --------------------------------------------------------------------------------


class ContactList(ApiView):
    """The contact notes the caller may read (a partner: those shared with her organisation),
    and a new note (a partner's is shared with her own organisation, as on the web)."""

    serializer_class = s.ContactSerializer
    write_scope = "contacts:write"
    object_type = "contact"

    @extend_schema(responses=s.ContactSerializer(many=True))
    def get(self, request, participant_pk):
        participant = self.participant()
        contacts = (
            Contact.objects.filter(participant=participant)
            .select_related("author")
            .prefetch_related("shared_with")
            .order_by("-date", "-created_at", "-pk")
        )
        allowed = contact_filter(request.user, participant)
        if allowed is not None:
            contacts = contacts.filter(allowed).distinct()
        return Response(s.ContactSerializer(contacts, many=True).data)

    @extend_schema(
        request=s.ContactCreateSerializer,
        responses={201: s.ContactSerializer, 200: s.ContactSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, participant_pk):
        participant = self.participant(Verb.ADD_CONTACT)
        data = self.valid(s.ContactCreateSerializer)
        if not sees_whole_case(request.user, participant):
            data["shared_with"] = sharing_organisations(request.user, participant)
        contact, created = self.once(
            lambda: case_services.log_contact(actor=request.user, participant=participant, **data)
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.ContactSerializer(contact).data, status=code)


# --- Measurements ----------------------------------------------------------------------------


class MeasurementList(ApiView):
    """Her measurements with their scores, as her measurement page shows them: the
    instruments of the life domains the caller may see (a partner: the consented ones; of the
    Bridge and the ZRM only the items in those domains, without a total), and a new one
    (the caller needs every life domain the instrument touches, as on the web)."""

    serializer_class = s.MeasurementSerializer
    pagination_class = Cursor
    write_scope = "measurements:write"
    object_type = "measurement"

    @extend_schema(responses=s.MeasurementSerializer(many=True), parameters=[UPDATED_SINCE])
    def get(self, request, participant_pk):
        participant = self.participant()
        domains = visible_domains(request.user, participant)
        visible = {i.pk: i for i in instrument_selectors.visible_instruments(domains)}
        if not visible:
            refuse_participant(request, participant, self.object_type)
        qs = Measurement.objects.filter(
            participant=participant, instrument_id__in=list(visible)
        ).select_related("instrument_version")
        since = updated_since(request)
        if since is not None:
            qs = qs.filter(updated_at__gte=since)
        page = self.paginate_queryset(qs)
        for measurement in page:
            measurement.instrument = visible[measurement.instrument_id]
        record(
            request=request,
            action=AuditAction.LIST,
            object_type=self.object_type,
            participant=participant,
            object_id=participant.pk,
            detail=f"api: {len(page)} measurements",
        )
        data = [s.measurement_data(m, domains) for m in page]
        return self.get_paginated_response(s.MeasurementSerializer(data, many=True).data)

    @extend_schema(
        request=s.MeasurementCreateSerializer,
        responses={201: s.MeasurementSerializer, 200: s.MeasurementSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, participant_pk):
        participant = self.participant()
        instruments = instrument_selectors.instrument_map(active_only=True)
        enterable = {
            code: i
            for code, i in instruments.items()
            if can_in_every_domain(request.user, Verb.EDIT, participant, i.life_domains())
        }
        if not enterable:  # the web's "choose a questionnaire" page refuses her too
            refuse_participant(request, participant, self.object_type, verb=Verb.EDIT)
        data = dict(self.valid(s.MeasurementCreateSerializer))
        code = data.pop("instrument")
        instrument = enterable.get(code)
        if instrument is None:
            if code in instruments:  # an instrument of a life domain she may not change
                refuse_participant(request, participant, self.object_type, verb=Verb.EDIT)
            raise exceptions.ValidationError(
                {"instrument": [_("Unknown instrument “%(code)s”.") % {"code": code[:50]}]}
            )
        measurement, created = self.once(
            lambda: instrument_services.record_measurement(
                participant=participant,
                instrument=instrument,
                version=version_for(instrument, participant.programme_id),
                recorded_by=request.user,
                **data,
            )
        )
        measurement.instrument = instrument
        domains = visible_domains(request.user, participant)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(
            s.MeasurementSerializer(s.measurement_data(measurement, domains)).data, status=code
        )


def refuse_participant(request, participant, object_type, *, verb=Verb.VIEW):
    """A part of her case the caller may not see or change: logged as denied, 403 (her case
    itself is visible to the caller, as on the web)."""
    deny(request, object_type=object_type, object_id="", verb=verb, participant=participant)
    raise PermissionDenied


# --- Consents --------------------------------------------------------------------------------


class ConsentList(ApiView):
    """Her consents, valid ones first, with their status today: for whoever may manage them
    on the web (her coach, the programme lead)."""

    serializer_class = s.ConsentSerializer
    object_type = "consent"

    @extend_schema(responses=s.ConsentSerializer(many=True))
    def get(self, request, participant_pk):
        participant = self.participant(Verb.MANAGE_CONSENT)
        consents = access_selectors.consents_of(participant)
        record(
            request=request,
            action=AuditAction.VIEW,
            object_type="consent",
            object_id=participant.pk,
            participant=participant,
            detail="list",
        )
        return Response(s.ConsentSerializer(consents, many=True).data)


# --- Signals ---------------------------------------------------------------------------------


class SignalCreate(ApiView):
    """Report an early signal, e.g. from a municipality's own reporting system: the same as
    the public signal form (anyone may report; it is routed to the municipality's contact),
    with the caller named as who registered it."""

    serializer_class = s.SignalReceivedSerializer
    write_scope = "signals:write"
    object_type = "signal"

    @extend_schema(
        request=s.SignalCreateSerializer,
        responses={201: s.SignalReceivedSerializer, 200: s.SignalReceivedSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request):
        data = dict(self.valid(s.SignalCreateSerializer))
        code = data.pop("municipality").upper()
        municipality = Municipality.objects.filter(cbs_code=code).first()
        programme = signal_selectors.programme_for(municipality) if municipality else None
        if programme is None:
            raise exceptions.ValidationError(
                {"municipality": [_("This municipality is not in the programme.")]}
            )
        signal, created = self.once(
            lambda: signal_services.receive_signal(
                programme=programme,
                municipality=municipality,
                data=signal_services.SignalData(**data),
                channel=Channel.WEB,
                actor=request.user,
            )
        )
        receipt = {"received": True, "first_contact_due": signal.first_contact_due}
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.SignalReceivedSerializer(receipt).data, status=code)


# --- The documentation page ------------------------------------------------------------------


@csrf_exempt  # it changes nothing; a POST to a wrong address is a 404, not a CSRF failure
def not_found(request, rest=""):
    """Any other address under /api/v1/ (also an id that is not a number): a problem, not
    the web's HTML page."""
    translation.activate(
        "en" if request.headers.get("Accept-Language", "").lower().startswith("en") else "nl"
    )
    return JsonResponse(
        {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": _("Not found, or you may not see it."),
            "instance": request.get_full_path(),
        },
        status=404,
        content_type="application/problem+json",
    )


@require_GET
def docs(request):
    """Swagger UI (vendored, no CDN), started by a static script (no inline script: CSP)."""
    return render(request, "api/docs.html")
