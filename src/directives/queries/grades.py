"""Đánh giá, xếp loại: every unit's score and class for a period, by the rule in force for it.

The outcomes are counted in SQL from each assignment's state at the end of the period's last day
(``queries.state``: the history as it had happened by then, extensions as approved by then), so
a closed period's grades do not move with later writes; the rule (``directives.grading``) is
applied to the small per-unit tally. See ``directives.grading`` for which assignments count.
"""

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.domain import OUT_OF_RATES
from directives.grading import Tally, score
from directives.models import (
    Assignment,
    AssignmentRole,
    ExplanationRequest,
    GradingRule,
    Review,
    Status,
    StatusUpdate,
    Task,
    Verdict,
    table,
)
from directives.periods import Period, PeriodKind, period_containing
from directives.queries.plain import latest_happened
from directives.queries.state import Filters, assignment_state
from directives.queries.units import rollup_map, units_frame
from directives.text import sort_key

GRADED_KINDS = (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)
SEED_DAY = date(2000, 1, 1)
TALLY_COLUMNS = [f.name for f in fields(Tally)]
GRADE_COLUMNS = [
    "rank",
    "unit_id",
    "unit_name",
    "unit_kind",
    "counted",
    *TALLY_COLUMNS,
    "weight",
    "base",
    "bonus",
    "penalty",
    "score",
    "grade",
]


def grading_period(kind: PeriodKind, year: int, which: int = 1) -> Period:
    """Quý ``which`` (1–4), 6 tháng đầu (1) or cuối (2) năm, or the year."""
    if kind not in GRADED_KINDS:
        raise ValueError(f"kỳ đánh giá phải là quý, 6 tháng hoặc năm, không phải {kind}")
    limit = {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}[kind]
    if not 1 <= which <= limit:
        raise ValueError(f"kỳ thứ {which} không có (từ 1 đến {limit})")
    month = {PeriodKind.QUARTER: 3 * (which - 1) + 1, PeriodKind.HALF: 6 * (which - 1) + 1}
    return period_containing(kind, date(year, month.get(kind, 1), 1))


def rule_in_force(session: Session, day: date) -> GradingRule:
    """The rule a period beginning on ``day`` is graded by: the latest ``valid_from`` on or before
    it, the later saved of two for one day; the defaults when none is stored."""
    query = (
        sa.select(GradingRule)
        .where(GradingRule.valid_from <= day)  # type: ignore[arg-type]
        .order_by(GradingRule.valid_from.desc(), GradingRule.id.desc())  # type: ignore[attr-defined,union-attr]
        .limit(1)
    )
    found: GradingRule | None = session.execute(query).scalars().first()
    if found is None:
        return GradingRule(valid_from=SEED_DAY)
    session.expunge(found)  # read after the session ends (cached figures)
    return found


VERSION_COLUMNS = ["id", "valid_from", "created_at", "created_by", "note"]


def rule_versions(session: Session) -> list[GradingRule]:
    """Every saved version, newest ``valid_from`` first."""
    query = sa.select(GradingRule).order_by(
        GradingRule.valid_from.desc(),  # type: ignore[attr-defined]
        GradingRule.id.desc(),  # type: ignore[union-attr]
    )
    return list(session.execute(query).scalars())


def _days_before(deadline: Any, completed: Any, dialect: str) -> sa.ColumnElement[Any]:
    """Whole days from ``completed`` to ``deadline``, on either engine."""
    if dialect == "postgresql":
        return deadline - completed  # type: ignore[no-any-return]
    return sa.func.julianday(deadline) - sa.func.julianday(completed)


