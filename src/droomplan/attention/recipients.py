"""Where a notification's e-mail goes. Who is told is decided by the callers of `notify`
with `access.policy.staff` (programme leads, board members, her coach...), and `notify`
checks each recipient against `access` again."""

from droomplan.access.policy.staff import is_mother


def email_address(user) -> str:
    """Where her e-mail goes: her login's address, for a mother without one the address in
    her file."""
    if user.email:
        return user.email
    participant = getattr(user, "participant", None) if is_mother(user) else None
    return getattr(participant, "email", "") or ""
