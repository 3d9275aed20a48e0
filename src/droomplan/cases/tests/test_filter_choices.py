"""The caseload filter form's groups and municipalities are kept per process
(`cases.forms.filter_choices`, data version `FILTER_CHOICES`, issue 18): a write of a group or a
municipality, in this process or another, is seen on the next page."""

import pytest
from django.urls import reverse

from droomplan.cases.forms import filter_choices
from droomplan.core import dataversion
from droomplan.programmes.models import Cohort
from droomplan.programmes.tests.factories import CohortFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_the_filter_form_shows_a_new_or_renamed_group_and_municipality(lead_client, programme):
    """The filter form's groups and municipalities are kept per process
    (`forms.filter_choices`, data version `FILTER_CHOICES`): a write is seen on the next page."""
    url = reverse("cases:caseload")
    cohort = CohortFactory(programme=programme, name="Groep Oost")
    assert "Groep Oost" in lead_client.get(url).content.decode()
    cohort.name = "Groep West"
    cohort.save()
    html = lead_client.get(url).content.decode()
    assert "Groep West" in html and "Groep Oost" not in html
    CohortFactory(programme=programme, name="Groep Zuid")
    municipality = MunicipalityFactory(cbs_code="GM9999", name="Nieuwgemeente")
    html = lead_client.get(url).content.decode()
    assert "Groep Zuid" in html and "Nieuwgemeente" in html
    municipality.delete()
    assert "Nieuwgemeente" not in lead_client.get(url).content.decode()


def test_the_filter_choices_are_kept_until_written(programme, django_assert_num_queries):
    kept = filter_choices()
    with django_assert_num_queries(0):  # the data version is in the cache
        assert filter_choices() is kept
    Cohort.objects.filter(programme=programme).update(name="x")  # no signal: not seen
    assert filter_choices() is kept
    dataversion.bump(dataversion.FILTER_CHOICES)  # what another process's save did
    assert filter_choices() is not kept


def test_the_caseload_reads_the_filter_choices_token_once(lead_client, programme, monkeypatch):
    """Django calls lazy choices each time a select is iterated (twice per field when the form
    is rendered); each call read the data version's token from the shared cache (a query with
    the database cache of production): four reads per caseload page, now one."""
    CohortFactory(programme=programme, name="Groep Oost")
    topics = []
    current = dataversion.current
    monkeypatch.setattr(
        dataversion, "current", lambda *names: topics.append(names) or current(*names)
    )
    html = lead_client.get(reverse("cases:caseload")).content.decode()
    assert "Groep Oost" in html
    assert topics.count((dataversion.FILTER_CHOICES,)) == 1
