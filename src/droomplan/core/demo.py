"""The demo programme: fixed organisations and logins, so trainers and scripts can rely on them.

Every feature adds its part here (see `droomplan demo_data`). Loading it twice changes nothing."""

from dataclasses import dataclass

from django.db import transaction

from droomplan.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from droomplan.cases.models import Participant
from droomplan.programmes.models import Cohort, Municipality, Programme

DEMO_PASSWORD = "droommoeders-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str | None  # organisation code

    @property
    def password(self) -> str:
        return DEMO_PASSWORD


ORGANISATIONS = [
    ("cooperatie", "Coöperatie Droommoeders", OrganisationKind.OTHER),
    ("trajekt", "Trajekt", OrganisationKind.SOCIAL_WORK),
    ("mik", "MIK Kindercentra", OrganisationKind.CHILDCARE),
    ("bjz", "Bureau Jeugdzorg Limburg", OrganisationKind.YOUTH_CARE),
    ("kredietbank", "Kredietbank Limburg", OrganisationKind.CREDIT_BANK),
    ("gemeente-maastricht", "Gemeente Maastricht", OrganisationKind.MUNICIPALITY),
    ("fonds", "Fonds Droommoeders", OrganisationKind.FUND),
    ("universiteit", "Universiteit Maastricht", OrganisationKind.EDUCATION),
]

LOGINS = [
    DemoLogin("beheerder", "Bas", "Beheer", Role.ADMIN, "cooperatie"),
    DemoLogin("projectleider", "Petra", "Lemmens", Role.PROGRAMME_LEAD, "cooperatie"),
    DemoLogin("coach.trajekt", "Sanne", "Coenen", Role.COACH, "trajekt"),
    DemoLogin("coach.bjz", "Yasmina", "El Idrissi", Role.COACH, "bjz"),
    DemoLogin("partner.kredietbank", "Kees", "Kerckhoffs", Role.PARTNER, "kredietbank"),
    DemoLogin("partner.mik", "Mieke", "Hermans", Role.PARTNER, "mik"),
    DemoLogin("gemeente", "Gert", "Janssen", Role.MUNICIPAL_CONTACT, "gemeente-maastricht"),
    DemoLogin("bestuur", "Bea", "Smeets", Role.BOARD, "cooperatie"),
    DemoLogin("onderzoeker", "Olaf", "Vranken", Role.ANALYST, "universiteit"),
    DemoLogin("moeder", "Lisa", "Jacobs", Role.PARTICIPANT, None),
]

PROGRAMME_CODE = "droommoeders"
COHORTS = [
    ("2024-1", "Groep 1 (2024)", "2024-03-01"),
    ("2025-1", "Groep 2 (2025)", "2025-02-01"),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    orgs = {}
    for code, name, kind in ORGANISATIONS:
        orgs[code], _ = Organisation.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "is_active": True}
        )
    programme, _ = Programme.objects.update_or_create(
        code=PROGRAMME_CODE, defaults={"name": "Droommoeders Zuid-Limburg"}
    )
    programme.municipalities.set(Municipality.objects.all())
    for code, name, start in COHORTS:
        Cohort.objects.update_or_create(
            programme=programme, code=code, defaults={"name": name, "start_date": start}
        )
    for login in LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults={
                "first_name": login.first_name,
                "last_name": login.last_name,
                "email": f"{login.username}@demo.droomplan.nl",
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user,
            role=login.role,
            organisation=orgs[login.organisation] if login.organisation else None,
        )
    from django.utils import timezone

    from .demo_cases import load_demo_cases

    lead = User.objects.get(username="projectleider")
    coaches = list(
        User.objects.filter(username__in=["coach.trajekt", "coach.bjz"]).order_by("username")
    )
    families = load_demo_cases(lead=lead, coaches=coaches, today=timezone.localdate())
    # The demo mother's login belongs to the first family (Lisa Jacobs, DM-0001).
    Participant.objects.filter(programme=programme, ref="DM-0001", user__isnull=True).update(
        user=User.objects.get(username="moeder")
    )
    return {
        "families added": families,
        "organisations": len(orgs),
        "users": len(LOGINS),
        "cohorts": len(COHORTS),
    }
