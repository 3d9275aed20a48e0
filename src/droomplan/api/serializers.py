"""What the API shows and accepts. Input serializers check only types and shapes; the rules
(dates, amounts, routes...) are the services' own, whose errors come back as 400 with the
field named (problems.py)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from droomplan.accounts.models import Organisation
from droomplan.cases.models import Contact, ContactKind, Participant
from droomplan.core.domains import LifeDomain
from droomplan.lifedomains.models import (
    Debt,
    DebtRoute,
    DebtRouteChange,
    Education,
    HousingKind,
    HousingStatus,
    WorkKind,
    WorkPlacement,
)
from droomplan.plans.models import Action, ActionOwner, Dream, Goal
from droomplan.signals.models import MotherKnows, SignallerRole

# --- Participants -----------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="ref")
    domains = serializers.SerializerMethodField(
        help_text="The life domains of her case the caller may see (a partner: the consented ones)."
    )

    class Meta:
        model = Participant
        fields = [
            "id",
            "case_number",
            "given_name",
            "family_name",
            "status",
            "start_date",
            "end_date",
            "domains",
            "updated_at",
        ]

    def get_domains(self, participant) -> list[str]:
        domains = self.context.get("domains", {})
        return sorted(domains.get(participant.pk, ()))


# --- Debts -----------------------------------------------------------------------------------


class DebtRouteStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = DebtRouteChange
        fields = ["route", "date", "note"]


class DebtSerializer(serializers.ModelSerializer):
    etag = serializers.SerializerMethodField(help_text="Send this in If-Match to change the debt.")

    class Meta:
        model = Debt
        fields = [
            "id",
            "creditor",
            "amount",
            "registered_on",
            "settled_on",
            "route",
            "note",
            "version",
            "etag",
            "updated_at",
        ]

    def get_etag(self, debt) -> str:
        return f'"{debt.version}"'


class DebtCreateSerializer(serializers.Serializer):
    creditor = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    registered_on = serializers.DateField()
    settled_on = serializers.DateField(required=False, allow_null=True)
    route = serializers.ChoiceField(choices=DebtRoute.choices, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class DebtUpdateSerializer(serializers.Serializer):
    """The details of a debt (PATCH: only what changes). The route: `…/route/`."""

    creditor = serializers.CharField(max_length=200, required=False)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    registered_on = serializers.DateField(required=False)
    settled_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class DebtRouteInputSerializer(serializers.Serializer):
    route = serializers.ChoiceField(
        choices=DebtRoute.choices,
        help_text=_("'paid_off' and 'remitted' settle the debt on `date`."),
    )
    date = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


# --- The plan --------------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal_id", read_only=True)
    organisation = serializers.IntegerField(
        source="organisation_id", read_only=True, allow_null=True
    )
    etag = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "goal",
            "description",
            "owner",
            "organisation",
            "due_date",
            "done_on",
            "version",
            "etag",
            "updated_at",
        ]

    def get_etag(self, action) -> str:
        return f'"{action.version}"'


class GoalSerializer(serializers.ModelSerializer):
    dream = serializers.IntegerField(source="dream_id", read_only=True, allow_null=True)
    child = serializers.IntegerField(source="child_id", read_only=True, allow_null=True)
    actions = ActionSerializer(source="plan_actions", many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "dream", "child", "domain", "title", "target_date", "status", "actions"]


class DreamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dream
        fields = ["id", "text", "updated_at"]


class PlanSerializer(serializers.Serializer):
    scoped = serializers.BooleanField(
        help_text="True when the caller sees only the goals of some life domains (a partner)."
    )
    dreams = DreamSerializer(many=True)
    goals = GoalSerializer(many=True)


class ActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.ChoiceField(choices=ActionOwner.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    due_date = serializers.DateField(required=False, allow_null=True)


class ActionUpdateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300, required=False)
    owner = serializers.ChoiceField(choices=ActionOwner.choices, required=False)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    done = serializers.BooleanField(
        required=False, help_text="true: mark the action done (on `done_on`, or today)."
    )
    done_on = serializers.DateField(required=False, allow_null=True)


# --- Contacts --------------------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__", read_only=True)
    shared_with = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "date", "kind", "duration_minutes", "note", "author", "shared_with"]


class ContactCreateSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    duration_minutes = serializers.IntegerField(min_value=0, max_value=32767)
    note = serializers.CharField(max_length=4000)


DOMAIN_CHOICES = LifeDomain.choices


# --- Housing, education, work ----------------------------------------------------------------


class HousingSerializer(serializers.ModelSerializer):
    class Meta:
        model = HousingStatus
        fields = ["id", "date", "kind", "adequate", "situation", "note", "updated_at"]


class HousingCreateSerializer(serializers.Serializer):
    date = serializers.DateField()
    adequate = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=HousingKind.choices, required=False, allow_blank=True)
    situation = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class EducationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Education
        fields = [
            "id",
            "name",
            "level",
            "institution",
            "started_on",
            "completed_on",
            "stopped_on",
            "note",
            "updated_at",
        ]


class EducationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    level = serializers.CharField(max_length=50, required=False, allow_blank=True)
    institution = serializers.CharField(max_length=200, required=False, allow_blank=True)
    started_on = serializers.DateField(required=False, allow_null=True)
    completed_on = serializers.DateField(required=False, allow_null=True)
    stopped_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class WorkSerializer(serializers.ModelSerializer):
    employer_organisation = serializers.IntegerField(
        source="employer_organisation_id", read_only=True, allow_null=True
    )

    class Meta:
        model = WorkPlacement
        fields = [
            "id",
            "kind",
            "employer",
            "employer_organisation",
            "started_on",
            "ended_on",
            "hours_per_week",
            "note",
            "updated_at",
        ]


class WorkCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WorkKind.choices)
    started_on = serializers.DateField()
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    employer_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    ended_on = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


# --- Consents --------------------------------------------------------------------------------


class ConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    scopes = serializers.ListField(child=serializers.CharField())
    given_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    withdrawn_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(
        help_text="valid, expires_soon, not_yet, expired or withdrawn (today)."
    )


# --- Signals ---------------------------------------------------------------------------------


class SignalCreateSerializer(serializers.Serializer):
    """What the public signal form asks (docs/signals.md), from a municipality's own system."""

    municipality = serializers.CharField(
        max_length=6, help_text="CBS code of the municipality, e.g. GM0344."
    )
    signaller_role = serializers.ChoiceField(choices=SignallerRole.choices)
    concern = serializers.CharField(max_length=4000)
    mother_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    mother_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    mother_knows = serializers.ChoiceField(choices=MotherKnows.choices, required=False)
    signaller_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signaller_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    signaller_email = serializers.EmailField(required=False, allow_blank=True)


