"""Tables as the pages show them: labelled columns, local dates, sorted worst first."""

from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from directives import formatting, i18n
from directives.reports.export import export_frame
from directives.status import LAG_ORDER, Counts

# What a table shows in an empty cell (a task without a deadline, an open end of validity), in
# place of Streamlit's "None".
MISSING = "—"


def rate_column(help: str | None = None) -> Any:
    """A rate as a bar with whole percentage points ("67%"). The grid writes decimals with a
    point whatever the language ("66.7%"); the one-decimal figures, with a comma, are on the
    cards and in the exports. Give it values already rounded by :func:`points`."""
    return st.column_config.ProgressColumn(format="%d%%", min_value=0, max_value=100, help=help)


def points(rates: pd.Series) -> pd.Series:
    """Rates (0–1) as whole percentage points for :func:`rate_column`; no rate stays empty."""
    return (rates.astype("float64") * 100).round()


def local(frame: pd.DataFrame, column: str, timezone: str = "Asia/Ho_Chi_Minh") -> pd.Series:
    values = pd.to_datetime(frame[column], utc=True)
    return values.dt.tz_convert(ZoneInfo(timezone)).dt.tz_localize(None)


def overdue(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Overdue assignments with ``days_late`` (see ``queries.overview.top_overdue``), labelled."""
    rows = rows.copy()
    rows["last_update_at"] = local(rows, "last_update_at")
    return labelled(
        rows,
        [
            "unit_name",
            "task_seq",
            "task_content",
            "role",
            "deadline",
            "days_late",
            "progress",
            "last_update_at",
        ],
        lang,
    )


def unit_progress(assignments: pd.DataFrame, latest_notes: pd.Series, lang: str) -> pd.DataFrame:
    """One task's assignments: leads first, then the ones that lag most."""
    rows = assignments.copy()
    rows["note"] = rows["assignment_id"].map(latest_notes)
    rows["last_update_at"] = local(rows, "last_update_at")
    rows["rank"] = rows["derived"].map({d.value: i for i, d in enumerate(LAG_ORDER)})
    rows = rows.sort_values(["role", "rank", "unit_name"])
    rows["derived"] = rows["derived"].map(lambda code: i18n.label("derived", code, lang))
    follow_ups = ["follow_ups"] if "follow_ups" in rows else []
    columns = ["unit_name", "role", "derived", *follow_ups, "progress", "completed_on"]
    return labelled(rows, [*columns, "last_update_at", "note"], lang)


def history(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Updates newest first; with the item number when the frame has one (a unit's history)."""
    rows = frame.copy()
    rows["at"] = local(rows, "at")
    for column in ("from_status", "to_status"):
        rows[column] = rows[column].map(lambda code: i18n.label("status", code, lang))
    headings = {
        "happened_on": i18n.ui("happened_on", lang),
        "at": i18n.ui("when", lang),
        "backdated": i18n.ui("backdated", lang),
        **({"task_seq": i18n.column("task_seq", lang)} if "task_seq" in rows else {}),
        "unit_name": i18n.column("unit_name", lang),
        "user_name": i18n.ui("updated_by", lang),
        "from_status": i18n.ui("from_status", lang),
        "to_status": i18n.ui("to_status", lang),
        "progress": i18n.column("progress", lang),
        "note": i18n.ui("note", lang),
        "evidence": i18n.ui("evidence", lang),
        "review": i18n.ui("review_verdict", lang),
    }
    return rows[list(headings)].rename(columns=headings)


def labelled(rows: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    frame = rows[columns].copy()
    if "role" in frame:
        frame["role"] = frame["role"].map(lambda code: i18n.label("role", code, lang))
    headings = {name: i18n.column(name, lang) for name in columns}
    headings["days_late"] = i18n.ui("days_late", lang)
    headings["note"] = i18n.ui("note", lang)
    return frame.rename(columns=headings)


def as_shown(rows: pd.DataFrame, lang: str, timezone: str = "Asia/Ho_Chi_Minh") -> pd.DataFrame:
    """The assignments as the export writes them (``reports.export.export_frame``: same columns,
    labels and order), but with real dates and local times for :func:`column_config` to format
    as dd/mm/yyyy: a date column fed "31/03/2021" strings cannot read them, and sorts them as
    text."""
    shown = export_frame(rows, lang, timezone)
    for name in ("deadline", "completed_on"):
        shown[i18n.column(name, lang)] = rows[name].astype(object)
    shown[i18n.column("last_update_at", lang)] = local(rows, "last_update_at", timezone)
    return shown


def column_config(lang: str) -> dict[str, Any]:
    """Formats keyed by the labelled headings: dd/mm/yyyy dates, progress bars."""
    return {
        i18n.column("deadline", lang): st.column_config.DateColumn(format="DD/MM/YYYY"),
        i18n.column("completed_on", lang): st.column_config.DateColumn(format="DD/MM/YYYY"),
        i18n.column("last_update_at", lang): st.column_config.DatetimeColumn(
            format="DD/MM/YYYY HH:mm"
        ),
        i18n.ui("when", lang): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
        i18n.ui("happened_on", lang): st.column_config.DateColumn(format="DD/MM/YYYY"),
        i18n.column("progress", lang): st.column_config.ProgressColumn(
            format="%d%%", min_value=0, max_value=100
        ),
        i18n.column("task_content", lang): st.column_config.TextColumn(width="large"),
        i18n.ui("note", lang): st.column_config.TextColumn(width="large"),
    }


def by_role(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per organization: its figures as lead (chủ trì) and as support (phối hợp)."""
    values, roles = ["total", "done", "overdue"], ["lead", "support"]
    wide = rows.pivot_table(index="unit_name", columns="role", values=values, aggfunc="sum")
    wide = wide.reindex(columns=pd.MultiIndex.from_product([values, roles]), fill_value=0)
    wide = wide.fillna(0).astype("int64")
    out = pd.DataFrame(index=wide.index)
    for role in roles:
        name = i18n.label("role", role, lang)
        out[f"{name}: {i18n.ui('assignments', lang)}"] = wide[("total", role)]
        out[f"{name}: {i18n.label('status', 'done', lang)}"] = wide[("done", role)]
        out[f"{name}: {i18n.label('derived', 'overdue', lang)}"] = wide[("overdue", role)]
        due = wide[("done", role)] + wide[("overdue", role)]
        rate = wide[("done", role)] / due.where(due > 0)
        out[f"{name}: {i18n.ui('completion_rate', lang)}"] = points(rate)
    return out.reset_index().rename(columns={"unit_name": i18n.ui("unit", lang)})


def unit_column() -> Any:
    """A ranking's unit column: pinned and of a bounded width, so that on a phone the figures
    beside it show and the table scrolls sideways under the names (the cell's tooltip has a cut
    name whole)."""
    return st.column_config.TextColumn(width=240, pinned=True)


def rate_config(lang: str) -> dict[str, Any]:
    rate = i18n.ui("completion_rate", lang)
    return {
        i18n.ui("unit", lang): unit_column(),
        **{
            f"{i18n.label('role', role, lang)}: {rate}": rate_column()
            for role in ("lead", "support")
        },
    }


def column_name(name: str, lang: str) -> str:
    return i18n.column(name, lang)


def figures(counts: Counts, tasks: int, before: Counts, lang: str) -> pd.DataFrame:
    """The overview's figures as a plain table (for print), with the change."""
    rows = [
        (i18n.ui("completion_rate", lang), counts.completion_rate, before.completion_rate, True),
        (i18n.ui("on_time_rate", lang), counts.on_time_rate, before.on_time_rate, True),
        (i18n.ui("tasks", lang), tasks, None, False),
        (i18n.ui("assignments", lang), counts.total, before.total, False),
    ]
    for name in ("done_on_time", "done_late", "in_progress", "overdue", "due_soon", "no_deadline"):
        rows.append(
            (i18n.label("derived", name, lang), getattr(counts, name), getattr(before, name), False)
        )

    def show(value: float | None, rate: bool) -> str:
        if value is None:
            return "—"
        return formatting.percent(value, lang=lang) if rate else formatting.number(value, lang=lang)

    def change(now: float | None, then: float | None, rate: bool) -> str:
        if now is None or then is None:
            return ""
        delta = (now - then) * (100 if rate else 1)
        sign = "+" if delta > 0 else ""
        unit = i18n.ui("points", lang) if rate else ""
        return f"{sign}{formatting.number(delta, 1 if rate else 0, lang)}{unit}"

    return pd.DataFrame(
        [
            {
                i18n.ui("figure", lang): name,
                i18n.ui("value", lang): show(now, rate),
                i18n.ui("change", lang): change(now, then, rate),
            }
            for name, now, then, rate in rows
        ]
    ).set_index(i18n.ui("figure", lang))


def print_styles() -> None:
    """When printed, leave out the sidebar, the header and the controls above the divider."""
    st.html(
        "<style>@media print {"
        "[data-testid='stSidebar'], header, [data-testid='stSidebarCollapsedControl'],"
        "[data-testid='stDownloadButton'], [data-testid='stSelectbox'] {display: none !important;}"
        "[data-testid='stMain'] {margin-left: 0 !important;}"
        "@page {size: A4; margin: 12mm;}"
        "}</style>"
    )


def shown_of(shown: int, total: int, lang: str) -> str:
    """ " (25 of 660 shown)" when a chart leaves units out, else nothing."""
    if shown >= total:
        return ""
    return f" ({i18n.ui('shown_of', lang).format(shown=shown, total=total)})"
