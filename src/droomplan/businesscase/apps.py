from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The records the business case reads beyond the outcome facts (`outcomes.apps.FACT_MODELS`,
# which bump their own topic): a save or delete of any of them changes the data version of
# `dataversion.BUSINESS_CASE_INPUTS`, so the cached home-page headline (`businesscase.home`,
# which depends on both topics) never outlives the data it was computed from, while the
# outcome figures (which do not read contacts or meetings) stay cached.
INPUT_MODELS = [
    "cases.Contact",
    "meetings.GroupSession",
    "meetings.Attendance",
    "businesscase.Assumption",
    "businesscase.PartnerContribution",
    "businesscase.Spending",
]


class BusinessCaseConfig(AppConfig):
    name = "droomplan.businesscase"
    label = "businesscase"
    verbose_name = _("Business case")

    def ready(self) -> None:
        from droomplan.core import dataversion

        dataversion.bump_on_change(dataversion.BUSINESS_CASE_INPUTS, INPUT_MODELS)
