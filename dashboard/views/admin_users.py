"""Tài khoản: the accounts, adding one, and disabling, enabling, resetting a password or changing
a role and unit (administrators only)."""

import pandas as pd
import streamlit as st

from directives.config import get_settings
from directives.db import session_scope
from directives.i18n import label
from directives.models import Role, Unit
from directives.queries.accounts import accounts_frame, unit_choices
from directives.services import accounts
from directives.services.errors import InvalidInput, ServiceError
from directives.text import fold
from directives.ui import admin, data, tables
from directives.ui.admin import acting_user, done, plain, require_admin_page
from directives.ui.markup import show_error
from directives.ui.session import ADMIN_FLASH_KEY, lang, t
from directives.ui.tables import MISSING

FORM = "admin_users"

require_admin_page()
key = admin.keys(FORM)
lg = lang()


def load() -> tuple[pd.DataFrame, dict[int, str]]:
    """Every account (read afresh: account changes do not move the data version) and the names
    of the units a secretary may belong to."""
    with session_scope(data.engine()) as session:
        return accounts_frame(session), unit_choices(session)


st.title(t("page_admin_users"))
flash = st.session_state.pop(ADMIN_FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

users, unit_names = load()
no_unit = t("adm_no_unit")

# --- the list ------------------------------------------------------------------------------------

with st.container(border=True):
    cols = st.columns([2, 2, 1.4], vertical_alignment="bottom")
    search = cols[0].text_input(t("adm_search_users"), key="users_search")
    roles = cols[1].multiselect(
        t("adm_role"),
        list(Role),
        format_func=lambda r: label("user_role", r, lg),
        placeholder=t("all"),
        key="users_roles",
    )
    only_active = cols[2].toggle(t("adm_only_active"), key="users_active")
shown = users
if search:
    wanted = fold(search).strip()
    haystack = (shown["username"] + " " + shown["full_name"] + " " + shown["unit"]).map(fold)
    shown = shown[haystack.str.contains(wanted, regex=False)]
if roles:
    shown = shown[shown["role"].isin([str(r) for r in roles])]
if only_active:
    shown = shown[shown["is_active"]]
timezone = get_settings().timezone
table = pd.DataFrame(
    {
        t("username"): shown["username"],
        t("adm_full_name"): shown["full_name"],
        t("adm_job_title"): shown["title"],
        t("adm_email"): shown["email"],
        t("adm_role"): shown["role"].map(lambda r: label("user_role", r, lg)),
        t("unit"): shown["unit"],
        t("adm_active"): shown["is_active"],
        t("adm_password_changed"): (
            tables.local(shown, "password_changed_at", timezone)
            if not shown.empty
            else pd.Series(dtype="datetime64[ns]")
        ),
    }
)
st.caption(t("adm_users_found").format(count=len(table), total=len(users)))
st.dataframe(
    table,
    hide_index=True,
    column_config={
        t("adm_active"): st.column_config.CheckboxColumn(),
        t("adm_password_changed"): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
    },
    key="users_table",
    placeholder=MISSING,
)

# --- a new account -------------------------------------------------------------------------------

st.subheader(t("adm_add_user"))
with st.form(key("new"), border=True):
    cols2 = st.columns(3)
    new_username = cols2[0].text_input(t("username"), key=key("username"))
    new_full_name = cols2[1].text_input(t("adm_full_name"), key=key("full_name"))
    new_title = cols2[2].text_input(t("adm_job_title"), key=key("title"))
    cols3 = st.columns(2)
    new_password = cols3[0].text_input(t("password"), type="password", key=key("password"))
    new_again = cols3[1].text_input(t("adm_password_again"), type="password", key=key("again"))
    new_email = st.text_input(t("adm_email"), help=t("adm_email_help"), key=key("email"))
    cols4 = st.columns(2)
    new_role = cols4[0].selectbox(
        t("adm_role"),
        list(Role),
        format_func=lambda r: label("user_role", r, lg),
        index=1,
        key=key("role"),
    )
    new_unit = cols4[1].selectbox(
        t("unit"),
        [None, *unit_names],
        format_func=lambda uid: no_unit if uid is None else unit_names[uid],
        help=t("adm_unit_help"),
        key=key("unit"),
    )
    st.caption(t("adm_password_rule").format(length=accounts.MIN_PASSWORD_LENGTH))
    create = st.form_submit_button(t("adm_add_user"), type="primary", icon=":material/person_add:")
if create:
    try:
        if new_password != new_again:
            raise InvalidInput(t("password"), t("adm_password_mismatch"))
        with session_scope(data.engine(), write=True) as session:
            created = accounts.create_user(
                session=session,
                actor=acting_user(session),
                username=new_username,
                full_name=new_full_name,
                title=new_title,
                password=new_password,
                role=Role(str(new_role)),
                unit=session.get(Unit, new_unit) if new_unit is not None else None,
                email=new_email,
            )
            created_name = created.username
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_user_created").format(username=plain(created_name)))

# --- one account ---------------------------------------------------------------------------------

st.subheader(t("adm_manage_user"))
if users.empty:
    st.stop()
by_id = {int(row["id"]): row for row in users.to_dict("records")}


def user_label(user_id: int) -> str:
    row = by_id[user_id]
    state = "" if row["is_active"] else f" · {t('adm_disabled')}"
    return f"{row['username']} · {row['full_name']}{state}"


user_labels = {user_id: user_label(user_id) for user_id in by_id}
picked = st.selectbox(
    t("adm_user"), list(by_id), format_func=user_labels.__getitem__, key="users_pick"
)
account = by_id[picked]
st.caption(
    f"{label('user_role', account['role'], lg)}"
    + (f" · {plain(account['unit'])}" if account["unit"] else "")
    + f" · {t('adm_active') if account['is_active'] else t('adm_disabled')}"
)
access_tab, password_tab, role_tab, email_tab = st.tabs(
    [t("adm_access"), t("adm_reset_password"), t("adm_change_role"), t("adm_email")]
)

with access_tab:
    if account["is_active"]:
        st.caption(t("adm_disable_help"))
        toggle = st.button(t("adm_disable"), icon=":material/block:", key=f"users_disable_{picked}")
    else:
        st.caption(t("adm_enable_help"))
        toggle = st.button(
            t("adm_enable"), icon=":material/check_circle:", key=f"users_enable_{picked}"
        )
    if toggle:
        try:
            with session_scope(data.engine(), write=True) as session:
                change = accounts.disable_user if account["is_active"] else accounts.enable_user
                change(acting_user(session), picked, session=session)
        except ServiceError as error:
            show_error(error)
        else:
            message = "adm_user_disabled" if account["is_active"] else "adm_user_enabled"
            done(t(message).format(username=plain(account["username"])))

with password_tab, st.form(key(f"password.{picked}")):
    st.caption(t("adm_reset_help"))
    cols5 = st.columns(2)
    password = cols5[0].text_input(
        t("adm_new_password"), type="password", key=key(f"reset.{picked}")
    )
    again = cols5[1].text_input(
        t("adm_password_again"), type="password", key=key(f"reset_again.{picked}")
    )
    reset = st.form_submit_button(t("adm_reset_password"), icon=":material/password:")
if reset:
    try:
        if password != again:
            raise InvalidInput(t("password"), t("adm_password_mismatch"))
        with session_scope(data.engine(), write=True) as session:
            accounts.reset_password(acting_user(session), picked, password, session=session)
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_password_reset").format(username=plain(account["username"])))

with role_tab, st.form(key(f"role.{picked}")):
    cols6 = st.columns(2)
    roles_list = list(Role)
    role = cols6[0].selectbox(
        t("adm_role"),
        roles_list,
        index=roles_list.index(Role(account["role"])),
        format_func=lambda r: label("user_role", r, lg),
        key=key(f"role.{picked}"),
    )
    unit_options = [None, *unit_names]
    current_unit = account["unit_id"] if pd.notna(account["unit_id"]) else None
    if current_unit is not None and int(current_unit) not in unit_names:
        unit_options.append(int(current_unit))  # a unit no longer active stays selectable
    unit_id = cols6[1].selectbox(
        t("unit"),
        unit_options,
        index=unit_options.index(int(current_unit)) if current_unit is not None else 0,
        format_func=lambda uid: no_unit if uid is None else unit_names.get(uid, account["unit"]),
        help=t("adm_unit_help"),
        key=key(f"role_unit.{picked}"),
    )
    change_role = st.form_submit_button(t("adm_change_role"), icon=":material/badge:")
if change_role:
    try:
        with session_scope(data.engine(), write=True) as session:
            accounts.change_role(
                acting_user(session),
                picked,
                Role(str(role)),
                int(unit_id) if unit_id is not None else None,
                session=session,
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_role_changed").format(username=plain(account["username"])))

with email_tab, st.form(key(f"email.{picked}")):
    email = st.text_input(
        t("adm_email"), value=account["email"], help=t("adm_email_help"), key=key(f"email.{picked}")
    )
    change_email = st.form_submit_button(t("adm_change_email"), icon=":material/mail:")
if change_email:
    try:
        with session_scope(data.engine(), write=True) as session:
            accounts.change_email(acting_user(session), picked, email, session=session)
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_email_changed").format(username=plain(account["username"])))
