"""The access log in the mother's inzage file: who saw or changed her data, and when.

Retention does not change the log: it is the trace (NEN 7513) and holds no free text about
her, only who did what to which record. `anonymise` therefore changes nothing."""

from .selectors import entries_for_export

LABEL = "access_log"
ORDER = 1000  # last in her file: who looked at everything above


def export(participant) -> list[dict]:
    return entries_for_export(participant)


def anonymise(participant) -> int:
    return 0
