import json
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from droomplan.accounts.models import Role


@pytest.mark.django_db
def test_health_reports_database_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_health_reports_database_failure(client):
    with mock.patch("droomplan.core.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


@pytest.mark.django_db
def test_unknown_url_gives_styled_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "utrecht-heading-1" in content
    assert "Pagina niet gevonden" in content


@pytest.mark.django_db
def test_dutch_is_default_even_if_browser_prefers_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "nl"
    assert 'lang="nl"' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in page
    assert "Log in to Droomplan" in page
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Inloggen bij Droomplan" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_a_request_in_english_does_not_leave_english_behind(client):
    from django.utils import translation

    client.cookies["droomplan_language"] = "en"
    with translation.override("nl"):
        assert 'lang="en"' in client.get(reverse("accounts:login")).content.decode()
        assert translation.get_language() == "nl"


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_home_shows_the_section_of_each_role(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert [s["role"] for s in response.context["sections"]] == [role]
    assert f'id="section-{role}"' in response.content.decode()


@pytest.mark.django_db
def test_user_without_role_is_told_what_to_do(client, make_user):
    client.force_login(make_user())
    content = client.get("/").content.decode()
    assert "functioneel beheerder" in content


@pytest.mark.django_db
def test_navigation_differs_per_role(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    admin_nav = [i["url"] for i in client.get("/").context["nav_items"]]
    client.force_login(make_user(Role.COACH))
    coach_nav = [i["url"] for i in client.get("/").context["nav_items"]]
    assert reverse("accounts:user_list") in admin_nav
    assert reverse("accounts:user_list") not in coach_nav


def test_styled_form_classes_every_option_but_not_the_wrapper_of_a_choice_list():
    """Django's own template would put the class on the wrapper <div> too, breaking the
    layout; the kit's choice-group template keeps it on the inputs."""
    import re

    from django import forms

    from droomplan.core.forms import StyledForm

    class F(StyledForm):
        many = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        text = forms.CharField()

    form = F()
    many, one = str(form["many"]), str(form["one"])
    assert re.match(r'<div id="id_many" class="dp-choice-group">', many)
    assert 'class="utrecht-checkbox utrecht-checkbox--html-input"' in many
    assert re.match(r'<div id="id_one" class="dp-choice-group">', one)
    assert 'class="utrecht-radio-button utrecht-radio-button--html-input"' in one
    assert "utrecht-textbox" in form.fields["text"].widget.attrs["class"]


@pytest.mark.django_db
def test_programme_lead_home_shows_family_counts(client, make_user):
    from droomplan.cases.tests.factories import ParticipantFactory

    ParticipantFactory.create_batch(2, active=True)
    ParticipantFactory()
    client.force_login(make_user(Role.PROGRAMME_LEAD))
    content = client.get("/").content.decode()
    assert '?status=active">2</a>' in content
    assert '?status=intake">1</a>' in content
