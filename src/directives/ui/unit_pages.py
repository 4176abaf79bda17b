"""The parts of the commune and organization pages: ranking, matrix, one unit's detail."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from directives import charts, formatting
from directives.i18n import label
from directives.models import UnitKind
from directives.queries.matrix import cells
from directives.queries.overview import add_rates, ranking
from directives.ui import data, explanations, follow_ups, grades, tables
from directives.ui.markup import plain
from directives.ui.params import id_param
from directives.ui.session import FOCUS_UNIT_KEY, current_user, lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import Frame, chart, excel_download, kpi_cards

UNIT_PARAM = "don_vi"
MATRIX_UNITS = 40
MATRIX_TASKS = 40


def focus_from_link() -> None:
    """Open the unit an address names (``?don_vi=12``, as a message's link does), once: the
    parameter is taken off the address, so "back" returns to the list."""
    linked = id_param(UNIT_PARAM)
    if linked.given:
        if linked.value is not None:  # a malformed or out-of-range value is ignored
            st.session_state[FOCUS_UNIT_KEY] = linked.value
        del st.query_params[UNIT_PARAM]


def ranking_table(by_unit: pd.DataFrame, frame: Frame, key: str) -> None:
    """Units worst first; selecting a row opens that unit."""
    lg = lang()
    ranked = ranking(add_rates(by_unit), frame.filters.as_of)
    shown = pd.DataFrame(
        {
            t("unit"): ranked["unit_name"],
            t("assignments"): ranked["total"],
            t("completion_rate"): tables.points(ranked["completion_rate"]),
            t("on_time_rate"): tables.points(ranked["on_time_rate"]),
            label("derived", "overdue", lg): ranked["overdue"],
            t("days_since_update"): ranked["days_since_update"],
        }
    )
    st.caption(t("ranking_help"))
    picked = st.dataframe(
        shown,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={
            t("unit"): tables.unit_column(),
            t("completion_rate"): tables.rate_column(),
            t("on_time_rate"): tables.rate_column(),
            t("days_since_update"): st.column_config.NumberColumn(format="%d"),
        },
        placeholder=MISSING,
    )
    excel_download(shown, f"xep-hang-{frame.filters.as_of.isoformat()}.xlsx", key=f"{key}_xlsx")
    rows = picked.selection.rows if picked else []
    if rows:
        st.session_state[FOCUS_UNIT_KEY] = int(ranked.iloc[rows[0]]["unit_id"])
        st.rerun()


def matrix(frame: Frame, kinds: tuple[UnitKind, ...]) -> None:
    rows = data.assignments(replace(frame.filters, unit_kinds=kinds))
    if rows.empty:
        st.info(t("no_data"))
        return
    grid = cells(rows)
    latest_tasks = grid.sort_values("task_order")["task_id"].unique()[-MATRIX_TASKS:]
    order = ranking(
        add_rates(data.counts_by_unit(replace(frame.filters, unit_kinds=kinds))),
        frame.filters.as_of,
    )["unit_name"].tolist()
    worst = order[:MATRIX_UNITS]
    if len(order) > MATRIX_UNITS or grid["task_id"].nunique() > MATRIX_TASKS:
        st.caption(t("matrix_limited").format(units=len(worst), tasks=len(latest_tasks)))
    grid = grid[grid["unit_name"].isin(worst) & grid["task_id"].isin(latest_tasks)]
    grid["unit_name"] = pd.Categorical(grid["unit_name"], categories=worst, ordered=True)
    grid = grid.sort_values(["unit_name", "task_order"])
    grid["unit_name"] = grid["unit_name"].astype(str)
    chart(charts.matrix(grid, lang()), key=f"matrix_{kinds[0]}")
    st.caption(t("matrix_help"))


def unit_detail(unit_id: int, frame: Frame) -> None:
    """One unit: its figures, every task given to it with its status, and its update history."""
    lg = lang()
    unit = data.unit(unit_id) or {}
    if st.button(t("back"), icon=":material/arrow_back:"):
        st.session_state.pop(FOCUS_UNIT_KEY, None)
        st.rerun()
    st.title(plain(unit.get("name", "")))
    st.caption(frame.caption())
    scope = replace(frame.filters, unit_ids=(unit_id,))
    counts = data.counts(scope)
    if counts.total == 0:
        st.info(t("no_data"))
        return
    kpi_cards(
        counts, data.task_count(scope), data.counts(replace(frame.previous, unit_ids=(unit_id,)))
    )
    rows = data.assignments(scope)
    listed = rows.assign(
        derived=rows["derived"].map(lambda code: label("derived", code, lg)),
        role=rows["role"].map(lambda code: label("role", code, lg)),
        last_update_at=tables.local(rows, "last_update_at"),
    )
    columns = [
        "conclusion_number",
        "task_seq",
        "task_content",
        "role",
        "deadline",
        "derived",
        "progress",
        "completed_on",
        "last_update_at",
    ]
    shown = tables.labelled(listed, columns, lg)
    shown = follow_ups.with_count(
        shown, rows, frame.filters, after=tables.column_name("derived", lg)
    )
    st.subheader(t("unit_tasks"))
    st.dataframe(
        shown, hide_index=True, column_config=tables.column_config(lg), placeholder=MISSING
    )
    follow_ups.send_panel(rows, key="unit", unit=(unit_id, str(unit.get("name", ""))))
    excel_download(shown, f"nhiem-vu-{unit.get('slug', unit_id)}.xlsx", key="unit_tasks_xlsx")
    grades.unit_grade(unit_id, frame.filters.as_of, frame.filters.units_as_of)
    me = current_user()
    if me is not None:  # asked about a delay, answered or overdue; leaders ask here
        explanations.unit_section(unit_id, rows, me)
    st.subheader(t("history"))
    filters = frame.filters
    happened_by = filters.as_of if filters.basis == "happened" else None
    history = data.unit_history(unit_id, filters.cutoff, filters.units_as_of, happened_by)
    if history.empty:
        st.info(t("no_history"))
    else:
        st.dataframe(
            tables.history(history, lg),
            hide_index=True,
            column_config=tables.column_config(lg),
            placeholder=MISSING,
        )
    st.caption(f"{t('as_of')} {formatting.day(frame.filters.as_of)}")
