"""Nhiệm vụ: every assignment, filtered any way; the Excel download is the status-update workbook
(the CLI's `export assignments --format xlsx`), which can be edited and imported back."""

from dataclasses import replace
from datetime import date

import streamlit as st

from directives.i18n import column, label
from directives.models import Bloc, Status, UnitKind
from directives.status import DERIVED_ORDER
from directives.ui import data, sheets, style, tables
from directives.ui.session import lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import filter_frame

MORE_FILTERS = (
    "task_fields",
    "task_kinds",
    "task_blocs",
    "task_units",
    "task_statuses",
    "task_derived",
    "task_due_from",
    "task_due_to",
)
"""The widgets' keys of the folded filters."""

frame = filter_frame()
lg = lang()
st.title(t("page_tasks"))
st.caption(frame.caption())

units = data.units()
conclusions = {
    c["id"]: f"{c['number']} · {c['title']}" for c in data.conclusions(frame.filters.meeting_id)
}
# The search and the conclusion stay in sight; the other filters fold away (on a phone they filled
# the first screen), open by themselves while one of them is set.
with st.container(border=True, key=style.FILTERS):
    first = st.columns([3, 2])
    search = first[0].text_input(t("search"), placeholder=t("search_hint"), key="task_search")
    conclusion = first[1].selectbox(
        t("conclusion"),
        [None, *conclusions],
        key="task_conclusion",
        format_func=lambda c: t("all") if c is None else conclusions[c],
    )
    more = st.expander(
        t("more_filters"),
        icon=":material/filter_list:",
        expanded=any(st.session_state.get(key) for key in MORE_FILTERS),
    )
    second = more.columns(3)
    fields = second[0].multiselect(
        t("field"), data.fields(), key="task_fields", placeholder=t("all")
    )
    kinds = second[1].multiselect(
        t("unit_kind"),
        list(UnitKind),
        key="task_kinds",
        format_func=lambda k: label("unit_kind", k, lg),
        placeholder=t("all"),
    )
    blocs = second[2].multiselect(
        t("bloc"),
        list(Bloc),
        key="task_blocs",
        format_func=lambda b: label("bloc", b, lg),
        placeholder=t("all"),
    )
    names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
    third = more.columns(3)
    unit_ids = third[0].multiselect(
        t("unit"),
        list(names),
        key="task_units",
        format_func=lambda u: names[u],
        placeholder=t("all"),
    )
    statuses = third[1].multiselect(
        t("reported_status"),
        list(Status),
        key="task_statuses",
        format_func=lambda s: label("status", s, lg),
        placeholder=t("all"),
    )
    derived = third[2].multiselect(
        t("derived_status"),
        list(DERIVED_ORDER),
        key="task_derived",
        format_func=lambda d: label("derived", d, lg),
        placeholder=t("all"),
    )
    fourth = more.columns(3)
    due_from = fourth[0].date_input(
        t("due_from"),
        value=None,
        format="DD/MM/YYYY",
        key="task_due_from",
        min_value=date(2000, 1, 1),
    )
    due_to = fourth[1].date_input(
        t("due_to"), value=None, format="DD/MM/YYYY", key="task_due_to", min_value=date(2000, 1, 1)
    )

filters = replace(
    frame.filters,
    conclusion_id=conclusion,
    fields=tuple(fields),
    unit_kinds=tuple(kinds),
    blocs=tuple(blocs),
    unit_ids=tuple(unit_ids),
    statuses=tuple(statuses),
    derived=tuple(derived),
    search=search or None,
    due_from=due_from or frame.filters.due_from,
    due_to=due_to or frame.filters.due_to,
)
rows = data.assignments(filters)
if rows.empty:
    st.info(t("no_data"), icon=":material/info:")
    st.stop()

shown = tables.as_shown(rows, lg)
st.caption(t("rows_found").format(count=len(shown)))
# On screen the unit and the task come first; the download keeps the export's column order.
first_columns = [column(name, lg) for name in ("unit_name", "task_seq", "task_content", "role",
                                                "deadline", "derived", "progress")]  # fmt: skip
on_screen = shown[first_columns + [c for c in shown.columns if c not in first_columns]]
st.dataframe(
    on_screen,
    hide_index=True,
    column_config=tables.column_config(lg),
    height=560,
    placeholder=MISSING,
)
st.download_button(
    t("download"),
    lambda: sheets.updates_workbook(filters),  # built when clicked, not on every rerun
    file_name=f"nhiem-vu-{filters.as_of.isoformat()}.xlsx",
    mime=sheets.XLSX,
    icon=":material/download:",
    help=t("xlsx_download_help"),
)
