"""The "Đơn vị" workbook (:data:`~directives.reports.layout.UNITS`) read into plain rows, with
every problem its cells have on their own; no database.

::

    sheet = read_units(data, file_name="don-vi.xlsx")
    sheet.rows        # UnitRow per complete row
    sheet.problems    # located problems of the cells (and of rows that repeat a name or code)

Kinds and blocs are read from their Vietnamese labels (case and accents aside) or their stored
codes. The successor stays a name here: :mod:`directives.services.unit_import` finds it.
"""

from dataclasses import dataclass
from datetime import date
from typing import IO

from directives import i18n
from directives.importers.workbook import Cells, ReadSheet, key, read_sheet, sort_problems
from directives.models import Bloc, Unit, UnitKind, max_length
from directives.reports.layout import BLOC_LABELS, KIND_LABELS, UNITS
from directives.services.errors import Problem
from directives.text import name_key

LIMITS: dict[str, int | None] = {
    "name": max_length(Unit, "name"),
    "short_name": max_length(Unit, "short_name"),
    "code": max_length(Unit, "code"),
    "note": max_length(Unit, "note"),
    "successor": max_length(Unit, "name"),
}

_KINDS = {key(i18n.label("unit_kind", k.value)): k for k in UnitKind} | {
    key(k.value): k for k in UnitKind
}
_BLOCS = {key(i18n.label("bloc", b.value)): b for b in Bloc} | {key(b.value): b for b in Bloc}


def _kind(value: object) -> UnitKind:
    found = _KINDS.get(key(str(value)))
    if found is None:
        raise ValueError(f"“{value}” không phải là loại đơn vị; chọn: {'; '.join(KIND_LABELS)}.")
    return found


def _bloc(value: object) -> Bloc:
    found = _BLOCS.get(key(str(value)))
    if found is None:
        raise ValueError(f"“{value}” không phải là khối; chọn: {'; '.join(BLOC_LABELS)}.")
    return found


@dataclass(frozen=True)
class UnitRow:
    """One complete row of the units sheet."""

    row: int
    name: str
    short_name: str | None
    kind: UnitKind
    bloc: Bloc | None
    code: str | None
    valid_from: date | None
    valid_to: date | None
    successor: str | None
    note: str | None


class UnitSheet(ReadSheet[UnitRow]):
    """What :func:`read_units` found; only complete rows are in ``rows``."""


def read_units(data: bytes | IO[bytes], file_name: str) -> UnitSheet:
    """Read and check a "Đơn vị" workbook on its own; raises
    :class:`~directives.services.errors.Rejected` only when the file or its header is unreadable.
    Two rows of current units (no end date) with the same name (case, tone placement and spaces
    aside) or the same code are problems of the later row."""
    sheet = UNITS
    raws = read_sheet(data, sheet, file_name)
    problems: list[Problem] = []
    rows: list[UnitRow] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    for raw in raws:
        cells = Cells(raw, sheet, file_name, problems)

        def text(column_key: str, required: bool = False) -> str | None:
            return cells.text(column_key, required, limit=LIMITS.get(column_key))  # noqa: B023

        name = text("name", required=True)
        short_name = text("short_name")
        kind = cells.parse("kind", _kind, required=True)
        bloc = cells.parse("bloc", _bloc, required=False)
        code = text("code")
        valid_from = cells.day("valid_from")
        valid_to = cells.day("valid_to")
        successor = text("successor")
        note = text("note")
        if valid_from and valid_to and valid_to < valid_from:
            cells.error("valid_to", "không được trước ngày Hiệu lực từ.")
        if successor and valid_to is None:
            cells.error("successor", "chỉ ghi khi có Hiệu lực đến (ngày đơn vị hết hiệu lực).")
        if name and successor and name_key(successor) == name_key(name):
            cells.error("successor", "không được là chính đơn vị này.")
        if name and valid_to is None:  # ended units may share a name or code with today's
            first = names.setdefault(name_key(name), raw.number)
            if first != raw.number:
                cells.error("name", f"trùng tên với dòng {first}.")
        if code and valid_to is None:
            first = codes.setdefault(code, raw.number)
            if first != raw.number:
                cells.error("code", f"trùng mã ĐVHC với dòng {first}.")
        if not cells.ok:
            continue
        assert name and kind
        rows.append(
            UnitRow(
                raw.number,
                name,
                short_name,
                kind,
                bloc,
                code,
                valid_from,
                valid_to,
                successor,
                note,
            )
        )
    return UnitSheet(file_name, len(raws), tuple(rows), tuple(sort_problems(problems, sheet)))
