"""The assignment export: one row per assignment, labelled columns, as CSV. (Excel exports are
the status-update workbook of :mod:`directives.reports.workbooks`, which imports back.)"""

from pathlib import Path

import pandas as pd

from directives import formatting, i18n
from directives.reports.workbooks import table_workbook
from directives.text import map_text_cells

SHEET = "Phân công"
EXPORT_COLUMNS = [
    "assignment_id",
    "meeting_title",
    "conclusion_number",
    "task_seq",
    "task_content",
    "field",
    "unit_name",
    "unit_kind",
    "role",
    "deadline",
    "status",
    "derived",
    "progress",
    "completed_on",
    "last_update_at",
]


def export_frame(
    assignments: pd.DataFrame, lang: str = "vi", timezone: str = "Asia/Ho_Chi_Minh"
) -> pd.DataFrame:
    """Labels instead of codes, dates as dd/mm/yyyy, Vietnamese headings."""
    frame = assignments[EXPORT_COLUMNS].copy()
    for kind in ("unit_kind", "role", "status", "derived"):
        frame[kind] = frame[kind].map(lambda code, kind=kind: i18n.label(kind, code, lang))
    for name in ("deadline", "completed_on"):
        frame[name] = frame[name].map(formatting.day)
    frame["last_update_at"] = frame["last_update_at"].map(
        lambda value: formatting.moment(value, timezone)
    )
    return frame.rename(columns={name: i18n.column(name, lang) for name in EXPORT_COLUMNS})


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell that a spreadsheet would read as a formula ("=…", "+…",
    "-…", "@…") led by an apostrophe, which spreadsheets show as text (CSV is only read by
    people and spreadsheets here, never imported back)."""
    return map_text_cells(
        frame, lambda text: "'" + text if text.startswith(FORMULA_STARTS) else text
    )


def as_bytes(frame: pd.DataFrame, file_format: str) -> bytes:
    """The table as a CSV file (with a BOM, so that Excel reads it as UTF-8) or a workbook."""
    if file_format == "csv":
        return csv_safe(frame).to_csv(index=False).encode("utf-8-sig")
    if file_format == "xlsx":
        return table_workbook(frame, SHEET)
    raise ValueError(f"định dạng {file_format!r} không được hỗ trợ: dùng csv hoặc xlsx")


def write(frame: pd.DataFrame, path: Path, file_format: str) -> None:
    path.write_bytes(as_bytes(frame, file_format))
