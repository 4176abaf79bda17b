"""The Excel workbooks people fill in and send back, written: the data sheet with its header,
validation lists and frozen header row, the "Hướng dẫn" sheet explaining each column, and for
the tasks workbook the hidden "Danh mục" sheet of unit names. What the sheets hold (names,
columns, headers, help) is :mod:`directives.reports.layout`, which the importers read by too.

:func:`updates_template` and :func:`tasks_template` write them (with rows: an export that can be
edited and imported again; without: a blank template). The rows come from
:mod:`directives.queries.sheets`. :func:`table_workbook` writes any table (the pages' downloads).
"""

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from directives import i18n
from directives.reports.layout import (
    COLLECTIVE_NAMES,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    ROLE_LABELS,
    STANDING,
    STATUS_LABELS,
    TASKS,
    UPDATES,
    Sheet,
)

MAX_ROW = 1_048_576
HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")  # the columns to fill in
CONTEXT_FILL = PatternFill("solid", fgColor="E7E6E6")  # context, ignored on import
THIN = Side(style="thin", color="A6A6A6")
DATE_FORMAT = "DD/MM/YYYY"


def updates_template(rows: pd.DataFrame | Iterable[Mapping[str, Any]] = ()) -> bytes:
    """The status-update workbook: the "Cập nhật" sheet with ``rows`` (columns named by the keys
    of :data:`UPDATES`; ``role`` and ``status`` as stored codes; ``note`` may be missing), a
    "Hướng dẫn" sheet, validation lists for Trạng thái and Vai trò and 0–100 for Tiến độ.

    Rows usually come from :func:`directives.queries.sheets.update_rows`; without rows it is a
    blank template.
    """
    statuses = _list_validation(STATUS_LABELS, "Trạng thái")
    progress = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    progress.error = "Tiến độ là số nguyên từ 0 đến 100."
    progress.errorTitle = "Tiến độ (%)"
    progress.showErrorMessage = True
    roles = _list_validation(ROLE_LABELS, "Vai trò")
    for validation, key in ((statuses, "status"), (progress, "progress"), (roles, "role")):
        letter = UPDATES.letter(key)
        validation.add(f"{letter}2:{letter}{MAX_ROW}")

    def values(row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **row,
            "role": i18n.label("role", row.get("role")),
            "status": i18n.label("status", row.get("status")),
            "deadline": row.get("deadline") or STANDING,
        }

    return _workbook(UPDATES, (values(r) for r in _records(rows)), [statuses, progress, roles])


def tasks_template(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]] = (),
    unit_names: Sequence[str] = (),
    groups: Sequence[str] = COLLECTIVE_NAMES,
) -> bytes:
    """The tasks workbook: the "Nhiệm vụ" sheet with ``rows`` (columns named by the keys of
    :data:`TASKS`, ``leads``/``supports`` as text), a "Hướng dẫn" sheet, and the hidden sheet
    "Danh mục" listing the ``groups`` (``layout.collective_names`` of the deployment's level) and
    ``unit_names``, offered as a drop-down list in the unit
    columns (other text, such as several names, stays allowed).

    Rows usually come from :func:`directives.queries.sheets.task_rows` and unit names from
    :func:`directives.queries.sheets.unit_names`; without rows it is a blank template.
    """
    choices = [*groups, *unit_names]
    units = DataValidation(
        type="list", formula1=f"'{LISTS_SHEET}'!$A$2:$A${len(choices) + 1}", allow_blank=True
    )
    units.showErrorMessage = False  # a cell may hold several names: the list only helps
    for key in ("leads", "supports"):
        letter = TASKS.letter(key)
        units.add(f"{letter}2:{letter}{MAX_ROW}")

    def values(row: Mapping[str, Any]) -> dict[str, Any]:
        return {**row, "deadline": row.get("deadline") or STANDING}

    return _workbook(TASKS, (values(r) for r in _records(rows)), [units], lists=("Đơn vị", choices))


