"""The same demo gives the same figures on PostgreSQL as on SQLite. The suite runs on one engine
(``--database``); this module builds the demo on the other one too and compares."""

from collections.abc import Iterator

import pytest

from directives.db import make_engine, session_scope
from directives.demo.plan import AS_OF
from directives.queries.overview import counts_by_unit, status_counts, trend
from directives.queries.state import Filters
from directives.status import Counts
from tests.databases import build_demo, open_databases
from tests.pg import pg_bin


@pytest.fixture(scope="module")
def other_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The demo database on the engine the suite is not running on."""
    other = "postgresql" if request.config.getoption("--database") == "sqlite" else "sqlite"
    if other == "postgresql" and pg_bin("initdb") is None:
        pytest.skip("PostgreSQL server binaries (initdb) are not installed")
    opened = open_databases(other, tmp_path_factory.mktemp("other-engine"))
    databases = next(opened)
    try:
        yield databases.template("demo", build_demo)
    finally:
        opened.close()  # stops the cluster, if one was started


def figures(url: str, filters: Filters) -> tuple[Counts, list[tuple[str, int]], list[int]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        by_unit = counts_by_unit(session, filters).sort_values("unit_name")
        result = (
            status_counts(session, filters),
            list(zip(by_unit["unit_name"], by_unit["total"], strict=True)),
            trend(session, filters, start=None)["done"].tolist(),
        )
    engine.dispose()
    return result


@pytest.mark.parametrize("units_now", [False, True])
def test_figures_agree_across_engines(demo_template: str, other_demo: str, units_now: bool) -> None:
    filters = Filters(as_of=AS_OF, units_as_of=AS_OF.replace(year=2026) if units_now else None)
    assert figures(demo_template, filters) == figures(other_demo, filters)
