"""The roles of DESIGN.md: one list, like `core.domains` is the one list of life domains. A user
holds a role through a membership of an organisation (`accounts`); who may do what with a role
is decided in `access.policy`. Here so that `access` and `audit` can name the roles without
depending on `accounts` (which asks `access` for its own pages)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md. A user holds a role through a membership of an organisation."""

    COACH = "coach", _("Coach")
    PARTNER = "partner", _("Partner professional")
    MUNICIPAL_CONTACT = "municipal_contact", _("Municipal contact person")
    PROGRAMME_LEAD = "programme_lead", _("Programme lead")
    BOARD = "board", _("Board member")
    ANALYST = "analyst", _("Researcher / funder")
    ADMIN = "admin", _("Functional administrator")
    PARTICIPANT = "participant", _("Participant")


STAFF_ROLES = frozenset(Role) - {Role.PARTICIPANT}  # everyone who works with the families
