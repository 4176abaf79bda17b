"""The tasks of a saved conclusion on the page "Hội nghị, kết luận": give a task to more units, add
a task the notice's reading missed, remove one entered by mistake. Each is one call of
:mod:`directives.services.corrections` in its own transaction; the service decides and audits."""

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from directives.db import session_scope
from directives.i18n import label
from directives.models import AssignmentRole
from directives.services import corrections
from directives.services.errors import InvalidInput, ServiceError
from directives.services.resolution import resolve_units
from directives.ui import data
from directives.ui import meetings as entry
from directives.ui.admin import acting_user, date_input, done, plain
from directives.ui.markup import show_error
from directives.ui.session import lang, t

Key = Callable[[str], str]


def add_units(
    tasks: dict[int, dict[str, Any]], labels: dict[int, str], issued_on: date, key: Key
) -> None:
    """Give one task to more units, named as a list ("UBND các xã, Công an huyện")."""
    add_to = st.selectbox(
        t("adm_task"), list(tasks), format_func=labels.__getitem__, key=key("units_pick")
    )
    if entry.text(tasks[add_to]["assignees_text"]):
        st.caption(f"{t('adm_assignees_now')}: {plain(tasks[add_to]['assignees_text'])}")
    with st.form(key(f"units_form.{add_to}")):
        names = st.text_input(
            t("adm_units_to_add"), key=key(f"u_n.{add_to}"), help=t("adm_units_help")
        )
        role = st.radio(
            t("adm_role"),
            list(AssignmentRole),
            format_func=lambda r: label("role", r, lang()),
            horizontal=True,
            key=key(f"u_r.{add_to}"),
        )
        add = st.form_submit_button(t("adm_add"), icon=":material/group_add:")
    if not add:
        return
    assigned_on = entry.day(tasks[add_to]["assigned_on"]) or issued_on
    try:
        with session_scope(data.engine(), write=True) as session:
            actor = acting_user(session)
            try:
                wanted = resolve_units(names, assigned_on, session=session)
            except InvalidInput as error:
                raise InvalidInput(t("adm_units_to_add"), error.message) from error
            if not wanted:
                raise InvalidInput(t("adm_units_to_add"), t("adm_required"))
            created = corrections.add_assignees(
                actor, add_to, [u.slug for u in wanted], AssignmentRole(str(role)), session=session
            )
    except ServiceError as error:
        show_error(error)
    else:
        if created:
            done(t("adm_units_added").format(count=len(created)))
        else:
            st.info(t("adm_units_already"), icon=":material/info:")


def add_task(conclusion_id: int, issued_on: date, key: Key) -> None:
    """A task the reading of the notice missed, numbered after the conclusion's last one."""
    choices = data.unit_choices(issued_on)
    with st.form(key("new_task_form")):
        st.markdown(f"**{t('adm_add_task')}**")
        content = st.text_area(t("adm_col_content"), key=key("n_c"))
        row = st.columns([2, 2, 1])
        leads = row[0].multiselect(t("adm_col_leads"), choices, key=key("n_l"))
        supports = row[1].multiselect(t("adm_col_supports"), choices, key=key("n_s"))
        with row[2]:
            deadline = date_input(t("adm_col_deadline"), key("n_d"))
        st.caption(t("adm_add_task_help"))
        add = st.form_submit_button(t("adm_add_task"), icon=":material/add_task:")
    if not add:
        return
    try:
        with session_scope(data.engine(), write=True) as session:
            found = {}
            for field, names in (("adm_col_leads", leads), ("adm_col_supports", supports)):
                try:
                    found[field] = resolve_units("; ".join(names), issued_on, session=session)
                except InvalidInput as error:
                    raise InvalidInput(t(field), error.message) from error
            task = corrections.add_task(
                acting_user(session),
                conclusion_id,
                session=session,
                content=content,
                leads=found["adm_col_leads"],
                supports=found["adm_col_supports"],
                deadline=deadline,
            )
            seq = task.seq
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_task_added").format(seq=seq))


def remove_task(tasks: dict[int, dict[str, Any]], labels: dict[int, str], key: Key) -> None:
    """Remove a task entered by mistake; the service refuses once a unit has reported on it."""
    st.markdown(f"**{t('adm_remove_task')}**")
    chosen = st.selectbox(
        t("adm_task"), list(tasks), format_func=labels.__getitem__, key=key("remove_pick")
    )
    with st.form(key(f"remove_form.{chosen}")):
        st.caption(t("adm_remove_task_help"))
        sure = st.checkbox(t("adm_remove_sure"), key=key(f"r_sure.{chosen}"))
        remove = st.form_submit_button(t("adm_remove_task"), icon=":material/delete:")
    if not remove:
        return
    if not sure:
        show_error(InvalidInput(t("adm_remove_task"), t("adm_remove_not_sure")))
        return
    seq = tasks[chosen]["seq"]
    try:
        with session_scope(data.engine(), write=True) as session:
            corrections.remove_task(acting_user(session), chosen, session=session)
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_task_removed").format(seq=seq))
