"""Đơn vị: the communes, towns and organizations, with when they existed and who took over;
adding, renaming, validity, merging and deactivating (administrators only)."""

from typing import Any

import pandas as pd
import streamlit as st

from directives import formatting
from directives.db import session_scope
from directives.domain import LOCAL_KINDS
from directives.i18n import label
from directives.models import Bloc, UnitKind
from directives.queries.units import units_for_admin
from directives.services import mergers
from directives.services import units as unit_service
from directives.services.errors import InvalidInput, ServiceError
from directives.text import fold, sort_key
from directives.ui import admin, data, unit_sheets
from directives.ui.admin import acting_user, date_input, done, plain, require_admin_page
from directives.ui.markup import show_error
from directives.ui.session import ADMIN_FLASH_KEY, lang, t
from directives.ui.tables import MISSING

FORM = "admin_units"
KIND_ORDER = {kind.value: i for i, kind in enumerate(UnitKind)}

require_admin_page()
key = admin.keys(FORM)
lg = lang()


def load() -> list[dict[str, Any]]:
    """Every unit, with its successor's name and how many open assignments it holds."""
    with session_scope(data.engine()) as session:
        frame = units_for_admin(session)
    found = []
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        row["id"] = int(row["id"])
        row["successor_id"] = None if row["successor_id"] is None else int(row["successor_id"])
        row["kind"], row["bloc"] = str(row["kind"]), str(row["bloc"])
        row["is_active"], row["open"] = bool(row["is_active"]), int(row["open"])
        found.append(row)
    return sorted(found, key=lambda u: (KIND_ORDER.get(u["kind"], 9), sort_key(u["name"])))


