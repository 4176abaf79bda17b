"""Grading a period: hand-worked scores by the rule, the rule's versions, units rolled up, a
closed period that does not move, and confirmed completions only when asked."""

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, select

from directives.grading import Grade, Tally, score
from directives.models import (
    Assignment,
    Conclusion,
    ExplanationRequest,
    GradingRule,
    Review,
    Status,
    StatusUpdate,
    Verdict,
)
from directives.periods import PeriodKind
from directives.queries.grades import grades, grading_period, rule_in_force
from directives.services import conclusions, updates
from directives.services.grading_rules import RuleValues, save_version
from tests.databases import Databases
from tests.factories import World, at_local, world_db

Q2 = grading_period(PeriodKind.QUARTER, 2021, 2)  # 01/04/2021 – 30/06/2021


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def report(
    session: Session, world: World, assignment_id: int, status: Status, day: date
) -> StatusUpdate:
    done = status == Status.DONE
    return updates.record_update(
        session=session,
        actor=world.admin,
        assignment_id=assignment_id,
        request=updates.UpdateRequest(
            status=status, progress=100 if done else 50, completed_on=day if done else None
        ),
        at=at_local(day),
        today=day,
    )


def the_case(session: Session, world: World) -> tuple[int, StatusUpdate]:
    """Unit A (Xã Giao An) in Q2 2021:
    - leads task 1 (due 30/06/2021): reports it done on 01/06, the office returns it on 03/06,
      A finishes it on 10/06: on time, and 20 days early (≥ 15: the early bonus);
    - supports task 3 (led by B, due 31/05/2021): finishes on 15/06, late;
    - is asked on 01/06 to explain task 3 by 10/06 and never answers.
    Unit B (Xã Giao Lạc) supports task 1 and leads task 3, and finishes neither: both overdue.
    Returns A's assignment on task 3 and A's first (returned) completion."""
    conclusion = session.get(Conclusion, world.conclusion_id)
    assert conclusion is not None
    task3 = conclusions.create_task(
        session=session,
        actor=world.admin,
        conclusion=conclusion,
        seq=3,
        content="Nhiệm vụ thứ ba",
        leads=[world.unit_b],
        supports=[world.unit_a],
        deadline=date(2021, 5, 31),
    )
    a3 = session.exec(
        select(Assignment).where(
            Assignment.task_id == task3.id, Assignment.unit_id == world.unit_a.id
        )
    ).one()
    assert a3.id is not None
    first = report(session, world, world.a_id, Status.DONE, date(2021, 6, 1))
    assert first.id is not None
    session.add(
        Review(
            assignment_id=world.a_id,
            status_update_id=first.id,
            verdict=Verdict.RETURNED,
            reason="Thiếu minh chứng",
            decided_by=world.admin.id,
            decided_at=at_local(date(2021, 6, 3), 10),
            decided_on=date(2021, 6, 3),
        )
    )
    report(session, world, world.a_id, Status.IN_PROGRESS, date(2021, 6, 3))
    report(session, world, world.a_id, Status.DONE, date(2021, 6, 10))
    report(session, world, a3.id, Status.DONE, date(2021, 6, 15))
    session.add(
        ExplanationRequest(
            assignment_id=a3.id,
            requested_by=world.leader.id,
            requested_at=at_local(date(2021, 6, 1)),
            requested_on=date(2021, 6, 1),
            due_on=date(2021, 6, 10),
            question="Vì sao chậm?",
        )
    )
    session.flush()
    return a3.id, first


def row(frame: object, unit_id: int | None) -> dict[str, object]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    found = frame[frame["unit_id"] == unit_id]
    assert len(found) == 1, frame
    return dict(found.iloc[0])


def test_the_hand_worked_case(session: Session, world: World) -> None:
    the_case(session, world)
    table = grades(session, Q2).table
    a = row(table, world.unit_a.id)
    assert (a["lead_on_time"], a["support_late"], a["early"]) == (1, 1, 1)
    assert (a["returned"], a["unanswered"], a["counted"]) == (1, 1, 2)
    # Σ hệ số = 1,0 (chủ trì) + 0,3 (phối hợp) = 1,3
    # Σ(hệ số × điểm) = 1,0 × 100 (đúng hạn) + 0,3 × 50 (quá hạn) = 115
    # 115 ÷ 1,3 = 88,46; + 1 (hoàn thành sớm 20 ngày) − 2 (trả lại 1 lần) − 5 (1 giải trình) = 82,46
    assert a["weight"] == pytest.approx(1.3)
    assert a["base"] == pytest.approx(88.46)
    assert (a["bonus"], a["penalty"], a["score"]) == (1.0, 7.0, 82.5)
    assert a["grade"] == Grade.GOOD  # 70 ≤ 82,5 < 90
    b = row(table, world.unit_b.id)
    # B: lead overdue (1,0 × 0) and support overdue (0,3 × 0): 0 ÷ 1,3 = 0
    assert (b["lead_overdue"], b["support_overdue"], b["score"]) == (1, 1, 0.0)
    assert b["grade"] == Grade.NOT_DONE
    assert list(table["unit_id"]) == [world.unit_a.id, world.unit_b.id]  # best first
    assert list(table["rank"]) == [1, 2]


