"""Issue 18: the partner's home lists the families that share part of their case with her
organisation, at most a page of them, read without loading every shared family (she sees 400
at 100,000 participants); and the consents that end soon are read by their end date."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from droomplan.access.models import Consent
from droomplan.access.selectors import expiring_consents, shared_families
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.core.domains import LifeDomain

from .factories import ConsentFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_the_first_families_by_name_with_every_valid_consent(
    partner, credit_bank, django_assert_num_queries
):
    names = ["Visser", "Bakker", "Jansen", "De Boer"]
    families = {name: ParticipantFactory(family_name=name) for name in names}
    for family in families.values():
        ConsentFactory(participant=family, organisation=credit_bank)
    # Bakker: a second consent without an end date, for another domain
    ConsentFactory(
        participant=families["Bakker"],
        organisation=credit_bank,
        scopes=[LifeDomain.EMPLOYMENT.value],
        expires_on=None,
    )
    # not shown: an expired and a withdrawn consent, another organisation's consent
    ConsentFactory(
        participant=ParticipantFactory(family_name="Aa"), organisation=credit_bank, expired=True
    )
    ConsentFactory(
        participant=ParticipantFactory(family_name="Ab"), organisation=credit_bank, withdrawn=True
    )
    ConsentFactory(
        participant=ParticipantFactory(family_name="Ac"), organisation=OrganisationFactory()
    )
    partner.active_memberships()
    with django_assert_num_queries(2):
        shown = shared_families(partner, limit=3)
    assert [f.participant.family_name for f in shown] == ["Bakker", "De Boer", "Jansen"]
    bakker = shown[0]
    assert bakker.expires_on is None  # one of her consents has no end
    assert len(bakker.domains) == 2
    assert shown[1].expires_on == Consent.objects.get(participant=families["De Boer"]).expires_on
    assert [f.participant.family_name for f in shared_families(partner)] == sorted(
        ["Bakker", "De Boer", "Jansen", "Visser"]
    )


def test_no_shared_family_no_second_query(partner, django_assert_num_queries):
    partner.active_memberships()
    with django_assert_num_queries(1):
        assert shared_families(partner) == []


def test_the_lead_sees_at_most_the_limit_of_consents_that_end_soon(credit_bank):
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    for days in (20, 3, 10):
        ConsentFactory(organisation=credit_bank, expires_on=TODAY + datetime.timedelta(days=days))
    ConsentFactory(organisation=credit_bank, expires_on=TODAY + datetime.timedelta(days=40))
    ConsentFactory(organisation=credit_bank, expired=True)
    shown = expiring_consents(lead, all_visible=True, limit=2)
    assert [c.days_left for c in shown] == [3, 10]
    assert [c.days_left for c in expiring_consents(lead, all_visible=True)] == [3, 10, 20]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan")
def test_consents_that_end_soon_are_read_by_their_end_date(credit_bank):
    """The range of end dates from today, not every consent that ended before."""
    ConsentFactory(organisation=credit_bank, expires_on=TODAY + datetime.timedelta(days=3))
    ConsentFactory(organisation=credit_bank, expired=True)
    with CaptureQueriesContext(connection) as captured:
        list(Consent.objects.ending_within(TODAY, 30))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # few rows: see what can serve it
        cursor.execute(f"EXPLAIN {captured.captured_queries[0]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "consent_expires_on" in plan, plan
    assert "expires_on >=" in plan, plan
