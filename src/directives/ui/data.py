"""The engine (one per process and URL) and the reads the pages make.

Figures go through :mod:`directives.queries.cache`, keyed by the data version, so a write by any
process shows on the next run of every page. Nothing per-user is cached here.
"""

import contextlib
import threading
from collections.abc import Callable, Hashable
from dataclasses import asdict
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from directives.config import get_settings
from directives.db import make_engine, session_scope
from directives.domain import GROUPS_OF_LEVEL
from directives.importers.notice import Proposal
from directives.models import Assignment, Conclusion, Meeting, Task, Unit, User, row_values
from directives.periods import Period
from directives.queries import fast, history, overview, reviews, task_list
from directives.queries.cache import cached
from directives.queries.state import NO_MEETING, Filters
from directives.queries.task_list import Sort, TaskPage
from directives.queries.unit_directory import propose
from directives.queries.units import units_frame, units_with_work
from directives.services.deployment import Deployment, ReviewSettings
from directives.services.deployment import current as current_deployment
from directives.services.meta import default_as_of
from directives.status import Counts
from directives.text import sort_key

T = TypeVar("T")


def _dispose(engine: Engine) -> None:
    engine.dispose()


@st.cache_resource(on_release=_dispose)  # a cleared cache closes its pooled connections
def _engine(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    return _engine(get_settings().database_url)


def figures(
    name: str, args: Hashable, compute: Callable[[Session], T], as_of: date | None = None
) -> T:
    """``compute`` through the cache; ``as_of``, the last day the figures depend on, keeps them
    across writes that change only later days (see ``queries.cache``)."""
    return cached(engine(), name, args, compute, as_of)


def warm_figures() -> None:
    """Load the overview's in-memory store in the background, once per process and database,
    so the first overview after a login does not wait for it (``queries.fast``)."""
    _warm(get_settings().database_url)


@st.cache_resource(show_spinner=False)
def _warm(url: str) -> threading.Thread:
    return load_store_in_background(url)


def load_store_in_background(url: str) -> threading.Thread:
    """Start reading the overview's store of ``url`` (:func:`load_store`) in a thread of its
    own; a failure is left to the first reader, who loads it then (only a head start)."""

    def quietly() -> None:
        with contextlib.suppress(Exception):
            load_store(url)

    thread = threading.Thread(target=quietly, daemon=True, name="warm")
    thread.start()
    return thread


def load_store(url: str) -> None:
    """Read the overview's store of ``url`` into this process (``queries.fast``), on an engine
    of its own, closed when done: the pages' engine can be released (a cleared cache) while
    the load still holds one of its connections, which would then never close."""
    target = make_engine(url)
    try:
        fast.warm(target)
    finally:
        target.dispose()


def default_day() -> date:
    return figures("default_day", None, lambda s: default_as_of(session=s))


def is_demo() -> bool:
    from directives.services.accounts import is_demo as flagged

    return figures("is_demo", None, lambda s: flagged(session=s))


def deployment() -> Deployment:
    """Who this deployment is (level, issuers, place): the wording of titles and help follows it."""
    return figures("deployment", None, lambda s: current_deployment(session=s))


def review_settings() -> ReviewSettings:
    """How results are checked: the default basis of the rates, who may confirm."""
    from directives.services.deployment import review_settings as stored

    return figures("review_settings", None, lambda s: stored(session=s))


def settings_on() -> frozenset[str]:
    """The names of the deployment's switches that are on (pages open to more roles by them)."""
    settings = review_settings()
    return frozenset(name for name, on in asdict(settings).items() if on)


def waiting_reviews(lead_unit_id: int | None = None) -> pd.DataFrame:
    """The confirmation queue (all of it, or one lead unit's supporters)."""
    return figures("waiting_reviews", lead_unit_id, lambda s: reviews.waiting(s, lead_unit_id))


def waiting_review_count() -> int:
    """How many completions wait for an administrator's verdict."""
    return figures("waiting_review_count", None, lambda s: reviews.waiting_count(s))


def counts(filters: Filters) -> Counts:
    return figures("counts", filters, lambda s: overview.status_counts(s, filters), filters.as_of)


def task_count(filters: Filters) -> int:
    return figures("task_count", filters, lambda s: overview.task_count(s, filters), filters.as_of)


def counts_by_unit(filters: Filters, by_role: bool = False) -> pd.DataFrame:
    return figures(
        "counts_by_unit",
        (filters, by_role),
        lambda s: overview.counts_by_unit(s, filters, by_role),
        filters.as_of,
    )


def counts_by_conclusion(filters: Filters) -> pd.DataFrame:
    return figures(
        "counts_by_conclusion",
        filters,
        lambda s: overview.counts_by_conclusion(s, filters),
        filters.as_of,
    )


def assignments(filters: Filters) -> pd.DataFrame:
    return figures(
        "assignments", filters, lambda s: overview.assignments(s, filters), filters.as_of
    )


def task_page(filters: Filters, sort: Sort, number: int, size: int) -> TaskPage:
    """One page of the Nhiệm vụ table; the set's total comes from :func:`counts` (cached)."""
    total = counts(filters).total
    return figures(
        "task_page",
        (filters, sort, number, size),
        lambda s: task_list.page(s, filters, sort=sort, number=number, size=size, total=total),
    )


def top_overdue(filters: Filters, limit: int = 10) -> pd.DataFrame:
    return figures(
        "top_overdue",
        (filters, limit),
        lambda s: overview.top_overdue(s, filters, limit),
        filters.as_of,
    )


def trend(filters: Filters, start: date | None) -> pd.DataFrame:
    return figures(
        "trend",
        (filters, start),
        lambda s: overview.trend(s, filters, start=start),
        filters.as_of,
    )


def units() -> pd.DataFrame:
    return figures("units", None, units_frame)


def busy_units() -> list[int]:
    return figures("units_with_work", None, units_with_work)


def fields() -> list[str]:
    def compute(session: Session) -> list[str]:
        rows = session.exec(select(Task.field).distinct()).all()
        return sorted(str(f) for f in rows if f)

    return figures("fields", None, compute)


def meetings() -> pd.DataFrame:
    def compute(session: Session) -> pd.DataFrame:
        rows = session.exec(select(Meeting).order_by(col(Meeting.held_on).desc())).all()
        return pd.DataFrame(
            [row_values(m) for m in rows],
            columns=["id", "title", "held_on", "place", "chaired_by", "attendees"],
        )

    return figures("meetings", None, compute)


def conclusions(meeting_id: int | None = None) -> list[dict[str, Any]]:
    def compute(session: Session) -> list[dict[str, Any]]:
        query = select(Conclusion).order_by(col(Conclusion.issued_on).desc())
        if meeting_id == NO_MEETING:
            query = query.where(col(Conclusion.meeting_id).is_(None))
        elif meeting_id is not None:
            query = query.where(Conclusion.meeting_id == meeting_id)
        return [row_values(c) for c in session.exec(query).all()]

    return figures("conclusions", meeting_id, compute)


def meeting(meeting_id: int | None) -> dict[str, Any] | None:
    """The meeting's fields; None for none (a letter of directions has no meeting)."""

    def compute(session: Session) -> dict[str, Any] | None:
        row = session.get(Meeting, meeting_id) if meeting_id else None
        return row_values(row) if row else None

    return figures("meeting", meeting_id, compute)


def tasks(conclusion_id: int) -> pd.DataFrame:
    def compute(session: Session) -> pd.DataFrame:
        rows = session.exec(
            select(Task).where(Task.conclusion_id == conclusion_id).order_by(col(Task.seq))
        ).all()
        return pd.DataFrame(
            [row_values(r) for r in rows],
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

    return figures("tasks", conclusion_id, compute)


def task_history(task_id: int, before: datetime, happened_by: date | None = None) -> pd.DataFrame:
    return figures(
        "task_history",
        (task_id, before, happened_by),
        lambda s: history.task_history(s, task_id, before, happened_by),
    )


def unit_history(
    unit_id: int, before: datetime, units_as_of: date | None, happened_by: date | None = None
) -> pd.DataFrame:
    return figures(
        "unit_history",
        (unit_id, before, units_as_of, happened_by),
        lambda s: history.unit_history(s, unit_id, before, units_as_of, happened_by),
    )


def task(task_id: int) -> dict[str, Any] | None:
    def compute(session: Session) -> dict[str, Any] | None:
        row = session.get(Task, task_id)
        return row_values(row) if row else None

    return figures("task", task_id, compute)


def assignment_history(assignment_id: int) -> pd.DataFrame:
    return figures(
        "assignment_history", assignment_id, lambda s: history.assignment_history(s, assignment_id)
    )


def assignment_detail(assignment_id: int) -> dict[str, Any]:
    """What the update form needs: the saved state and version, the deadlines, the evidence
    files and any pending extension request."""

    def compute(session: Session) -> dict[str, Any]:
        from directives.services import evidence, extensions

        assignment = session.get(Assignment, assignment_id)
        if assignment is None:
            return {}
        task = session.get(Task, assignment.task_id)
        assert task is not None
        pending = extensions.pending_for(assignment_id, session=session)
        return {
            "status": assignment.status,
            "progress": assignment.progress,
            "completed_on": assignment.completed_on,
            "version": assignment.version,
            "deadline": extensions.current_deadline(assignment, task),
            "original_deadline": task.original_deadline,
            "evidence": [
                {
                    "id": item.id,
                    "original_name": item.original_name,
                    "size": item.size,
                    "download_name": evidence.download_name(item),
                }
                for item in evidence.for_assignment(assignment_id, session=session)
            ],
            "pending_extension": row_values(pending) if pending else None,
        }

    return figures("assignment_detail", assignment_id, compute)


def conclusion_documents(conclusion_id: int) -> list[dict[str, Any]]:
    """The files attached to a conclusion notice."""

    def compute(session: Session) -> list[dict[str, Any]]:
        from directives.services import evidence

        return [
            {
                "id": item.id,
                "original_name": item.original_name,
                "size": item.size,
                "download_name": evidence.download_name(item),
            }
            for item in evidence.documents_for(conclusion_id, session=session)
        ]

    return figures("conclusion_documents", conclusion_id, compute)


def evidence_content(evidence_id: int) -> bytes | None:
    """The file's bytes for the logged-in reader (checked against its checksum), or None."""
    from directives.services import evidence
    from directives.services.errors import ServiceError
    from directives.ui.session import current_user

    me = current_user()
    if me is None:
        return None
    with session_scope(engine()) as session:
        actor = session.get(User, me.id)
        if actor is None:
            return None
        try:
            return evidence.open_for_download(actor, evidence_id, session=session)[1]
        except ServiceError:
            return None


def unit(unit_id: int) -> dict[str, Any] | None:
    def compute(session: Session) -> dict[str, Any] | None:
        row = session.get(Unit, unit_id)
        return row_values(row) if row else None

    return figures("unit", unit_id, compute)


def word_report(filters: Filters, period: Period) -> bytes:
    from directives.reports.word import build_report

    return figures("word_report", (filters, period), lambda s: build_report(s, filters, period))


def unit_choices(on: date) -> list[str]:
    """What an administrator may name as lead or support on the day ``on``: the groups of units
    this deployment's level offers ("các xã, phường, đặc khu" …), then every unit active that day,
    in Vietnamese order."""

    def compute(session: Session) -> list[str]:
        units = session.exec(select(Unit).where(col(Unit.is_active))).all()
        names = sorted({u.name for u in units if u.valid_on(on)}, key=sort_key)
        return [*GROUPS_OF_LEVEL[current_deployment(session=session).level], *names]

    return figures("unit_choices", on, compute)


def read_notice(text: str, issued: date | None = None) -> Proposal:
    """The tasks the notice ``text`` proposes, units matched against the database."""
    with session_scope(engine()) as session:
        return propose(text, session, issued)