def test_the_standing_task_and_work_not_yet_due_do_not_count(
    session: Session, world: World
) -> None:
    report(session, world, world.standing_a_id, Status.DONE, date(2021, 2, 1))
    # Q1 2021: task 1 is due 30/06, not in Q1 and not done: no unit has anything to grade
    assert grades(session, grading_period(PeriodKind.QUARTER, 2021, 1)).table.empty


def test_work_finished_before_its_later_deadline_counts_in_the_period_it_was_finished(
    session: Session, world: World
) -> None:
    report(session, world, world.a_id, Status.DONE, date(2021, 3, 1))  # due 30/06
    q1 = grades(session, grading_period(PeriodKind.QUARTER, 2021, 1)).table
    assert row(q1, world.unit_a.id)["lead_on_time"] == 1
    assert row(q1, world.unit_a.id)["early"] == 1  # 121 days ahead


def test_a_new_rule_changes_the_next_period_not_a_closed_one(
    session: Session, world: World
) -> None:
    the_case(session, world)
    before = grades(session, Q2)
    rule = save_version(
        session=session,
        actor=world.admin,
        values=RuleValues(support_weight=1.0, late_points=80.0),
        today=date(2021, 7, 5),
    )
    assert rule.valid_from == date(2021, 10, 1)  # the next quarter's first day
    after = grades(session, Q2)
    assert after.rule.id == before.rule.id
    assert after.table.equals(before.table)
    q4 = grading_period(PeriodKind.QUARTER, 2021, 4)
    assert rule_in_force(session, q4.start or date.min).id == rule.id
    # the same work judged by the new rule: (1,0 × 100 + 1,0 × 80) ÷ 2 = 90
    assert score(Tally(lead_on_time=1, support_late=1), rule).total == 90.0


def test_a_later_write_does_not_move_a_closed_period(session: Session, world: World) -> None:
    a3, _ = the_case(session, world)
    closed = grades(session, Q2).table
    session.add(
        Review(
            assignment_id=a3,
            status_update_id=report(session, world, world.b_id, Status.DONE, date(2021, 7, 2)).id
            or 0,
            verdict=Verdict.RETURNED,
            decided_on=date(2021, 7, 3),
        )
    )
    session.flush()
    assert grades(session, Q2).table.equals(closed)


def test_confirmed_counts_only_completions_the_office_confirmed(
    session: Session, world: World
) -> None:
    the_case(session, world)
    unconfirmed = row(grades(session, Q2, confirmed=True).table, world.unit_a.id)
    assert (unconfirmed["lead_overdue"], unconfirmed["support_overdue"]) == (1, 1)
    latest = session.exec(
        select(StatusUpdate)
        .where(StatusUpdate.assignment_id == world.a_id, StatusUpdate.to_status == Status.DONE)
        .order_by(StatusUpdate.id.desc())  # type: ignore[union-attr]
    ).first()
    assert latest is not None and latest.id is not None
    session.add(
        Review(
            assignment_id=world.a_id,
            status_update_id=latest.id,
            verdict=Verdict.CONFIRMED,
            decided_on=date(2021, 6, 20),
        )
    )
    session.flush()
    a = row(grades(session, Q2, confirmed=True).table, world.unit_a.id)
    # task 1 confirmed on 20/06: on time; task 3's completion is not confirmed: not done, and
    # due 31/05, in the period: overdue
    assert (a["lead_on_time"], a["support_late"], a["support_overdue"]) == (1, 0, 1)
    # reported rather than confirmed, it is late
    assert row(grades(session, Q2).table, world.unit_a.id)["support_late"] == 1


def test_the_seed_rule_is_the_default(session: Session) -> None:
    rule = rule_in_force(session, date(2021, 1, 1))
    assert (rule.lead_weight, rule.support_weight) == (1.0, 0.3)
    assert session.exec(select(GradingRule)).first() is not None  # seeded by migration 0016
