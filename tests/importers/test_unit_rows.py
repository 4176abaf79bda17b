"""The units sheet read on its own: kinds and blocs by their labels or codes, dates as Excel
dates or dd/mm/yyyy, each bad cell a located problem; any cell content gives rows or problems,
never an exception."""

import io
from datetime import date
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from directives.importers.unit_rows import read_units
from directives.models import Bloc, UnitKind
from directives.reports.layout import UNITS
from directives.reports.unit_workbook import units_template


def typed(rows: list[list[Any]]) -> bytes:
    """The blank template with ``rows`` typed in from A2."""
    book = openpyxl.load_workbook(io.BytesIO(units_template()))
    sheet = book[UNITS.name]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_labels_codes_and_dates() -> None:
    data = typed(
        [
            ["Sở Nông nghiệp và Môi trường", "Sở NN&MT", "sở, ban, ngành", "khoi chinh quyen"],
            ["Xã Cũ", None, "commune", None, 14167, "01/01/2020", date(2025, 6, 30), "Xã Mới"],
            ["Xã Mới", None, "Xã"],
        ]
    )
    sheet = read_units(data, "don-vi.xlsx")
    assert sheet.problems == ()
    first, old, new = sheet.rows
    assert (first.kind, first.bloc, first.short_name) == (
        UnitKind.DEPARTMENT,
        Bloc.GOVERNMENT,
        "Sở NN&MT",
    )
    assert (old.code, old.valid_from, old.valid_to, old.successor) == (
        "14167",
        date(2020, 1, 1),
        date(2025, 6, 30),
        "Xã Mới",
    )
    assert new.kind == UnitKind.COMMUNE


def test_each_bad_cell_is_located() -> None:
    data = typed(
        [
            ["Xã A", None, "xã", None, None, "31/02/2021"],
            ["Xã B", None, "xã", None, None, "01/01/2022", "01/01/2021"],
            ["Xã C", None, None, "Khối lạ"],
        ]
    )
    sheet = read_units(data, "don-vi.xlsx")
    assert [(p.row, p.column) for p in sheet.problems] == [(2, "F"), (3, "G"), (4, "C"), (4, "D")]
    assert "ngày không có thật" in sheet.problems[0].message
    assert len(sheet.rows) == 0


cell = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(["Xã", "Phường", "Khối Đảng", "31/12/2025", "x" * 300]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=1, max_size=len(UNITS.columns)), max_size=6))
def test_any_content_gives_rows_or_located_problems(rows: list[list[Any]]) -> None:
    try:
        data = typed(rows)
    except (ValueError, TypeError, IllegalCharacterError):  # control characters: not writable
        return
    sheet = read_units(data, "don-vi.xlsx")
    assert len(sheet.rows) <= sheet.count
    assert all(p.row is not None and p.column is not None for p in sheet.problems)
