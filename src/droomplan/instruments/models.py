"""Instruments are data: an instrument with its items (code, range, reverse-scored, group,
life domain) and score rules; a measurement is one filled-in instrument for a participant.

Scoring is done by the pure functions in `scoring.py` over `Instrument.definition()`."""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain
from droomplan.programmes.models import Programme

from .definitions import INDICATIVE_BANDS, LICENSED_TEXTS
from .scoring import InstrumentDef, ItemDef, score


def translated(text: str) -> str:
    """Our own labels are stored as English msgids; show them in the active language. A label
    typed by the functional admin is not in the catalogue and shows as typed."""
    return gettext(text) if text else ""


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")
    HIGHER_IS_WORSE = "higher_is_worse", _("Higher is worse")


class Scoring(models.TextChoices):
    SUM = "sum", _("Total score: the sum of the items (reverse-scored items turned around)")
    PROFILE = "profile", _("Profile: a score per item or group, no total shown")


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    scoring = models.CharField(
        _("scoring"), max_length=10, choices=Scoring.choices, default=Scoring.SUM
    )
    feeds_outcomes = models.BooleanField(_("feeds the outcome figures"), default=False)
    scheduled = models.BooleanField(
        _("part of the measurement schedule"),
        default=False,
        help_text=_("Due at the start, at every follow-up and at the end of the trajectory."),
    )
    domain = models.CharField(
        _("life domain"),
        max_length=20,
        choices=LifeDomain.choices,
        null=True,
        blank=True,
        help_text=_("Empty when every item has its own life domain (the Bridge, the ZRM)."),
    )
    # [{"code": "planning", "label": "Planning"}...] in display order
    groups = models.JSONField(_("groups"), default=list, blank=True)
    # [{"low": 0, "high": 13, "code": "low", "label": "low stress"}...]
    bands = models.JSONField(_("bands"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(_("in use"), default=True)
    # The version new measurements use unless the programme chose another one
    # (`ProgrammeInstrumentVersion`). Every measurement records its own version.
    current_version = models.ForeignKey(
        "InstrumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.current_version_id is None:
            # A new instrument starts with its first version.
            version, _created = InstrumentVersion.objects.get_or_create(
                instrument=self, code="1", defaults={"name": "1"}
            )
            self.current_version = version
            super().save(update_fields=["current_version"])

    @property
    def display_name(self) -> str:
        return translated(self.name)

    @property
    def display_description(self) -> str:
        return translated(self.description)

    @property
    def self_report(self) -> bool:
        """She may fill it in herself in her portal (`SELF_REPORT_CODES`)."""
        return self.code in SELF_REPORT_CODES

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER_IS_BETTER

    @property
    def shows_total(self) -> bool:
        return self.scoring == Scoring.SUM

    @cached_property
    def item_list(self) -> list["Item"]:
        """The items in order (uses a prefetch of `items` when there is one)."""
        return sorted(self.items.all(), key=lambda i: (i.order, i.pk))

    def definition(self, version: "InstrumentVersion | None" = None) -> InstrumentDef:
        """The items and scoring of `version`; without one, the items as stored (the ranges of
        the instrument's first version, which every other version shares unless it has its
        own scale)."""
        low = version.scale_min if version is not None else None
        high = version.scale_max if version is not None else None
        return InstrumentDef(
            code=self.code,
            items=[
                ItemDef(
                    i.code,
                    i.min_value if low is None else low,
                    i.max_value if high is None else high,
                    reverse=i.reverse_scored,
                    group=i.group,
                    label=i.label,
                )
                for i in self.item_list
            ],
            higher_is_better=self.higher_is_better,
            bands=tuple((b["low"], b["high"], b["code"]) for b in self.bands),
        )

    def group_label(self, code: str) -> str:
        for group in self.groups:
            if group.get("code") == code:
                return translated(group.get("label", code))
        return code

    def band_label(self, code: str) -> str:
        label = code
        for band in self.bands:
            if band.get("code") == code:
                label = translated(band.get("label", code))
                break
        if self.bands_are_indicative:
            return gettext("%(band)s, indicative") % {"band": label}
        return label

    @property
    def bands_are_indicative(self) -> bool:
        """The bands are a convention of practice, not the authors' cut-offs (PSS-10)."""
        return self.code in INDICATIVE_BANDS

    @property
    def has_licensed_texts(self) -> bool:
        """The published item texts are licensed and not shipped with Droomplan."""
        return self.code in LICENSED_TEXTS

    def life_domains(self) -> set[str]:
        """Every life domain this instrument touches (its own, or those of its items)."""
        if self.domain:
            return {self.domain}
        return {i.domain for i in self.item_list if i.domain}

    def visible_to(self, domains) -> bool:
        """A user who may see `domains` sees this instrument (a partner of the Bridge sees it
        when at least one pillar is hers; `visible_items` then limits the items)."""
        if self.domain:
            return self.domain in domains
        return bool(self.life_domains() & set(domains))

    def fully_visible_to(self, domains) -> bool:
        return self.life_domains() <= set(domains)

    def visible_items(self, domains) -> list["Item"]:
        if self.domain:
            return self.item_list if self.domain in domains else []
        return [i for i in self.item_list if not i.domain or i.domain in domains]


class InstrumentVersion(models.Model):
    """One published version of an instrument. The items (codes, reverse scoring, groups) are
    the instrument's; a version may answer every item on its own scale (`scale_min`,
    `scale_max`: the executive-skills questionnaire adapted for Mobility Mentoring uses 1–6
    instead of 1–7). A measurement records the version it was taken with, and is scored,
    labelled and charted with it."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("instrument")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("published source"), blank=True)
    scale_min = models.SmallIntegerField(_("lowest answer of every item"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest answer of every item"), null=True, blank=True)
    scale_hint = models.CharField(_("what the answers mean"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["instrument", "order", "pk"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="unique_instrument_version_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.code}"

    @property
    def display_name(self) -> str:
        return translated(self.name)

    @property
    def display_scale_hint(self) -> str:
        return translated(self.scale_hint)

    def definition(self) -> InstrumentDef:
        return self.instrument.definition(self)


class ProgrammeInstrumentVersion(models.Model):
    """The version of an instrument a programme uses for new measurements (when it is not the
    instrument's current version)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="instrument_versions",
        verbose_name=_("programme"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="+", verbose_name=_("instrument")
    )
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("version")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("version chosen by a programme")
        verbose_name_plural = _("versions chosen by programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "instrument"], name="unique_programme_instrument_version"
            ),
        ]


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=50)
    label = models.CharField(_("short label"), max_length=300, blank=True)
    min_value = models.SmallIntegerField(_("lowest answer"))
    max_value = models.SmallIntegerField(_("highest answer"))
    reverse_scored = models.BooleanField(_("reverse-scored"), default=False)
    group = models.CharField(_("group"), max_length=50, blank=True)
    domain = models.CharField(
        _("life domain"), max_length=20, choices=LifeDomain.choices, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "order", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="unique_item_code"),
            models.CheckConstraint(
                condition=models.Q(min_value__lte=models.F("max_value")),
                name="item_min_below_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.code}"

    @property
    def group_label(self) -> str:
        return self.instrument.group_label(self.group) if self.group else ""

    def display_label(self) -> str:
        if self.label:
            return translated(self.label)
        group = self.instrument.group_label(self.group) if self.group else ""
        text = gettext("Statement %(number)s") % {"number": self.code}
        return f"{text} ({group})" if group else text


class ItemLabel(models.Model):
    """The licensed question wording of an item for one programme (loaded by the functional
    admin). Codes, ranges and scoring stay the same."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="item_labels", verbose_name=_("programme")
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="programme_labels", verbose_name=_("item")
    )
    label = models.TextField(_("question wording"), max_length=1000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question wording")
        verbose_name_plural = _("question wordings")
        constraints = [
            models.UniqueConstraint(fields=["programme", "item"], name="unique_item_label"),
        ]

    def __str__(self) -> str:
        return self.label[:80]


# Questionnaires the mother may fill in herself, in her portal (self-report instruments). The
# others (ZRM, participation ladder, Bridge, executive skills) are a professional's judgement
# and are never offered to her.
SELF_REPORT_CODES = frozenset({"pss-10", "positieve-gezondheid"})


class FilledInBy(models.TextChoices):
    PROFESSIONAL = "professional", _("The professional")
    PARTICIPANT = "participant", _("The mother herself")


class Measurement(models.Model):
    """One filled-in instrument. `total`, `group_scores` and `band` are computed at save by the
    pure scoring functions; `answers` maps item code to the integer answer."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="measurements"
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("instrument"),
    )
    # The version of the instrument it was taken with (scoring, labels and charts follow it).
    # Filled in with the programme's version on save when not given.
    instrument_version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("version"),
    )
    taken_on = models.DateField(_("date of the measurement"))
    # Who filled in the answers: the professional in the conversation, or the mother herself
    # (exchange format version 2, `filled_in_by`).
    filled_in_by = models.CharField(
        _("filled in by"), max_length=20, choices=FilledInBy.choices, default="professional"
    )
    answers = models.JSONField(_("answers"), default=dict)
    total = models.IntegerField(_("total score"))
    group_scores = models.JSONField(_("scores per group"), default=dict, blank=True)
    band = models.CharField(_("band"), max_length=20, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["taken_on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [
            models.Index(
                fields=["participant", "instrument", "taken_on"],
                name="measurement_part_instr_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.taken_on}"

    def save(self, *args, **kwargs):
        # Always score from the answers (raises scoring.AnswerError for bad answers): the stored
        # total can never disagree with the answers.
        if self.instrument_version_id is None:
            self.instrument_version = version_for(self.instrument, self.participant.programme_id)
        self.apply_score(score(self.definition(), self.answers))
        super().save(*args, **kwargs)

    def definition(self) -> InstrumentDef:
        """The scoring of the version this measurement was taken with."""
        return self.instrument.definition(self.instrument_version)

    @property
    def band_label(self) -> str:
        return self.instrument.band_label(self.band) if self.band else ""

    def apply_score(self, result) -> None:
        self.total = result.total
        self.group_scores = dict(result.groups)
        self.band = result.band


def version_for(instrument: Instrument, programme_id: int | None) -> InstrumentVersion:
    """The version a programme uses for new measurements of `instrument` (one query)."""
    if programme_id is not None:
        chosen = (
            ProgrammeInstrumentVersion.objects.filter(
                programme_id=programme_id, instrument=instrument
            )
            .select_related("version")
            .first()
        )
        if chosen is not None:
            return chosen.version
    if instrument.current_version is not None:
        return instrument.current_version
    raise InstrumentVersion.DoesNotExist(f"{instrument.code} has no version")
