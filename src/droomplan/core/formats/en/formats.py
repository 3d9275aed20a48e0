"""Droomplan's one date style in English: the same shapes as in Dutch (day, month, year)."""

DATE_FORMAT = "j F Y"  # 9 February 2024
SHORT_DATE_FORMAT = "j M Y"  # 9 Feb 2024
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
