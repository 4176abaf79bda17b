"""What the Word report shows, gathered with the dashboard's own queries."""

from dataclasses import dataclass, replace

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.domain import is_local
from directives.models import Conclusion, Meeting, table
from directives.periods import Period, PeriodKind
from directives.queries.overview import (
    assignments,
    counts_by_unit,
    state_query,
    status_counts,
    task_count,
    worst_first,
)
from directives.queries.state import Filters, for_period
from directives.services.deployment import UNSET, Deployment
from directives.services.deployment import current as current_deployment
from directives.status import Counts, Derived

RUNNING = (
    Derived.AWAITING,
    Derived.IN_PROGRESS,
    Derived.DUE_SOON,
    Derived.NOT_STARTED,
    Derived.NO_DEADLINE,
)
"""The unit table's "Đang thực hiện": unfinished and not overdue, standing tasks and
completions awaiting confirmation included."""


@dataclass(frozen=True)
class Figures:
    """The section I figures of one period."""

    label: str
    filters: Filters
    counts: Counts
    tasks: int


@dataclass(frozen=True)
class ReportData:
    filters: Filters
    period: Period
    conclusion: Conclusion | None
    meeting: Meeting | None
    conclusion_numbers: list[str]
    current: Figures
    previous: Figures | None
    by_unit: pd.DataFrame
    overdue: pd.DataFrame
    deployment: Deployment = UNSET  # whose report: its issuer, place and group headings


def gather(session: Session, filters: Filters, period: Period) -> ReportData:
    """Everything the report shows, from the same queries as the dashboard."""
    current_filters = for_period(filters, period.start, period.end)
    current = _figures(session, current_filters, period.label("vi"))
    previous = None
    before = period.previous() if period.kind is not PeriodKind.ALL else None
    if before is not None:
        previous = _figures(
            session, for_period(filters, before.start, before.end), before.label("vi")
        )
    conclusion = (
        session.get(Conclusion, filters.conclusion_id)
        if filters.conclusion_id is not None
        else None
    )
    meeting = session.get(Meeting, filters.meeting_id) if filters.meeting_id is not None else None
    overdue = assignments(
        session, replace(current_filters, derived=(Derived.OVERDUE,)), order="overdue"
    )
    overdue["days_late"] = [
        (current_filters.as_of - deadline).days for deadline in overdue["deadline"]
    ]
    return ReportData(
        filters=current_filters,
        period=period,
        conclusion=conclusion,
        meeting=meeting,
        conclusion_numbers=_conclusion_numbers(session, current_filters),
        current=current,
        previous=previous,
        by_unit=grouped_worst_first(counts_by_unit(session, current_filters)),
        overdue=overdue,
        deployment=current_deployment(session=session),
    )


def _figures(session: Session, filters: Filters, period_label: str) -> Figures:
    return Figures(
        label=period_label,
        filters=filters,
        counts=status_counts(session, filters),
        tasks=task_count(session, filters),
    )


def _conclusion_numbers(session: Session, filters: Filters) -> list[str]:
    state = state_query(session, filters)
    c = table(Conclusion)
    query = (
        sa.select(c.c.number)
        .where(c.c.id.in_(sa.select(state.c.conclusion_id)))
        .order_by(c.c.issued_on, c.c.id)
    )
    return [str(number) for number in session.execute(query).scalars().all()]


def grouped_worst_first(by_unit: pd.DataFrame) -> pd.DataFrame:
    """Local units (communes, towns: ``domain.LOCAL_KINDS``), then organizations; each group
    :func:`worst_first`.
    Adds ``group`` (0 or 1) and ``running``."""
    frame = worst_first(by_unit)
    frame["group"] = [0 if is_local(kind) else 1 for kind in frame["unit_kind"]]
    frame["running"] = frame[[d.value for d in RUNNING]].sum(axis=1).astype("int64")
    ordered: pd.DataFrame = frame.sort_values("group", kind="stable")
    return ordered.reset_index(drop=True)
