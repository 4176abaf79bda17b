"""Backups that restore to an identical database, and the fingerprint that proves it.

SQLite is copied with its online backup API (a consistent copy while the dashboard keeps
serving); PostgreSQL with ``pg_dump`` in the custom format, from the same snapshot the
fingerprint is taken in. Next to each backup ``FILE`` a manifest ``FILE.json`` records the row
count of every table, a SHA-256 over every row in primary-key order, and the SHA-256 of the file.

A restore touches the live database only with a backup known to be right: the file must match
its hash, and its content the manifest (on PostgreSQL it is restored into a scratch database and
checked there first, so the role needs the right to create databases). The restored database is
checked against the manifest once more, and gets a new data epoch (``services.meta``): the
figures cached by a running dashboard are keyed on it, so none made before the restore is served
after it. The epoch is not data: the fingerprint leaves it out.

Messages are Vietnamese: the command line shows them as they are.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from directives import (
    i18n,
    models,  # noqa: F401  (registers the tables)
)
from directives.db import is_sqlite, make_engine, session_scope
from directives.services.meta import DATA_EPOCH, new_data_epoch


class BackupError(Exception):
    """A backup or restore could not be made or does not match its manifest."""


@dataclass(frozen=True)
class Fingerprint:
    counts: dict[str, int]
    checksum: str


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if hasattr(value, "value") and not isinstance(value, dict | list | str | int | float):
        return value.value  # an enum
    return value


def _tables() -> list[sa.Table]:
    version = sa.Table(
        "alembic_version", sa.MetaData(), sa.Column("version_num", sa.String, primary_key=True)
    )
    return [*SQLModel.metadata.sorted_tables, version]


def fingerprint_of(connection: Connection) -> Fingerprint:
    """Row counts and a checksum of every table, read in ``connection``'s transaction."""
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    for table in _tables():
        order = list(table.primary_key.columns) or list(table.columns)
        digest.update(f"\x00{table.name}\x00".encode())
        count = 0
        query = sa.select(table).order_by(*order)
        if table.name == "app_meta":
            query = query.where(table.c.key != DATA_EPOCH)
        for row in connection.execute(query):
            values = [_plain(value) for value in row]
            digest.update(json.dumps(values, ensure_ascii=False, sort_keys=True).encode())
            digest.update(b"\n")
            count += 1
        counts[table.name] = count
    return Fingerprint(counts, digest.hexdigest())


def fingerprint(url: str) -> Fingerprint:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return fingerprint_of(connection)
    finally:
        engine.dispose()


def manifest_path(target: Path) -> Path:
    return target.with_name(target.name + ".json")


def backup(url: str, target: Path) -> Fingerprint:
    """Write a backup of the database at ``url`` to ``target``, and its manifest; on failure
    nothing is left behind (no partial backup, no empty database)."""
    if is_sqlite(url):
        source = _sqlite_file(url)
        if not source.is_file():
            what = "là một thư mục" if source.is_dir() else "không có"
            raise BackupError(f"tệp cơ sở dữ liệu {source} {what}: không có gì để sao lưu.")
        if target.resolve() == source.resolve():
            raise BackupError(f"{target} là chính cơ sở dữ liệu: hãy sao lưu sang tệp khác.")
    _writable(target)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        if is_sqlite(url):
            with (
                closing(_sqlite(source, read_only=True)) as live,
                closing(_sqlite(partial)) as copy,
            ):
                live.backup(copy)
            found = fingerprint(f"sqlite:///{partial}")
        else:
            found = _pg_dump(url, partial)
        partial.replace(target)
    except OSError as error:
        raise BackupError(f"không ghi được bản sao lưu: {i18n.os_error(error)}.") from error
    except (sqlite3.Error, sa.exc.DatabaseError) as error:
        raise BackupError(
            f"không đọc được cơ sở dữ liệu {source}: tệp hỏng hoặc không phải cơ sở dữ liệu SQLite."
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    manifest = {
        "engine": "sqlite" if is_sqlite(url) else "postgresql",
        **asdict(found),
        "file_sha256": _file_digest(target),
        "made_at": datetime.now(UTC).isoformat(),
    }
    try:
        manifest_path(target).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    except OSError as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"không ghi được bản kê khai: {i18n.os_error(error)}.") from error
    return found


def _writable(target: Path) -> None:
    """Refuse a target that is a folder or lies under a file; make its missing folders."""
    if target.is_dir():
        raise BackupError(f"{target} là một thư mục: hãy ghi tên tệp sao lưu.")
    if target.parent.exists() and not target.parent.is_dir():
        raise BackupError(f"không ghi được {target}: {target.parent} là tệp, không phải thư mục.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(
            f"không tạo được thư mục {target.parent}: {i18n.os_error(error)}."
        ) from error


