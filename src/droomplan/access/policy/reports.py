"""Who may use the programme-wide tools that are not one object: the outcome report, the
exchange import and export, the research export and the instrument wording.

Each is named by a `Tool`; `can(user, verb, tool)` answers, and the page predicates below are
what views (`access.decorators.allowed_if`) and the navigation use."""

from droomplan.core.roles import Role

from .base import Verb, has_any_role


class Tool:
    OUTCOMES = "outcomes"  # the outcome report for funders
    EXCHANGE = "exchange"  # import and export of the exchange format
    RESEARCH = "research"  # the pseudonymised research export
    INSTRUMENTS = "instruments"  # the licensed wording of the questionnaires
    BUSINESS_CASE = "business_case"  # costs next to returns, beside the outcome report


RULES: dict[tuple[str, str], frozenset[str]] = {
    # The report with small numbers suppressed: those who account for the programme.
    (Verb.VIEW, Tool.OUTCOMES): frozenset({Role.PROGRAMME_LEAD, Role.BOARD, Role.ANALYST}),
    # Real small numbers and who was counted: those who may open the programme's case files.
    (Verb.VIEW_ALL, Tool.OUTCOMES): frozenset({Role.PROGRAMME_LEAD}),
    # An import writes every family's file; an export reads all of them.
    (Verb.IMPORT, Tool.EXCHANGE): frozenset({Role.PROGRAMME_LEAD}),
    (Verb.EXPORT, Tool.EXCHANGE): frozenset({Role.PROGRAMME_LEAD}),
    # Only the researcher/funder role receives the pseudonymised data.
    (Verb.EXPORT, Tool.RESEARCH): frozenset({Role.ANALYST}),
    (Verb.MANAGE, Tool.INSTRUMENTS): frozenset({Role.ADMIN}),
    # The business case follows the outcome report: the same readers, the same small cells.
    (Verb.VIEW, Tool.BUSINESS_CASE): frozenset({Role.PROGRAMME_LEAD, Role.BOARD, Role.ANALYST}),
    (Verb.VIEW_ALL, Tool.BUSINESS_CASE): frozenset({Role.PROGRAMME_LEAD}),
    # Its inputs (assumptions, partner contributions) are entered by the programme lead.
    (Verb.MANAGE, Tool.BUSINESS_CASE): frozenset({Role.PROGRAMME_LEAD}),
}


def can(user, verb: str, tool: str) -> bool:
    roles = RULES.get((verb, tool))
    return roles is not None and has_any_role(user, roles)


def can_see_outcomes(user) -> bool:
    return can(user, Verb.VIEW, Tool.OUTCOMES)


def can_see_outcome_details(user) -> bool:
    """Real small numbers and the drill-down to the participants counted."""
    return can(user, Verb.VIEW_ALL, Tool.OUTCOMES)


def can_use_exchange(user) -> bool:
    return can(user, Verb.IMPORT, Tool.EXCHANGE)


def can_export_research(user) -> bool:
    return can(user, Verb.EXPORT, Tool.RESEARCH)


def can_manage_instruments(user) -> bool:
    return can(user, Verb.MANAGE, Tool.INSTRUMENTS)


def can_see_business_case(user) -> bool:
    return can(user, Verb.VIEW, Tool.BUSINESS_CASE)


def can_see_business_case_details(user) -> bool:
    """Real small numbers and, per line, the mothers it counts."""
    return can(user, Verb.VIEW_ALL, Tool.BUSINESS_CASE)


def can_manage_business_case(user) -> bool:
    """Enter the assumptions and the partner contributions."""
    return can(user, Verb.MANAGE, Tool.BUSINESS_CASE)
