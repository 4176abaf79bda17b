"""directives backup / restore: a backup of the demo restores to an identical database (row
counts and the checksum of every row), on SQLite and on PostgreSQL; a damaged backup, a missing
manifest or a backup of the other engine is refused before anything is touched."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session
from typer.testing import CliRunner

from directives.backup import BackupError, backup, fingerprint, manifest_path, restore
from directives.cli import app
from directives.db import is_sqlite, make_engine, session_scope
from directives.models import Assignment, Status, User
from directives.services import updates
from directives.services.updates import UpdateRequest


def change_something(url: str, note: str = "sau sao lưu") -> None:
    """A secretary's report after the backup: one status update, one audit entry, a version."""
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        admin = session.execute(sa.select(User).where(User.username == "quantri")).scalar_one()
        assignment = session.execute(sa.select(Assignment).limit(1)).scalar_one()
        updates.record_update(
            session=session,
            actor=admin,
            assignment_id=assignment.id or 0,
            request=UpdateRequest(status=Status.IN_PROGRESS, progress=55, note=note),
        )
    engine.dispose()


def test_backup_then_restore_gives_back_the_same_database(demo_url: str, tmp_path: Path) -> None:
    original = fingerprint(demo_url)
    assert original.counts["status_update"] > 1000 and original.counts["audit_log"] > 0
    target = tmp_path / "sao-luu" / "directives.bak"

    made = backup(demo_url, target)
    assert made == original, "the manifest describes the database as it was"
    manifest = json.loads(manifest_path(target).read_text(encoding="utf-8"))
    assert manifest["engine"] == ("sqlite" if is_sqlite(demo_url) else "postgresql")
    assert manifest["counts"] == original.counts and manifest["checksum"] == original.checksum

    change_something(demo_url)
    changed = fingerprint(demo_url)
    assert changed.checksum != original.checksum
    assert changed.counts["status_update"] == original.counts["status_update"] + 1

    restored = restore(demo_url, target)
    assert restored == original
    assert fingerprint(demo_url) == original, "row counts and checksum as at the backup"


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(
    demo_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "directives.bak"
    backup(demo_url, target)
    change_something(demo_url)
    before = fingerprint(demo_url)

    manifest = json.loads(manifest_path(target).read_text(encoding="utf-8"))
    wrong = dict(manifest, checksum="0" * 64)
    manifest_path(target).write_text(json.dumps(wrong), encoding="utf-8")
    with pytest.raises(BackupError, match="không khớp bản kê khai"):
        restore(demo_url, target)
    assert fingerprint(demo_url) == before, "a refused restore touches nothing"

    other = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    manifest_path(target).write_text(json.dumps(dict(manifest, engine=other)), encoding="utf-8")
    with pytest.raises(BackupError, match=f"là bản sao lưu {other}"):
        restore(demo_url, target)

    manifest_path(target).unlink()
    with pytest.raises(BackupError, match="thiếu bản kê khai"):
        restore(demo_url, target)
    with pytest.raises(BackupError, match="không có bản sao lưu"):
        restore(demo_url, tmp_path / "khong-co.bak")
    assert fingerprint(demo_url) == before


@pytest.mark.parametrize("damage", ["truncated", "one byte changed"])
def test_a_damaged_backup_file_is_refused(demo_url: str, tmp_path: Path, damage: str) -> None:
    target = tmp_path / "directives.bak"
    backup(demo_url, target)
    content = bytearray(target.read_bytes())
    if damage == "truncated":
        content = content[: len(content) // 2]
    else:
        content[len(content) // 2] ^= 0xFF
    target.write_bytes(bytes(content))
    change_something(demo_url)
    before = fingerprint(demo_url)
    with pytest.raises(BackupError, match="đã hỏng hoặc bị sửa"):
        restore(demo_url, target)
    assert fingerprint(demo_url) == before


def test_an_unreadable_manifest_is_refused(demo_url: str, tmp_path: Path) -> None:
    target = tmp_path / "directives.bak"
    backup(demo_url, target)
    manifest_path(target).write_text("{không phải JSON", encoding="utf-8")
    with pytest.raises(BackupError, match="không đọc được"):
        restore(demo_url, target)


def test_the_commands_round_trip(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    runner = CliRunner()
    target = tmp_path / "directives.bak"
    original = fingerprint(demo_url)

    made = runner.invoke(app, ["backup", str(target)])
    assert made.exit_code == 0, made.output
    rows = f"{sum(original.counts.values()):,}".replace(",", ".")
    assert f"Đã sao lưu {rows} dòng" in made.stdout
    change_something(demo_url)

    refused = runner.invoke(app, ["restore", str(target)], input="n\n")
    assert refused.exit_code != 0, "without --yes it asks, and 'n' stops it"
    assert fingerprint(demo_url) != original

    restored = runner.invoke(app, ["restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "dữ liệu khớp bản sao lưu" in restored.stdout
    assert fingerprint(demo_url) == original

    missing = runner.invoke(app, ["restore", str(tmp_path / "khong-co.bak"), "--yes"])
    assert missing.exit_code == 1 and "không khôi phục được" in missing.stderr


def latest_note(url: str) -> str:
    """A figure through the dashboard's cache: the note of the latest status update."""
    from directives.models import StatusUpdate
    from directives.queries.cache import cached

    def compute(session: Session) -> str:
        query = sa.select(StatusUpdate.note).order_by(sa.desc(StatusUpdate.id)).limit(1)
        return str(session.execute(query).scalar_one())

    engine = make_engine(url)
    try:
        return cached(engine, "latest_note", (), compute)
    finally:
        engine.dispose()


def test_figures_cached_before_a_restore_are_not_served_after_it(
    demo_url: str, tmp_path: Path
) -> None:
    """A restore rewinds the data version to the backup's; the next write reaches the same
    version number with other data. The cache must show that data, not what it kept under the
    same number before the restore."""
    target = tmp_path / "directives.bak"
    backup(demo_url, target)
    before = latest_note(demo_url)

    change_something(demo_url, "trước khi khôi phục")
    assert latest_note(demo_url) == "trước khi khôi phục"

    restore(demo_url, target)
    assert latest_note(demo_url) == before, "the restored figure, at once"
    change_something(demo_url, "sau khi khôi phục")
    assert latest_note(demo_url) == "sau khi khôi phục", "a figure cached before the restore"
