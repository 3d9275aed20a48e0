"""Home page sections per role.

Each role gets one section on the home page. An app that adds work for a role registers a
context provider here, so the home page grows with the product without knowing every app."""

from collections.abc import Callable

from django.http import HttpRequest

from droomplan.accounts.models import Role

ROLE_ORDER = [
    Role.COACH,
    Role.PARTNER,
    Role.MUNICIPAL_CONTACT,
    Role.PROGRAMME_LEAD,
    Role.BOARD,
    Role.ANALYST,
    Role.ADMIN,
    Role.PARTICIPANT,
]

_providers: dict[str, list[Callable[[HttpRequest], dict]]] = {}


def register(role: str):
    def decorator(func: Callable[[HttpRequest], dict]):
        _providers.setdefault(role, []).append(func)
        return func

    return decorator


def sections_for(request: HttpRequest) -> list[dict]:
    sections = []
    for role in ROLE_ORDER:
        if role not in request.user.roles:
            continue
        context: dict = {}
        for provider in _providers.get(role, []):
            context.update(provider(request))
        sections.append(
            {
                "role": role,
                "label": Role(role).label,
                "template": f"core/home/{role}.html",
                "context": context,
            }
        )
    return sections
