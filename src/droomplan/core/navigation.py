"""The navigation per role: one list, used by the layout and tested per role."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ALL_ROLES = frozenset(Role)

NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "core:home", ALL_ROLES),
    NavItem(
        _("Families"),
        "cases:caseload",
        frozenset({Role.COACH, Role.PROGRAMME_LEAD, Role.PARTNER}),
    ),
    NavItem(_("Organisations"), "accounts:organisation_list", frozenset({Role.ADMIN})),
    NavItem(_("Users"), "accounts:user_list", frozenset({Role.ADMIN})),
    NavItem(
        _("Programme"),
        "programmes:programme_list",
        frozenset({Role.ADMIN, Role.PROGRAMME_LEAD}),
    ),
]


def register(item: NavItem) -> NavItem:
    """Add an app's page to the navigation (call from the app's `AppConfig.ready`)."""
    if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)
    return item


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    roles = user.roles
    return [item for item in NAV_ITEMS if item.roles & roles]


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
