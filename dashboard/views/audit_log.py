"""Nhật ký thay đổi: who did what, when and from where, with the values before and after
(administrators only); exported to Excel as filtered."""

from datetime import date

import pandas as pd
import streamlit as st

from directives import formatting
from directives.config import get_settings
from directives.db import session_scope
from directives.i18n import UI, label
from directives.models import Role
from directives.queries import audit
from directives.ui import data, tables
from directives.ui.session import current_user, lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import excel_download

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)

me = current_user()
if me is None or me.role != Role.ADMIN:
    st.error(t("admin_only"))
    st.stop()
lg = lang()
timezone = get_settings().timezone


def action_label(code: str | None) -> str:
    """The action in words where it has some (the export keeps the stored code)."""
    if not code:
        return ""
    key = f"audit_action.{code}"
    return t(key) if key in UI else code


def entity_label(code: str | None) -> str:
    """The kind of record in words (the export keeps the stored code)."""
    if not code or not isinstance(code, str):
        return ""
    return label("audit_entity", code, lg)


st.title(t("page_audit_log"))
with session_scope(data.engine()) as session:
    known_actions = audit.actions(session)
    known_entities = audit.entities(session)

everything = t("all")
action_labels = {code: action_label(code) for code in known_actions}
with st.container(border=True):
    first = st.columns(4)
    date_from = first[0].date_input(
        t("adm_from_day"),
        value=None,
        format="DD/MM/YYYY",
        min_value=FIRST_DAY,
        max_value=LAST_DAY,
        key="audit_from",
    )
    date_to = first[1].date_input(
        t("adm_to_day"),
        value=None,
        format="DD/MM/YYYY",
        min_value=FIRST_DAY,
        max_value=LAST_DAY,
        key="audit_to",
    )
    username = first[2].text_input(t("username"), key="audit_username")
    limit = first[3].number_input(
        t("adm_row_limit"),
        min_value=10,
        max_value=audit.MAX_LIMIT,
        value=audit.DEFAULT_LIMIT,
        step=100,
        key="audit_limit",
    )
    second = st.columns(2)
    action = second[0].selectbox(
        t("adm_action"),
        [None, *known_actions],
        format_func=lambda code: everything if code is None else action_labels[code],
        key="audit_action",
    )
    entity = second[1].selectbox(
        t("adm_entity"),
        [None, *known_entities],
        format_func=lambda code: everything if code is None else entity_label(code),
        key="audit_entity",
    )

if date_from and date_to and date_to < date_from:
    st.error(t("adm_days_reversed"), icon=":material/error:")
    st.stop()
filters = audit.AuditFilters(
    date_from=date_from,
    date_to=date_to,
    username=username or None,
    action=action,
    entity=entity,
    limit=int(limit),
    timezone=timezone,
)
with session_scope(data.engine()) as session:
    entries = audit.audit_log(session, filters)

if entries.empty:
    st.info(t("adm_no_entries"), icon=":material/info:")
    st.stop()

local = tables.local(entries, "at", timezone)
shown = pd.DataFrame(
    {
        t("when"): local,
        t("adm_user_column"): entries["username"].fillna(""),
        t("adm_address"): entries["address"].fillna(""),
        t("adm_action"): entries["action"].map(action_label),
        t("adm_entity"): entries["entity"].map(entity_label),
        t("adm_entity_id"): entries["entity_id"].fillna(""),
        t("adm_before"): [
            audit.readable(v, timezone, lg, kind)
            for v, kind in zip(entries["before"], entries["entity"], strict=True)
        ],
        t("adm_after"): [
            audit.readable(v, timezone, lg, kind)
            for v, kind in zip(entries["after"], entries["entity"], strict=True)
        ],
    }
)
if not entries["address"].fillna("").astype(str).str.strip().any():
    shown = shown.drop(columns=t("adm_address"))  # no row knows where it came from
st.caption(t("adm_entries_found").format(count=len(shown), limit=int(limit)))
st.dataframe(
    shown,
    hide_index=True,
    height=560,
    column_config={
        t("when"): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
        t("adm_before"): st.column_config.TextColumn(width="large"),
        t("adm_after"): st.column_config.TextColumn(width="large"),
    },
    key="audit_table",
    placeholder=MISSING,
)
export = shown.assign(
    **{t("when"): entries["at"].map(lambda moment: formatting.moment(moment, timezone))}
)
excel_download(export, f"nhat-ky-{date.today().isoformat()}.xlsx", "audit_download")
