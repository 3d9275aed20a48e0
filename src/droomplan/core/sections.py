"""Sections of the case page contributed by other apps (the plan, measurements, life domains,
meetings, escalations...), so the case page grows without knowing every app.

A section is a function `(request, participant, domains) -> str` returning rendered HTML, or
"" to show nothing. `domains` is the set of life domains this user may see in this case
(`access.policy.visible_domains`): a partner sees only the domains she has consent for, so a
section must show only what belongs to those domains. The section logs its own reads with
`audit.services.record` when it shows data beyond the case itself."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

Section = Callable[[HttpRequest, object, frozenset[str]], str]


@dataclass(frozen=True)
class _Registered:
    order: int
    name: str
    render: Section
    title: str | None  # the entry in the page's table of contents (lazy translated)


@dataclass(frozen=True)
class Rendered:
    name: str
    title: str | None
    html: str

    @property
    def anchor(self) -> str:
        return f"part-{self.name}"


_sections: dict[str, _Registered] = {}


def register(name: str, *, order: int, title=None):
    """Register a case-page section; lower `order` comes first (the plan has order 10).
    `title` (a lazy translation) lists it in the page's "on this page" navigation."""

    def decorator(func: Section) -> Section:
        _sections[name] = _Registered(order=order, name=name, render=func, title=title)
        return func

    return decorator


def parts() -> list[tuple[str, object]]:
    """(name, title) of every titled section, in page order: the parts of the case file that
    have their own page (`cases:part`)."""
    return [
        (entry.name, entry.title)
        for entry in sorted(_sections.values(), key=lambda e: (e.order, e.name))
        if entry.title
    ]


def render_one(
    request: HttpRequest, participant, domains: frozenset[str], name: str
) -> Rendered | None:
    """One section (a part's own page); None when no section has that name."""
    entry = _sections.get(name)
    if entry is None:
        return None
    return Rendered(
        name=entry.name, title=entry.title, html=entry.render(request, participant, domains)
    )


def render_sections(request: HttpRequest, participant, domains: frozenset[str]) -> list[Rendered]:
    """The sections that have something to show this reader, in order."""
    return [
        Rendered(name=entry.name, title=entry.title, html=html)
        for entry in sorted(_sections.values(), key=lambda e: (e.order, e.name))
        if (html := entry.render(request, participant, domains))
    ]
