from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The records the lead's coaches overview counts (`cases.selectors.coach_caseloads`: families
# per coach and their overdue actions): a save or delete of any of them changes the data
# version (`core.dataversion`), so the cached counts never outlive the data they were counted
# from. They have their own topic (`dataversion.CASELOADS`), so ticking off an action does not
# make the outcome figures be computed again. (The participant is an outcome fact too.)
CASELOAD_MODELS = [
    "cases.Participant",
    "cases.CoachAssignment",
    "plans.Goal",
    "plans.Action",
]

# The groups and municipalities the caseload's filter form offers (`forms.CaseloadFilterForm`):
# each process keeps the lists under the data version of `dataversion.FILTER_CHOICES`, which a
# save or delete of either changes.
FILTER_CHOICE_MODELS = ["programmes.Cohort", "programmes.Municipality"]


class CasesConfig(AppConfig):
    name = "droomplan.cases"
    verbose_name = _("Case files")

    def ready(self) -> None:
        from droomplan.core import dataversion

        dataversion.bump_on_change(dataversion.CASELOADS, CASELOAD_MODELS)
        dataversion.bump_on_change(dataversion.FILTER_CHOICES, FILTER_CHOICE_MODELS)
