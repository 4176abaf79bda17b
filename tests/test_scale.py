"""The province-sized generator (``directives demo --scale``), at a tiny scale."""

import hashlib
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from directives.db import make_engine, session_scope
from directives.demo.scale import AS_OF, generate
from directives.models import (
    AppMeta,
    Assignment,
    ExtensionRequest,
    Meeting,
    Status,
    StatusUpdate,
    Task,
    Unit,
    UnitKind,
    table,
)
from directives.queries.overview import overview
from directives.queries.state import Filters
from directives.services.accounts import DEMO_PASSWORD
from directives.services.errors import ServiceError
from directives.services.logins import authenticate
from directives.services.meta import data_version, default_as_of
from tests.databases import Databases

SCALE = 0.01


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table(model))).scalar_one())


def checksum(engine: Engine) -> str:
    """A digest of every status update, in id order."""
    digest = hashlib.sha256()
    su = table(StatusUpdate)
    with engine.connect() as conn:
        for row in conn.execute(sa.select(su).order_by(su.c.id)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _generate_in(url: str) -> None:
    engine = make_engine(url)
    generate(engine, scale=SCALE, seed=2021)
    engine.dispose()


@pytest.fixture(scope="module")
def generated(databases: Databases) -> str:
    """One scale-0.01 database shared by the tests of this module (each gets a copy)."""
    return databases.template("scale", _generate_in)


@pytest.fixture
def scaled(databases: Databases, generated: str) -> Iterator[Engine]:
    with databases.copy(generated) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_summary_and_counts_are_proportional(db_url: str) -> None:
    engine = make_engine(db_url)
    summary = generate(engine, scale=SCALE, seed=2021)
    assert "2.000 phân công" in summary and " giây" in summary
    units, assignments = count(engine, Unit), count(engine, Assignment)
    updates, meetings = count(engine, StatusUpdate), count(engine, Meeting)
    assert 10 <= units <= 20  # about 1,000 × 0.01 (at least a district's worth)
    assert assignments == round(200_000 * SCALE)
    assert meetings == round(2_500 * SCALE)
    assert 3.5 <= updates / assignments <= 6.5  # about 1,000,000 × 0.01
    assert count(engine, Task) < assignments
    engine.dispose()


def test_current_columns_equal_the_last_update(scaled: Engine) -> None:
    a, su = table(Assignment), table(StatusUpdate)
    with scaled.connect() as conn:
        current = {row.id: row for row in conn.execute(sa.select(a))}
        history: dict[int, list[sa.Row]] = {}  # type: ignore[type-arg]
        for row in conn.execute(sa.select(su).order_by(su.c.assignment_id, su.c.id)):
            history.setdefault(row.assignment_id, []).append(row)
    assert history, "some assignments have a history"
    for assignment_id, row in current.items():
        updates = history.get(assignment_id, [])
        assert row.version == len(updates)
        if not updates:
            assert row.status == Status.NOT_STARTED and row.updated_at is None
            continue
        last = max(updates, key=lambda u: (u.at, u.id))
        assert row.status == last.to_status
        assert (row.progress, row.completed_on, row.updated_at) == (
            last.progress,
            last.completed_on,
            last.at,
        )
        # Timestamps increase per assignment in id order; each update starts where the last ended.
        previous_at, previous_status = None, Status.NOT_STARTED.value
        for update in updates:
            assert previous_at is None or update.at > previous_at
            assert update.from_status == previous_status
            assert update.at.tzinfo is not None
            if update.to_status == Status.DONE:
                assert update.completed_on is not None and update.progress == 100
            previous_at, previous_status = update.at, update.to_status


def test_units_accounts_and_facts(scaled: Engine) -> None:
    u = table(Unit)
    with scaled.connect() as conn:
        units = conn.execute(sa.select(u)).all()
    kinds = {row.kind for row in units}
    assert {UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.ORGANIZATION} <= kinds
    assert len({row.slug for row in units}) == len(units)
    merged = [row for row in units if row.valid_to is not None]
    assert merged and all(row.successor_id is not None for row in merged)
    with session_scope(scaled) as session:
        assert default_as_of(session=session) == AS_OF
        assert session.get(AppMeta, "is_demo").value == "1"  # type: ignore[union-attr]
        assert data_version(session=session) == 1
        assert authenticate("lanhdao", DEMO_PASSWORD, session=session) is not None
        assert authenticate("quantri", DEMO_PASSWORD, session=session) is not None


def test_extensions_are_approved_requests(scaled: Engine) -> None:
    a, t, x = table(Assignment), table(Task), table(ExtensionRequest)
    with scaled.connect() as conn:
        extended = conn.execute(
            sa.select(
                a.c.id, a.c.extended_deadline, t.c.deadline, x.c.proposed_deadline, x.c.status
            )
            .join(t, t.c.id == a.c.task_id)
            .outerjoin(x, x.c.assignment_id == a.c.id)
            .where(a.c.extended_deadline.is_not(None))
        ).all()
    assert extended, "some assignments were given more time"
    assert count(scaled, ExtensionRequest) == len(extended)
    for row in extended:
        assert row.status == "approved" and row.proposed_deadline == row.extended_deadline
        assert row.extended_deadline > row.deadline


def test_overview_counts_every_assigned_task(scaled: Engine) -> None:
    a, t = table(Assignment), table(Task)
    for as_of in (AS_OF, date(2020, 12, 31)):
        with session_scope(scaled) as session:
            figures = overview(session, Filters(as_of=as_of))
            expected = session.execute(
                sa.select(sa.func.count())
                .select_from(a.join(t, t.c.id == a.c.task_id))
                .where(t.c.assigned_on <= as_of)
            ).scalar_one()
        assert figures.counts.total == expected > 0
        assert int(figures.by_unit["total"].sum()) == expected
        assert figures.tasks > 0 and not figures.trend.empty


def test_same_seed_same_history(scaled: Engine, databases: Databases) -> None:
    for seed, same in ((2021, True), (7, False)):
        with databases.copy() as url:
            engine = make_engine(url)
            generate(engine, scale=SCALE, seed=seed)
            assert (checksum(engine) == checksum(scaled)) is same, f"seed {seed}"
            engine.dispose()


def test_refuses_a_database_with_data(scaled: Engine) -> None:
    with pytest.raises(ServiceError):
        generate(scaled, scale=SCALE)
