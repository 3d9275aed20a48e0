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
