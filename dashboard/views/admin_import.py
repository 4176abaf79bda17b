"""Nhập từ Excel (administrators): the tasks workbook (meetings, conclusions and tasks with their
lead and support units) and the status-update workbook of any unit: download, fill in, upload,
see every error or what would change, save."""

from typing import Any

import streamlit as st

from directives.text import sort_key
from directives.ui import data, sheets
from directives.ui.admin import plain, require_admin_page
from directives.ui.session import t

require_admin_page()

st.title(t("page_admin_import"))
st.caption(t("admin_import_help"))
tasks_tab, updates_tab = st.tabs([t("admin_import_tasks"), t("admin_import_updates")])

with tasks_tab:
    st.caption(t("admin_import_tasks_help"))
    conclusions = {int(c["id"]): c for c in data.conclusions()}

    def conclusion_name(conclusion_id: int | None) -> str:
        if conclusion_id is None:
            return t("admin_import_blank")
        found: dict[str, Any] = conclusions[conclusion_id]
        return f"{found['number']} · {found['issued_on']:%d/%m/%Y} · {plain(found['title'])}"

    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("admin_import_which"), [None, *conclusions], format_func=conclusion_name
    )
    right.download_button(
        t("import_template"),
        lambda: sheets.tasks_workbook(chosen, blank=chosen is None),
        file_name=f"nhiem-vu-{chosen or 'mau'}.xlsx",
        mime=sheets.XLSX,
        icon=":material/download:",
        key="admin_import.tasks.download",
    )
    sheets.import_section("tasks", key="admin_import.tasks")

with updates_tab:
    st.caption(t("admin_import_updates_help"))
    units = data.units()
    names = dict(zip(units["unit_id"].astype(int), units["unit_name"], strict=True))
    ordered = sorted(names, key=lambda i: sort_key(names[i]))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    unit_id = left.selectbox(
        t("unit"),
        [None, *ordered],
        format_func=lambda i: t("all_units") if i is None else names[i],
        key="admin_import.updates.unit",
    )
    right.download_button(
        t("import_template"),
        lambda: sheets.updates_template(() if unit_id is None else (unit_id,)),
        file_name="cap-nhat.xlsx",
        mime=sheets.XLSX,
        icon=":material/download:",
        key="admin_import.updates.download",
    )
    sheets.import_section("updates", key="admin_import.updates")
