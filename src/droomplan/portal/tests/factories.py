"""A mother with her own login (the portal's tests and the access matrix)."""

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.tests.factories import ParticipantFactory


def mother_with_login(*, participant=None, username: str | None = None, **participant_kwargs):
    """A participant whose own login (role participant) is linked to her case. Returns the
    participant; her login is `participant.user`."""
    if participant is None:
        participant = ParticipantFactory(**participant_kwargs)
    user = UserFactory(
        role=Role.PARTICIPANT,
        username=username or f"moeder-{participant.ref.lower()}",
        first_name=participant.given_name,
        last_name=participant.family_name,
    )
    participant.user = user
    participant.save(update_fields=["user"])
    return participant
