"""The "Today" work list as the first part of the home page."""

from droomplan.audit.models import Action
from droomplan.audit.services import record_many
from droomplan.core.home import register_top

from .worklist import participants_shown, work_lists


@register_top(template="attention/home/today.html")
def today(request) -> dict:
    lists = work_lists(request.user, request=request)
    record_many(
        request=request,
        action=Action.LIST,
        object_type="worklist",
        participants=participants_shown(lists),
        detail="home: today",
    )
    return {"work_lists": lists}
