import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.instruments.models import ItemLabel, Measurement
from droomplan.instruments.tests.factories import MeasurementFactory, answers_for, shipped

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(coach):
    today = timezone.localdate()
    return ParticipantFactory(
        coach=coach,
        active=True,
        given_name="Zoë",
        intake_date=today - datetime.timedelta(days=400),
        start_date=today - datetime.timedelta(days=380),
    )


def post_data(instrument_code, answers, *, taken_on=None, note=""):
    data = {"taken_on": (taken_on or timezone.localdate()).isoformat(), "note": note}
    data.update({f"item_{k}": v for k, v in answers.items()})
    return data


@pytest.mark.parametrize(
    ("code", "value", "total"),
    [
        ("pss-10", 3, 6 * 3 + 4 * 1),
        ("participatieladder", 4, 4),
        ("brug", 2, 10),
        ("executive-skills", 5, 36 * 5),
        ("positieve-gezondheid", 7, 42),
        ("zrm", 3, 39),
    ],
)
def test_the_coach_enters_every_instrument(coach_client, mother, code, value, total):
    url = reverse("instruments:create", args=[mother.pk, code])
    page = coach_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset" in html and "<legend" in html
    answers = answers_for(shipped(code), value)
    response = coach_client.post(url, post_data(code, answers, note="rustig gesprek"))
    measurement = Measurement.objects.get(participant=mother, instrument__code=code)
    assert response.status_code == 302
    assert response["Location"] == reverse("instruments:detail", args=[mother.pk, measurement.pk])
    assert measurement.total == total
    assert measurement.note == "rustig gesprek"
    assert AccessLogEntry.objects.filter(
        object_type="measurement", action=Action.CREATE, participant=mother
    ).exists()
    detail = coach_client.get(response["Location"])
    assert detail.status_code == 200


def test_a_bad_form_keeps_every_answer_and_says_what_is_wrong(coach_client, mother):
    url = reverse("instruments:create", args=[mother.pk, "pss-10"])
    answers = answers_for(shipped("pss-10"), 2)
    answers["3"] = 1
    del answers["5"]
    answers["7"] = 9  # out of range
    data = post_data("pss-10", answers, note="mijn notitie")
    response = coach_client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert response.status_code == 200
    assert not Measurement.objects.exists()
    assert "Er is nog niets opgeslagen" in html
    assert "Kies een antwoord." in html  # item 5 missing
    assert "Kies een van de antwoorden 0 tot en met 4." in html  # item 7 out of range
    assert re.search(r'name="item_3" value="1" id="[^"]+" checked', html)
    assert not re.search(r'name="item_5" value="\d" id="[^"]+" checked', html)
    assert "mijn notitie" in html


