"""Turning codes (programme, cohorts, CBS municipality codes) into a `Selection`."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from droomplan.programmes.models import Cohort, Municipality, Programme
from droomplan.programmes.selectors import default_programme

from .metrics import Selection


class SelectionError(ValueError):
    pass


def resolve(
    *, programme: str | None, cohorts: Sequence[str] = (), municipalities: Sequence[str] = ()
) -> Selection:
    """A selection from codes; every unknown code is named in the error."""
    if programme:
        found = Programme.objects.filter(code=programme).first()
        if found is None:
            known = ", ".join(Programme.objects.values_list("code", flat=True)) or "-"
            raise SelectionError(
                _("Unknown programme '%(code)s'. Known programmes: %(known)s.")
                % {"code": programme, "known": known}
            )
    else:
        found = default_programme()
        if found is None:
            known = ", ".join(Programme.objects.values_list("code", flat=True))
            if not known:
                raise SelectionError(_("There is no programme yet."))
            raise SelectionError(
                _("There are several programmes; choose one with --programme (%(known)s).")
                % {"known": known}
            )
    problems = []
    cohort_objects = list(Cohort.objects.filter(programme=found, code__in=set(cohorts)))
    missing = sorted(set(cohorts) - {c.code for c in cohort_objects})
    if missing:
        problems.append(
            _("Unknown cohort(s) in programme %(programme)s: %(codes)s.")
            % {"programme": found.code, "codes": ", ".join(missing)}
        )
    municipality_objects = list(Municipality.objects.filter(cbs_code__in=set(municipalities)))
    missing = sorted(set(municipalities) - {m.cbs_code for m in municipality_objects})
    if missing:
        problems.append(
            _("Unknown municipality code(s): %(codes)s (a CBS code is GM and four digits).")
            % {"codes": ", ".join(missing)}
        )
    if problems:
        raise SelectionError(" ".join(problems))
    return Selection(
        found,
        tuple(sorted(cohort_objects, key=lambda c: c.code)),
        tuple(sorted(municipality_objects, key=lambda m: m.cbs_code)),
    )
