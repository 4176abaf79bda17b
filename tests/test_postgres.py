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


def test_migrations_go_down_and_up_again() -> None:
    from alembic import command

    from directives.db import alembic_config

    with throwaway_cluster() as url:
        upgrade(url)
        command.downgrade(alembic_config(url), "base")
        upgrade(url)
        engine = make_engine(url)
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
        engine.dispose()
        assert {"unit", "task", "assignment", "status_update", "app_user"} <= tables
