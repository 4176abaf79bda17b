"""The engine (one per process and URL) and cached reads. Cached values are DataFrames and
plain values, never per-user objects."""

from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from directives.config import get_settings
from directives.db import make_engine, session_scope
from directives.models import Conclusion, Meeting, Task, User
from directives.queries import history, overview
from directives.queries.state import Filters
from directives.services.meta import default_as_of

CACHE_TTL_S = 60


@st.cache_resource
def _engine(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    return _engine(get_settings().database_url)


def database_url() -> str:
    return get_settings().database_url


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def demo_or_today(url: str) -> date:
    with session_scope(_engine(url)) as session:
        return default_as_of(session=session)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def is_demo(url: str) -> bool:
    from directives.services.accounts import is_demo as flagged

    with session_scope(_engine(url)) as session:
        return flagged(session=session)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def counts(url: str, filters: Filters) -> dict[str, int]:
    with session_scope(_engine(url)) as session:
        result = overview.status_counts(session, filters)
        return {name: getattr(result, name) for name in overview.DERIVED_COLUMNS}


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def task_count(url: str, filters: Filters) -> int:
    with session_scope(_engine(url)) as session:
        return overview.task_count(session, filters)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def counts_by_unit(url: str, filters: Filters) -> pd.DataFrame:
    with session_scope(_engine(url)) as session:
        return overview.counts_by_unit(session, filters)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def assignments(url: str, filters: Filters) -> pd.DataFrame:
    with session_scope(_engine(url)) as session:
        return overview.assignments(session, filters)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def meetings(url: str) -> pd.DataFrame:
    with session_scope(_engine(url)) as session:
        rows = session.exec(select(Meeting).order_by(col(Meeting.held_on).desc())).all()
        return pd.DataFrame(
            [m.model_dump() for m in rows],
            columns=["id", "title", "held_on", "place", "chaired_by", "attendees"],
        )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def conclusions(url: str, meeting_id: int | None) -> list[dict[str, Any]]:
    with session_scope(_engine(url)) as session:
        query = select(Conclusion).order_by(col(Conclusion.issued_on).desc())
        if meeting_id is not None:
            query = query.where(Conclusion.meeting_id == meeting_id)
        return [c.model_dump() for c in session.exec(query).all()]


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def meeting(url: str, meeting_id: int) -> dict[str, Any] | None:
    with session_scope(_engine(url)) as session:
        row = session.get(Meeting, meeting_id)
        return row.model_dump() if row else None


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def tasks(url: str, conclusion_id: int) -> pd.DataFrame:
    with session_scope(_engine(url)) as session:
        rows = session.exec(
            select(Task).where(Task.conclusion_id == conclusion_id).order_by(col(Task.seq))
        ).all()
        return pd.DataFrame(
            [r.model_dump() for r in rows],
            columns=[
                "id",
                "seq",
                "content",
                "field",
                "assignees_text",
                "assigned_on",
                "deadline",
                "original_deadline",
            ],
        )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def task_history(url: str, task_id: int, before: datetime) -> pd.DataFrame:
    with session_scope(_engine(url)) as session:
        return history.task_history(session, task_id, before)


def authenticate(username: str, password: str) -> User | None:
    from directives.services.accounts import authenticate as check

    with session_scope(engine()) as session:
        return check(username, password, session=session)
