"""Đôn đốc on the pages: the follow-up count column of every list of assignments, the panel where
a leader or an administrator sends follow-ups, and the cards of the giao ban page."""

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlmodel import Session

from directives import formatting
from directives.i18n import label
from directives.models import Role, User
from directives.queries import follow_ups as reads
from directives.queries.cache import cached
from directives.queries.state import Filters
from directives.services import follow_ups
from directives.status import Derived
from directives.ui import actions, data
from directives.ui.markup import plain, show_error
from directives.ui.session import current_user, t

FLASH_KEY = "directives.follow_up_flash"  # what was sent, shown once after the rerun
SENDERS = (Role.ADMIN, Role.LEADER)


def counts(filters: Filters) -> pd.DataFrame:
    """Follow-ups per assignment as of the filters' day (cached with the other figures)."""
    return cached(
        data.engine(),
        "follow_up_counts",
        (filters.as_of, filters.basis, filters.cutoff),
        lambda s: reads.counts(s, filters),
    )


def count_of(rows: pd.DataFrame, filters: Filters) -> pd.Series:
    """The follow-up count of each row of ``rows`` (with ``assignment_id``), 0 for none."""
    return reads.count_of(rows, counts(filters))


def with_count(
    shown: pd.DataFrame, rows: pd.DataFrame, filters: Filters, after: str | None = None
) -> pd.DataFrame:
    """``shown`` (labelled, row for row with ``rows``) with the "Đôn đốc" column, after the
    column ``after`` (at the end without it)."""
    values = count_of(rows, filters).to_numpy()
    out = shown.copy()
    names = list(out.columns)
    at = names.index(after) + 1 if after is not None and after in names else len(names)
    out.insert(at, t("follow_ups"), values)
    return out


def can_send() -> bool:
    me = current_user()
    return me is not None and me.role in SENDERS


def flash() -> None:
    """The confirmation of the follow-ups just sent, once."""
    sent = st.session_state.pop(FLASH_KEY, None)
    if sent:
        st.success("  \n".join(plain(line) for line in sent), icon=":material/campaign:")


def _choice(row: pd.Series) -> str:
    deadline = formatting.day(row["deadline"]) if pd.notna(row["deadline"]) else t("standing")
    content = str(row["task_content"])
    short = content if len(content) <= 70 else content[:69] + "…"
    return (
        f"{row['unit_name']} · {row['conclusion_number']} · {t('item')} {row['task_seq']} "
        f"({t('deadline')} {deadline}): {short}"
    )


def send_panel(
    rows: pd.DataFrame,
    *,
    key: str,
    unit: tuple[int, str] | None = None,
    conclusion: tuple[int, str] | None = None,
) -> None:
    """For leaders and administrators: pick overdue assignments among ``rows`` (or all the
    overdue work of ``unit`` / ``conclusion``, each an (id, name)), add a note, send."""
    if not can_send():
        return
    flash()
    overdue = rows[rows["derived"] == Derived.OVERDUE.value]
    with st.expander(t("send_follow_up"), icon=":material/campaign:"):
        scopes = ["picked"]
        if unit is not None:
            scopes.append("unit")
        if conclusion is not None:
            scopes.append("conclusion")
        words = {
            "picked": t("follow_up_picked"),
            "unit": t("follow_up_all_of_unit").format(name=unit[1] if unit else ""),
            "conclusion": t("follow_up_all_of_conclusion").format(
                name=conclusion[1] if conclusion else ""
            ),
        }
        scope = "picked"
        if len(scopes) > 1:  # a choice of one is no choice
            scope = st.radio(
                t("follow_up_scope"), scopes, format_func=words.__getitem__, key=f"{key}_fu_scope"
            )
        picked: list[int] = []
        if scope == "picked":
            if overdue.empty:
                st.info(t("no_overdue_to_follow_up"))
            choices = {int(r["assignment_id"]): _choice(r) for _, r in overdue.iterrows()}
            picked = st.multiselect(
                t("follow_up_which"),
                list(choices),
                format_func=choices.__getitem__,
                key=f"{key}_fu_pick",
                placeholder=t("follow_up_pick_hint"),
            )
        note = st.text_area(t("follow_up_note"), key=f"{key}_fu_note", max_chars=2000)
        if st.button(t("send_follow_up"), key=f"{key}_fu_send", type="primary"):
            action = _action(scope, picked, note, unit, conclusion)
            sent, error = actions.run(action)
            if error:
                show_error(error)
            elif sent:
                st.session_state[FLASH_KEY] = [item.summary() for item in sent]
                for name in (f"{key}_fu_pick", f"{key}_fu_note"):
                    st.session_state.pop(name, None)
                st.rerun()


