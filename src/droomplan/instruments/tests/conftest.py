"""The case-file fixtures (programme, coach, lead, their clients, today) serve here too."""

from droomplan.cases.tests.conftest import (  # noqa: F401
    coach,
    coach_client,
    lead,
    lead_client,
    municipality,
    programme,
    today,
)
