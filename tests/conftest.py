"""Shared fixtures: the run's databases (SQLite, or PostgreSQL with --database=postgresql), a
migrated empty database and the demo database, each built once and copied per test."""

import os
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.config import get_settings
from directives.db import make_engine, session_scope
from directives.services import accounts
from tests.databases import CHEAP_HASHER, ENGINES, Databases, build_demo, open_databases
from tests.factories import World, load_world
from tests.fuzz import pytest_runtest_logreport, pytest_terminal_summary  # noqa: F401 (hooks)
from tests.mailserver import SmtpServer, WebhookServer
from tests.pg import pg_bin


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=ENGINES,
        default=os.environ.get("DIRECTIVES_TEST_DATABASE", "sqlite"),
        help="the engine the tests run on (default: $DIRECTIVES_TEST_DATABASE or sqlite)",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {config.getoption('--database')}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist (``--dist loadgroup``), the browser tests share one worker, so one
    dashboard server and one Chromium serve them all. On PostgreSQL, the tests that never touch
    a database (parsers, formatting, the notice reader) are skipped, and so are those marked
    ``engine_independent`` (with the reason why no engine changes what they check): they ran on
    SQLite."""
    on_postgres = config.getoption("--database") == "postgresql"
    engine_free = pytest.mark.skip(reason="touches no database: it runs in the SQLite pass")
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        if not on_postgres:
            continue
        if "databases" not in getattr(item, "fixturenames", ()):
            item.add_marker(engine_free)
        elif marker := item.get_closest_marker("engine_independent"):
            item.add_marker(pytest.mark.skip(reason=f"runs in the SQLite pass: {marker.args[0]}"))


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id at the lowest cost, for tests that make several accounts (``pytestmark =
    pytest.mark.usefixtures("cheap_hashing")``)."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings are cached; each test starts from its own environment."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    engine = request.config.getoption("--database")
    if engine == "postgresql" and pg_bin("initdb") is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    yield from open_databases(engine, tmp_path_factory.mktemp("databases"))


@pytest.fixture(scope="session")
def migrated_template(databases: Databases) -> str:
    """The URL of the empty database at the latest schema (do not write to it)."""
    return databases.migrated()


@pytest.fixture(scope="session")
def demo_template(databases: Databases) -> str:
    """The URL of the demo database shared by the run (do not write to it)."""
    return databases.template("demo", build_demo)


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    """A migrated, empty database of this test's own."""
    with databases.copy() as url:
        yield url


@pytest.fixture
def demo_url(databases: Databases, demo_template: str) -> Iterator[str]:
    """A copy of the demo database for this test."""
    with databases.copy(demo_template) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_engine(demo_url: str) -> Iterator[Engine]:
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A write transaction on the empty database, committed at the end of the test."""
    with session_scope(engine, write=True) as session:
        yield session


@pytest.fixture
def demo_session(demo_engine: Engine) -> Iterator[Session]:
    with session_scope(demo_engine, write=True) as session:
        yield session


@pytest.fixture
def world(session: Session) -> World:
    """The small world of ``tests/factories.py``, for modules whose ``db_url`` is
    ``yield from world_db(databases)``."""
    return load_world(session)


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1, and the settings pointing at it."""
    server = SmtpServer()
    server.start()
    monkeypatch.setenv("DIRECTIVES_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DIRECTIVES_SMTP_PORT", str(server.port))
    monkeypatch.setenv("DIRECTIVES_SMTP_FROM", "theodoi@example.org")
    get_settings.cache_clear()
    yield server
    server.stop()


@pytest.fixture
def webhook_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookServer]:
    """An HTTP server on 127.0.0.1 that keeps every POST, set as the webhook with a secret."""
    server = WebhookServer()
    server.start()
    monkeypatch.setenv("DIRECTIVES_WEBHOOK_URL", server.url)
    monkeypatch.setenv("DIRECTIVES_WEBHOOK_SECRET", "bi-mat-chung")
    get_settings.cache_clear()
    yield server
    server.stop()
