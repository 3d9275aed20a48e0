"""The demo programme: fixed organisations and logins, so trainers and scripts can rely on them.

Apps add their part in their own `demo.py` (see `_app_demo_modules`).
Loading it twice changes nothing."""

import importlib
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


def _app_demo_modules() -> list:
    """Apps add their own demo data in `droomplan/<app>/demo.py`: `ORDER` (int, lower first)
    and `load(context) -> dict[str, int]` (counts for the summary). `context` holds
    `programme`, `organisations` (by code), `users` (by demo username) and `today`.
    `load` must be idempotent: `demo_data` may run again on the same database."""
    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("droomplan.") or config.name == "droomplan.core":
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


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
    counts = dict(families)  # families added, and the facts of the exchange document
    logins = [login.username for login in LOGINS]
    context = {
        "programme": programme,
        "organisations": orgs,
        "users": {u.username: u for u in User.objects.filter(username__in=logins)},
        "today": timezone.localdate(),
    }
    for module in _app_demo_modules():
        counts.update(module.load(context) or {})
    return {
        **counts,
        "organisations": len(orgs),
        "users": len(LOGINS),
        "cohorts": len(COHORTS),
    }
