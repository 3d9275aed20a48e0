"""The navigation: one list of items, each shown when its predicate holds for the user.

An app adds its pages in its own `navigation.py` (found by `autodiscover_modules` when the
project starts) with the same `access.policy` predicate its view is guarded by, so a menu item
shows exactly when its page opens (tests/test_navigation.py checks this for every role)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _logged_in(user) -> bool:
    return user.is_authenticated


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    when: Callable[..., bool]  # (user) -> show it: the predicate that guards the page
    order: int = 50  # lower first; equal orders keep the order of registration

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS: list[NavItem] = [NavItem(_("Home"), "core:home", _logged_in, order=0)]


def register(item: NavItem) -> NavItem:
    """Add an app's page to the navigation (from the app's `navigation.py`)."""
    if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)
    return item


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in NAV_ITEMS if item.when(user)]


@dataclass(frozen=True)
class HeaderLink:
    """A link in the header for every logged-in user (next to "My account"). With
    `badge_url_name`, a small count is loaded into it with htmx after the page (so no page
    pays a query for it)."""

    label: str
    url_name: str
    badge_url_name: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def badge_url(self) -> str:
        return reverse(self.badge_url_name) if self.badge_url_name else ""


HEADER_LINKS: list[HeaderLink] = []


def register_header_link(link: HeaderLink) -> HeaderLink:
    if all(existing.url_name != link.url_name for existing in HEADER_LINKS):
        HEADER_LINKS.append(link)
    return link


def header_links_for(user) -> list[HeaderLink]:
    return list(HEADER_LINKS) if user is not None and user.is_authenticated else []


@dataclass(frozen=True)
class HeaderSearch:
    """The search box in the header: a GET form to `url_name` with the words in `param`,
    shown when `when(user)` holds (the predicate that guards that page, so the results are
    what that page shows the user, with its audit)."""

    label: str
    url_name: str
    when: Callable[..., bool]
    param: str = "q"

    @property
    def url(self) -> str:
        return reverse(self.url_name)


HEADER_SEARCHES: list[HeaderSearch] = []


def register_header_search(search: HeaderSearch) -> HeaderSearch:
    if all(existing.url_name != search.url_name for existing in HEADER_SEARCHES):
        HEADER_SEARCHES.append(search)
    return search


def header_search_for(user) -> HeaderSearch | None:
    if user is None or not user.is_authenticated:
        return None
    return next((s for s in HEADER_SEARCHES if s.when(user)), None)
