"""The vocabulary of the access rules: the verbs, "is this an active user", and the kinds of
object the generic access-checked getter (`access.shortcuts.access_by_id`) can load.

A kind is one sort of object with its own rules (a participant's file, a signal, an
escalation, a group meeting): which of them a user may see (`visible`), what she may do with
one (`can`), and whether she may open pages of that kind at all (`may_open`). Each policy
module registers its kind here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, QuerySet


class Verb:
    """What a user wants to do. One list for every kind of object."""

    VIEW = "view"  # open it (a partner: the parts of a case shared with her organisation)
    VIEW_ALL = "view_all"  # see all of it, not a scoped part (every domain, every meeting...)
    LIST = "list"  # open the list of them (the caseload, the signal list, the queue)
    CREATE = "create"  # register a new one (an intake, a phone signal, a meeting)
    EDIT = "edit"  # change it
    ADD_CONTACT = "add_contact"  # write a contact note in her file
    MANAGE_CONSENT = "manage_consent"  # record, withdraw and read her consents
    MANAGE_RIGHTS = "manage_rights"  # her access overview and the inzage export
    ASSIGN_COACH = "assign_coach"
    CHANGE_STATUS = "change_status"
    OVERRIDE_ELIGIBILITY = "override_eligibility"
    TRIAGE = "triage"  # move a signal to its next step
    ADVISE = "advise"  # advise the board on an escalation
    DECIDE = "decide"  # the board's decision on an escalation
    VIEW_FIGURES = "view_figures"  # aggregate figures without names
    MANAGE = "manage"  # the settings behind a feature (signal routes, instrument wording)
    IMPORT = "import"
    EXPORT = "export"


# Refusals of these verbs are logged as attempts to read, the others as attempts to change.
READ_VERBS = frozenset({Verb.VIEW, Verb.VIEW_ALL, Verb.LIST, Verb.VIEW_FIGURES, Verb.MANAGE_RIGHTS})


def is_active(user) -> bool:
    """A logged-in, active user: nobody else may do anything."""
    return user is not None and user.is_authenticated and user.is_active


def has_any_role(user, roles) -> bool:
    return is_active(user) and bool(user.roles & roles)


def model(label: str) -> type[Model]:
    """A domain model by its label ("cases.Participant"). `access` sits below the apps whose
    objects it guards, so it names their models instead of importing them (as a ForeignKey to
    "cases.Participant" does)."""
    return apps.get_model(label)


@dataclass(frozen=True)
class Kind:
    label: str  # the model's label, "signals.Signal"
    object_type: str  # how the access log names it
    visible: Callable[..., QuerySet]  # (user) -> the objects she may open
    can: Callable[..., bool]  # (user, verb, obj) -> may she do `verb` to `obj`
    may_open: Callable[..., bool] = is_active  # (user) -> may she open this kind of page at all
    participant_of: Callable[..., object] = lambda obj: None  # whose file it belongs to
    # Link the refusal of an object she may not see to its mother's file (so it shows in her
    # access overview). Not for signals: a signal is not a participant's file.
    link_hidden: bool = False
    # Whether `visible` already answers VIEW (no second question for an object it returned).
    # Not for a participant: a partner may view only the parts of her case in her consent.
    visible_means_view: bool = True


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    _KINDS[kind.label.lower()] = kind
    return kind


def kind_of(target) -> Kind:
    """The kind of `target`: a model class, an instance or a label ("cases.participant")."""
    label = target.lower() if isinstance(target, str) else target._meta.label_lower
    try:
        return _KINDS[label]
    except KeyError:
        raise LookupError(f"No access rules for {label}") from None
