"""Ids for the access matrix (tests/test_access_matrix.py) and the life domain a partner needs
for each measurement page.

The world's measurement is a PSS-10 (well-being). Instruments map to life domains: PSS-10,
executive skills and Positive Health → well_being; the participation ladder → employment; the
Bridge and the ZRM per item (a partner sees the pillars/domains in her consent). So:
- the list needs consent for *some* domain an instrument touches; `finances` stands for that
  here (the credit bank sees the Bridge's finances pillar), a partner for `children` only sees
  no instrument and is refused;
- choosing and entering need every domain of an instrument: `well_being` (PSS-10) here."""

import datetime

from droomplan.instruments.tests.factories import MeasurementFactory

PARTNER_DOMAINS: dict[str, str] = {
    "instruments:list": "finances",
    "instruments:choose": "well_being",
    "instruments:create": "well_being",
    "instruments:detail": "well_being",
    "instruments:edit": "well_being",
    "instruments:delete": "well_being",
}


def kwargs(world) -> dict:
    mother = world["mother"]
    start = mother.start_date or mother.intake_date
    measurement = MeasurementFactory(
        participant=mother, instrument="pss-10", taken_on=start + datetime.timedelta(days=7)
    )
    return {"measurement_pk": measurement.pk, "instrument_code": "pss-10"}
