from django.db import models
from django.utils.translation import gettext_lazy as _


class LifeDomain(models.TextChoices):
    """One taxonomy used everywhere: goals, consent scopes, reports (DESIGN.md)."""

    FAMILY_STABILITY = "family_stability", _("Family stability (housing, family, childcare)")
    WELL_BEING = "well_being", _("Well-being (health, network, stress)")
    EDUCATION = "education", _("Education")
    FINANCES = "finances", _("Finances (debts, income, budget)")
    EMPLOYMENT = "employment", _("Work and internships")
    CHILDREN = "children", _("The children")
