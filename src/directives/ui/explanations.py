"""Giải trình on the pages: a leader asks a unit about an overdue task (the unit's page), the
unit's secretary answers at the top of "Việc của đơn vị", leaders list every request (the inbox
page), and the history of one assignment shows requests and answers."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pandas as pd
import streamlit as st

from directives import formatting
from directives.db import session_scope
from directives.models import Role
from directives.queries import explanations as explanation_queries
from directives.queries.history import EXPLANATION_ASKED, explanation_history
from directives.services import evidence as evidence_files
from directives.services import explanations
from directives.services.updates import local_day
from directives.ui import actions, data, uploads
from directives.ui.markup import plain
from directives.ui.session import SessionUser, t
from directives.ui.tables import MISSING

ALLOWED_TYPES = ["pdf", "png", "jpg", "jpeg", "gif", "webp", "doc", "docx", "xls", "xlsx"]
ASKERS = (Role.LEADER, Role.ADMIN)


def today() -> date:
    return local_day(datetime.now(UTC))


def _requests(as_of: date, unit_ids: tuple[int, ...] = ()) -> pd.DataFrame:
    with session_scope(data.engine()) as session:
        return explanation_queries.explanation_requests(session, as_of, unit_ids=unit_ids)


def state_label(state: str) -> str:
    return t(f"explanation_state_{state}")


def requests_table(rows: pd.DataFrame, key: str, with_unit: bool = True) -> None:
    """Requests with their state in words (``Quá hạn giải trình`` first), dates dd/mm/yyyy."""
    if rows.empty:
        st.caption(t("explanation_none"))
        return
    columns = {
        **({"unit_name": t("unit")} if with_unit else {}),
        "state": t("explanation_state"),
        "conclusion_number": t("conclusion"),
        "task_seq": t("item"),
        "task_content": t("tasks"),
        "requested_on": t("explanation_requested_on"),
        "due_on": t("explanation_due"),
        "question": t("explanation_question"),
        "requested_by_name": t("explanation_requested_by"),
        "answered_on": t("explanation_answered_on"),
        "answer": t("explanation_answer"),
        "answered_by_name": t("explanation_answered_by"),
    }
    shown = rows.assign(state=rows["state"].map(state_label))[list(columns)].rename(columns=columns)
    day_column = st.column_config.DateColumn(format="DD/MM/YYYY")
    st.dataframe(
        shown,
        hide_index=True,
        key=key,
        placeholder=MISSING,
        column_config={
            t("explanation_requested_on"): day_column,
            t("explanation_due"): day_column,
            t("explanation_answered_on"): day_column,
            t("tasks"): st.column_config.TextColumn(width="medium"),
            t("explanation_question"): st.column_config.TextColumn(width="large"),
            t("explanation_answer"): st.column_config.TextColumn(width="large"),
        },
    )


def overdue_flag(rows: pd.DataFrame) -> None:
    late = int((rows["state"] == explanation_queries.OVERDUE).sum()) if not rows.empty else 0
    if late:
        st.error(t("explanation_overdue_flag").format(n=late), icon=":material/schedule:")


def leader_list() -> None:
    """Every request as of today, for leaders and the office: overdue first, with a filter."""
    rows = _requests(today())
    overdue_flag(rows)
    choices = ["all", *explanation_queries.STATES]
    shown = st.segmented_control(
        t("explanation_show"),
        choices,
        default="all",
        format_func=lambda c: t("explanation_all") if c == "all" else state_label(c),
        key="explanations_show",
    )
    if shown and shown != "all":
        rows = rows[rows["state"] == shown]
    requests_table(rows, key="explanations_all")


def unit_section(unit_id: int, assignments: pd.DataFrame, me: SessionUser) -> None:
    """One unit's requests as they stand today (overdue ones flagged: a list to act on, not a
    figure of the page's day) and, for leaders and the office, the form asking the unit to
    explain one of the tasks overdue on the page's day (``assignments``)."""
    st.subheader(t("explanations"))
    rows = _requests(today(), unit_ids=(unit_id,))
    overdue_flag(rows)
    requests_table(rows, key=f"explanations_{unit_id}", with_unit=False)
    if me.role in ASKERS:
        waiting = rows.loc[rows["state"] != explanation_queries.ANSWERED, "assignment_id"]
        ask_form(assignments, tuple(int(a) for a in waiting))


