"""Who may see and do what. The only place these rules live: views, selectors, services,
the navigation and the home page ask here and never decide "who may" themselves.

One module per kind of object, one vocabulary (`Verb`) and the same shape in each:
`visible_<things>(user)` is the queryset of what she may open, `can(user, verb, obj=None)`
whether she may do `verb` (without `obj`: whether she may use that kind of page at all), and a
few named page predicates (`can_list_signals(user)`...) for decorators and navigation.

- `participants`: a mother's case file (the caseload, the case page, consent scopes);
- `signals`, `escalations`, `meetings`: their own rules, see each module;
- `reports`: programme-wide tools (outcome report, exchange, research export, instruments);
- `portal`: the mother's own portal (her own case, who may invite her);
- `accounts`: the security log, role requests, two-step resets;
- `management`: the management pages (organisations, users, API tokens, programmes, jobs);
- `notifications`: who may be told what, who gets which kind and which work lists;
- `staff`: who may take on a task (be a coach, receive signals, facilitate a meeting).

The participant rules are also importable from here (`policy.can`, `policy.Verb`,
`policy.visible_participants`...), as before the split."""

from . import (
    accounts,
    escalations,
    management,
    meetings,
    notifications,
    participants,
    portal,
    reports,
    signals,
    staff,
)
from .accounts import (
    can_decide_role_change,
    can_read_security_log,
    can_reset_two_step,
    can_see_role_requests,
)
from .base import READ_VERBS, Verb, is_active, kind_of
from .escalations import can_open_escalation_queue, can_see_escalation_figures, visible_escalations
from .management import (
    can_manage_api_tokens,
    can_manage_organisations,
    can_manage_programmes,
    can_manage_users,
    can_see_jobs,
)
from .meetings import can_plan_meetings, can_see_meetings, visible_sessions
from .notifications import can_get_kind, may_be_told, work_lists_for
from .participants import (
    ALL_DOMAINS,
    can,
    can_in_every_domain,
    can_list_cases,
    consented_domains,
    consented_domains_by_organisation,
    consented_domains_by_participant,
    contact_filter,
    may_share_note,
    partner_organisation_ids,
    sees_every_case,
    sees_only_shared_cases,
    sees_whole_case,
    sharing_organisations,
    valid_consents,
    visible_domains,
    visible_participants,
)
from .reports import (
    can_export_research,
    can_manage_business_case,
    can_manage_instruments,
    can_see_business_case,
    can_see_business_case_details,
    can_see_outcome_details,
    can_see_outcomes,
    can_use_exchange,
)
from .signals import (
    can_list_signals,
    can_manage_signal_routes,
    can_register_signal_by_phone,
    can_triage_signal,
    visible_signals,
)

__all__ = [
    "ALL_DOMAINS",
    "READ_VERBS",
    "Verb",
    "accounts",
    "can",
    "can_decide_role_change",
    "can_read_security_log",
    "can_reset_two_step",
    "can_see_role_requests",
    "can_export_research",
    "can_get_kind",
    "can_manage_api_tokens",
    "can_manage_organisations",
    "can_manage_programmes",
    "can_manage_users",
    "can_see_jobs",
    "can_in_every_domain",
    "can_list_cases",
    "can_list_signals",
    "can_manage_business_case",
    "can_manage_instruments",
    "can_manage_signal_routes",
    "can_open_escalation_queue",
    "can_plan_meetings",
    "can_register_signal_by_phone",
    "can_see_business_case",
    "can_see_business_case_details",
    "can_see_escalation_figures",
    "can_see_meetings",
    "can_see_outcome_details",
    "can_see_outcomes",
    "can_triage_signal",
    "can_use_exchange",
    "consented_domains",
    "consented_domains_by_participant",
    "contact_filter",
    "escalations",
    "is_active",
    "kind_of",
    "management",
    "may_be_told",
    "notifications",
    "meetings",
    "participants",
    "partner_organisation_ids",
    "portal",
    "reports",
    "sees_every_case",
    "sees_only_shared_cases",
    "sees_whole_case",
    "sharing_organisations",
    "consented_domains_by_organisation",
    "may_share_note",
    "signals",
    "staff",
    "valid_consents",
    "visible_domains",
    "visible_escalations",
    "visible_participants",
    "visible_sessions",
    "visible_signals",
    "work_lists_for",
]