def _action(
    scope: str,
    picked: list[int],
    note: str,
    unit: tuple[int, str] | None,
    conclusion: tuple[int, str] | None,
) -> Callable[[Session, User], list[follow_ups.SentToUnit]]:
    def act(session: Session, actor: User) -> list[follow_ups.SentToUnit]:
        if scope == "unit" and unit is not None:
            return follow_ups.send_overdue_of_unit(actor, unit[0], note, session=session)
        if scope == "conclusion" and conclusion is not None:
            return follow_ups.send_overdue_of_conclusion(
                actor, conclusion[0], note, session=session
            )
        return follow_ups.send(actor, picked, note, session=session)

    return act


# --- the giao ban page ----------------------------------------------------------------------


def giao_ban_list(filters: Filters) -> tuple[int, pd.DataFrame]:
    """N, and the assignments on the giao ban list as of the filters' day."""

    def compute(session: Session) -> tuple[int, pd.DataFrame]:
        threshold = reads.giao_ban_after(session)
        return threshold, reads.giao_ban(session, filters, threshold)

    return cached(data.engine(), "giao_ban", filters, compute)


def giao_ban_details(
    ids: tuple[int, ...], filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The follow-ups, the unit's reports since the first one, and the explanation requests."""

    def compute(session: Session) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        return (
            reads.follow_ups_of(session, ids, filters),
            reads.answers(session, ids, filters),
            reads.explanations(session, ids, filters),
        )

    return cached(data.engine(), "giao_ban_details", (ids, filters), compute)


def giao_ban_card(
    row: pd.Series,
    pressed: pd.DataFrame,
    said: pd.DataFrame,
    asked: pd.DataFrame,
    filters: Filters,
    lang: str,
) -> None:
    """One assignment as a card (phones first): what, who, how late, then its history."""
    days_late = (filters.as_of - row["deadline"]).days
    with st.container(border=True):
        st.markdown(f"**{plain(row['unit_name'])}** · {plain(row['conclusion_number'])}, "
                    f"{t('item').lower()} {row['task_seq']}")  # fmt: skip
        st.markdown(plain(str(row["task_content"])))
        st.markdown(
            f":red-badge[{label('derived', 'overdue', lang)} "
            f"{t('days_late_short').format(days=formatting.number(days_late, lang=lang))}] "
            f":orange-badge[{t('follow_up_times').format(count=int(row['follow_ups']))}] "
            f"· {t('deadline')} {formatting.day(row['deadline'])} "
            f"· {t('progress')} {int(row['progress'])}%"
        )
        with st.expander(t("follow_up_history")):
            _history(pressed, said, asked, filters, lang)


def _history(
    pressed: pd.DataFrame,
    said: pd.DataFrame,
    asked: pd.DataFrame,
    filters: Filters,
    lang: str,
) -> None:
    """Follow-ups, the unit's reports since the first one, explanation requests and answers."""
    for item in pressed.to_dict("records"):
        note = f": {plain(item['note'])}" if item["note"] else ""
        nth = t("follow_up_nth").format(seq=item["seq"])
        st.markdown(
            f"- {nth}, {formatting.day(item['happened_on'])}, "
            f"{plain(item['user_name'] or '')}{note}"
        )
    if said.empty:
        st.caption(t("no_answer_since"))
    for item in said.to_dict("records"):
        note = f": {plain(item['note'])}" if item["note"] else ""
        st.markdown(
            f"- {t('unit_reported')} {formatting.day(item['happened_on'])}, "
            f"{plain(item['user_name'] or '')}: {label('status', item['to_status'], lang)} "
            f"{int(item['progress'])}%{note}"
        )
    for item in asked.to_dict("records"):
        st.markdown(
            f"- {t('explanation_asked')} {formatting.day(item['requested_on'])} "
            f"({t('deadline')} {formatting.day(item['due_on'])}): {plain(item['question'])}"
        )
        if isinstance(item["answer"], str) and item["answer"]:
            st.markdown(
                f"  - {t('giao_ban_explained')} {formatting.day(item['answered_on'])}, "
                f"{plain(item['answered_by'] or '')}: {plain(item['answer'])}"
            )
        elif item["due_on"] < filters.as_of:
            st.markdown(f"  - :red-badge[{t('explanation_overdue')}]")
        else:
            st.caption(t("explanation_waiting"))
