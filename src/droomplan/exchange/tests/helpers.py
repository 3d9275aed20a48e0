"""Small exchange documents for the tests."""

import copy
import json
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "exchange" / "example.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def participant(ref: str = "T-1", **overrides) -> dict:
    data = {
        "ref": ref,
        "given_name": "Sara",
        "family_name": "Jansen",
        "birth_date": "2001-05-14",
        "municipality": "GM0935",
        "single_parent": True,
        "cohort": "groep-1",
        "intake_date": "2024-08-19",
        "start_date": "2024-09-01",
        "end_date": None,
        "end_reason": None,
        "coach": None,
        "children": [{"given_name": "Noah", "birth_date": "2021-02-03"}],
        "debts": [
            {
                "creditor": "Zorgverzekeraar",
                "amount": "1840.50",
                "registered_on": "2024-09-10",
                "settled_on": None,
            }
        ],
        "housing": [],
        "education": [],
        "work": [],
        "consents": [],
        "measurements": [
            {"instrument": "participatieladder", "taken_on": "2024-09-08", "answers": {"rung": 2}}
        ],
    }
    data.update(overrides)
    return data


def document(*participants, **overrides) -> dict:
    data = {
        "format": "droomplan-exchange",
        "version": 1,
        "programme": {"code": "test-prog", "name": "Test programme"},
        "organisations": [{"code": "kredietbank", "name": "Kredietbank", "kind": "credit_bank"}],
        "cohorts": [{"code": "groep-1", "name": "Groep 1", "start_date": "2024-09-01"}],
        "participants": [copy.deepcopy(p) for p in participants] or [participant()],
    }
    data.update(overrides)
    return data


def write(tmp_path: Path, doc, name: str = "doc.json") -> Path:
    path = tmp_path / name
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return path
