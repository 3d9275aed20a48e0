"""Sections of the case page contributed by other apps (the plan, measurements, life domains,
meetings, escalations...), so the case page grows without knowing every app.

A section is a function `(request, participant, domains) -> str` returning rendered HTML, or
"" to show nothing. `domains` is the set of life domains this user may see in this case
(`access.policy.visible_domains`): a partner sees only the domains she has consent for, so a
section must show only what belongs to those domains. The section logs its own reads with
`audit.services.record` when it shows data beyond the case itself.

The case page's overview does not render the sections: it shows each part's `summary`, a
function of the same shape that returns a short line of HTML (the plan: its open goals) in
one or two queries, and links to the part's own page (`cases:part`, `part_url`). A summary
that shows her data logs it like its section does."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

Section = Callable[[HttpRequest, object, frozenset[str]], str]


@dataclass(frozen=True)
class _Registered:
    order: int
    name: str
    render: Section
    title: str | None  # the entry in the page's table of contents (lazy translated)
    summary: Section | None = None  # its line on the overview
    wide: bool = False  # the summary is a block of its own (the plan), not a line


@dataclass(frozen=True)
class Rendered:
    name: str
    title: str | None
    html: str

    @property
    def anchor(self) -> str:
        return f"part-{self.name}"


_sections: dict[str, _Registered] = {}


def register(name: str, *, order: int, title=None, summary: Section | None = None, wide=False):
    """Register a case-page section; lower `order` comes first (the plan has order 10).
    `title` (a lazy translation) makes it a part of the case file with its own page;
    `summary` gives its short line on the overview ("" for nothing to show this reader;
    `wide`: a block of its own rather than a line)."""

    def decorator(func: Section) -> Section:
        _sections[name] = _Registered(
            order=order, name=name, render=func, title=title, summary=summary, wide=wide
        )
        return func

    return decorator


def part_url(participant, name: str, anchor: str = "") -> str:
    """The address of a part's own page (`cases:part`), optionally at an anchor on it: where
    a form about that part returns to."""
    url = reverse("cases:part", args=[getattr(participant, "pk", participant), name])
    return f"{url}#{anchor}" if anchor else url


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


@dataclass(frozen=True)
class Summary:
    name: str
    title: object
    html: str
    wide: bool


def render_summaries(request: HttpRequest, participant, domains: frozenset[str]) -> list[Summary]:
    """The overview's line for every part that has something to show this reader, in order."""
    return [
        Summary(name=entry.name, title=entry.title, html=html, wide=entry.wide)
        for entry in sorted(_sections.values(), key=lambda e: (e.order, e.name))
        if entry.title
        and entry.summary is not None
        and (html := entry.summary(request, participant, domains))
    ]
