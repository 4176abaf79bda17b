"""Nhiệm vụ: every assignment, filtered any way, one page at a time (paged in SQL: a province
holds 200,000); the counts and the downloads are the whole filtered set's. The Excel download is
the status-update workbook (the CLI's `export assignments --format xlsx`), which can be edited
and imported back; the CSV is `export assignments --format csv`. Filters, sort and page are in
the address, so a link opens the page as it was."""

from dataclasses import replace
from datetime import date

import streamlit as st

from directives.formatting import number as shown_number
from directives.i18n import column, label
from directives.models import Bloc, Status, UnitKind
from directives.queries.task_list import DEFAULT_SIZE, PAGE_SIZES, SORTS
from directives.status import DERIVED_ORDER
from directives.ui import data, follow_ups, paging, params, sheets, style, tables
from directives.ui.session import lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import filter_frame

PAGING = "task_list"
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
names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
known_fields = data.fields()
ADDRESS = {  # widget key: (address parameter, parser); a shared link opens the page as it was
    "task_search": ("tim", params.one(params.parse_text)),
    "task_conclusion": ("ket_luan", params.choice(conclusions)),
    "task_fields": ("linh_vuc", params.choices(known_fields)),
    "task_kinds": ("loai", params.choices(UnitKind)),
    "task_blocs": ("khoi", params.choices(Bloc)),
    "task_units": ("don_vi", params.choices(names)),
    "task_statuses": ("bao_cao", params.choices(Status)),
    "task_derived": ("tinh_trang", params.choices(DERIVED_ORDER)),
    "task_due_from": ("han_tu", params.one(params.parse_day)),
    "task_due_to": ("han_den", params.one(params.parse_day)),
    "task_sort": ("sap_xep", params.choice(SORTS)),
    paging.size_key(PAGING): ("so_dong", params.choice(PAGE_SIZES)),
    paging.page_key(PAGING): ("trang", params.one(params.parse_id)),
}
for key, (name, parse) in ADDRESS.items():
    params.seed(key, name, parse)
restart = {"on_change": paging.first_page, "args": (PAGING,)}  # a new filter starts at page 1

# The search, the conclusion and the sort stay in sight; the other filters fold away (on a phone
# they filled the first screen), open by themselves while one of them is set.
with st.container(border=True, key=style.FILTERS):
    first = st.columns([3, 2, 2])
    search = first[0].text_input(
        t("search"), placeholder=t("search_hint"), key="task_search", **restart
    )
    conclusion = first[1].selectbox(
        t("conclusion"),
        [None, *conclusions],
        key="task_conclusion",
        format_func=lambda c: t("all") if c is None else conclusions[c],
        **restart,
    )
    sort = first[2].selectbox(
        t("sort_by"), SORTS, key="task_sort", format_func=lambda s: t(f"sort_{s}"), **restart
    )
    more = st.expander(
        t("more_filters"),
        icon=":material/filter_list:",
        expanded=any(st.session_state.get(key) for key in MORE_FILTERS),
    )
    second = more.columns(3)
    fields = second[0].multiselect(
        t("field"), known_fields, key="task_fields", placeholder=t("all"), **restart
    )
    kinds = second[1].multiselect(
        t("unit_kind"),
        list(UnitKind),
        key="task_kinds",
        format_func=lambda k: label("unit_kind", k, lg),
        placeholder=t("all"),
        **restart,
    )
    blocs = second[2].multiselect(
        t("bloc"),
        list(Bloc),
        key="task_blocs",
        format_func=lambda b: label("bloc", b, lg),
        placeholder=t("all"),
        **restart,
    )
    third = more.columns(3)
    unit_ids = third[0].multiselect(
        t("unit"),
        list(names),
        key="task_units",
        format_func=lambda u: names[u],
        placeholder=t("all"),
        **restart,
    )
    statuses = third[1].multiselect(
        t("reported_status"),
        list(Status),
        key="task_statuses",
        format_func=lambda s: label("status", s, lg),
        placeholder=t("all"),
        **restart,
    )
    derived = third[2].multiselect(
        t("derived_status"),
        list(DERIVED_ORDER),
        key="task_derived",
        format_func=lambda d: label("derived", d, lg),
        placeholder=t("all"),
        **restart,
    )
    fourth = more.columns(3)
    due_from = fourth[0].date_input(
        t("due_from"),
        value=None,
        format="DD/MM/YYYY",
        key="task_due_from",
        min_value=date(2000, 1, 1),
        **restart,
    )
    due_to = fourth[1].date_input(
        t("due_to"),
        value=None,
        format="DD/MM/YYYY",
        key="task_due_to",
        min_value=date(2000, 1, 1),
        **restart,
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
counts = data.counts(filters)  # the whole filtered set, one grouped query (cached)
if not counts.total:
    params.keep({name: st.session_state.get(key) for key, (name, _) in ADDRESS.items()})
    st.info(t("no_data"), icon=":material/info:")
    st.stop()

number, size = paging.current(PAGING, PAGE_SIZES, DEFAULT_SIZE)
found = data.task_page(filters, sort, number, size)
st.caption(
    paging.summary(found.number, found.pages, found.total)
    + " · "
    + " · ".join(
        f"{label('derived', d, lg)}: {shown_number(getattr(counts, d.value), lang=lg)}"
        for d in DERIVED_ORDER
        if getattr(counts, d.value)
    )
)
shown = follow_ups.with_count(tables.as_shown(found.rows, lg), found.rows, filters)
# On screen the unit and the task come first; the downloads keep the export's column order.
first_columns = [column(name, lg) for name in ("unit_name", "task_seq", "task_content", "role",
                                                "deadline", "derived")] + [t("follow_ups"),
                                                column("progress", lg)]  # fmt: skip
on_screen = shown[first_columns + [c for c in shown.columns if c not in first_columns]]
st.dataframe(
    on_screen,
    hide_index=True,
    column_config=tables.column_config(lg),
    height=min(560, 38 + 35 * len(on_screen)),
    placeholder=MISSING,
)
paging.controls(PAGING, found.number, found.size, found.pages, PAGE_SIZES)
params.keep({name: st.session_state.get(key) for key, (name, _) in ADDRESS.items()})
follow_ups.send_panel(
    found.rows,
    key="tasks",
    unit=(unit_ids[0], names[unit_ids[0]]) if len(unit_ids) == 1 else None,
    conclusion=(conclusion, conclusions[conclusion]) if conclusion is not None else None,
)

downloads = st.columns(2)
downloads[0].download_button(
    t("download"),
    lambda: sheets.updates_workbook(filters),  # built when clicked, not on every rerun
    file_name=f"nhiem-vu-{filters.as_of.isoformat()}.xlsx",
    mime=sheets.XLSX,
    icon=":material/download:",
    help=t("xlsx_download_help"),
)
downloads[1].download_button(
    t("download_csv"),
    lambda: sheets.assignments_csv(filters, lg),
    file_name=f"nhiem-vu-{filters.as_of.isoformat()}.csv",
    mime="text/csv",
    icon=":material/download:",
    help=t("csv_download_help"),
)
