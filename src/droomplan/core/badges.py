"""The one mapping from a status to the style of its badge (the UI kit's `{% status_badge %}`).

A badge always says its status in words; the colour only supports the text. The styles are
the Utrecht status-badge modifiers: "success" (green), "warning" (yellow), "danger" (red),
"info" (blue) and "neutral" (grey); theme.css gives them Droomplan's colours.

Keys are "kind" names chosen by the app that shows the badge, values map that app's status
values (strings, so core imports no domain app) to a style. A status not listed is neutral.
Add a kind here when a new app shows statuses as badges; never choose a colour in a template.
"""

BADGES: dict[str, dict[str, str]] = {
    # cases.models.Status
    "participant": {"intake": "warning", "active": "success", "ended": "neutral"},
    # access.selectors.ConsentStatus
    "consent": {
        "valid": "success",
        "expires_soon": "warning",
        "not_yet": "neutral",
        "expired": "neutral",
        "withdrawn": "danger",
    },
    # escalations.models.EscalationStatus
    "escalation": {"open": "warning", "advised": "warning", "decided": "success"},
    # signals.models.SignalStatus
    "signal": {
        "received": "warning",
        "in_contact": "info",
        "intake_proposed": "info",
        "intake": "success",
    },
    # instruments: the state of a measurement in the schedule
    "measurement": {"due": "warning", "overdue": "danger"},
    # eligibility: a rule, or all rules, met or not; admitted despite the rules
    "eligibility": {"met": "success", "not_met": "danger", "admitted": "warning"},
    # plans.models.GoalStatus (the mother's portal)
    "goal": {"open": "info", "achieved": "success", "adjusted": "warning", "stopped": "neutral"},
    # portal.selectors.LoginStatus: the mother's own login
    "portal_login": {
        "none": "neutral",
        "pending": "warning",
        "expired": "danger",
        "active": "success",
        "blocked": "danger",
    },
    # accounts: an organisation or user account
    "account": {"active": "success", "inactive": "neutral"},
    # two-step login on or off
    "two_factor": {"on": "success", "off": "warning"},
    # jobs.models.JobStatus
    "job": {
        "queued": "warning",
        "running": "warning",
        "retrying": "warning",
        "succeeded": "success",
        "failed": "danger",
    },
}

STYLES = {"success", "warning", "danger", "info", "neutral"}
DEFAULT_STYLE = "neutral"


def badge_style(kind: str, status: str) -> str:
    """The badge style of `status` in `kind`; an unknown kind is a programming error."""
    return BADGES[kind].get(str(status), DEFAULT_STYLE)
