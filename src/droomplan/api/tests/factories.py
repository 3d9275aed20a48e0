from droomplan.accounts.models import TokenScope
from droomplan.accounts.services import create_application_token
from droomplan.accounts.tests.factories import UserFactory
from droomplan.core.roles import Role


def make_token(organisation, *, scopes=None, name="Schuldsoftware", admin=None):
    """A token of `organisation` with every scope unless `scopes`; returns (token, text)."""
    admin = admin or UserFactory(role=Role.ADMIN)
    new = create_application_token(
        actor=admin,
        name=name,
        organisation=organisation,
        scopes=TokenScope.values if scopes is None else scopes,
    )
    return new.token, new.text


def bearer(text: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}