def _confirmed(assignment_id: Any, end: date) -> sa.ColumnElement[bool]:
    """The assignment's latest completion by ``end`` (the last update that made it Hoàn thành)
    has a CONFIRMED review decided by ``end``."""
    su, rv = table(StatusUpdate).alias("completion"), table(Review)
    latest_completion = (
        sa.select(su.c.id)
        .where(
            su.c.assignment_id == assignment_id,
            su.c.to_status == Status.DONE.value,
            sa.or_(su.c.from_status.is_(None), su.c.from_status != Status.DONE.value),
            su.c.happened_on <= end,
        )
        .order_by(su.c.happened_on.desc(), su.c.at.desc(), su.c.id.desc())
        .limit(1)
        .correlate_except(su)
        .scalar_subquery()
    )
    return (
        sa.exists()
        .where(
            rv.c.status_update_id == latest_completion,
            rv.c.verdict == Verdict.CONFIRMED.value,
            rv.c.decided_on <= end,
        )
        .correlate_except(rv)
    )


def _candidate_states(session: Session, period: Period, timezone: str) -> sa.Subquery:
    """Each assignment that may count in ``period``, as it stood at the end of its last day
    (``queries.state``). Only these have their history read: a task due in the period, an
    assignment with an extension, or one with an update reporting a completion in the period
    that had happened by its end; the outer query decides."""
    assert period.start is not None and period.end is not None
    filters = Filters(as_of=period.end, timezone=timezone)
    last_day = latest_happened(session)
    query = assignment_state(filters, current=last_day is None or last_day <= period.end)
    a, t, su = table(Assignment), table(Task), table(StatusUpdate)
    completions = sa.select(su.c.assignment_id).where(
        su.c.completed_on >= period.start,
        su.c.completed_on <= period.end,
        su.c.happened_on <= period.end,
    )
    return query.where(
        sa.or_(
            sa.and_(t.c.deadline >= period.start, t.c.deadline <= period.end),
            a.c.extended_deadline.is_not(None),
            a.c.id.in_(completions),
        )
    ).subquery("state")


def _outcomes(
    session: Session, period: Period, rule: GradingRule, timezone: str, confirmed: bool
) -> pd.DataFrame:
    """Per unit (as the tasks were given) the counts of each outcome by role, and the early
    completions, in one grouped SELECT."""
    assert period.start is not None and period.end is not None
    start, end = period.start, period.end
    state = _candidate_states(session, period, timezone)
    done: sa.ColumnElement[bool] = state.c.status == Status.DONE.value
    if confirmed:
        done = sa.and_(done, _confirmed(state.c.assignment_id, end))
    deadline, completed = state.c.deadline, state.c.completed_on
    in_period = sa.and_(deadline >= start, deadline <= end)
    completed_in = sa.and_(done, completed.is_not(None), completed >= start, completed <= end)
    on_time = sa.and_(done, sa.or_(completed.is_(None), completed <= deadline))
    outcome = sa.case((on_time, "on_time"), (done, "late"), else_="overdue")
    dialect = session.get_bind().dialect.name
    early = sa.and_(
        done,
        completed.is_not(None),
        _days_before(deadline, completed, dialect) >= rule.early_days,
    )
    rows = (
        sa.select(
            state.c.unit_id,
            state.c.role,
            outcome.label("outcome"),
            sa.func.count().label("n"),
            sa.func.sum(sa.case((early, 1), else_=0)).label("early"),
        )
        .where(
            deadline.is_not(None),
            state.c.status.not_in([s.value for s in OUT_OF_RATES]),
            sa.or_(in_period, completed_in),
        )
        .group_by(state.c.unit_id, state.c.role, outcome)
    )
    found = pd.DataFrame(
        session.execute(rows).mappings().all(), columns=["unit_id", "role", "outcome", "n", "early"]
    )
    tally = pd.DataFrame({"unit_id": found["unit_id"].drop_duplicates()})
    for role in AssignmentRole:
        for name in ("on_time", "late", "overdue"):
            part = found[(found["role"] == role.value) & (found["outcome"] == name)]
            tally = tally.merge(
                part[["unit_id", "n"]].rename(columns={"n": f"{role.value}_{name}"}),
                on="unit_id",
                how="left",
            )
    early_by_unit = found.groupby("unit_id", as_index=False)["early"].sum()
    return tally.merge(early_by_unit, on="unit_id", how="left")


