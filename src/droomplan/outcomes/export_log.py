"""How an outcome report that leaves Droomplan is logged, in one place for the page, the
background download and the API: every family behind the figures that the user may open (an
internal report names them by case number) as an `export` of her case, and the report itself.
The command has no user to ask and logs through its own actor (`outcome_report`)."""

from droomplan.access.policy import visible_participants
from droomplan.audit.models import Action
from droomplan.audit.services import record, record_many
from droomplan.programmes.models import Programme


def log_export(
    *,
    request,
    user,
    programme: Programme,
    refs: list[str] | None,
    cases_detail: str,
    report_detail: str,
) -> None:
    """`refs`: the case numbers behind the figures (None or empty: no family is named)."""
    if refs:
        record_many(
            request=request,
            user=user,
            action=Action.EXPORT,
            object_type="case",
            participants=visible_participants(user)
            .filter(programme=programme, ref__in=refs)
            .only("pk"),
            detail=cases_detail,
        )
    record(
        request=request,
        user=user,
        action=Action.EXPORT,
        object_type="outcome_report",
        object_id=programme.code,
        detail=report_detail,
    )
