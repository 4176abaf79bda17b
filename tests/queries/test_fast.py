"""The overview's fast path (``queries.fast``: the in-memory store of every assignment's state)
gives exactly the figures of the plain SQL definition (``queries.state``), on random days and
filters, and after every kind of write, committed or not yet (both engines)."""

import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from directives.db import make_engine, session_scope
from directives.domain import kinds_of
from directives.models import (
    Assignment,
    AssignmentRole,
    Bloc,
    Conclusion,
    Meeting,
    Status,
    StatusUpdate,
    Task,
    Unit,
    User,
)
from directives.queries import fast, overview
from directives.queries.overview import PLAIN
from directives.queries.sheets import update_rows
from directives.queries.state import NO_MEETING, Filters
from directives.reports.workbooks import tasks_template, updates_template
from directives.services import bulk_updates, corrections, extensions, mergers, updates
from directives.services.units import unit_by_slug
from directives.services.updates import UpdateRequest
from directives.services.workbook_tasks import import_tasks
from directives.services.workbook_updates import import_updates
from directives.status import Derived
from tests.factories import task_row

DEMO_DAY = date(2021, 10, 15)
TODAY = datetime.now(UTC).date()


@pytest.fixture
def engine(demo_url: str) -> Iterator[Engine]:
    engine = make_engine(demo_url)
    fast.forget()
    yield engine
    fast.forget()
    engine.dispose()


def figures(session: Session, filters: Filters) -> dict[str, Any]:
    by_unit = overview.counts_by_unit(session, filters).sort_values("unit_id", ignore_index=True)
    by_role = overview.counts_by_unit(session, filters, by_role=True)
    by_role = by_role.sort_values(["unit_id", "role"], ignore_index=True)
    by_conclusion = overview.counts_by_conclusion(session, filters)
    by_conclusion = by_conclusion.sort_values("conclusion_id", ignore_index=True)
    top = overview.top_overdue(session, filters)
    return {
        "counts": overview.status_counts(session, filters),
        "tasks": overview.task_count(session, filters),
        "by_unit": by_unit,
        "by_role": by_role,
        "by_conclusion": by_conclusion,
        "trend": overview.trend(session, filters),
        "top_overdue": top[["assignment_id", "deadline", "days_late"]],
    }


def assert_same(session: Session, filters: Filters, fast_expected: bool = True) -> None:
    """The fast path's figures are the plain SQL's, and the fast path answered."""
    session.info[PLAIN] = False
    used = overview.selected(session, filters) is not None
    assert used or not fast_expected, "the fast path should have answered"
    quick = figures(session, filters)
    session.info[PLAIN] = True
    try:
        plain = figures(session, filters)
    finally:
        session.info[PLAIN] = False
    assert quick["counts"] == plain["counts"], filters
    assert quick["tasks"] == plain["tasks"], filters
    for name in ("by_unit", "by_role", "by_conclusion", "trend", "top_overdue"):
        pd.testing.assert_frame_equal(quick[name], plain[name], obj=f"{name} for {filters}")


def random_filters(session: Session, chance: random.Random) -> Filters:
    meetings = list(session.exec(select(Meeting.id)).all())
    conclusion_ids = list(session.exec(select(Conclusion.id)).all())
    units = list(session.exec(select(Unit.id)).all())
    fields = sorted({f for f in session.exec(select(Task.field)).all() if f})
    day = DEMO_DAY + timedelta(days=chance.randint(-300, 200))
    if chance.random() < 0.2:
        day = TODAY
    options: dict[str, Any] = {"as_of": day}

    def maybe(name: str, value: Callable[[], Any], share: float = 0.25) -> None:
        if chance.random() < share:
            options[name] = value()

    maybe("basis", lambda: "reported", 0.4)
    maybe("meeting_id", lambda: chance.choice([*meetings, NO_MEETING]))
    maybe("conclusion_id", lambda: chance.choice(conclusion_ids), 0.1)
    maybe("unit_ids", lambda: tuple(chance.sample(units, 3)))
    maybe("unit_kinds", lambda: kinds_of(chance.choice(["local", "organizations"])))
    maybe("blocs", lambda: (chance.choice(list(Bloc)),), 0.15)
    maybe("fields", lambda: (chance.choice(fields),), 0.15)
    maybe("roles", lambda: (chance.choice(list(AssignmentRole)),), 0.2)
    maybe("statuses", lambda: tuple(chance.sample(list(Status), 2)), 0.15)
    maybe("derived", lambda: tuple(chance.sample(list(Derived), 3)), 0.15)
    maybe("due_from", lambda: day - timedelta(days=chance.randint(0, 120)), 0.3)
    maybe("due_to", lambda: day + timedelta(days=chance.randint(-60, 60)), 0.3)
    maybe("search", lambda: chance.choice(["dan van", "tuyên truyền", "xã", "mô hình"]), 0.15)
    maybe("against_original", lambda: True, 0.15)
    maybe("units_as_of", lambda: TODAY, 0.3)
    return Filters(**options)


def test_the_fast_figures_are_the_plain_sql_on_random_days_and_filters(engine: Engine) -> None:
    chance = random.Random(2021)
    with session_scope(engine) as session:
        cases = [random_filters(session, chance) for _ in range(24)]
    for filters in cases:
        with session_scope(engine) as session:
            assert_same(session, filters)


def admin(session: Session) -> User:
    return session.exec(select(User).where(User.username == "quantri")).one()


def open_assignment(session: Session, unit_slug: str = "giao-an") -> Assignment:
    unit = unit_by_slug(unit_slug, session=session)
    return session.exec(
        select(Assignment)
        .where(Assignment.unit_id == unit.id, col(Assignment.status).in_(["in_progress"]))
        .order_by(col(Assignment.id))
    ).first() or pytest.fail("the demo has open work at Giao An")


def update(session: Session) -> None:
    row = open_assignment(session)
    request = UpdateRequest(status=Status.DONE, progress=100, completed_on=TODAY)
    updates.record_update(
        session=session, actor=admin(session), assignment_id=row.id or 0, request=request
    )


def backdated_update(session: Session) -> None:
    row = open_assignment(session)
    latest = session.exec(
        select(sa.func.max(StatusUpdate.happened_on)).where(StatusUpdate.assignment_id == row.id)
    ).one()
    day = max(latest or DEMO_DAY, DEMO_DAY - timedelta(days=20)) + timedelta(days=1)
    request = UpdateRequest(status=Status.DONE, progress=100, completed_on=day, happened_on=day)
    updates.record_update(
        session=session, actor=admin(session), assignment_id=row.id or 0, request=request
    )


def bulk(session: Session) -> None:
    unit = unit_by_slug("giao-lac", session=session)
    rows = session.exec(
        select(Assignment).where(Assignment.unit_id == unit.id, col(Assignment.status) != "done")
    ).all()
    items = [
        bulk_updates.BulkItem(row.id or 0, UpdateRequest(status=Status.IN_PROGRESS, progress=55))
        for row in rows[:4]
    ]
    bulk_updates.record_updates(session=session, actor=admin(session), items=items)


def workbook(session: Session) -> None:
    unit = unit_by_slug("giao-thinh", session=session)
    rows = update_rows(session, unit_ids=[unit.id or 0], open_only=True)
    rows["status"] = "in_progress"
    rows["progress"] = 77
    rows["note"] = "Báo cáo tháng"
    import_updates(
        updates_template(rows), file_name="cap-nhat.xlsx", session=session, actor=admin(session)
    )


def tasks_workbook(session: Session) -> None:
    """New work from a workbook: a new conclusion of 08/10/2021 with two tasks for every
    commune (its assignments and their first day are in the change log)."""
    rows = [task_row(seq, deadline=date(2021, 10, 20)) for seq in (1, 2)]
    summary = import_tasks(
        tasks_template(rows), file_name="nhiem-vu.xlsx", session=session, actor=admin(session)
    )
    assert summary.created == 2


def conclusion_correction(session: Session) -> None:
    """A conclusion's day of issue corrected: every assignment of its tasks may move."""
    row = open_assignment(session)
    task = session.get(Task, row.task_id)
    assert task is not None
    corrections.update_conclusion(
        admin(session), task.conclusion_id, session=session, issued_on=date(2021, 2, 1)
    )


def extension(session: Session) -> None:
    row = session.exec(
        select(Assignment)
        .join(Task, col(Task.id) == Assignment.task_id)
        .where(col(Assignment.status).in_(["in_progress", "not_started"]))
        .where(col(Task.deadline).is_not(None))
        .order_by(col(Assignment.id))
    ).first()
    assert row is not None
    request = extensions.request_extension(
        admin(session), row.id or 0, TODAY + timedelta(days=90), "Chờ kinh phí", session=session
    )
    extensions.approve(admin(session), request.id or 0, None, session=session)


