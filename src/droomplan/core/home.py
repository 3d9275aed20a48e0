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
_partials: dict[str, list[str]] = {}


def register(role: str, *, template: str | None = None):
    """Register a context provider for a role's home section. With `template`, the app also
    adds its own part to that section (rendered after the role's own template, with the same
    `data`), so apps do not edit each other's home templates."""

    def decorator(func: Callable[[HttpRequest], dict]):
        _providers.setdefault(role, []).append(func)
        if template and template not in _partials.setdefault(role, []):
            _partials[role].append(template)
        return func

    return decorator


_top: list[tuple[str, Callable[[HttpRequest], dict]]] = []


def register_top(*, template: str):
    """Register a part shown first on everyone's home page, above the role sections (the
    "Today" work list of `attention`). Its provider returns the template's `data`."""

    def decorator(func: Callable[[HttpRequest], dict]):
        if all(existing != template for existing, _f in _top):
            _top.append((template, func))
        return func

    return decorator


def top_parts_for(request: HttpRequest) -> list[dict]:
    return [{"template": template, "context": func(request)} for template, func in _top]


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
                "partials": _partials.get(role, []),
                "context": context,
            }
        )
    return sections