st.title(t("page_admin_units"))
flash = st.session_state.pop(ADMIN_FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

units = load()
by_id = {int(u["id"]): u for u in units}

# --- the list ------------------------------------------------------------------------------------

with st.container(border=True):
    cols = st.columns([2, 2, 2, 1])
    search = cols[0].text_input(t("adm_search_units"), key="units_search")
    kinds = cols[1].multiselect(
        t("unit_kind"),
        list(UnitKind),
        format_func=lambda k: label("unit_kind", k, lg),
        placeholder=t("all"),
        key="units_kinds",
    )
    blocs = cols[2].multiselect(
        t("bloc"),
        list(Bloc),
        format_func=lambda b: label("bloc", b, lg),
        placeholder=t("all"),
        key="units_blocs",
    )
    with cols[3]:
        valid_on = date_input(t("adm_valid_on"), "units_valid_on")
shown = [
    u
    for u in units
    if (not search or fold(search).strip() in fold(f"{u['name']} {u['short_name']} {u['slug']}"))
    and (not kinds or u["kind"] in {str(k) for k in kinds})
    and (not blocs or u["bloc"] in {str(b) for b in blocs})
    and (
        valid_on is None
        or (
            u["is_active"]
            and (u["valid_from"] is None or u["valid_from"] <= valid_on)
            and (u["valid_to"] is None or valid_on <= u["valid_to"])
        )
    )
]
table = pd.DataFrame(
    {
        t("unit"): [u["name"] for u in shown],
        t("adm_short_name"): [u["short_name"] for u in shown],
        t("unit_kind"): [label("unit_kind", u["kind"], lg) for u in shown],
        t("bloc"): [label("bloc", u["bloc"], lg) if u["bloc"] else "" for u in shown],
        t("adm_code"): [u["code"] for u in shown],
        t("adm_slug"): [u["slug"] for u in shown],
        t("adm_valid_from"): [u["valid_from"] for u in shown],
        t("adm_valid_to"): [u["valid_to"] for u in shown],
        t("adm_successor"): [u["successor"] for u in shown],
        t("adm_active"): [u["is_active"] for u in shown],
        t("adm_open_assignments"): [u["open"] for u in shown],
    }
)
st.caption(t("adm_units_found").format(count=len(shown), total=len(units)))
DATE = st.column_config.DateColumn(format="DD/MM/YYYY")
st.dataframe(
    table,
    hide_index=True,
    column_config={
        t("adm_valid_from"): DATE,
        t("adm_valid_to"): DATE,
        t("adm_active"): st.column_config.CheckboxColumn(),
    },
    key="units_table",
    placeholder=MISSING,
)

# --- a new unit ----------------------------------------------------------------------------------

no_bloc = t("adm_no_bloc")
with st.expander(t("adm_add_unit"), icon=":material/add_business:"):
    with st.form(key("new")):
        cols2 = st.columns([3, 2])
        name = cols2[0].text_input(t("adm_unit_name"), key=key("name"))
        short_name = cols2[1].text_input(t("adm_short_name"), key=key("short_name"))
        cols3 = st.columns(3)
        kind = cols3[0].selectbox(
            t("unit_kind"),
            list(UnitKind),
            index=list(UnitKind).index(LOCAL_KINDS[0]),  # a commune: the usual new unit
            format_func=lambda k: label("unit_kind", k, lg),
            key=key("kind"),
        )
        bloc = cols3[1].selectbox(
            t("bloc"),
            [None, *Bloc],
            format_func=lambda b: no_bloc if b is None else label("bloc", b, lg),
            help=t("adm_bloc_help"),
            key=key("bloc"),
        )
        code = cols3[2].text_input(t("adm_code"), key=key("code"), help=t("adm_code_help"))
        cols4 = st.columns(2)
        with cols4[0]:
            valid_from = date_input(t("adm_valid_from"), key("valid_from"))
        with cols4[1]:
            valid_to = date_input(t("adm_valid_to"), key("valid_to"))
        note = st.text_input(t("note"), key=key("note"))
        add = st.form_submit_button(t("adm_add_unit"), type="primary", icon=":material/add:")
    if add:
        try:
            with session_scope(data.engine(), write=True) as session:
                created = unit_service.create_unit(
                    acting_user(session),
                    name,
                    str(kind),
                    bloc,
                    code,
                    valid_from,
                    valid_to,
                    short_name=short_name,
                    note=note,
                    session=session,
                )
                created_name = created.name
        except ServiceError as error:
            show_error(error)
        else:
            done(t("adm_unit_created").format(name=plain(created_name)))

# --- units in bulk: Excel and the 2025 catalog --------------------------------------------------

unit_sheets.section()

# --- one unit ------------------------------------------------------------------------------------

st.subheader(t("adm_manage_unit"))
if not by_id:
    st.stop()


def unit_label(unit_id: int) -> str:
    unit = by_id[unit_id]
    span = ""
    if unit["valid_from"] or unit["valid_to"]:
        span = f" ({formatting.day(unit['valid_from']) or '…'} – "
        span += f"{formatting.day(unit['valid_to']) or '…'})"
    state = "" if unit["is_active"] else f" · {t('adm_inactive')}"
    return f"{unit['name']}{span}{state}"


unit_labels: dict[int | None, str] = {uid: unit_label(uid) for uid in by_id}
unit_labels[None] = t("adm_no_successor")
picked = st.selectbox(t("unit"), list(by_id), format_func=unit_labels.__getitem__, key="units_pick")
unit = by_id[picked]
others = [uid for uid in by_id if uid != picked]
rename_tab, validity_tab, merge_tab, active_tab = st.tabs(
    [t("adm_rename"), t("adm_validity"), t("adm_merge"), t("adm_activity")]
)


def own(name: str) -> str:
    return key(f"{name}.{picked}")


with rename_tab, st.form(own("rename_form")):
    st.caption(t("adm_rename_help"))
    cols5 = st.columns([3, 2])
    new_name = cols5[0].text_input(t("adm_unit_name"), value=unit["name"], key=own("rename"))
    new_short = cols5[1].text_input(
        t("adm_short_name"), value=unit["short_name"], key=own("rename_short")
    )
    rename = st.form_submit_button(t("adm_rename"), icon=":material/edit:")
if rename:
    try:
        with session_scope(data.engine(), write=True) as session:
            unit_service.rename_unit(
                acting_user(session), picked, new_name, new_short, session=session
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_unit_saved").format(name=plain(new_name.strip())))

with validity_tab, st.form(own("validity_form")):
    st.caption(t("adm_validity_help"))
    cols6 = st.columns(3)
    with cols6[0]:
        new_from = date_input(t("adm_valid_from"), own("valid_from"), unit["valid_from"])
    with cols6[1]:
        new_to = date_input(t("adm_valid_to"), own("valid_to"), unit["valid_to"])
    successor_options: list[int | None] = [None, *others]
    successor = cols6[2].selectbox(
        t("adm_successor"),
        successor_options,
        index=successor_options.index(unit["successor_id"])
        if unit["successor_id"] in successor_options
        else 0,
        format_func=unit_labels.__getitem__,
        key=own("successor"),
    )
    save_validity = st.form_submit_button(t("adm_save_changes"), icon=":material/save:")
if save_validity:
    try:
        with session_scope(data.engine(), write=True) as session:
            unit_service.set_validity(
                acting_user(session), picked, new_from, new_to, successor, session=session
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_unit_saved").format(name=plain(unit["name"])))

with merge_tab:
    st.info(t("adm_merge_help"), icon=":material/info:")
    st.caption(t("adm_open_now").format(count=unit["open"], name=plain(unit["name"])))
    with st.form(own("merge_form")):
        cols7 = st.columns(2)
        active_others = [uid for uid in others if by_id[uid]["is_active"]]
        target = cols7[0].selectbox(
            t("adm_merge_into"),
            active_others,
            index=active_others.index(unit["successor_id"])
            if unit["successor_id"] in active_others
            else None,
            format_func=unit_labels.__getitem__,
            placeholder=t("adm_choose"),
            key=own("merge_into"),
        )
        with cols7[1]:
            merge_day = date_input(t("adm_merge_day"), own("merge_day"))
        confirmed = st.checkbox(t("adm_merge_confirm"), key=own("merge_confirm"))
        merge = st.form_submit_button(t("adm_merge"), type="primary", icon=":material/merge:")
    if merge:
        try:
            if target is None:
                raise InvalidInput(t("adm_merge_into"), t("adm_required"))
            if merge_day is None:
                raise InvalidInput(t("adm_merge_day"), t("adm_required"))
            if not confirmed:
                raise InvalidInput(t("adm_merge"), t("adm_merge_unconfirmed"))
            with session_scope(data.engine(), write=True) as session:
                moved = mergers.merge_unit(
                    acting_user(session), picked, int(target), merge_day, session=session
                )
        except ServiceError as error:
            show_error(error)
        else:
            done(
                t("adm_unit_merged").format(
                    name=plain(unit["name"]),
                    target=plain(by_id[int(target)]["name"]),
                    count=len(moved),
                )
            )

with active_tab:
    if unit["is_active"]:
        st.caption(t("adm_deactivate_help"))
        flip = st.button(t("adm_deactivate"), icon=":material/block:", key=own("deactivate"))
    else:
        st.caption(t("adm_reactivate_help"))
        flip = st.button(t("adm_reactivate"), icon=":material/restart_alt:", key=own("reactivate"))
    if flip:
        try:
            with session_scope(data.engine(), write=True) as session:
                change = (
                    unit_service.deactivate_unit
                    if unit["is_active"]
                    else unit_service.reactivate_unit
                )
                change(acting_user(session), picked, session=session)
        except ServiceError as error:
            show_error(error)
        else:
            done(t("adm_unit_saved").format(name=plain(unit["name"])))
