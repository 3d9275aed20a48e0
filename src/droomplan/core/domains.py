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


# The life domains in the mother's own words (her portal and her copy of her data): short,
# B1, addressed with "je". One place, so every page she reads names them the same way.
PLAIN_LABELS = {
    LifeDomain.FAMILY_STABILITY: _("your home and your family"),
    LifeDomain.WELL_BEING: _("your health and how you feel"),
    LifeDomain.EDUCATION: _("school and courses"),
    LifeDomain.FINANCES: _("money and debts"),
    LifeDomain.EMPLOYMENT: _("work and internships"),
    LifeDomain.CHILDREN: _("your children"),
}


def plain_label(code: str) -> str:
    """A life domain in the mother's words; an unknown code is never shown as a code."""
    label = PLAIN_LABELS.get(code)
    return str(label) if label is not None else str(_("another part of your life"))
