"""Filling an empty database: accounts, facts, units, then the documents, in one transaction."""

import random
import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from directives import formatting
from directives.demo.scale.base import AS_OF, CREATED_AT, Tally, insert_rows
from directives.demo.scale.documents import insert_documents
from directives.demo.scale.units import make_units
from directives.models import (
    AppMeta,
    Assignment,
    Meeting,
    Role,
    Unit,
    User,
    table,
)
from directives.services.accounts import DEMO_PASSWORD, hash_password
from directives.services.errors import ServiceError


def generate(engine: Engine, *, scale: float = 1.0, seed: int = 2021) -> str:
    """Fill an empty, migrated database with a province-sized dataset; return a summary line.

    ``scale`` 1.0 gives about 1,000 units, 200,000 assignments and 1,000,000 status updates;
    0.01 a small one for tests. Accounts: ``lanhdao`` (leader) and ``quantri`` (admin), both with
    the demo password.
    """
    if scale <= 0:
        raise ValueError("hệ số quy mô phải lớn hơn 0")
    started = time.perf_counter()
    rng = random.Random(seed)
    counts = Tally()
    bulk = engine.execution_options(sqlite_begin="IMMEDIATE")
    with bulk.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB for this load
        _require_empty(conn)
        units = make_units(rng, scale)
        insert_rows(conn, table(Unit), (unit.row() for unit in units))
        conn.execute(
            sa.update(table(Unit))
            .where(table(Unit).c.id == sa.bindparam("unit_id"))
            .values(successor_id=sa.bindparam("successor")),
            [
                {"unit_id": unit.id, "successor": unit.successor_id}
                for unit in units
                if unit.successor_id is not None
            ],
        )
        counts.units = len(units)
        admin_id = _accounts(conn)
        _meta(conn)
        insert_documents(conn, rng, scale, units, admin_id, counts)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # outside a transaction: fold the large WAL back in
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    seconds = time.perf_counter() - started
    n = formatting.number
    return (
        f"hệ số {str(scale).replace('.', ',')}, hạt giống {seed}: {n(counts.units)} đơn vị, "
        f"{n(counts.meetings)} hội nghị, {n(counts.conclusions)} kết luận, "
        f"{n(counts.tasks)} nhiệm vụ, {n(counts.assignments)} phân công "
        f"({n(counts.extensions)} được gia hạn), {n(counts.updates)} lần cập nhật "
        f"(đến ngày {AS_OF:%d/%m/%Y}), trong {n(seconds, 1)} giây"
    )


def _require_empty(conn: Connection) -> None:
    for model in (Unit, User, Meeting, Assignment):
        if conn.execute(sa.select(sa.func.count()).select_from(table(model))).scalar_one():
            raise ServiceError(
                "Cơ sở dữ liệu đã có dữ liệu: "
                "chỉ tạo dữ liệu quy mô tỉnh trong cơ sở dữ liệu trống."
            )


def _reset_sequences(conn: Connection) -> None:
    """Ids were given explicitly: move PostgreSQL's sequences past them."""
    for name in (
        "unit",
        "app_user",
        "meeting",
        "conclusion",
        "task",
        "assignment",
        "status_update",
    ):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608  (fixed names)
            f"(SELECT max(id) FROM {name}))"
        )


def _accounts(conn: Connection) -> int:
    password_hash = hash_password(DEMO_PASSWORD)
    rows = [
        {
            "id": 1,
            "username": "quantri",
            "full_name": "Quản trị Văn phòng Tỉnh ủy",
            "title": "Chuyên viên Văn phòng Tỉnh ủy",
            "role": Role.ADMIN.value,
        },
        {
            "id": 2,
            "username": "lanhdao",
            "full_name": "Lãnh đạo Tỉnh ủy",
            "title": "Phó Bí thư Thường trực Tỉnh ủy",
            "role": Role.LEADER.value,
        },
    ]
    for row in rows:
        row.update(
            password_hash=password_hash,
            unit_id=None,
            is_active=True,
            created_at=CREATED_AT,
            password_changed_at=None,
        )
    insert_rows(conn, table(User), rows)
    return 1


def _meta(conn: Connection) -> None:
    meta = table(AppMeta)
    facts = {"is_demo": "1", "demo_as_of": AS_OF.isoformat(), "data_version": "1"}
    conn.execute(sa.delete(meta).where(meta.c.key.in_(list(facts))))
    conn.execute(sa.insert(meta), [{"key": key, "value": value} for key, value in facts.items()])
