"""Migrations on the engine the suite runs on: every step from an empty database, down to the
base and up again, the previous release's schema with its data brought to the latest, and
models that say exactly what the migrations build."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel, select

from directives.db import alembic_config, make_engine, session_scope, upgrade
from directives.models import Assignment, ExtensionRequest, StatusUpdate, User
from directives.queries.overview import status_counts
from directives.queries.state import Filters
from tests.databases import Databases, build_demo

PREVIOUS_RELEASE = "0005"  # the schema the last landed release migrated to
AS_OF = date(2021, 10, 15)


def revisions(url: str) -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(url))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current(url: str) -> str | None:
    engine = make_engine(url)
    with engine.connect() as connection:
        version = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    return version


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        names = set(sa.inspect(connection).get_table_names())
    engine.dispose()
    return names


def at_previous_release(url: str, revision: str = PREVIOUS_RELEASE) -> None:
    """The demo in a database at ``revision``: built at the latest schema (the models write only
    that one), then taken down, keeping its rows."""
    upgrade(url)
    build_demo(url)
    command.downgrade(alembic_config(url), revision)
    assert current(url) == revision


def test_every_step_applies_then_all_go_down_and_up_again(databases: Databases) -> None:
    with databases.empty() as url:
        steps = revisions(url)
        assert steps[0] == "0001" and PREVIOUS_RELEASE in steps
        for revision in steps:
            upgrade(url, revision)
            assert current(url) == revision
        assert {"unit", "task", "assignment", "status_update", "app_user"} <= tables(url)
        command.downgrade(alembic_config(url), "base")
        assert tables(url) <= {"alembic_version"}, "down to the base leaves no table"
        upgrade(url)
        assert current(url) == steps[-1]


def test_the_models_match_the_migrations(migrated_template: str) -> None:
    engine = make_engine(migrated_template)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == [], "the models and the migrations disagree: add a migration"


def test_the_previous_release_upgrades_with_its_data(
    databases: Databases, demo_template: str
) -> None:
    """A database of the previous release, full of the demo's year and with an extension
    request waiting, is brought to the latest schema with nothing lost."""
    with databases.empty() as url:
        at_previous_release(url)
        engine = make_engine(url)
        with session_scope(engine, write=True) as session:
            admin_id = session.exec(select(User.id).where(User.username == "quantri")).one()
            session.add(
                ExtensionRequest(
                    assignment_id=1,
                    requested_by=admin_id or 0,
                    proposed_deadline=date(2021, 12, 31),
                    reason="Chờ kinh phí",
                )
            )
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT count(*) FROM assignment")).scalar()
        engine.dispose()

        upgrade(url)
        assert current(url) == revisions(url)[-1]
        engine = make_engine(url)
        with session_scope(engine) as session:
            before = status_counts(session, Filters(as_of=AS_OF))
            count = sa.select(sa.func.count()).select_from(Assignment)
            assert session.execute(count).scalar() == rows
            assert len(session.exec(select(ExtensionRequest)).all()) == 1
            # Every update happened on the day it was recorded (0009), in Hà Nội time.
            recorded = session.exec(select(StatusUpdate.at, StatusUpdate.happened_on)).all()
            assert recorded and all(
                happened == at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
                for at, happened in recorded
            )
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as write:
            write.execute(sa.text("UPDATE status_update SET note = 'sửa'"))  # still refused
        engine.dispose()
    engine = make_engine(demo_template)
    with session_scope(engine) as session:
        assert status_counts(session, Filters(as_of=AS_OF)) == before, "as a fresh demo"
    engine.dispose()


def test_two_pending_requests_stop_the_upgrade_with_a_clear_message(
    databases: Databases,
) -> None:
    with databases.empty() as url:
        at_previous_release(url)
        engine = make_engine(url)
        with session_scope(engine, write=True) as session:
            admin_id = session.exec(select(User.id).where(User.username == "quantri")).one()
            for reason in ("Lần một", "Lần hai"):
                session.add(
                    ExtensionRequest(
                        assignment_id=7,
                        requested_by=admin_id or 0,
                        proposed_deadline=date(2021, 12, 31),
                        reason=reason,
                    )
                )
        engine.dispose()
        with pytest.raises(RuntimeError, match=r"assignment ids 7\): decide all but one"):
            upgrade(url)
        assert current(url) == PREVIOUS_RELEASE, "nothing half-applied"


def test_two_conclusions_of_one_document_stop_the_upgrade_with_a_clear_message(
    databases: Databases,
) -> None:
    """Before 0007 nothing stopped a second conclusion with the same issuer and number: the
    upgrade names them (spelled differently, same year) and leaves the schema as it was."""
    with databases.empty() as url:
        at_previous_release(url, "0006")
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO conclusion (meeting_id, number, issued_on, issuer, title, "
                    "created_at) SELECT meeting_id, lower(number), issued_on, "
                    "'  ' || issuer, 'Bản nhập trùng', created_at FROM conclusion"
                )
            )
        engine.dispose()
        with pytest.raises(RuntimeError, match=r"215-tb/hu .*ids 1 and 2\)"):
            upgrade(url)
        assert current(url) == "0006", "nothing half-applied"
        assert "document_key" not in columns(url, "conclusion")


def columns(url: str, table: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        names = {c["name"] for c in sa.inspect(connection).get_columns(table)}
    engine.dispose()
    return names
