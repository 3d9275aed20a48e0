"""Home page sections per role.

Each role the user holds gets one section on the home page (in the order of the roles, headed
by the role's name). An app that adds work for a role registers a context provider here from
its `home.py`, so the home page grows with the product without knowing every app. A part is
shown when its `when` predicate holds for the user: the `access.policy` predicate of the page
it links to, so a home part shows exactly when that page opens."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


def _always(user) -> bool:
    return True


@dataclass(frozen=True)
class _Part:
    provider: Callable[[HttpRequest], dict]
    template: str | None
    when: Callable[..., bool]


_parts: dict[str, list[_Part]] = {}


def register(role: str, *, template: str | None = None, when: Callable[..., bool] = _always):
    """Register a context provider for a role's home section. With `template`, the app also
    adds its own part to that section (rendered after the role's own template, with the same
    `data`), so apps do not edit each other's home templates. `when(user)` says whether the
    part shows (and its provider runs) for this user."""

    def decorator(func: Callable[[HttpRequest], dict]):
        _parts.setdefault(role, []).append(_Part(func, template, when))
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


def shared(request: HttpRequest | None, key: str, compute: Callable[[], object]):
    """What several parts of one home page read (her families, the escalations waiting),
    read once per request: the first part that asks computes it, the others get the same
    object. Without a request (a part called on its own), it is computed each time."""
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_home_shared", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def top_parts_for(request: HttpRequest) -> list[dict]:
    return [{"template": template, "context": func(request)} for template, func in _top]


def sections_for(request: HttpRequest) -> list[dict]:
    user = request.user
    sections = []
    for role, label in user.held_roles:
        context: dict = {}
        partials: list[str] = []
        for part in _parts.get(role, []):
            if not part.when(user):
                continue
            context.update(part.provider(request))
            if part.template and part.template not in partials:
                partials.append(part.template)
        sections.append(
            {
                "role": role,
                "label": label,
                "template": f"core/home/{role}.html",
                "partials": partials,
                "context": context,
            }
        )
    return sections


_landings: list[tuple[str, Callable[..., bool]]] = []


def register_landing(*, url_name: str, when: Callable[..., bool]) -> None:
    """Send a user for whom `when(user)` holds to `url_name` instead of this home page (the
    mother lands in her own portal after logging in). The first matching landing wins."""
    if all(existing != url_name for existing, _w in _landings):
        _landings.append((url_name, when))


def landing_for(user) -> str | None:
    """The url name of the page this user lands on instead of the home page, or None."""
    for url_name, when in _landings:
        if when(user):
            return url_name
    return None
