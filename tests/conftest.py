"""Shared fixtures: a migrated empty database, and the demo database built once and copied."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.config import get_settings
from directives.db import make_engine, session_scope, upgrade
from directives.demo.build import load_demo


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings are cached; each test starts from its own environment."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine, write=True) as session:
        load_demo(session=session)
    engine.dispose()
    return path


@pytest.fixture
def db_url(tmp_path: Path, migrated_template: Path) -> str:
    """A migrated, empty SQLite database of this test's own."""
    path = tmp_path / "test.db"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo_url(tmp_path: Path, demo_template: Path) -> str:
    """A copy of the demo database for this test."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return f"sqlite:///{path}"


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