def _list_validation(labels: Sequence[str], title: str) -> DataValidation:
    validation = DataValidation(
        type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
    )
    validation.error = "Chọn một giá trị trong danh sách: " + ", ".join(labels) + "."
    validation.errorTitle = title
    validation.showErrorMessage = True
    return validation


def _records(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    if isinstance(rows, pd.DataFrame):
        return [{str(k): v for k, v in record.items()} for record in rows.to_dict("records")]
    return rows


def _cell(sheet: Any, value: Any) -> Any:
    """``value`` as it goes into a write-only sheet. Text stays text: openpyxl would store a
    string that starts with "=" (a task named "=HYPERLINK(…)") as a live formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def table_workbook(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """Any table as a one-sheet workbook (the pages' downloads, the audit log): bold headings,
    frozen header row, columns wide enough to read, text kept as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    for position, name in enumerate(frame.columns, start=1):
        longest = max([len(str(name)), *(len(str(v)) for v in frame[name].head(200))])
        sheet.column_dimensions[get_column_letter(position)].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in frame.itertuples(index=False):
        sheet.append([_cell(sheet, _plain(value)) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """A value openpyxl writes as people expect: no NaN/NaT, dates without time, plain ints."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str | date | bool):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _workbook(
    sheet: Sheet,
    rows: Iterable[Mapping[str, Any]],
    validations: list[DataValidation],
    lists: tuple[str, Sequence[str]] | None = None,
) -> bytes:
    book = Workbook(write_only=True)
    data = book.create_sheet(sheet.name)
    for position, column in enumerate(sheet.columns, start=1):
        data.column_dimensions[get_column_letter(position)].width = column.width
    data.freeze_panes = "A2"
    data.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}1"
    for validation in validations:
        data.data_validations.append(validation)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(data, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL if column.input else CONTEXT_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=THIN, right=THIN)
        header.append(cell)
    data.append(header)
    dates = {i for i, column in enumerate(sheet.columns) if column.kind == "date"}
    keys = [column.key for column in sheet.columns]
    for row in rows:
        line: list[Any] = []
        for position, key in enumerate(keys):
            value = _plain(row.get(key))
            if position in dates and isinstance(value, date):
                cell = WriteOnlyCell(data, value=datetime.combine(value, time()))
                cell.number_format = DATE_FORMAT
                line.append(cell)
            else:
                line.append(_cell(data, value))
        data.append(line)
    _instructions(book, sheet)
    if lists is not None:
        title, names = lists
        listing = book.create_sheet(LISTS_SHEET)
        listing.sheet_state = "hidden"
        listing.column_dimensions["A"].width = 40
        listing.append([title])
        for name in names:
            listing.append([name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(book: Workbook, sheet: Sheet) -> None:
    guide = book.create_sheet(INSTRUCTIONS_SHEET)
    for letter, width in (("A", 8), ("B", 22), ("C", 14), ("D", 90)):
        guide.column_dimensions[letter].width = width
    title = WriteOnlyCell(guide, value=f"Hướng dẫn điền trang “{sheet.name}”")
    title.font = Font(bold=True, size=14)
    guide.append([title])
    guide.append([])
    for line in sheet.intro:
        guide.append([None, line])
    guide.append([])
    heads = []
    for text in ("Cột", "Tiêu đề", "Cách dùng", "Giải thích"):
        cell = WriteOnlyCell(guide, value=text)
        cell.font = Font(bold=True)
        cell.fill = CONTEXT_FILL
        heads.append(cell)
    guide.append(heads)
    for position, column in enumerate(sheet.columns, start=1):
        use = "Điền, được nhập" if column.input else "Tham khảo"
        if sheet is UPDATES and column.key in ("assignment_id", "version"):
            use = "Giữ nguyên"
        explanation = WriteOnlyCell(guide, value=column.help)
        explanation.alignment = Alignment(wrap_text=True, vertical="top")
        guide.append([get_column_letter(position), column.header, use, explanation])
