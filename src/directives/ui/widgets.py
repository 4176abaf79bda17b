"""Widgets shared by the pages: the filter frame, KPI cards, tables with a download."""

import io
from datetime import date

import pandas as pd
import streamlit as st

from directives import formatting
from directives.i18n import label
from directives.queries.state import Filters
from directives.status import Counts
from directives.ui import data
from directives.ui.session import AS_OF_KEY, MEETING_KEY, lang, t


def filter_frame() -> Filters:
    """The sidebar's as-of day and meeting, shared by every page."""
    url = data.database_url()
    default_day = data.demo_or_today(url)
    if AS_OF_KEY not in st.session_state:
        st.session_state[AS_OF_KEY] = default_day
    st.sidebar.date_input(
        t("as_of"),
        key=AS_OF_KEY,
        format="DD/MM/YYYY",
        min_value=date(2000, 1, 1),
        max_value=date(2100, 12, 31),
        help=t("as_of_help"),
    )
    meetings = data.meetings(url)
    options: list[int | None] = [None, *meetings["id"].tolist()]
    titles = dict(zip(meetings["id"], meetings["title"], strict=True))
    st.sidebar.selectbox(
        t("meeting"),
        options,
        key=MEETING_KEY,
        format_func=lambda value: t("all_meetings") if value is None else titles[value],
    )
    as_of = st.session_state[AS_OF_KEY]
    return Filters(as_of=as_of, meeting_id=st.session_state.get(MEETING_KEY))


def kpi_cards(counts: Counts, tasks: int) -> None:
    """Two rows of five: the headline rates, totals and what is overdue; then the statuses."""
    lg = lang()
    first = st.columns(5)
    first[0].metric(
        t("completion_rate"),
        formatting.percent(counts.completion_rate, lang=lg),
        help=t("completion_formula"),
        border=True,
    )
    first[1].metric(
        t("on_time_rate"),
        formatting.percent(counts.on_time_rate, lang=lg),
        help=t("on_time_formula"),
        border=True,
    )
    first[2].metric(t("tasks"), formatting.number(tasks, lang=lg), border=True)
    first[3].metric(t("assignments"), formatting.number(counts.total, lang=lg), border=True)
    first[4].metric(
        label("derived", "overdue", lg), formatting.number(counts.overdue, lang=lg), border=True
    )
    cards = (
        (label("derived", "done_on_time", lg), counts.done_on_time),
        (label("derived", "done_late", lg), counts.done_late),
        (label("derived", "in_progress", lg), counts.in_progress),
        (label("derived", "due_soon", lg), counts.due_soon),
        (t("card_no_deadline"), counts.no_deadline),
    )
    second = st.columns(len(cards))
    for column, (title, value) in zip(second, cards, strict=True):
        column.metric(title, formatting.number(value, lang=lg), border=True)


def excel_download(frame: pd.DataFrame, file_name: str, key: str) -> None:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    st.download_button(
        t("download"),
        buffer.getvalue(),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )
