"""An office moving from its Excel tracker brings a past year: a tasks workbook of that year's
tasks and an updates workbook whose rows say the day each change happened, all imported today.
The year's quarterly figures are then those of the same world had each update been recorded on
its day; going by the reports, that year shows nothing done (both engines)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from directives.db import make_engine, session_scope
from directives.models import Assignment, Status, Task, Unit
from directives.periods import PeriodKind, period_containing
from directives.queries.overview import counts_by_unit, status_counts
from directives.queries.sheets import update_rows
from directives.queries.state import Basis, Filters, for_period
from directives.reports.workbooks import tasks_template
from directives.services import updates
from directives.services.workbook_tasks import import_tasks
from directives.services.workbook_updates import import_updates
from directives.status import Counts
from tests.databases import Databases
from tests.factories import at_local, backdated_updates, user, world_db

ISSUED = date(2024, 1, 5)
TASKS = [  # item, text, lead, supports, deadline
    (1, "Rà soát hộ nghèo năm 2024", "Xã Giao An", "Xã Giao Lạc", date(2024, 3, 31)),
    (2, "Hoàn thành đường giao thông nông thôn", "Xã Giao An", "Xã Giao Hải", date(2024, 6, 30)),
    (3, "Tổ chức ngày hội đại đoàn kết", "Xã Giao Lạc", "", date(2024, 9, 30)),
    (4, "Tuyên truyền phòng chống thiên tai", "Xã Giao Hải", "", None),
]


@dataclass(frozen=True)
class Change:
    item: int
    unit: str
    happened_on: date
    status: Status
    progress: int = 0
    completed_on: date | None = None


YEAR = [  # in the order they happened
    Change(1, "Xã Giao An", date(2024, 2, 20), Status.IN_PROGRESS, 30),
    Change(1, "Xã Giao An", date(2024, 3, 25), Status.DONE, 100, date(2024, 3, 25)),
    Change(2, "Xã Giao An", date(2024, 4, 2), Status.IN_PROGRESS, 20),
    Change(1, "Xã Giao Lạc", date(2024, 4, 10), Status.DONE, 100, date(2024, 4, 8)),
    Change(2, "Xã Giao An", date(2024, 5, 15), Status.IN_PROGRESS, 50),
    Change(2, "Xã Giao Hải", date(2024, 7, 1), Status.PAUSED, 10),
    Change(2, "Xã Giao An", date(2024, 8, 20), Status.DONE, 100, date(2024, 8, 18)),
    Change(3, "Xã Giao Lạc", date(2024, 9, 10), Status.DONE, 100, date(2024, 9, 5)),
    Change(4, "Xã Giao Hải", date(2024, 11, 15), Status.IN_PROGRESS, 20),
    Change(4, "Xã Giao Hải", date(2024, 12, 30), Status.CANCELLED, 20),
]
QUARTER_ENDS = [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)]


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


@pytest.fixture
def other_engine(databases: Databases) -> Iterator[Engine]:
    """A second copy of the world, for the same year told as it happened."""
    for url in world_db(databases):
        engine = make_engine(url)
        yield engine
        engine.dispose()


def import_year_tasks(session: Session) -> None:
    rows = [
        {
            "meeting_title": "Hội nghị sơ kết công tác năm 2023",
            "held_on": date(2024, 1, 3),
            "conclusion_number": "12-TB/HU",
            "issued_on": ISSUED,
            "issuer": "Huyện ủy",
            "conclusion_title": "Kết luận hội nghị sơ kết",
            "task_seq": item,
            "task_content": text,
            "leads": lead,
            "supports": supports,
            "deadline": deadline,
            "field": "Dân vận",
        }
        for item, text, lead, supports, deadline in TASKS
    ]
    data = tasks_template(rows)
    import_tasks(
        data, file_name="nhiem-vu-2024.xlsx", session=session, actor=user(session, "quantri")
    )


def assignment_ids(session: Session) -> dict[tuple[int, str], int]:
    """(item, unit name) → assignment of the 2024 tasks."""
    rows = session.exec(
        select(Task.seq, Unit.name, Assignment.id)
        .join(Assignment, Assignment.task_id == Task.id)  # type: ignore[arg-type]
        .join(Unit, Unit.id == Assignment.unit_id)  # type: ignore[arg-type]
        .where(Task.assigned_on == ISSUED)
    ).all()
    return {(seq, name): int(aid) for seq, name, aid in rows if aid is not None}


def recorded_as_it_happened(session: Session) -> None:
    ids = assignment_ids(session)
    admin = user(session, "quantri")
    for change in YEAR:
        updates.record_update(
            session=session,
            actor=admin,
            assignment_id=ids[(change.item, change.unit)],
            request=updates.UpdateRequest(
                status=change.status, progress=change.progress, completed_on=change.completed_on
            ),
            at=at_local(change.happened_on, 16),
            today=change.happened_on,
        )


def imported_today(session: Session) -> None:
    """One updates workbook: the export of the 2024 assignments, one row per change, each with
    the day it happened (rows of one assignment not in order, to show order is not needed)."""
    ids = assignment_ids(session)
    exported = update_rows(session, assignment_ids=sorted(ids.values()))
    changes = [(ids[(change.item, change.unit)], change) for change in reversed(YEAR)]
    data = backdated_updates(exported, changes)
    admin = user(session, "quantri")
    summary = import_updates(data, file_name="lich-su-2024.xlsx", session=session, actor=admin)
    assert (summary.updated, summary.unchanged) == (len(YEAR), 0)
    again = import_updates(data, file_name="lich-su-2024.xlsx", session=session, actor=admin)
    assert (again.updated, again.unchanged) == (0, len(YEAR)), "the same file again: nothing"


def figures(session: Session, basis: Basis) -> list[tuple[Counts, Counts, list[dict[str, object]]]]:
    """Per quarter of 2024: the cumulative counts at its end, the quarter's own counts (tasks
    due in it, as the sidebar's "Quý" computes them), and the quarter's counts by unit."""
    found = []
    for end in QUARTER_ENDS:
        cumulative = Filters(as_of=end, basis=basis)
        quarter = period_containing(PeriodKind.QUARTER, end)
        own = for_period(cumulative, quarter.start, quarter.end)
        by_unit = counts_by_unit(session, own).drop(columns=["last_update_at"])
        by_unit = by_unit.astype(object).where(by_unit.notna(), None)  # NaN ≠ NaN
        found.append(
            (
                status_counts(session, cumulative),
                status_counts(session, own),
                by_unit.sort_values("unit_id").to_dict("records"),
            )
        )
    return found


def test_a_year_imported_today_gives_that_years_quarterly_figures(
    engine: Engine, other_engine: Engine
) -> None:
    with session_scope(engine, write=True) as session:
        import_year_tasks(session)
        imported_today(session)
    with session_scope(other_engine, write=True) as session:
        import_year_tasks(session)
        recorded_as_it_happened(session)

    with session_scope(engine) as session:
        imported = figures(session, "happened")
        by_reports = figures(session, "reported")
        ids = assignment_ids(session)
        for aid in set(ids.values()):  # saved in the order they happened, whatever the file's
            saved = updates.history(aid, session=session)
            told = [c for c in YEAR if ids[(c.item, c.unit)] == aid]
            assert [u.happened_on for u in saved] == [c.happened_on for c in told]
            assert [u.to_status for u in saved] == [c.status for c in told]
    with session_scope(other_engine) as session:
        lived = figures(session, "happened")
        lived_by_reports = figures(session, "reported")

    assert imported == lived
    assert lived_by_reports == lived, "recorded on their days, the two bases agree"
    # The quarters differ from one another: the year really moved.
    done = [cumulative.done_on_time + cumulative.done_late for cumulative, _, _ in imported]
    assert done == [1, 2, 4, 4]
    # Going by what had been reported, 2024 saw nothing done: it was all recorded today.
    assert [c.done_on_time + c.done_late for c, _, _ in by_reports] == [0, 0, 0, 0]
