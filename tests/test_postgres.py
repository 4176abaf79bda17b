"""The same schema, demo and figures on PostgreSQL as on SQLite."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from directives.db import make_engine, session_scope, upgrade
from directives.demo.build import load_demo
from directives.demo.plan import AS_OF
from directives.queries.overview import counts_by_unit, status_counts
from directives.queries.state import Filters
from tests.pg import pg_bin, throwaway_cluster

pytestmark = pytest.mark.skipif(
    pg_bin("initdb") is None, reason="PostgreSQL server binaries (initdb) are not installed"
)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with throwaway_cluster() as url:
        upgrade(url)
        engine = make_engine(url)
        with session_scope(engine, write=True) as session:
            load_demo(session=session)
        engine.dispose()
        yield url


def test_figures_agree_with_sqlite(pg_url: str, demo_url: str) -> None:
    filters = Filters(as_of=AS_OF)
    results = []
    for url in (pg_url, demo_url):
        engine = make_engine(url)
        with session_scope(engine) as session:
            by_unit = counts_by_unit(session, filters).sort_values("unit_name")
            results.append((status_counts(session, filters), by_unit["total"].tolist()))
        engine.dispose()
    assert results[0] == results[1]


def test_history_is_append_only_on_postgres(pg_url: str) -> None:
    engine = make_engine(pg_url)
    with pytest.raises(DBAPIError, match="append-only"), session_scope(engine, write=True) as s:
        s.execute(sa.text("UPDATE status_update SET note = 'sửa' WHERE id = 1"))
    with pytest.raises(DBAPIError, match="append-only"), session_scope(engine, write=True) as s:
        s.execute(sa.text("DELETE FROM status_update"))
    engine.dispose()


def test_excel_import_on_postgres(pg_url: str) -> None:
    """The bulk writes of an import (locked reads, compare-and-set, executemany) on PostgreSQL:
    changed rows saved once, the same file again changes nothing, a stale row is refused."""
    from directives.importers.spreadsheet import ImportRejected, ImportSummary, import_updates
    from directives.models import User
    from directives.queries.sheets import update_rows
    from directives.reports.workbooks import updates_template
    from directives.services.meta import data_version

    engine = make_engine(pg_url)
    with session_scope(engine) as session:
        rows = update_rows(session, open_only=True).head(20).copy()
    rows["status"] = "in_progress"
    rows["progress"] = [(p + 3) % 100 for p in rows["progress"]]
    data = updates_template(rows)

    def run() -> ImportSummary:
        with session_scope(engine, write=True) as session:
            admin = session.execute(sa.select(User).where(User.username == "quantri")).scalar_one()
            return import_updates(data, file_name="pg.xlsx", session=session, actor=admin)

    first = run()
    assert (first.updated, first.unchanged) == (20, 0)
    with session_scope(engine) as session:
        version = data_version(session=session)
    again = run()
    assert (again.updated, again.unchanged) == (0, 20)
    rows["progress"] = [(p + 1) % 100 for p in rows["progress"]]  # still the old versions
    data = updates_template(rows)
    with pytest.raises(ImportRejected) as caught:
        run()
    assert {e.column for e in caught.value.errors} == {"M"}, "Phiên bản: someone saved since"
    with session_scope(engine) as session:
        assert data_version(session=session) == version
    engine.dispose()
