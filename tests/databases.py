"""Test databases on either engine: a template built once per run, a fresh copy per test.

The suite runs on SQLite files by default; ``pytest --database=postgresql`` (or
``DIRECTIVES_TEST_DATABASE=postgresql``) runs the same tests on a throwaway PostgreSQL cluster
started for the run (see tests/pg.py) and skips them, with the reason, where the server binaries
are missing.

Fixtures ask for databases, never for files::

    url = databases.template("world", build)   # made once: build(url) on a migrated database
    url = databases.fresh(url)                 # this test's own copy, discarded after it

On PostgreSQL a copy is ``CREATE DATABASE … TEMPLATE``, which needs nobody connected to the
template: connections left open to one are ended before it is copied.
"""

import itertools
import shutil
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher

from directives.db import make_engine, session_scope, upgrade
from directives.demo.build import load_demo
from directives.services import accounts

ENGINES = ("sqlite", "postgresql")
Build = Callable[[str], None]


class Databases(ABC):
    """Named templates (each built once) and fresh copies of them."""

    name: str

    def __init__(self) -> None:
        self._templates: dict[str, str] = {}
        self._numbers = itertools.count(1)

    def migrated(self) -> str:
        """The empty database at the latest schema, the base of every other template."""
        if "migrated" not in self._templates:
            url = self._create("tpl_migrated", None)
            upgrade(url)
            self._templates["migrated"] = url
        return self._templates["migrated"]

    def template(self, name: str, build: Build, *, base: str | None = None) -> str:
        """The URL of template ``name``: a copy of ``base`` (the migrated database when None)
        given to ``build`` once; later calls return the same URL."""
        if name not in self._templates:
            url = self._create(f"tpl_{name}", base or self.migrated())
            build(url)
            self._templates[name] = url
        return self._templates[name]

    def fresh(self, template: str | None = None) -> str:
        """A new database copied from ``template`` (the migrated one when None)."""
        return self._create(f"test_{next(self._numbers)}", template or self.migrated())

    @contextmanager
    def copy(self, template: str | None = None) -> Iterator[str]:
        """:meth:`fresh`, discarded when the block ends (for fixtures: ``with … as url``)."""
        url = self.fresh(template)
        try:
            yield url
        finally:
            self.discard(url)

    @contextmanager
    def empty(self) -> Iterator[str]:
        """A database with no tables at all (not even Alembic's), discarded afterwards."""
        url = self._create(f"empty_{next(self._numbers)}", None)
        try:
            yield url
        finally:
            self.discard(url)

    @abstractmethod
    def _create(self, name: str, source: str | None) -> str:
        """A new database ``name``, empty or a copy of ``source``; its URL."""

    @abstractmethod
    def discard(self, url: str) -> None:
        """Remove a database made by :meth:`fresh`."""

    def close(self) -> None:
        """Release what the run holds (the PostgreSQL admin connection)."""


class SqliteDatabases(Databases):
    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def _create(self, name: str, source: str | None) -> str:
        path = self.folder / f"{name}.db"
        if source is not None:
            shutil.copy(_path(source), path)
        return f"sqlite:///{path}"

    def discard(self, url: str) -> None:
        path = _path(url)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def _path(url: str) -> Path:
    database = sa.make_url(url).database
    assert database, url
    return Path(database)


class PostgresDatabases(Databases):
    name = "postgresql"

    def __init__(self, server_url: str) -> None:
        super().__init__()
        self.server = sa.make_url(server_url)
        self.admin = sa.create_engine(
            self.server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool
        )

    def _url(self, database: str) -> str:
        return self.server.set(database=database).render_as_string(hide_password=False)

    def _create(self, name: str, source: str | None) -> str:
        with self.admin.connect() as conn:
            if source is None:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
            else:
                template = sa.make_url(source).database
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": template},
                )
                # FILE_COPY: half the time of PostgreSQL 15's default (WAL_LOG) for databases
                # this small, and a test makes one per test.
                conn.exec_driver_sql(
                    f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY'
                )
        return self._url(name)

    def discard(self, url: str) -> None:
        name = sa.make_url(url).database
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.dispose()


def open_databases(engine: str, folder: Path) -> Iterator[Databases]:
    """The run's databases on ``engine`` ("sqlite" or "postgresql"); for PostgreSQL a cluster
    is started first and removed afterwards."""
    if engine == "sqlite":
        yield SqliteDatabases(folder)
        return
    from tests.pg import throwaway_cluster

    with throwaway_cluster() as server:
        databases = PostgresDatabases(server)
        try:
            yield databases
        finally:
            databases.close()


# argon2 with the smallest parameters: the demo's 58 accounts hash in milliseconds, not seconds.
# Hashes carry their parameters, so the demo password still verifies wherever the copy is used.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def build_demo(url: str) -> None:
    """Load the Giao Thủy demo into the migrated database at ``url`` (a template's build)."""
    engine = make_engine(url)
    saved, accounts._hasher = accounts._hasher, CHEAP_HASHER
    try:
        with session_scope(engine, write=True) as session:
            load_demo(session=session)
    finally:
        accounts._hasher = saved
        engine.dispose()
