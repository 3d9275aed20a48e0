"""Access-checked getters for views and API views: check, audit, then return or deny.

`access_by_id(request, Model, pk, verb=...)` is the one getter for every view that takes an
object's id (in the shape of Zulip's `access_*_by_id`): it loads the object only from what the
user may see, and answers like this for every kind of object (`access.policy.base.Kind`):

- the user may not open this kind of page at all (an analyst and a meeting) → 403;
- the object is not visible to her, or does not exist → 404 (its existence is not revealed);
- visible, but she may not do `verb` to it → 403;

and writes every refusal to the access log as `denied`. `get_participant` is the same for a
participant's file and also logs the read."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from droomplan.audit.models import Action, Outcome
from droomplan.audit.services import record

from .policy import READ_VERBS, Verb, can, kind_of, portal
from .policy.base import model
from .policy.participants import PARTICIPANT


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def access_by_id(
    request: HttpRequest,
    target,
    pk,
    *,
    verb: str = Verb.VIEW,
    object_type: str | None = None,
    shape: Callable[[QuerySet], QuerySet] | None = None,
    **rule_kwargs,
):
    """The object `pk` of `target` (a model, or its label) if the user may `verb` it;
    otherwise log the refusal and raise Http404 or PermissionDenied (see above). `shape`
    adds select_related/prefetch_related to the query; `rule_kwargs` go to the kind's `can`
    (a participant's `domain`). The caller logs what it shows."""
    kind = kind_of(target)
    user = request.user
    object_type = object_type or kind.object_type
    if not kind.may_open(user):
        deny(request, object_type=object_type, object_id=pk, verb=verb)
        raise PermissionDenied
    number = _pk(pk)
    qs = kind.visible(user)
    if shape is not None:
        qs = shape(qs)
    obj = qs.filter(pk=number).first() if number is not None else None
    if obj is None:
        hidden = None
        if kind.link_hidden and number is not None:
            hidden = model(kind.label).objects.filter(pk=number).first()
        deny(
            request,
            object_type=object_type,
            object_id=pk,
            verb=verb,
            participant=kind.participant_of(hidden) if hidden is not None else None,
        )
        raise Http404
    checked = verb != Verb.VIEW or not kind.visible_means_view
    if checked and not kind.can(user, verb, obj, **rule_kwargs):
        deny(
            request,
            object_type=object_type,
            object_id=pk,
            verb=verb,
            participant=kind.participant_of(obj),
        )
        raise PermissionDenied
    return obj


def get_participant(
    request: HttpRequest,
    pk,
    *,
    verb: str = Verb.VIEW,
    object_type: str = "case",
    domain: str | None = None,
):
    """The participant `pk` if the user may `verb` her file (in life domain `domain`, for a
    part of the case that belongs to one): `access_by_id` for a participant, which also logs
    the read of her file (the caller logs a write itself, with what changed)."""
    participant = access_by_id(
        request, PARTICIPANT, pk, verb=verb, object_type=object_type, domain=domain
    )
    if verb in (Verb.VIEW, Verb.VIEW_ALL):
        record(
            request=request,
            action=Action.VIEW,
            object_type=object_type,
            participant=participant,
            object_id=participant.pk,
        )
    return participant


def record_form_view(request: HttpRequest, participant, obj=None) -> None:
    """A form page (GET) for a write shows her data: log that it was seen. `obj` is what the
    form edits (a goal, a contact...); without it the case itself."""
    if request.method != "GET":
        return
    record(
        request=request,
        action=Action.VIEW,
        object_type=obj._meta.model_name if obj is not None else "case",
        object_id=obj.pk if obj is not None else participant.pk,
        participant=participant,
        detail="form",
    )


def existing_participant(pk):
    """The participant with this id, if there is one (for logging a refused attempt on her
    file: a guessed id of an existing participant shows in her access overview)."""
    number = _pk(pk)
    return model(PARTICIPANT).objects.filter(pk=number).first() if number is not None else None


def _attempted(verb: str) -> str:
    """How the access log names a refused attempt to `verb`."""
    if verb in READ_VERBS:
        return Action.VIEW
    return Action.EXPORT if verb == Verb.EXPORT else Action.UPDATE


def deny(request: HttpRequest, *, object_type: str, object_id, verb: str, participant=None):
    """Log a refused attempt, linked to `participant` when the attempt concerned her file.
    `object_id` is never taken for a participant id (a meeting's id is not a mother's)."""
    record(
        request=request,
        action=_attempted(verb),
        object_type=object_type,
        object_id=str(object_id)[:50],
        participant=participant,
        outcome=Outcome.DENIED,
        detail=f"verb={verb}",
    )


def refuse(request: HttpRequest, object_type: str, object_id="", *, verb: str = "view"):
    """Log a refused attempt on something that is not a participant's file (a queue, a
    meeting...) and raise PermissionDenied."""
    deny(request, object_type=object_type, object_id=object_id, verb=verb)
    raise PermissionDenied


def require(
    request: HttpRequest,
    verb: str,
    obj=None,
    *,
    object_type: str = "case",
    domain: str | None = None,
) -> None:
    """Raise PermissionDenied (and log it) unless the user may `verb` `obj` (in `domain`,
    for a part of the case that belongs to one life domain, such as a debt)."""
    if not can(request.user, verb, obj, domain=domain):
        deny(
            request,
            object_type=object_type,
            object_id=getattr(obj, "pk", "") or "",
            verb=verb,
            participant=None if obj is None else kind_of(PARTICIPANT).participant_of(obj),
        )
        raise PermissionDenied


# --- The mother's own portal -------------------------------------------------------------------


def own_object_by_id(
    request: HttpRequest,
    label: str,
    pk,
    *,
    path: str = "participant",
    verb: str = Verb.VIEW,
    object_type: str | None = None,
    queryset: QuerySet | None = None,
):
    """For the mother's portal: the object `pk` of model `label` ("plans.Action") if it
    belongs to her own case (reached from the object through `path`, e.g. "goal__participant"),
    otherwise a refusal in the access log and 404, the same for another mother's object and
    one that does not exist. 403 when the user has no portal at all."""
    object_type = object_type or label.rpartition(".")[2].lower()
    if not portal.can(request.user, verb):
        deny(request, object_type=object_type, object_id=pk, verb=verb)
        raise PermissionDenied
    number = _pk(pk)
    qs = queryset if queryset is not None else model(label).objects.all()
    prefix = "" if path == "participant" else path.removesuffix("participant")
    obj = None
    if number is not None:
        obj = qs.filter(portal.own_filter(request.user, prefix)).filter(pk=number).first()
    if obj is None:  # another mother's, or none at all
        deny(request, object_type=object_type, object_id=pk, verb=verb)
        raise Http404
    return obj
