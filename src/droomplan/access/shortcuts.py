"""Access-checked getters for views and API views: check, audit, then return or deny."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from droomplan.audit.models import Action, Outcome
from droomplan.audit.services import record
from droomplan.cases.models import Participant

from .policy import Verb, can, visible_participants

READ_VERBS = {Verb.VIEW, Verb.VIEW_ALL}


def get_participant(
    request: HttpRequest,
    pk,
    *,
    verb: str = Verb.VIEW,
    object_type: str = "case",
    domain: str | None = None,
) -> Participant:
    """The participant `pk` if the user may `verb` it (in life domain `domain`, for a part of
    the case that belongs to one); otherwise log the denial and raise.

    Not visible at all → 404 (the case's existence is not revealed); visible but not allowed
    to do this → 403. The caller logs the write itself (with what changed)."""
    try:
        participant = visible_participants(request.user).get(pk=int(pk))
    except (Participant.DoesNotExist, ValueError, TypeError):
        deny(
            request,
            object_type=object_type,
            object_id=pk,
            verb=verb,
            participant=existing_participant(pk),
        )
        raise Http404 from None
    if not can(request.user, verb, participant, domain=domain):
        deny(request, object_type=object_type, object_id=pk, verb=verb, participant=participant)
        raise PermissionDenied
    if verb in READ_VERBS:
        record(
            request=request,
            action=Action.VIEW,
            object_type=object_type,
            participant=participant,
            object_id=participant.pk,
        )
    return participant


def record_form_view(request: HttpRequest, participant: Participant, obj=None) -> None:
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


def existing_participant(pk) -> Participant | None:
    """The participant with this id, if there is one (for logging a refused attempt on her
    file: a guessed id of an existing participant shows in her access overview)."""
    try:
        return Participant.objects.filter(pk=int(pk)).first()
    except (ValueError, TypeError):
        return None


def deny(request: HttpRequest, *, object_type: str, object_id, verb: str, participant=None):
    """Log a refused attempt, linked to `participant` when the attempt concerned her file.
    `object_id` is never taken for a participant id (a meeting's id is not a mother's)."""
    record(
        request=request,
        action=Action.VIEW if verb in READ_VERBS else Action.UPDATE,
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
            participant=obj if isinstance(obj, Participant) else getattr(obj, "participant", None),
        )
        raise PermissionDenied
