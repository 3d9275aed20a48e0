import json
from io import StringIO

import pytest
from django.core.management import call_command

from droomplan.accounts.models import Membership, Role, User
from droomplan.audit.models import AccessLogEntry
from droomplan.cases.models import Contact, Participant, Status
from droomplan.plans.models import Goal


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_loads_a_realistic_programme_and_is_idempotent():
    run("demo_data")
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        Participant.objects.count(),
        Goal.objects.count(),
        Contact.objects.count(),
    )
    run("demo_data")
    assert (
        User.objects.count(),
        Membership.objects.count(),
        Participant.objects.count(),
        Goal.objects.count(),
        Contact.objects.count(),
    ) == counts
    assert Participant.objects.filter(cohort__code="2024-1").count() == 10
    assert Participant.objects.filter(cohort__code="2025-1").count() == 10
    assert Participant.objects.filter(status=Status.INTAKE).count() == 3
    assert Participant.objects.filter(status=Status.ENDED, end_reason="dropped_out").exists()
    # Some families, not all, have an overdue action for the coach to chase.
    import datetime

    from droomplan.plans.models import Action

    behind = set(
        Action.objects.filter(done_on__isnull=True, due_date__lt=datetime.date.today()).values_list(
            "goal__participant", flat=True
        )
    )
    assert 0 < len(behind) < Participant.objects.filter(status=Status.ACTIVE).count() // 2
    assert Contact.objects.count() > 50
    assert AccessLogEntry.objects.exists()
    assert Participant.objects.get(ref="DM-0001").user.username == "moeder"


@pytest.mark.django_db
def test_demo_logins_json_lines_cover_every_role():
    run("demo_data")
    rows = [json.loads(line) for line in run("demo_logins", "--json").splitlines()]
    assert {r["role"] for r in rows} == set(Role.values)
    assert all(set(r) == {"username", "password", "role", "organisation"} for r in rows)
    coaches = [r for r in rows if r["role"] == "coach"]
    assert len({c["organisation"] for c in coaches}) == 2
    partners = {r["organisation"] for r in rows if r["role"] == "partner"}
    assert partners == {"Kredietbank Limburg", "MIK Kindercentra"}
    for row in rows:  # every printed login really works
        assert User.objects.get(username=row["username"]).check_password(row["password"])


@pytest.mark.django_db
def test_demo_data_refuses_to_run_with_production_settings(settings):
    from django.core.management.base import CommandError

    settings.DROOMPLAN_PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run("demo_data")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_loading_the_demo_again_never_brings_an_anonymised_family_back():
    import datetime

    from droomplan.access import retention

    run("demo_data")
    dropped_out = Participant.objects.get(status=Status.ENDED, end_reason="dropped_out")
    retention.anonymise_participant(dropped_out, today=datetime.date.today())
    run("demo_data")
    dropped_out.refresh_from_db()
    assert dropped_out.anonymised_at is not None
    assert (dropped_out.given_name, dropped_out.phone, dropped_out.address) == (
        "Geanonimiseerd",
        "",
        "",
    )