def ask_form(assignments: pd.DataFrame, waiting: tuple[int, ...] = ()) -> None:
    """Ask about one of the overdue ``assignments``, except those ``waiting`` for an answer."""
    late = assignments[
        (assignments["derived"] == "overdue") & ~assignments["assignment_id"].isin(waiting)
    ]
    with st.expander(t("explanation_ask"), icon=":material/contact_support:"):
        st.caption(t("explanation_ask_help"))
        if late.empty:
            st.info(t("explanation_no_overdue"))
            return
        names = {
            int(a): f"{number} · {t('item')} {seq}: {content}"
            for a, number, seq, content in zip(
                late["assignment_id"],
                late["conclusion_number"],
                late["task_seq"],
                late["task_content"],
                strict=True,
            )
        }
        start = today()
        with st.form("explanation_ask", clear_on_submit=True):
            assignment_id = st.selectbox(
                t("explanation_assignment"), list(names), format_func=lambda a: names[a]
            )
            question = st.text_area(t("explanation_question"), max_chars=explanations.QUESTION_MAX)
            due = st.date_input(
                t("explanation_due"),
                value=explanations.default_due(start),
                min_value=start,
                max_value=start + timedelta(days=explanations.MAX_DUE_DAYS),
                format="DD/MM/YYYY",
            )
            sent = st.form_submit_button(t("explanation_send"), icon=":material/send:")
        if sent and assignment_id is not None:
            _, error = actions.run(
                lambda session, actor: explanations.ask(
                    actor, int(assignment_id), question, due, session=session
                )
            )
            if error:
                st.error(plain(error))
            else:
                st.toast(t("explanation_sent"), icon=":material/check:")
                st.rerun()


def answer_section(unit_id: int) -> None:
    """The unit's unanswered requests, each with its answer form (text and an optional file)."""
    rows = _requests(today(), unit_ids=(unit_id,))
    waiting = rows[rows["state"] != explanation_queries.ANSWERED]
    if waiting.empty:
        return
    st.subheader(t("explanation_open_title"))
    for record in waiting.to_dict("records"):
        row: Any = SimpleNamespace(**{str(k): v for k, v in record.items()})
        with st.container(border=True):
            late = row.state == explanation_queries.OVERDUE
            badge = f":red-badge[{state_label(row.state)}]" if late else ""
            st.markdown(
                f"{badge} **{plain(row.conclusion_number)} · {t('item')} {row.task_seq}:** "
                f"{plain(row.task_content)}"
            )
            asked = t("explanation_asked_line").format(
                who=plain(row.requested_by_name or ""),
                day=formatting.day(row.requested_on),
                due=formatting.day(row.due_on),
            )
            st.caption(asked)
            st.markdown(f"> {plain(row.question)}")
            _answer_form(int(row.request_id))


def _answer_form(request_id: int) -> None:
    with st.form(f"explanation_answer_{request_id}"):
        text = st.text_area(t("explanation_answer"), max_chars=explanations.ANSWER_MAX)
        upload = uploads.upload(
            t("explanation_file"),
            types=ALLOWED_TYPES,
            max_mb=evidence_files.max_mb(),
            cap_mb=evidence_files.uploader_mb(),
        )
        sent = st.form_submit_button(
            t("explanation_submit"), type="primary", icon=":material/send:"
        )
    if not sent:
        return
    file = upload if upload is not None and not isinstance(upload, list) else None
    _, error = actions.run(
        lambda session, actor: explanations.answer(
            actor,
            request_id,
            text,
            session=session,
            filename=file.name if file is not None else None,
            content=file.getvalue() if file is not None else None,
        )
    )
    if error:
        st.error(plain(error))
    else:
        st.toast(t("explanation_answered"), icon=":material/check:")
        st.rerun()


def history_table(assignment_ids: tuple[int, ...], as_of: date | None = None) -> None:
    """Requests and answers on these assignments, newest first, under the update history."""
    with session_scope(data.engine()) as session:
        events = explanation_history(session, assignment_ids, as_of)
    if events.empty:
        return
    st.markdown(f"**{t('explanation_history')}**")
    shown = pd.DataFrame(
        {
            t("explanation_day"): events["happened_on"],
            t("explanation_event"): [
                t(
                    "explanation_event_requested"
                    if e == EXPLANATION_ASKED
                    else "explanation_event_answered"
                )
                for e in events["event"]
            ],
            t("explanation_who"): events["user_name"],
            t("explanation_text"): events["text"],
            t("explanation_due"): [
                d if e == EXPLANATION_ASKED else None
                for e, d in zip(events["event"], events["due_on"], strict=True)
            ],
        }
    )
    day_column = st.column_config.DateColumn(format="DD/MM/YYYY")
    st.dataframe(
        shown,
        hide_index=True,
        placeholder=MISSING,
        column_config={
            t("explanation_day"): day_column,
            t("explanation_due"): day_column,
            t("explanation_text"): st.column_config.TextColumn(width="large"),
        },
    )
