"""The demo programme. Core only orchestrates: each app adds its part in its own `demo.py`
(found with `autodiscover_modules`), registering a loader with `@register(order=...)`.

A loader is `load(context) -> dict[str, int]` (counts for the summary); lower orders run first
and may leave things in `context` for later ones (`today` is there from the start; accounts
adds `organisations` and `users`, programmes `programme`, exchange the demo `families`).
Loading must be idempotent: `demo_data` may run again on the same database."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

Loader = Callable[[dict], dict[str, int] | None]


@dataclass(frozen=True)
class _Registered:
    order: int
    name: str
    load: Loader


_loaders: dict[str, _Registered] = {}


def register(*, order: int) -> Callable[[Loader], Loader]:
    def decorator(load: Loader) -> Loader:
        name = f"{load.__module__}.{load.__qualname__}"
        _loaders[name] = _Registered(order=order, name=name, load=load)
        return load

    return decorator


def loaders() -> list[_Registered]:
    autodiscover_modules("demo")
    return sorted(_loaders.values(), key=lambda entry: (entry.order, entry.name))


@transaction.atomic
def load_demo() -> dict[str, int]:
    context: dict = {"today": timezone.localdate()}
    counts: dict[str, int] = {}
    for entry in loaders():
        counts.update(entry.load(context) or {})
    return counts
