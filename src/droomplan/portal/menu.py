"""The sections of the mother's portal: one list, each item shown when its predicate holds.

A section of the portal (her plan, her meetings, her questionnaires, who may see what...)
registers its item from the module that holds its views, with the `access.policy.portal`
predicate its pages are guarded by, so the menu on the portal's home page shows a section
exactly when it opens. A section that is not built yet is simply absent."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str  # short, B1: "Mijn plan"
    description: str  # one line under it: "Je dromen, doelen en acties"
    url_name: str
    when: Callable[..., bool]  # (user) -> show it: the predicate that guards the page
    order: int = 50  # lower first

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU: list[MenuItem] = []


def register(item: MenuItem) -> MenuItem:
    """Add a section to the portal's menu (once per url name)."""
    if all(existing.url_name != item.url_name for existing in MENU):
        MENU.append(item)
        MENU.sort(key=lambda i: i.order)
    return item


def items_for(user) -> list[MenuItem]:
    return [item for item in MENU if item.when(user)]