class SignalReceivedSerializer(serializers.Serializer):
    """The receipt: the caller does not see the signal afterwards (as on the public form)."""

    received = serializers.BooleanField()
    first_contact_due = serializers.DateField()


# --- Measurements ----------------------------------------------------------------------------


class MeasurementSerializer(serializers.Serializer):
    """A measurement as the caller may see it (the web's measurement page): the answers of the
    items in her visible life domains; the total, band and group scores only when she sees
    every domain the instrument touches."""

    id = serializers.IntegerField()
    instrument = serializers.CharField(help_text="The instrument's code, e.g. pss-10.")
    instrument_name = serializers.CharField()
    version = serializers.CharField(help_text="The instrument version it was taken with.")
    taken_on = serializers.DateField()
    filled_in_by = serializers.CharField()
    answers = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    total = serializers.IntegerField(allow_null=True)
    band = serializers.CharField(allow_blank=True)
    group_scores = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    complete = serializers.BooleanField(
        help_text="False when some items are in a life domain the caller may not see."
    )
    note = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()


def measurement_data(measurement, domains) -> dict:
    instrument = measurement.instrument
    full = instrument.fully_visible_to(domains)
    items = instrument.visible_items(domains)
    scores = {}
    if full:
        scores = {
            code: value
            for code, value in (measurement.group_scores or {}).items()
            if isinstance(value, int)
        }
    return {
        "id": measurement.pk,
        "instrument": instrument.code,
        "instrument_name": instrument.display_name,
        "version": measurement.instrument_version.code,
        "taken_on": measurement.taken_on,
        "filled_in_by": measurement.filled_in_by,
        "answers": {i.code: measurement.answers.get(i.code) for i in items},
        "total": measurement.total if full and instrument.shows_total else None,
        "band": measurement.band if full else "",
        "group_scores": scores,
        "complete": full,
        "note": measurement.note,
        "updated_at": measurement.updated_at,
    }


