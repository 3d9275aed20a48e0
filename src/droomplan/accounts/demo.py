"""Demo organisations and logins (one per role), fixed so trainers and scripts can rely on
them (`droomplan demo_logins`)."""

from dataclasses import dataclass

from droomplan.core.demo import register

from .models import Membership, Organisation, OrganisationKind, Role, User

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


@register(order=10)
def load(context) -> dict[str, int]:
    orgs = {}
    for code, name, kind in ORGANISATIONS:
        orgs[code], _ = Organisation.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "is_active": True}
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
    context["organisations"] = orgs
    context["users"] = {
        u.username: u for u in User.objects.filter(username__in=[x.username for x in LOGINS])
    }
    return {"organisations": len(orgs), "users": len(LOGINS)}
