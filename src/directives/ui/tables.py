"""Tables as the pages show them: labelled columns, local dates, sorted worst first."""

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from directives import i18n
from directives.status import LAG_ORDER, Derived


def _local(frame: pd.DataFrame, column: str, timezone: str = "Asia/Ho_Chi_Minh") -> pd.Series:
    values = pd.to_datetime(frame[column], utc=True)
    return values.dt.tz_convert(ZoneInfo(timezone)).dt.tz_localize(None)


def overdue(assignments: pd.DataFrame, as_of: date, lang: str) -> pd.DataFrame:
    """Overdue, unfinished assignments, the longest overdue first."""
    rows = assignments[assignments["derived"] == Derived.OVERDUE.value].copy()
    if rows.empty:
        return pd.DataFrame()
    rows["days_late"] = rows["deadline"].map(lambda deadline: (as_of - deadline).days)
    rows["last_update_at"] = _local(rows, "last_update_at")
    rows = rows.sort_values(["days_late", "unit_name"], ascending=[False, True])
    return _labelled(
        rows,
        ["unit_name", "task_seq", "task_content", "role", "deadline", "days_late", "progress",
         "last_update_at"],
        lang,
    )  # fmt: skip


def unit_progress(assignments: pd.DataFrame, latest_notes: pd.Series, lang: str) -> pd.DataFrame:
    """One task's assignments: leads first, then the ones that lag most."""
    rows = assignments.copy()
    rows["note"] = rows["assignment_id"].map(latest_notes)
    rows["last_update_at"] = _local(rows, "last_update_at")
    rows["rank"] = rows["derived"].map({d.value: i for i, d in enumerate(LAG_ORDER)})
    rows = rows.sort_values(["role", "rank", "unit_name"])
    rows["derived"] = rows["derived"].map(lambda code: i18n.label("derived", code, lang))
    return _labelled(
        rows,
        ["unit_name", "role", "derived", "progress", "completed_on", "last_update_at", "note"],
        lang,
    )


def history(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = frame.copy()
    rows["at"] = _local(rows, "at")
    for column in ("from_status", "to_status"):
        rows[column] = rows[column].map(lambda code: i18n.label("status", code, lang))
    headings = {
        "at": i18n.ui("when", lang),
        "unit_name": i18n.column("unit_name", lang),
        "user_name": i18n.ui("updated_by", lang),
        "from_status": i18n.ui("from_status", lang),
        "to_status": i18n.ui("to_status", lang),
        "progress": i18n.column("progress", lang),
        "note": i18n.ui("note", lang),
        "evidence": i18n.ui("evidence", lang),
    }
    return rows[list(headings)].rename(columns=headings)


def _labelled(rows: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    frame = rows[columns].copy()
    if "role" in frame:
        frame["role"] = frame["role"].map(lambda code: i18n.label("role", code, lang))
    headings = {name: i18n.column(name, lang) for name in columns}
    headings["days_late"] = i18n.ui("days_late", lang)
    headings["note"] = i18n.ui("note", lang)
    return frame.rename(columns=headings)


def column_config(lang: str) -> dict[str, Any]:
    """Formats keyed by the labelled headings: dd/mm/yyyy dates, progress bars."""
    return {
        i18n.column("deadline", lang): st.column_config.DateColumn(format="DD/MM/YYYY"),
        i18n.column("completed_on", lang): st.column_config.DateColumn(format="DD/MM/YYYY"),
        i18n.column("last_update_at", lang): st.column_config.DatetimeColumn(
            format="DD/MM/YYYY HH:mm"
        ),
        i18n.ui("when", lang): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
        i18n.column("progress", lang): st.column_config.ProgressColumn(
            format="%d%%", min_value=0, max_value=100
        ),
        i18n.column("task_content", lang): st.column_config.TextColumn(width="large"),
        i18n.ui("note", lang): st.column_config.TextColumn(width="large"),
    }