class MeasurementCreateSerializer(serializers.Serializer):
    instrument = serializers.CharField(max_length=50, help_text="The instrument's code.")
    taken_on = serializers.DateField()
    answers = serializers.DictField(
        child=serializers.IntegerField(min_value=-1000, max_value=1000),
        help_text="Item code → answer, for every item of the instrument.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


# --- Meetings --------------------------------------------------------------------------------


class MeetingSerializer(serializers.Serializer):
    """A group meeting (not case data: date, place, theme) with counts, no names."""

    id = serializers.IntegerField()
    date = serializers.DateField()
    start_time = serializers.CharField(help_text="Local time, HH:MM:SS.")
    end_time = serializers.CharField(help_text="Local time, HH:MM:SS.")
    place = serializers.CharField()
    theme = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    cohorts = serializers.SerializerMethodField()
    children_welcome = serializers.BooleanField()
    childcare_arranged = serializers.BooleanField()
    childcare_organisation = serializers.IntegerField(
        source="childcare_organisation_id", allow_null=True
    )
    invited = serializers.IntegerField(source="invited_count")
    recorded = serializers.IntegerField(source="recorded_count")
    present = serializers.IntegerField(source="present_count")
    updated_at = serializers.DateTimeField()

    def get_cohorts(self, session) -> list[str]:
        return sorted(c.code for c in session.cohorts.all())


class RateSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    excused = serializers.IntegerField()
    absent = serializers.IntegerField()
    open = serializers.IntegerField()
    percentage = serializers.IntegerField(allow_null=True)


class AttendanceRowSerializer(serializers.Serializer):
    participant = serializers.IntegerField(
        allow_null=True, help_text="Her id, when the caller may open her case."
    )
    name = serializers.CharField(help_text="What the caller may see of her name.")
    status = serializers.CharField(allow_blank=True)
    reply = serializers.CharField(allow_blank=True)


class MeetingDetailSerializer(MeetingSerializer):
    attendance = AttendanceRowSerializer(many=True)
    hidden = serializers.IntegerField(help_text="Invited mothers not listed for the caller.")
    rate = RateSerializer()


class HerMeetingSerializer(serializers.Serializer):
    """One meeting she was invited to, with her attendance."""

    meeting = serializers.IntegerField(source="session_id")
    date = serializers.DateField(source="session.date")
    start_time = serializers.CharField(source="session.start_time", help_text="HH:MM:SS")
    theme = serializers.CharField(source="session.theme")
    status = serializers.CharField(allow_blank=True)
    reply = serializers.CharField(allow_blank=True)


# --- Jobs: the outcome report and the exchange -------------------------------------------------


class JobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    status = serializers.CharField(
        help_text="queued, running, retrying, succeeded or failed: ask again until it is done."
    )
    progress_done = serializers.IntegerField()
    progress_total = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(help_text="This status (GET).")
    result = serializers.CharField(
        allow_null=True, help_text="The file to download when it has succeeded, else null."
    )
    imported = serializers.DictField(
        allow_null=True, help_text="An import's counts when it has succeeded, else null."
    )


class ExchangeExportSerializer(serializers.Serializer):
    programme = serializers.CharField(
        max_length=50, required=False, help_text="The programme's code (with several)."
    )


class ExchangeImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An exchange document (JSON) or the spreadsheet.")
    allow_renames = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Needed when the file renames the programme or an organisation.",
    )
