"""Droomplan's one date style in Dutch (see docs/architecture.md, "Dates"). Templates use the
names (`|date:"SHORT_DATE_FORMAT"`), never a pattern of their own; a test checks that."""

DATE_FORMAT = "j F Y"  # 9 februari 2024
SHORT_DATE_FORMAT = "j b Y"  # 9 feb 2024 (tables, lists)
DATETIME_FORMAT = "j F Y, H:i"  # 9 februari 2024, 14:05
SHORT_DATETIME_FORMAT = "j b Y, H:i"  # 9 feb 2024, 14:05
MONTH_DAY_FORMAT = "j F"  # 9 februari
YEAR_MONTH_FORMAT = "F Y"  # februari 2024
TIME_FORMAT = "H:i"
