"""Engine, transactions and migrations.

``make_engine`` sets SQLite up for a small multi-user server (WAL, foreign keys, a busy timeout);
``session_scope(write=True)`` begins SQLite transactions IMMEDIATE so two writers queue instead of
failing half-way. Callers own the transaction: services only add and flush.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str | sa.URL) -> bool:
    return sa.make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; creates the folder of a SQLite file if it is missing."""
    sa_url = sa.make_url(url)
    if not is_sqlite(sa_url):
        kwargs.setdefault("pool_pre_ping", True)
        return sa.create_engine(sa_url, **kwargs)

    if sa_url.database and sa_url.database != ":memory:":
        Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(sa_url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if sa_url.database and sa_url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@contextmanager
def session_scope(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises. A write
    transaction on a SQLite file first waits its turn among the file's writers."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if write else engine
    turn = _writers_turn(engine) if write else nullcontext()
    with turn, Session(bind, expire_on_commit=False) as session, session.begin():
        yield session


# SQLite lets one transaction write at a time. Its own busy handler makes the others poll with
# sleeps that grow to 100 ms, so under load a writer may wait a second while newcomers get in.
# The writers of one process (the dashboard serves every user from one process) therefore queue
# on a lock first and reach SQLite one at a time. Past the busy timeout a writer stops queueing
# and leaves it to SQLite, as do writers in other processes (a command-line import); several
# dashboard processes are what PostgreSQL is for.
_QUEUES: dict[str, threading.Lock] = {}
_QUEUES_GUARD = threading.Lock()


@contextmanager
def _writers_turn(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with _QUEUES_GUARD:
        queue = _QUEUES.setdefault(database, threading.Lock())
    queued = queue.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        yield
    finally:
        if queued:
            queue.release()


def serialize(session: Session, key: str) -> None:
    """Make the transactions that name ``key`` run one after another from here to their end.

    PostgreSQL: a transaction-scoped advisory lock on the key. SQLite: the database's write
    lock, which a write transaction (``session_scope(write=True)``) takes at its first statement
    and holds to the end, so every writer already waits its turn there.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
        )


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating it if it does not exist)."""
    if is_sqlite(url):
        database = sa.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)
