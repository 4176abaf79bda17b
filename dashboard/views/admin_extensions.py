"""Duyệt gia hạn: the units' requests for a later deadline, approved or rejected with a note;
the decided ones below (administrators only)."""

from typing import Any

import pandas as pd
import streamlit as st

from directives import formatting
from directives.config import get_settings
from directives.db import session_scope
from directives.queries.extensions import extension_requests
from directives.services import extensions
from directives.services.errors import InvalidInput, ServiceError
from directives.ui import admin, data
from directives.ui.admin import acting_user, done, plain, require_admin_page
from directives.ui.markup import show_error
from directives.ui.session import ADMIN_FLASH_KEY, t
from directives.ui.tables import MISSING

FORM = "admin_extensions"
DECIDED_SHOWN = 200

require_admin_page()
generation = admin.generation()
timezone = get_settings().timezone


def person(name: object, username: object) -> str:
    return f"{name} ({username})" if isinstance(username, str) and username else ""


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The requests as the page shows them: names of people, times in local time."""
    return [
        {
            "id": int(row["id"]),
            "unit": row["unit"],
            "conclusion": row["conclusion"],
            "task": f"{row['task_seq']}. {row['task_content']}",
            "current_deadline": row["current_deadline"],
            "deadline_now": row["deadline_now"],
            "proposed_deadline": row["proposed_deadline"],
            "reason": row["reason"],
            "requested_by": person(row["requested_by"], row["requested_by_username"]),
            "requested_at": formatting.moment(row["requested_at"], timezone),
            "status": str(row["status"]),
            "decided_by": person(row["decided_by"], row["decided_by_username"]),
            "decided_at": formatting.moment(row["decided_at"], timezone),
            "decision_note": row["decision_note"] if isinstance(row["decision_note"], str) else "",
        }
        for row in frame.to_dict("records")
    ]


def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Pending requests (oldest first) and the latest decided ones, read afresh."""
    with session_scope(data.engine()) as session:
        pending = extension_requests(session, pending=True)
        decided = extension_requests(session, pending=False, limit=DECIDED_SHOWN)
    return records(pending), records(decided)


st.title(t("page_admin_extensions"))
flash = st.session_state.pop(ADMIN_FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

pending, decided = load()
DATE = st.column_config.DateColumn(format="DD/MM/YYYY")

st.subheader(t("adm_pending_requests"))
if not pending:
    st.info(t("adm_no_pending"), icon=":material/info:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("unit"): [r["unit"] for r in pending],
                t("conclusion"): [r["conclusion"] for r in pending],
                t("adm_task"): [r["task"] for r in pending],
                t("adm_current_deadline"): [r["current_deadline"] for r in pending],
                t("adm_proposed_deadline"): [r["proposed_deadline"] for r in pending],
                t("adm_reason"): [r["reason"] for r in pending],
                t("adm_requested_by"): [r["requested_by"] for r in pending],
                t("adm_requested_at"): [r["requested_at"] for r in pending],
            }
        ),
        hide_index=True,
        column_config={
            t("adm_task"): st.column_config.TextColumn(width="large"),
            t("adm_reason"): st.column_config.TextColumn(width="large"),
            t("adm_current_deadline"): DATE,
            t("adm_proposed_deadline"): DATE,
        },
        key="extensions_pending",
        placeholder=MISSING,
    )
    by_id = {int(r["id"]): r for r in pending}
    chosen = st.selectbox(
        t("adm_request"),
        list(by_id),
        format_func=lambda rid: (
            f"{by_id[rid]['unit']} · {by_id[rid]['conclusion']} · "
            f"{by_id[rid]['task'][:60]} → {formatting.day(by_id[rid]['proposed_deadline'])}"
        ),
        key="extensions_pick",
    )
    request = by_id[chosen]
    with st.form(f"{FORM}.decide.{chosen}.{generation}", border=True):
        st.markdown(f"**{t('adm_reason')}**")
        st.text(request["reason"])
        st.caption(
            f"{t('adm_current_deadline')}: {formatting.day(request['deadline_now'])} → "
            f"{t('adm_proposed_deadline')}: {formatting.day(request['proposed_deadline'])}"
        )
        note = st.text_area(
            t("adm_decision_note"),
            help=t("adm_decision_note_help"),
            key=f"{FORM}.note.{chosen}.{generation}",
        )
        cols = st.columns(2)
        approve = cols[0].form_submit_button(
            t("adm_approve"), type="primary", icon=":material/check:", key=f"{FORM}.approve"
        )
        reject = cols[1].form_submit_button(
            t("adm_reject"), icon=":material/close:", key=f"{FORM}.reject"
        )
    if approve or reject:
        try:
            if reject and not note.strip():
                raise InvalidInput(t("adm_decision_note"), t("adm_reject_needs_note"))
            with session_scope(data.engine(), write=True) as session:
                actor = acting_user(session)
                if approve:
                    extensions.approve(actor, chosen, note, session=session)
                else:
                    extensions.reject(actor, chosen, note, session=session)
        except ServiceError as error:
            show_error(error)
        else:
            message = "adm_request_approved" if approve else "adm_request_rejected"
            done(t(message).format(unit=plain(request["unit"])))

st.subheader(t("adm_decided_requests"))
if not decided:
    st.info(t("adm_no_decided"), icon=":material/info:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("unit"): [r["unit"] for r in decided],
                t("conclusion"): [r["conclusion"] for r in decided],
                t("adm_task"): [r["task"] for r in decided],
                t("adm_current_deadline"): [r["current_deadline"] for r in decided],
                t("adm_proposed_deadline"): [r["proposed_deadline"] for r in decided],
                t("adm_decision"): [t(f"adm_status_{r['status']}") for r in decided],
                t("adm_decision_note"): [r["decision_note"] for r in decided],
                t("adm_decided_by"): [r["decided_by"] for r in decided],
                t("adm_decided_at"): [r["decided_at"] for r in decided],
                t("adm_reason"): [r["reason"] for r in decided],
                t("adm_requested_by"): [r["requested_by"] for r in decided],
            }
        ),
        hide_index=True,
        column_config={
            t("adm_task"): st.column_config.TextColumn(width="large"),
            t("adm_current_deadline"): DATE,
            t("adm_proposed_deadline"): DATE,
        },
        key="extensions_decided",
        placeholder=MISSING,
    )
