"""Create the first functional administrator of a new installation.

Later administrators are added in the management screens, where a role someone gives to her
own account waits for another administrator's approval (docs/security.md)."""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from droomplan.accounts import services
from droomplan.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    SecurityDetail,
    User,
)

PASSWORD_VARIABLE = "DROOMPLAN_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create the first functional administrator (role admin) and her organisation. Refuses "
        "when an active administrator exists. Logged in the security log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--organisation", required=True, help="code of the organisation (made if missing)"
        )
        parser.add_argument("--organisation-name", default="", help="its name, when it is new")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help=f"take the password from the environment variable {PASSWORD_VARIABLE}",
        )

    def handle(self, *args, **options):
        if Membership.objects.filter(
            role=Role.ADMIN, user__is_active=True, organisation__is_active=True
        ).exists():
            raise CommandError(
                "There is already an active administrator. Add administrators in the "
                "management screens (Gebruikers); another administrator approves a role "
                "someone gives to her own account."
            )
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user {username!r} exists already; choose another username.")
        password = self._password(options["no_input"])
        candidate = User(
            username=username,
            email=options["email"],
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError("This password is not strong enough: " + " ".join(error)) from None
        os_user = getpass.getuser()
        with transaction.atomic():
            organisation, _created = Organisation.objects.get_or_create(
                code=options["organisation"],
                defaults={
                    "name": options["organisation_name"] or options["organisation"],
                    "kind": OrganisationKind.OTHER,
                },
            )
            services.create_user(
                username=username,
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
                memberships=[services.MembershipSpec(role=Role.ADMIN, organisation=organisation)],
                detail=f"{SecurityDetail.COMMAND_LINE}:{os_user}",
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator {username!r} created in {organisation.name}. Log in and set up "
                "two-step login."
            )
        )

    def _password(self, no_input: bool) -> str:
        if no_input:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_VARIABLE} when you use --no-input.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords are not the same.")
        return password