def merger(session: Session) -> None:
    giao_an = unit_by_slug("giao-an", session=session)
    heir = unit_by_slug("giao-thien", session=session)
    mergers.merge_unit(
        admin(session), giao_an.id or 0, heir.id or 0, date(2021, 11, 1), session=session
    )


def correction(session: Session) -> None:
    row = open_assignment(session)
    corrections.update_task(admin(session), row.task_id, session=session, deadline=date(2021, 9, 1))


def new_and_removed_task(session: Session) -> None:
    conclusion = session.exec(select(Conclusion).order_by(col(Conclusion.id))).first()
    assert conclusion is not None
    leads = [unit_by_slug("giao-an", session=session), unit_by_slug("giao-lac", session=session)]
    task = corrections.add_task(
        admin(session), conclusion.id or 0, session=session, content="Nhiệm vụ bổ sung", leads=leads
    )
    other = corrections.add_task(
        admin(session), conclusion.id or 0, session=session, content="Nhập nhầm", leads=leads
    )
    corrections.remove_task(admin(session), other.id or 0, session=session)
    assert task.id is not None


WRITES = {
    "update": update,
    "backdated update": backdated_update,
    "bulk updates": bulk,
    "workbook import": workbook,
    "extension approval": extension,
    "merger": merger,
    "task correction": correction,
    "conclusion correction": conclusion_correction,
    "tasks added and removed": new_and_removed_task,
    "tasks workbook import": tasks_workbook,
}
DAYS = (DEMO_DAY - timedelta(days=30), date(2021, 11, 20), TODAY)


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_the_fast_path_stays_right_after_every_kind_of_write(
    engine: Engine, write: Callable[[Session], None]
) -> None:
    fast.warm(engine)
    with session_scope(engine, write=True) as session:
        write(session)
        session.flush()
        for day in (DEMO_DAY, TODAY):  # the writer's own transaction, not committed yet
            assert_same(session, Filters(as_of=day), fast_expected=False)
    cases = [Filters(as_of=day) for day in DAYS] + [
        Filters(as_of=TODAY, basis="reported"),
        Filters(as_of=DEMO_DAY, units_as_of=TODAY),
    ]
    for filters in cases:
        with session_scope(engine) as session:
            assert_same(session, filters)


def test_an_update_patches_the_store_without_reading_it_again(engine: Engine) -> None:
    fast.warm(engine)
    loaded = fast._STORES[str(engine.url)]
    with session_scope(engine, write=True) as session:
        update(session)
    with session_scope(engine) as session:
        assert_same(session, Filters(as_of=TODAY))
    with session_scope(engine) as session:  # renewing is the readers' business, by the log
        fast.renewed(fast.engine_of(session), loaded)
    renewed = fast._STORES[str(engine.url)]
    assert renewed.version == loaded.version + 1
    changed = renewed.columns["status"] != loaded.columns["status"]
    assert int(changed.sum()) == 1, "one assignment's state changed, the rest were kept"


def test_past_days_read_only_the_assignments_that_changed_since(engine: Engine) -> None:
    with session_scope(engine) as session:
        filters = Filters(as_of=DEMO_DAY)
        from directives.queries import fast_days

        then = fast_days.then(session, filters)
        later = session.exec(
            select(sa.func.count(sa.distinct(StatusUpdate.assignment_id))).where(
                StatusUpdate.happened_on > DEMO_DAY
            )
        ).one()
        total = session.exec(select(sa.func.count()).select_from(Assignment)).one()
        assert 0 < len(then["id"]) <= later + 50 < total
        assert_same(session, replace(filters, basis="reported"))


NAMING_THEIR_ASSIGNMENTS = {
    "task correction": correction,
    "conclusion correction": conclusion_correction,
    "tasks added and removed": new_and_removed_task,
    "tasks workbook import": tasks_workbook,
}


@pytest.mark.parametrize(
    "write", NAMING_THEIR_ASSIGNMENTS.values(), ids=NAMING_THEIR_ASSIGNMENTS.keys()
)
def test_corrections_and_new_work_patch_the_store_instead_of_reading_it_whole(
    engine: Engine, write: Callable[[Session], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """These writes name the assignments they change in the log: the next reader patches those
    rows (at province scale, a whole read is two seconds), and the figures stay right."""
    fast.warm(engine)

    def no_whole_read(engine: Engine) -> fast.Store:
        raise AssertionError("the store was read whole again")

    monkeypatch.setattr(fast, "load", no_whole_read)
    with session_scope(engine, write=True) as session:
        write(session)
    for day in DAYS:
        with session_scope(engine) as session:
            assert_same(session, Filters(as_of=day))