def test_a_date_in_the_future_is_refused(coach_client, mother):
    url = reverse("instruments:create", args=[mother.pk, "participatieladder"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = coach_client.post(
        url, post_data("x", {"rung": 3}, taken_on=tomorrow), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    assert "kan niet in de toekomst liggen" in response.content.decode()
    assert not Measurement.objects.exists()


def test_an_unknown_instrument_is_404(coach_client, mother):
    response = coach_client.get(reverse("instruments:create", args=[mother.pk, "gad-7"]))
    assert response.status_code == 404


def test_change_and_remove_with_a_reason(coach_client, mother):
    m = MeasurementFactory(participant=mother, instrument="participatieladder", value=2,
                           taken_on=mother.start_date)  # fmt: skip
    edit = reverse("instruments:edit", args=[mother.pk, m.pk])
    assert re.search(
        r'name="item_rung" value="2" id="[^"]+" checked', coach_client.get(edit).content.decode()
    )
    coach_client.post(edit, post_data("x", {"rung": 5}, taken_on=m.taken_on))
    m.refresh_from_db()
    assert m.total == 5
    delete = reverse("instruments:delete", args=[mother.pk, m.pk])
    response = coach_client.post(delete, {"reason": ""})
    assert response.status_code == 200 and Measurement.objects.filter(pk=m.pk).exists()
    response = coach_client.post(delete, {"reason": "dubbel ingevoerd"})
    assert response.status_code == 302
    assert not Measurement.objects.filter(pk=m.pk).exists()
    entry = AccessLogEntry.objects.get(object_type="measurement", action=Action.DELETE)
    assert "dubbel ingevoerd" in entry.detail


def test_a_measurement_of_another_family_is_404(coach_client, mother):
    other = MeasurementFactory()
    url = reverse("instruments:detail", args=[mother.pk, other.pk])
    assert coach_client.get(url).status_code == 404


def _partner(client, mother, scopes):
    org = OrganisationFactory(code=f"org-{'-'.join(scopes)}")
    ConsentFactory(participant=mother, organisation=org, scopes=scopes)
    user = UserFactory(role=Role.PARTNER, role__organisation=org)
    client.force_login(user)
    return user


def test_the_credit_bank_sees_only_the_finances_pillar(client, mother):
    pss = MeasurementFactory(participant=mother, instrument="pss-10", taken_on=mother.start_date)
    brug = MeasurementFactory(
        participant=mother, instrument="brug", taken_on=mother.start_date,
        answers={"family_stability": 1, "well_being": 2, "education": 3, "finances": 4,
                 "employment": 5},
    )  # fmt: skip
    _partner(client, mother, ["finances"])
    html = client.get(reverse("instruments:list", args=[mother.pk])).content.decode()
    assert "Brug naar Zelfredzaamheid" in html
    assert "PSS-10" not in html
    detail = client.get(reverse("instruments:detail", args=[mother.pk, brug.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Financiën" in body and "Gezinsstabiliteit" not in body
    assert "Totaalscore" not in body  # the total would reveal the other pillars
    before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
    assert client.get(reverse("instruments:detail", args=[mother.pk, pss.pk])).status_code == 403
    assert client.get(reverse("instruments:create", args=[mother.pk, "brug"])).status_code == 403
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before + 2


def test_a_well_being_partner_may_enter_the_pss_but_not_the_ladder(client, mother):
    _partner(client, mother, ["well_being"])
    ok = client.get(reverse("instruments:create", args=[mother.pk, "pss-10"]))
    assert ok.status_code == 200
    refused = client.get(reverse("instruments:create", args=[mother.pk, "participatieladder"]))
    assert refused.status_code == 403
    choose = client.get(reverse("instruments:choose", args=[mother.pk])).content.decode()
    assert "PSS-10" in choose and "Participatieladder" not in choose


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _add_history(mother, n):
    for k in range(n):
        day = mother.start_date + datetime.timedelta(days=10 + 60 * k)
        for code in ("pss-10", "participatieladder", "brug", "executive-skills",
                     "positieve-gezondheid", "zrm"):  # fmt: skip
            MeasurementFactory(participant=mother, instrument=code, taken_on=day, value=2 + k % 3)


def test_case_page_and_list_do_not_grow_with_measurements(
    coach_client, mother, django_assert_num_queries
):
    case = reverse("cases:part", args=[mother.pk, "measurements"])
    listing = reverse("instruments:list", args=[mother.pk])
    get_ok(coach_client, case)  # the session's first request saves it (accounts.middleware)
    for rounds in (1, 5):
        _add_history(mother, rounds)
        # the part's own page (the overview: a line); one access-log entry; the case file
        # of a part reads no status history, no places in her group and no admission rules,
        # and her programme, municipality and group in one query (issue 18)
        with django_assert_num_queries(13):
            response = get_ok(coach_client, case)
        with django_assert_num_queries(16):
            get_ok(coach_client, listing)
    html = response.content.decode()
    assert 'id="dp-progress-data"' in html
    assert "chart.umd.min.js" in html and "instruments/progress.js" in html
    for chart in ("chart-pss-10", "chart-participatieladder", "chart-brug",
                  "chart-executive-skills", "chart-positieve-gezondheid"):  # fmt: skip
        assert f'id="{chart}"' in html
    assert "<details" in html and 'scope="row"' in html  # the table alternative


def test_caseload_shows_due_and_overdue_in_constant_queries(
    coach_client, coach, mother, django_assert_num_queries
):
    today = timezone.localdate()
    url = reverse("cases:caseload")
    # new families listed: the log checks who was today; the session's first request saves it
    with django_assert_num_queries(18):
        get_ok(coach_client, url)
    # a new mother whose baseline is due, one whose baseline is overdue, with measurements
    due = ParticipantFactory(coach=coach, active=True, intake_date=today - datetime.timedelta(
        days=10), start_date=today - datetime.timedelta(days=3))  # fmt: skip
    _add_history(mother, 3)
    for _ in range(3):
        other = ParticipantFactory(coach=coach, active=True)
        _add_history(other, 2)
    # the session is saved at most once a minute; new families in the list are logged (who
    # was listed today, before and under the access log's lock, the write); the filter form's
    # lists are kept (cases.forms.filter_choices)
    with django_assert_num_queries(13):
        response = get_ok(coach_client, url)
    html = response.content.decode()
    assert "Meting nodig" in html
    assert "Meting te laat" in html
    assert due.full_name in html


def test_the_admin_loads_licensed_wording_per_programme(client, mother, coach):
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    assert client.get(reverse("instruments_manage:list")).status_code == 200
    assert client.get(reverse("instruments_manage:detail", args=["pss-10"])).status_code == 200
    url = reverse("instruments_manage:labels", args=["pss-10"])
    assert client.get(url, {"programme": mother.programme_id}).status_code == 200
    response = client.post(
        f"{url}?programme={mother.programme_id}",
        {"programme_id": mother.programme_id, "item_1": "Hoe vaak was u van streek …?"},
    )
    assert response.status_code == 302
    assert ItemLabel.objects.get().label == "Hoe vaak was u van streek …?"
    client.force_login(coach)
    form = client.get(reverse("instruments:create", args=[mother.pk, "pss-10"]))
    assert "Hoe vaak was u van streek …?" in form.content.decode()
    # the scoring does not change
    assert shipped("pss-10").definition().items[0].code == "1"


@pytest.mark.parametrize("role", [Role.COACH, Role.PROGRAMME_LEAD, Role.PARTNER, Role.ANALYST])
def test_only_the_admin_manages_instruments(client, role):
    client.force_login(UserFactory(role=role))
    before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
    assert client.get(reverse("instruments_manage:list")).status_code == 403
    assert client.get(reverse("instruments_manage:detail", args=["zrm"])).status_code == 403
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before + 2


def test_the_english_interface_works(coach_client, mother):
    MeasurementFactory(participant=mother, instrument="pss-10", taken_on=mother.start_date)
    coach_client.cookies["droomplan_language"] = "en"
    html = coach_client.get(
        reverse("instruments:list", args=[mother.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Perceived Stress Scale" in html and "Measurements of" in html


def test_the_case_page_shows_a_partner_only_her_pillars(client, mother):
    MeasurementFactory(participant=mother, instrument="pss-10", taken_on=mother.start_date)
    MeasurementFactory(participant=mother, instrument="brug", taken_on=mother.start_date, value=3)
    _partner(client, mother, ["finances"])
    html = client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert 'id="chart-brug"' in html
    assert 'id="chart-pss-10"' not in html
    data = re.search(r'id="dp-progress-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert "Financi" in data and "Gezinsstabiliteit" not in data
    assert reverse("instruments:choose", args=[mother.pk]) not in html  # may enter nothing


def test_due_and_overdue_on_the_case_page(coach_client, coach):
    today = timezone.localdate()
    late = ParticipantFactory(
        coach=coach, active=True, intake_date=today - datetime.timedelta(days=80),
        start_date=today - datetime.timedelta(days=60),
    )  # fmt: skip
    MeasurementFactory(participant=late, instrument="pss-10", taken_on=late.start_date)
    overview = coach_client.get(reverse("cases:detail", args=[late.pk])).content.decode()
    assert "Meting te laat" in overview  # what needs attention, on the overview too
    html = coach_client.get(reverse("cases:part", args=[late.pk, "measurements"])).content.decode()
    assert "Meting te laat" in html and "Nulmeting" in html
    assert "Participatieladder" in html  # one of the missing instruments


@pytest.mark.django_db
def test_a_spider_web_needs_three_spokes():
    """A partner who sees one ZRM part gets a bar chart, not a one-spoke spider web; Positive
    Health with its six dimensions stays a web."""
    from droomplan.instruments import progress
    from droomplan.instruments.models import Instrument

    first = MeasurementFactory(instrument="zrm", value=2, taken_on=datetime.date(2025, 1, 10))
    MeasurementFactory(
        participant=first.participant,
        instrument="zrm",
        value=3,
        taken_on=datetime.date(2025, 7, 10),
    )
    zrm = Instrument.objects.filter(code__in=["zrm"]).prefetch_related("items")
    measurements = list(first.participant.measurements.select_related("instrument"))
    finances_only = progress.build(zrm, measurements, frozenset({"finances"}))
    assert [c.kind for c in finances_only.charts] == ["bar"]
    web = Instrument.objects.filter(code="positieve-gezondheid").prefetch_related("items")
    MeasurementFactory(participant=first.participant, instrument="positieve-gezondheid", value=6)
    measurements = list(first.participant.measurements.select_related("instrument"))
    everything = progress.build(web, measurements, frozenset({"well_being"}))
    assert [c.kind for c in everything.charts] == ["radar"]


# --- Issue 17: licensed texts, indicative bands, versions -----------------------------------


def test_the_executive_skills_form_says_the_texts_are_licensed_until_they_are_loaded(
    coach_client, mother
):
    url = reverse("instruments:create", args=[mother.pk, "executive-skills"])
    html = coach_client.get(url).content.decode()
    assert html.count("vallen onder een licentie") == 1
    assert "Versie: Vragenlijst voor volwassenen, antwoorden 1 tot en met 7" in html
    instrument = shipped("executive-skills")
    for item in instrument.item_list:
        ItemLabel.objects.create(programme=mother.programme, item=item, label=f"Tekst {item.code}")
    html = coach_client.get(url).content.decode()
    assert "vallen onder een licentie" not in html
    assert "Tekst 36" in html
    # The PSS-10 form has no such line: its wording is shipped.
    pss = coach_client.get(reverse("instruments:create", args=[mother.pk, "pss-10"]))
    assert "vallen onder een licentie" not in pss.content.decode()


def test_pss_bands_are_shown_as_indicative(coach_client, mother):
    m = MeasurementFactory(
        participant=mother, instrument="pss-10", taken_on=mother.start_date, value=2
    )
    html = coach_client.get(reverse("instruments:detail", args=[mother.pk, m.pk])).content.decode()
    assert "indicatief" in html


def test_the_admin_chooses_the_1_to_6_version_and_the_form_follows(client, coach, mother):
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    url = reverse("instruments_manage:detail", args=["executive-skills"])
    page = client.get(url).content.decode()
    assert "Mobility Mentoring" in page and "Dawson" in page
    response = client.post(url, {"programme": mother.programme_id, "version": "mobility-mentoring"})
    assert response.status_code == 302
    bad = client.post(url, {"programme": mother.programme_id, "version": "nope"})
    assert bad.status_code == 400
    client.force_login(coach)
    create = reverse("instruments:create", args=[mother.pk, "executive-skills"])
    html = client.get(create).content.decode()
    assert 'value="7"' not in html and 'value="6"' in html
    assert "geen middelste antwoord" in html.lower()
    answers = answers_for(shipped("executive-skills"), 6)
    response = client.post(create, post_data("executive-skills", answers))
    assert response.status_code == 302
    m = Measurement.objects.get(participant=mother, instrument__code="executive-skills")
    assert m.instrument_version.code == "mobility-mentoring"
    detail = client.get(response["Location"]).content.decode()
    assert "1–6" in detail