def restore(url: str, source: Path) -> Fingerprint:
    """Replace the database at ``url`` with the backup ``source``; raises :class:`BackupError`,
    having changed nothing, unless the backup matches its manifest, and raises if the result
    does not either."""
    manifest = _manifest(source)
    expected = Fingerprint(manifest["counts"], manifest["checksum"])
    engine = "sqlite" if is_sqlite(url) else "postgresql"
    if manifest.get("engine") != engine:
        raise BackupError(f"{source} là bản sao lưu {manifest.get('engine')}, không phải {engine}.")
    damaged = f"{source} không khớp bản kê khai: tệp đã hỏng hoặc bị sửa."
    if _file_digest(source) != manifest.get("file_sha256"):
        raise BackupError(damaged)
    if is_sqlite(url):
        live = _sqlite_file(url)
        if live.is_dir() or not live.parent.is_dir():
            where = live if live.is_dir() else live.parent
            raise BackupError(
                f"không ghi được cơ sở dữ liệu {live}: {where} không phải thư mục chứa tệp."
            )
        if _sqlite_fingerprint(source) != expected:
            raise BackupError(damaged)
        try:
            with closing(_sqlite(source, read_only=True)) as saved, closing(_sqlite(live)) as copy:
                saved.backup(copy)
        except sqlite3.Error as error:
            raise BackupError(
                f"không ghi được vào cơ sở dữ liệu {live}: tệp đang bị khóa, hỏng hoặc không phải "
                "cơ sở dữ liệu SQLite."
            ) from error
    else:
        with _scratch_database(url) as scratch:
            _pg_restore(scratch, source)
            if fingerprint(scratch) != expected:
                raise BackupError(damaged)
        _pg_restore(url, source)
    _new_epoch(url)
    found = fingerprint(url)
    if found != expected:
        raise BackupError("cơ sở dữ liệu sau khi khôi phục không khớp bản kê khai của bản sao lưu.")
    return found


def _new_epoch(url: str) -> None:
    """A data epoch no process has seen: caches keyed on the old one stop being read."""
    engine = make_engine(url)
    try:
        with session_scope(engine, write=True) as session:
            new_data_epoch(session=session)
    finally:
        engine.dispose()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise BackupError(f"không đọc được {i18n.os_error(error)}.") from error
    return digest.hexdigest()


def _sqlite_fingerprint(path: Path) -> Fingerprint:
    try:
        return fingerprint(f"sqlite:///{path}")
    except sa.exc.DatabaseError as error:
        raise BackupError(f"{path} không phải cơ sở dữ liệu SQLite đọc được.") from error


@contextmanager
def _scratch_database(url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside the one at ``url``, dropped afterwards."""
    sa_url = sa.make_url(url)
    name = f"{sa_url.database}_restore_check"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        except sa.exc.DBAPIError as error:
            raise BackupError(
                f"không tạo được cơ sở dữ liệu tạm để kiểm tra bản sao lưu: {error.orig}"
            ) from error
        yield sa_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _pg_restore(url: str, source: Path) -> None:
    _run(
        [
            _binary("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _libpq(url),
            str(source),
        ],
        url,
    )


def _manifest(source: Path) -> dict[str, Any]:
    path = manifest_path(source)
    if source.is_dir():
        raise BackupError(f"{source} là một thư mục, không phải bản sao lưu.")
    if not source.exists():
        raise BackupError(f"không có bản sao lưu {source}.")
    if not source.is_file():
        raise BackupError(f"{source} không phải một tệp bản sao lưu.")
    if not path.is_file():
        raise BackupError(f"thiếu bản kê khai {path} của bản sao lưu.")
    unreadable = f"bản kê khai {path} không đọc được"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BackupError(f"{unreadable}: {i18n.os_error(error)}.") from error
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
        raise BackupError(f"{unreadable}: không phải JSON.") from error
    if not isinstance(data, dict) or not {"counts", "checksum", "engine"} <= set(data):
        raise BackupError(f"{unreadable}: thiếu số dòng, mã kiểm tra hoặc loại cơ sở dữ liệu.")
    return data


def _sqlite_file(url: str) -> Path:
    database = sa.make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("cơ sở dữ liệu trong bộ nhớ không sao lưu hay khôi phục được.")
    return Path(database)


def _sqlite(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the file; ``read_only`` never creates it."""
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA busy_timeout={10_000}")
    return connection


def _pg_dump(url: str, target: Path) -> Fingerprint:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            found = fingerprint_of(connection)
            _run(
                [
                    _binary("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                    _libpq(url),
                ],
                url,
            )
            connection.rollback()
    finally:
        engine.dispose()
    return found


def _libpq(url: str) -> str:
    """The URL as libpq tools read it: no SQLAlchemy driver part and no password (that goes in
    PGPASSWORD, see :func:`_run`, so that it never shows in the process list)."""
    return sa.make_url(url).set(drivername="postgresql", password=None).render_as_string()


def _password(url: str) -> str | None:
    password = sa.make_url(url).password
    return None if password is None else str(password)


def _binary(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/lib/postgresql/15/bin")
    if found is None:
        raise BackupError(f"chưa cài {name} (Debian: apt-get install postgresql-client).")
    return found


def _run(command: list[str], url: str | None = None) -> None:
    environment = dict(os.environ)
    if url is not None and (password := _password(url)) is not None:
        environment["PGPASSWORD"] = password
    result = subprocess.run(  # noqa: S603 - fixed binaries, arguments as a list
        command, capture_output=True, text=True, check=False, env=environment
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} báo lỗi: {result.stderr.strip()}")
