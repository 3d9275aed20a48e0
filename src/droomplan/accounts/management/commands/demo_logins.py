import json

from django.core.management.base import BaseCommand

from droomplan.accounts.demo import LOGINS, ORGANISATIONS


class Command(BaseCommand):
    help = "Print the fixed demo logins (one per role), as a table or as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        names = {code: name for code, name, _kind in ORGANISATIONS}
        rows = [
            {
                "username": login.username,
                "password": login.password,
                "role": str(login.role),
                "organisation": names.get(login.organisation) if login.organisation else None,
            }
            for login in LOGINS
        ]
        if options["json"]:
            for row in rows:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            return
        self.stdout.write(f"Demo logins (password for all: {rows[0]['password']})")
        for row in rows:
            org = row["organisation"] or "-"
            self.stdout.write(f"  {row['username']:<22} {row['role']:<18} {org}")