def _events(session: Session, period: Period) -> pd.DataFrame:
    """Per unit: results returned in the period, explanation requests due in it and not answered
    by their due day (both counted from the day they happened)."""
    assert period.start is not None and period.end is not None
    a, rv, er = table(Assignment), table(Review), table(ExplanationRequest)
    returned = (
        sa.select(a.c.unit_id, sa.func.count().label("returned"))
        .select_from(rv.join(a, a.c.id == rv.c.assignment_id))
        .where(
            rv.c.verdict == Verdict.RETURNED.value,
            rv.c.decided_on >= period.start,
            rv.c.decided_on <= period.end,
        )
        .group_by(a.c.unit_id)
    )
    unanswered = (
        sa.select(a.c.unit_id, sa.func.count().label("unanswered"))
        .select_from(er.join(a, a.c.id == er.c.assignment_id))
        .where(
            er.c.due_on >= period.start,
            er.c.due_on <= period.end,
            er.c.requested_on <= period.end,
            sa.or_(er.c.answered_on.is_(None), er.c.answered_on > er.c.due_on),
        )
        .group_by(a.c.unit_id)
    )
    first = pd.DataFrame(
        session.execute(returned).mappings().all(), columns=["unit_id", "returned"]
    )
    second = pd.DataFrame(
        session.execute(unanswered).mappings().all(), columns=["unit_id", "unanswered"]
    )
    return first.merge(second, on="unit_id", how="outer")


@dataclass(frozen=True)
class Grades:
    period: Period
    rule: GradingRule
    confirmed: bool
    table: pd.DataFrame  # GRADE_COLUMNS, best first; units with nothing counted last


def grades(
    session: Session,
    period: Period,
    *,
    timezone: str = "Asia/Ho_Chi_Minh",
    units_as_of: date | None = None,
    confirmed: bool = False,
) -> Grades:
    """Every unit with something to grade in ``period``: its tally, score and class by the rule in
    force on the period's first day. With ``units_as_of``, merged units count in their successor.
    With ``confirmed``, a completion counts only once the office confirmed it (by the period's
    last day); until then it is not done."""
    assert period.start is not None
    rule = rule_in_force(session, period.start)
    tally = _outcomes(session, period, rule, timezone, confirmed)
    tally = tally.merge(_events(session, period), on="unit_id", how="outer")
    for column in TALLY_COLUMNS:
        tally[column] = tally[column].fillna(0).astype("int64")
    tally["unit_id"] = tally["unit_id"].astype("int64")
    if units_as_of is not None:
        mapping = rollup_map(session, units_as_of)
        tally["unit_id"] = tally["unit_id"].map(mapping).astype("int64")
        tally = tally.groupby("unit_id", as_index=False)[TALLY_COLUMNS].sum()
    tallies = [
        Tally(**{str(c): int(v) for c, v in row.items()})
        for row in tally[TALLY_COLUMNS].to_dict("records")
    ]
    scores = [score(one, rule) for one in tallies]
    tally["counted"] = [one.counted for one in tallies]
    tally["weight"] = [s.weight for s in scores]
    tally["base"] = [s.base for s in scores]
    tally["bonus"] = [s.bonus for s in scores]
    tally["penalty"] = [s.penalty for s in scores]
    tally["score"] = pd.Series([s.total for s in scores], dtype="float64", index=tally.index)
    tally["grade"] = [None if s.grade is None else s.grade.value for s in scores]
    units = units_frame(session)[["unit_id", "unit_name", "unit_kind"]]
    frame = tally.merge(units, on="unit_id", how="left")
    frame["name_key"] = frame["unit_name"].map(lambda name: sort_key(str(name)))
    frame = frame.sort_values(
        ["score", "name_key"], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)
    frame["rank"] = frame["score"].rank(method="min", ascending=False).astype("Int64")
    return Grades(period, rule, confirmed, frame[GRADE_COLUMNS])
