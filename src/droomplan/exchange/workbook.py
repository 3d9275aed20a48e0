"""The exchange format as a spreadsheet (.xlsx): one sheet per kind of record, Dutch column
headers, lists for the coded columns, and an instruction sheet (docs/exchange.md, "Spreadsheet").

`SHEETS` is the one definition of the layout: the template (`write_template`) and the reader
(`read_workbook`) both follow it. The reader turns the rows into an exchange document (a dict,
version 2) that then goes through the same validation and preview as a JSON file, plus a map
from each record's JSON path to its sheet and row, so problems can be named by sheet, row and
column ("blad schulden, rij 14, kolom bedrag")."""

import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext, gettext_noop

from droomplan.accounts.models import OrganisationKind
from droomplan.cases.models import ContactKind, EndReason
from droomplan.core.domains import LifeDomain
from droomplan.plans.models import ActionOwner, GoalStatus

from .validation import FILLED_IN_BY, FORMAT, VERSION, WORK_KINDS, Problem


class WorkbookError(Exception):
    """The file is not a workbook we can read."""


# -- cell conversions: a cell value → the document's JSON value (raise ValueError with a msgid)


def _text(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _date(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(gettext_noop("not a date (write 2024-09-01 or 1-9-2024)"))


def _money(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(gettext_noop("not an amount"))
    text = str(value).strip().replace("€", "").replace(" ", "")
    if isinstance(value, str) and "," in text:
        text = text.replace(".", "").replace(",", ".")  # 1.234,56
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(gettext_noop("not an amount")) from None
    return f"{amount:.2f}"


def _int(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(gettext_noop("not a whole number"))
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(gettext_noop("not a whole number")) from None
    if not number.is_integer():
        raise ValueError(gettext_noop("not a whole number"))
    return int(number)


def _number(value):
    if value is None or value == "":
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(gettext_noop("not a number")) from None
    return int(number) if number.is_integer() else number


def _bool(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("ja", "j", "yes", "true", "1", "waar"):
        return True
    if text in ("nee", "n", "no", "false", "0", "onwaar"):
        return False
    raise ValueError(gettext_noop("write ja or nee"))


def _codes(value):
    """A comma-separated list of codes."""
    text = _text(value)
    if text is None:
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class Column:
    header: str  # Dutch header in the sheet (the layout is Dutch: the users are)
    key: str  # key in the document record
    convert: Callable = _text
    choices: Callable[[], list[str]] | None = None  # for a validation list in the template
    hint: str = ""  # example or note on the instruction sheet


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    what: str  # one line for the instruction sheet
    extra: dict = field(default_factory=dict)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


def _municipalities() -> list[str]:
    from droomplan.programmes.models import Municipality

    return list(Municipality.objects.order_by("cbs_code").values_list("cbs_code", flat=True))


def _instruments() -> list[str]:
    from droomplan.instruments.models import Instrument

    return list(Instrument.objects.order_by("code").values_list("code", flat=True))


def _values(choices):
    return lambda: list(choices.values) if hasattr(choices, "values") else list(choices)


PARTICIPANT_REF = Column("deelnemer", "participant", hint="het dossiernummer uit blad deelnemers")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "programma",
        (
            Column("code", "code", hint="droommoeders"),
            Column("naam", "name"),
            Column("maximale leeftijd bij intake", "max_age_at_intake", _int),
        ),
        "Eén rij: het programma.",
    ),
    Sheet(
        "organisaties",
        (
            Column("code", "code"),
            Column("naam", "name"),
            Column("soort", "kind", choices=_values(OrganisationKind)),
        ),
        "De organisaties waar toestemmingen, acties en contacten naar verwijzen.",
    ),
    Sheet(
        "groepen",
        (
            Column("code", "code"),
            Column("naam", "name"),
            Column("startdatum", "start_date", _date),
        ),
        "De groepen (cohorten) van het programma.",
    ),
    Sheet(
        "deelnemers",
        (
            Column("dossiernummer", "ref", hint="DM-0001"),
            Column("voornaam", "given_name"),
            Column("achternaam", "family_name"),
            Column("geboortedatum", "birth_date", _date),
            Column("gemeente", "municipality", choices=_municipalities, hint="GM0935"),
            Column("alleenstaand", "single_parent", _bool, choices=lambda: ["ja", "nee"]),
            Column("groep", "cohort"),
            Column("intakedatum", "intake_date", _date),
            Column("startdatum", "start_date", _date),
            Column("einddatum", "end_date", _date),
            Column("reden einde", "end_reason", choices=_values(EndReason)),
            Column("coach (e-mail)", "coach"),
            Column("schulden geïnventariseerd op", "debt_inventory_on", _date),
        ),
        "Eén rij per moeder. De andere bladen verwijzen naar haar dossiernummer.",
    ),
    Sheet(
        "kinderen",
        (
            PARTICIPANT_REF,
            Column("voornaam", "given_name"),
            Column("geboortedatum", "birth_date", _date),
        ),
        "Eén rij per kind.",
    ),
    Sheet(
        "schulden",
        (
            PARTICIPANT_REF,
            Column("schuldeiser", "creditor"),
            Column("bedrag", "amount", _money, hint="1840,50"),
            Column("geregistreerd op", "registered_on", _date),
            Column("afgelost op", "settled_on", _date),
        ),
        "Eén rij per schuld; leeg 'afgelost op' = nog open.",
    ),
    Sheet(
        "wonen",
        (
            PARTICIPANT_REF,
            Column("datum", "date", _date),
            Column("passend", "adequate", _bool, choices=lambda: ["ja", "nee"]),
            Column("situatie", "situation"),
        ),
        "Eén rij per woonsituatie (vanaf de datum).",
    ),
    Sheet(
        "opleiding",
        (
            PARTICIPANT_REF,
            Column("opleiding", "name"),
            Column("niveau", "level", hint="mbo-2"),
            Column("begonnen op", "started_on", _date),
            Column("afgerond op", "completed_on", _date),
            Column("gestopt op", "stopped_on", _date),
        ),
        "Eén rij per opleiding.",
    ),
    Sheet(
        "werk",
        (
            PARTICIPANT_REF,
            Column("soort", "kind", choices=lambda: list(WORK_KINDS)),
            Column("werkgever", "employer"),
            Column("begonnen op", "started_on", _date),
            Column("gestopt op", "ended_on", _date),
            Column("uren per week", "hours_per_week", _number),
        ),
        "Eén rij per baan, werkervaringsplek, stage of vrijwilligerswerk.",
    ),
    Sheet(
        "toestemmingen",
        (
            PARTICIPANT_REF,
            Column("organisatie", "organisation"),
            Column("leefgebieden", "scopes", _codes, hint="finances, children"),
            Column("gegeven op", "given_on", _date),
            Column("geldig tot", "expires_on", _date),
            Column("ingetrokken op", "withdrawn_on", _date),
        ),
        "Eén rij per toestemming; leefgebieden met komma's: " + ", ".join(LifeDomain.values) + ".",
    ),
    Sheet(
        "metingen",
        (
            PARTICIPANT_REF,
            Column("instrument", "instrument", choices=_instruments),
            Column("afgenomen op", "taken_on", _date),
            Column("versie", "version"),
            Column("ingevuld door", "filled_in_by", choices=lambda: list(FILLED_IN_BY)),
            Column("vraag", "item", hint="1, 2 … of rung, finances …"),
            Column("antwoord", "answer", _int),
        ),
        "Eén rij per antwoord; de rijen met dezelfde deelnemer, instrument en datum vormen "
        "één meting.",
    ),
    Sheet(
        "doelen",
        (
            PARTICIPANT_REF,
            Column("doel-id", "ref", hint="G1 (uniek binnen de deelnemer)"),
            Column("droom", "dream", hint="leeg = een doel zonder droom"),
            Column("droom sinds", "dream_created_on", _date),
            Column("doel", "title"),
            Column("leefgebied", "domain", choices=_values(LifeDomain)),
            Column("voor kind", "child", hint="voornaam van het kind, of leeg"),
            Column("status", "status", choices=_values(GoalStatus)),
            Column("reden", "status_reason"),
            Column("gesteld op", "created_on", _date),
            Column("streefdatum", "target_date", _date),
            Column("status gewijzigd op", "status_changed_on", _date),
        ),
        "Eén rij per doel. Doelen met dezelfde droom-tekst horen bij één droom.",
    ),
    Sheet(
        "acties",
        (
            PARTICIPANT_REF,
            Column("doel-id", "goal"),
            Column("actie-id", "ref"),
            Column("wat", "description"),
            Column("wie", "owner", choices=_values(ActionOwner)),
            Column("organisatie", "organisation"),
            Column("afgesproken op", "created_on", _date),
            Column("uiterste datum", "due_date", _date),
            Column("gedaan op", "done_on", _date),
        ),
        "Eén rij per actie bij een doel (doel-id uit blad doelen).",
    ),
    Sheet(
        "contacten",
        (
            PARTICIPANT_REF,
            Column("contact-id", "ref"),
            Column("datum", "date", _date),
            Column("soort", "kind", choices=_values(ContactKind)),
            Column("duur (minuten)", "duration_minutes", _int),
            Column("notitie", "note"),
            Column("leefgebied", "domain", choices=_values(LifeDomain)),
            Column("schrijver (e-mail)", "author"),
            Column("gedeeld met", "shared_with", _codes, hint="kredietbank, mik"),
        ),
        "Eén rij per contactmoment; 'gedeeld met' alleen organisaties met geldige toestemming.",
    ),
)
SHEET_BY_NAME = {s.name: s for s in SHEETS}
PARTICIPANT_LISTS = {
    "kinderen": "children",
    "schulden": "debts",
    "wonen": "housing",
    "opleiding": "education",
    "werk": "work",
    "toestemmingen": "consents",
    "contacten": "contacts",
}
INSTRUCTIONS = "uitleg"
LISTS = "lijsten"


# -- the template ----------------------------------------------------------------------------


def write_template(out) -> None:
    """Write the empty workbook: the instruction sheet, one sheet per kind with its headers
    and validation lists for the coded columns, and a hidden sheet with those lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    guide = book.active
    guide.title = INSTRUCTIONS
    lines = [
        "Droomplan: families importeren uit een spreadsheet",
        "",
        "Vul de bladen in; elke rij is één gegeven. Laat de kopregel staan.",
        "Datums als 2024-09-01 of 1-9-2024. Bedragen in euro's (1840,50). Ja/nee als ja of nee.",
        "Upload het bestand bij Importeren en exporteren: u ziet eerst wat er verandert.",
        "",
    ]
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    for sheet in SHEETS:
        guide.append([sheet.name, sheet.what])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        for column in sheet.columns:
            guide.append(["", column.header, column.hint])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 60

    lists = book.create_sheet(LISTS)
    list_column = 0
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append([c.header for c in sheet.columns])
        for i, column in enumerate(sheet.columns, start=1):
            ws.cell(row=1, column=i).font = Font(bold=True)
            ws.column_dimensions[get_column_letter(i)].width = max(14, len(column.header) + 2)
            if column.choices is None:
                continue
            values = column.choices()
            if not values:
                continue
            list_column += 1
            letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=f"{sheet.name}: {column.header}")
            for row, value in enumerate(values, start=2):
                lists.cell(row=row, column=list_column, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"{LISTS}!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Onbekende waarde",
                error="Kies een waarde uit de lijst.",
            )
            ws.add_data_validation(validation)
            col = get_column_letter(i)
            validation.add(f"{col}2:{col}5000")
        ws.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    book.save(out)


def template_bytes() -> bytes:
    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


# -- reading ---------------------------------------------------------------------------------


def is_workbook(path) -> bool:
    """An .xlsx file is a zip archive with a workbook part."""
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


@dataclass
class WorkbookResult:
    document: dict
    problems: list[Problem]
    origins: dict[str, tuple[str, int]]  # JSON path of a record → (sheet, row)


def _cell_problem(sheet: str, row: int, column: str, message: str, **params) -> Problem:
    return Problem(
        f"{sheet}!{row}",
        message,
        tuple(params.items()),
        place=(("sheet", sheet), ("row", row), ("column", column)),
    )


def read_workbook(path) -> WorkbookResult:
    """Read the workbook (read-only: rows are streamed) into an exchange document."""
    from openpyxl import load_workbook

    try:
        # A file object: openpyxl would refuse the path of a stored upload by its extension.
        book = load_workbook(open(path, "rb"), read_only=True, data_only=True)  # noqa: SIM115
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds for a broken file)
        raise WorkbookError(
            gettext_noop("the spreadsheet cannot be read (is it an .xlsx file?)")
        ) from exc
    problems: list[Problem] = []
    rows_of: dict[str, list[tuple[int, dict]]] = {}
    try:
        for ws in book.worksheets:
            name = ws.title.strip().lower()
            if name in (INSTRUCTIONS, LISTS):
                continue
            sheet = SHEET_BY_NAME.get(name)
            if sheet is None:
                problems.append(
                    Problem(
                        ws.title,
                        gettext_noop("unknown sheet; use the sheets of the template"),
                        place=(("sheet", ws.title),),
                    )
                )
                continue
            rows_of[name] = list(_sheet_rows(ws, sheet, problems))
    finally:
        book.close()
    document, origins = _document(rows_of, problems)
    return WorkbookResult(document, problems, origins)


def _sheet_rows(ws, sheet: Sheet, problems: list[Problem]):
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    by_header = {c.header: c for c in sheet.columns}
    columns: list[Column | None] = []
    for value in header:
        text = _text(value)
        column = by_header.get(text.lower()) if text else None
        if text and column is None:
            problems.append(
                Problem(
                    f"{sheet.name}!1",
                    gettext_noop("unknown column %(column)s"),
                    (("column", text),),
                    place=(("sheet", sheet.name), ("row", 1)),
                )
            )
        columns.append(column)
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record: dict = {}
        for column, value in zip(columns, values, strict=False):
            if column is None:
                continue
            try:
                record[column.key] = column.convert(value)
            except ValueError as exc:
                problems.append(_cell_problem(sheet.name, number, column.header, str(exc)))
                record[column.key] = None
        yield number, record


def _document(rows_of: dict, problems: list[Problem]) -> tuple[dict, dict]:
    origins: dict[str, tuple[str, int]] = {}
    programme_rows = rows_of.get("programma", [])
    programme = programme_rows[0][1] if programme_rows else None
    if programme is None:
        problems.append(
            Problem(
                "programma",
                gettext_noop("the sheet programma needs one row: the programme"),
                place=(("sheet", "programma"),),
            )
        )
    document: dict = {
        "format": FORMAT,
        "version": VERSION,
        "programme": programme or {},
        "organisations": [r for _n, r in rows_of.get("organisaties", [])],
        "cohorts": [r for _n, r in rows_of.get("groepen", [])],
        "participants": [],
    }
    for key, sheet in (("organisations", "organisaties"), ("cohorts", "groepen")):
        for i, (number, _r) in enumerate(rows_of.get(sheet, [])):
            origins[f"{key}[{i}]"] = (sheet, number)
    if programme_rows:
        origins["programme"] = ("programma", programme_rows[0][0])
    participants: dict[str, dict] = {}
    for number, row in rows_of.get("deelnemers", []):
        ref = row.get("ref")
        index = len(document["participants"])
        person = dict(row)
        for key in PARTICIPANT_LISTS.values():
            person[key] = []
        person.update({"measurements": [], "dreams": [], "goals": []})
        document["participants"].append(person)
        origins[f"participants[{index}]"] = ("deelnemers", number)
        if ref:
            participants.setdefault(ref, person)
        person["_index"] = index

    def owner(sheet: str, number: int, row: dict) -> dict | None:
        ref = row.pop("participant", None)
        person = participants.get(ref) if ref else None
        if person is None:
            problems.append(
                _cell_problem(
                    sheet,
                    number,
                    "deelnemer",
                    gettext_noop("no participant with this case number in the sheet deelnemers")
                    if ref
                    else gettext_noop("required"),
                )
            )
        return person

    for sheet, key in PARTICIPANT_LISTS.items():
        for number, row in rows_of.get(sheet, []):
            person = owner(sheet, number, row)
            if person is None:
                continue
            origins[f"participants[{person['_index']}].{key}[{len(person[key])}]"] = (sheet, number)
            person[key].append(row)

    measurements: dict[tuple, dict] = {}
    for number, row in rows_of.get("metingen", []):
        person = owner("metingen", number, row)
        if person is None:
            continue
        group = (person["_index"], row.get("instrument"), row.get("taken_on"))
        item, answer = row.pop("item"), row.pop("answer")
        measurement = measurements.get(group)
        if measurement is None:
            measurement = {**row, "answers": {}}
            measurements[group] = measurement
            index = len(person["measurements"])
            origins[f"participants[{person['_index']}].measurements[{index}]"] = (
                "metingen",
                number,
            )
            person["measurements"].append(measurement)
        if item is not None:
            measurement["answers"][item] = answer

    goals_by_ref: dict[tuple, dict] = {}
    for number, row in rows_of.get("doelen", []):
        person = owner("doelen", number, row)
        if person is None:
            continue
        dream_text = row.pop("dream")
        dream_created = row.pop("dream_created_on")
        child = row.get("child")
        if child is not None:
            names = [c.get("given_name") for c in person["children"]]
            if child in names:
                row["child"] = names.index(child)
            else:
                problems.append(
                    _cell_problem(
                        "doelen",
                        number,
                        "voor kind",
                        gettext_noop("she has no child with this first name"),
                    )
                )
                row["child"] = None
        row["actions"] = []
        pi = person["_index"]
        if dream_text:
            dream = next((d for d in person["dreams"] if d["text"] == dream_text), None)
            if dream is None:
                dream = {"text": dream_text, "created_on": dream_created, "goals": []}
                origins[f"participants[{pi}].dreams[{len(person['dreams'])}]"] = ("doelen", number)
                person["dreams"].append(dream)
            di = person["dreams"].index(dream)
            goal_path = f"participants[{pi}].dreams[{di}].goals[{len(dream['goals'])}]"
            dream["goals"].append(row)
        else:
            goal_path = f"participants[{pi}].goals[{len(person['goals'])}]"
            person["goals"].append(row)
        origins[goal_path] = ("doelen", number)
        if row.get("ref"):
            goals_by_ref[(pi, row["ref"])] = (row, goal_path)
    for number, row in rows_of.get("acties", []):
        person = owner("acties", number, row)
        if person is None:
            continue
        found = goals_by_ref.get((person["_index"], row.pop("goal")))
        if found is None:
            problems.append(
                _cell_problem(
                    "acties",
                    number,
                    "doel-id",
                    gettext_noop("no goal with this id in the sheet doelen"),
                )
            )
            continue
        goal, goal_path = found
        origins[f"{goal_path}.actions[{len(goal['actions'])}]"] = ("acties", number)
        goal["actions"].append(row)
    for person in document["participants"]:
        del person["_index"]
        # A workbook without the sheet leaves that part of her file alone (as version 1).
        if "doelen" not in rows_of:
            del person["dreams"], person["goals"]
        if "contacten" not in rows_of:
            del person["contacts"]
    return document, origins


def origin_place(path: str, origins: dict, refs: dict | None = None) -> tuple:
    """The sheet, row and column of a problem found in the document made from a workbook."""
    record, rest = path, ""
    while record and record not in origins:
        cut = max(record.rfind("."), record.rfind("["))
        if cut <= 0:
            return ()
        rest = record[cut:].lstrip(".") + ("." + rest if rest else "")
        record = record[:cut]
    if not record:
        return ()
    sheet, row = origins[record]
    place: list = [("sheet", sheet), ("row", row)]
    key = rest.split(".")[0].split("[")[0] if rest else ""
    column = SHEET_BY_NAME[sheet].column(key) if key else None
    if key == "answers":
        column = SHEET_BY_NAME[sheet].column("answer")
    if column is not None:
        place.append(("column", column.header))
    return tuple(place)


def sheet_names() -> list[str]:
    return [gettext(s.name) for s in SHEETS]


# -- a document as a workbook (the example workbook, and tests) -------------------------------


def _cell(column: Column, value):
    if value is None:
        return None
    if column.convert is _bool:
        return "ja" if value else "nee"
    if column.convert is _codes:
        return ", ".join(value)
    if column.convert is _money:
        return value.replace(".", ",")
    return value


def write_document_workbook(document: dict, out) -> None:
    """Write an exchange document as a workbook in the template's layout."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    rows: dict[str, list[dict]] = {s.name: [] for s in SHEETS}
    rows["programma"].append(document.get("programme") or {})
    rows["organisaties"] += document.get("organisations") or []
    rows["groepen"] += document.get("cohorts") or []
    for p in document.get("participants") or []:
        ref = p["ref"]
        rows["deelnemers"].append(p)
        for sheet, key in PARTICIPANT_LISTS.items():
            rows[sheet] += [{**item, "participant": ref} for item in p.get(key) or []]
        for m in p.get("measurements") or []:
            for item, answer in m["answers"].items():
                rows["metingen"].append({**m, "participant": ref, "item": item, "answer": answer})
        children = [c["given_name"] for c in p.get("children") or []]
        goals = [(d, g) for d in p.get("dreams") or [] for g in d["goals"]]
        goals += [(None, g) for g in p.get("goals") or []]
        for n, (dream, goal) in enumerate(goals, start=1):
            goal_ref = goal.get("ref") or f"G{n}"
            rows["doelen"].append(
                {
                    **goal,
                    "participant": ref,
                    "ref": goal_ref,
                    "dream": dream["text"] if dream else None,
                    "dream_created_on": dream.get("created_on") if dream else None,
                    "child": children[goal["child"]] if goal.get("child") is not None else None,
                }
            )
            rows["acties"] += [
                {**a, "participant": ref, "goal": goal_ref} for a in goal.get("actions") or []
            ]
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append([c.header for c in sheet.columns])
        for record in rows[sheet.name]:
            ws.append([_cell(c, record.get(c.key)) for c in sheet.columns])
    book.save(out)
