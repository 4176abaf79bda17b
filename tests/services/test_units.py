"""Administration of units: create, rename, validity and successor, deactivate; and who may do
each (mergers included)."""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from directives.models import (
    AppMeta,
    Assignment,
    AuditLog,
    Bloc,
    StatusUpdate,
    Unit,
    UnitKind,
    User,
    table,
)
from directives.services import mergers, units
from directives.services.errors import InvalidInput, NotFound, PermissionDenied
from directives.services.meta import data_version
from tests.factories import MERGE_DAY, MergerWorld, build_merger_world

PASSWORD = "mat-khau-thu-nghiem"
MOMENT = datetime(2024, 9, 2, 3, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("cheap_hashing")


@pytest.fixture
def world(session: Session) -> MergerWorld:
    return build_merger_world(session)


def audits(session: Session, action: str) -> list[AuditLog]:
    query = select(AuditLog).where(AuditLog.action == action).order_by(col(AuditLog.id))
    return list(session.exec(query).all())


# --- create, rename, validity, deactivate ---------------------------------------------------------


def test_create_unit(session: Session, world: MergerWorld) -> None:
    version = data_version(session=session)
    unit = units.create_unit(
        world.admin,
        "  Ban  Dân vận Huyện ủy ",
        "organization",
        "party",
        None,
        None,
        short_name="Ban Dân vận",
        session=session,
    )
    assert (unit.slug, unit.name, unit.kind, unit.bloc) == (
        "ban-dan-van-huyen-uy",
        "Ban Dân vận Huyện ủy",
        UnitKind.ORGANIZATION,
        Bloc.PARTY,
    )
    assert unit.is_active and unit.short_name == "Ban Dân vận"

    def same_again() -> Unit:
        return units.create_unit(
            world.admin,
            "Ban Dân vận  huyện ủy",
            UnitKind.ORGANIZATION,
            Bloc.PARTY,
            None,
            None,
            session=session,
        )

    with pytest.raises(InvalidInput, match="Ban Dân vận Huyện ủy") as refused:
        same_again()  # two active units may not share a name (case and spaces aside)
    assert refused.value.field == "tên đơn vị"
    assert unit.id is not None
    units.deactivate_unit(world.admin, unit.id, session=session)
    again = same_again()  # the first one no longer active: the name is free, the slug is not
    assert again.slug == "ban-dan-van-huyen-uy-2"
    with pytest.raises(InvalidInput, match="trùng tên"):
        units.reactivate_unit(world.admin, unit.id, session=session)
    commune = units.create_unit(
        world.admin,
        "Xã Giao Mới",
        UnitKind.COMMUNE,
        None,
        "14999",
        date(2025, 7, 1),
        session=session,
    )
    assert (commune.code, commune.valid_from, commune.bloc) == ("14999", date(2025, 7, 1), None)
    entries = audits(session, "unit.create")
    assert len(entries) == 3 and entries[0].user_id == world.admin.id
    assert json.loads(entries[0].after or "{}")["slug"] == "ban-dan-van-huyen-uy"
    assert data_version(session=session) > version


@pytest.mark.parametrize(
    ("name", "kind", "bloc", "code", "valid_to", "field"),
    [
        ("  ", "commune", None, None, None, "tên đơn vị"),
        ("X" * 201, "commune", None, None, None, "tên đơn vị"),
        ("Xã Mới", "hamlet", None, None, None, "loại đơn vị"),
        ("Ban Mới", "organization", None, None, None, "khối"),
        ("Ban Mới", "organization", "church", None, None, "khối"),
        ("Xã Mới", "commune", "party", None, None, "khối"),
        ("Xã Mới", "commune", None, "12345678901", None, "mã đơn vị"),
        ("Xã Mới", "commune", None, None, date(2019, 12, 31), "ngày hết hiệu lực"),
    ],
)
def test_create_unit_errors(
    session: Session,
    world: MergerWorld,
    name: str,
    kind: str,
    bloc: str | None,
    code: str | None,
    valid_to: date | None,
    field: str,
) -> None:
    count = len(session.exec(select(Unit)).all())
    with pytest.raises(InvalidInput) as error:
        units.create_unit(
            world.admin, name, kind, bloc, code, date(2020, 1, 1), valid_to, session=session
        )
    assert error.value.field == field
    assert len(session.exec(select(Unit)).all()) == count
    assert not audits(session, "unit.create")


def test_rename_unit_keeps_the_slug(session: Session, world: MergerWorld) -> None:
    unit = units.rename_unit(
        world.admin, world.org.id or 0, "Ban Tổ chức Huyện ủy", session=session
    )
    assert (unit.name, unit.slug, unit.short_name) == ("Ban Tổ chức Huyện ủy", "ban-to-chuc", None)
    units.rename_unit(world.admin, world.org.id or 0, "Ban Tổ chức", "BTC", session=session)
    assert world.org.short_name == "BTC"
    first, _second = audits(session, "unit.rename")
    assert json.loads(first.before or "{}")["name"] == "Ban Tổ chức"
    assert json.loads(first.after or "{}")["name"] == "Ban Tổ chức Huyện ủy"
    with pytest.raises(InvalidInput) as error:
        units.rename_unit(world.admin, world.org.id or 0, " ", session=session)
    assert error.value.field == "tên đơn vị"
    with pytest.raises(NotFound, match="999"):
        units.rename_unit(world.admin, 999, "Tên", session=session)


def test_set_validity(session: Session, world: MergerWorld) -> None:
    version = data_version(session=session)
    unit = units.set_validity(
        world.admin,
        world.alpha.id or 0,
        date(2000, 1, 1),
        date(2024, 8, 31),
        world.beta.id,
        session=session,
    )
    assert (unit.valid_from, unit.valid_to, unit.successor_id) == (
        date(2000, 1, 1),
        date(2024, 8, 31),
        world.beta.id,
    )
    [entry] = audits(session, "unit.set_validity")
    assert json.loads(entry.before or "{}")["valid_to"] is None
    assert json.loads(entry.after or "{}")["valid_to"] == "2024-08-31"
    assert data_version(session=session) > version
    units.set_validity(world.admin, world.alpha.id or 0, None, None, None, session=session)
    assert (world.alpha.valid_to, world.alpha.successor_id) == (None, None)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "successor", "error", "field"),
    [
        (date(2024, 1, 2), date(2024, 1, 1), None, InvalidInput, "ngày hết hiệu lực"),
        (None, None, "beta", InvalidInput, "đơn vị kế thừa"),
        (None, date(2024, 8, 31), "self", InvalidInput, "đơn vị kế thừa"),
        (None, date(2024, 8, 31), "cycle", InvalidInput, "đơn vị kế thừa"),
        (None, date(2024, 8, 31), 999, NotFound, None),
    ],
)
def test_set_validity_errors(
    session: Session,
    world: MergerWorld,
    valid_from: date | None,
    valid_to: date | None,
    successor: object,
    error: type[Exception],
    field: str | None,
) -> None:
    if successor == "cycle":  # beta already hands over to alpha
        world.beta.valid_to, world.beta.successor_id = date(2030, 1, 1), world.alpha.id
        session.add(world.beta)
        session.flush()
    successor_id = {"beta": world.beta.id, "self": world.alpha.id, "cycle": world.beta.id}.get(
        successor,  # type: ignore[call-overload]
        successor,
    )
    with pytest.raises(error) as raised:
        units.set_validity(
            world.admin, world.alpha.id or 0, valid_from, valid_to, successor_id, session=session
        )
    if field is not None:
        assert isinstance(raised.value, InvalidInput) and raised.value.field == field
    assert world.alpha.valid_to is None and world.alpha.successor_id is None
    assert not audits(session, "unit.set_validity")


def test_deactivate_and_reactivate(session: Session, world: MergerWorld) -> None:
    version = data_version(session=session)
    unit = units.deactivate_unit(world.admin, world.org.id or 0, session=session)
    assert unit.is_active is False
    [entry] = audits(session, "unit.deactivate")
    assert json.loads(entry.after or "{}")["is_active"] is False
    assert data_version(session=session) > version
    units.reactivate_unit(world.admin, world.org.id or 0, session=session)
    assert world.org.is_active is True
    assert len(audits(session, "unit.reactivate")) == 1


@pytest.mark.parametrize(
    ("name", "short_name", "note", "field"),
    [
        ("X" * 201, None, None, "tên đơn vị"),
        ("Ban Mới", "V" * 101, None, "tên viết tắt"),
        ("Ban Mới", None, "G" * 501, "ghi chú"),
    ],
)
def test_texts_longer_than_their_columns_are_refused(
    session: Session, world: MergerWorld, name: str, short_name: str, note: str, field: str
) -> None:
    """Refused by the service on both engines (PostgreSQL would fail on the column instead)."""
    with pytest.raises(InvalidInput) as caught:
        units.create_unit(
            world.admin, name, UnitKind.ORGANIZATION, Bloc.PARTY, None, None,
            short_name=short_name, note=note, session=session,
        )  # fmt: skip
    assert caught.value.field == field
    longest = units.create_unit(
        world.admin, "X" * 200, UnitKind.ORGANIZATION, Bloc.PARTY, None, None,
        short_name="V" * 100, note="G" * 500, session=session,
    )  # fmt: skip
    session.expire(longest)
    assert (len(longest.name), len(longest.short_name or ""), len(longest.note or "")) == (
        200,
        100,
        500,
    )


# --- who may do what ------------------------------------------------------------------------------

WATCHED: tuple[type[SQLModel], ...] = (Unit, Assignment, StatusUpdate, AuditLog, AppMeta)


def snapshot_tables(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    session.flush()
    return {
        model.__name__: [tuple(r) for r in session.execute(sa.select(table(model))).all()]
        for model in WATCHED
    }


ACTIONS: dict[str, Callable[[User, MergerWorld, Session], object]] = {
    "create_unit": lambda actor, w, s: units.create_unit(
        actor, "Xã Mới", UnitKind.COMMUNE, None, None, None, session=s
    ),
    "rename_unit": lambda actor, w, s: units.rename_unit(
        actor, w.org.id or 0, "Ban Tổ chức Huyện ủy", session=s
    ),
    "set_validity": lambda actor, w, s: units.set_validity(
        actor, w.org.id or 0, date(2000, 1, 1), None, None, session=s
    ),
    "deactivate_unit": lambda actor, w, s: units.deactivate_unit(actor, w.org.id or 0, session=s),
    "reactivate_unit": lambda actor, w, s: units.reactivate_unit(actor, w.org.id or 0, session=s),
    "merge_unit": lambda actor, w, s: mergers.merge_unit(
        actor, w.alpha.id or 0, w.beta.id or 0, MERGE_DAY, session=s
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ["leader", "secretary", "admin"])
def test_role_action_matrix(session: Session, world: MergerWorld, role: str, action: str) -> None:
    actor: User = getattr(world, role)
    before = snapshot_tables(session)
    if role != "admin":
        with pytest.raises(PermissionDenied, match="quản trị viên"):
            ACTIONS[action](actor, world, session)
        assert snapshot_tables(session) == before
    else:
        ACTIONS[action](actor, world, session)
        after = snapshot_tables(session)
        assert len(after["AuditLog"]) > len(before["AuditLog"])
        assert after["AppMeta"] != before["AppMeta"]  # the data version moved


@pytest.mark.parametrize(
    ("first", "second", "refused"),
    [
        ("Xã Tân Hòa", "xã tân  hoà", True),  # tone placement, case, spaces aside
        ("Xã Tân Thành", "Xã Tân Thạnh", False),  # two communes of Tây Ninh
        ("Bộ Văn hóa, Thể thao và Du lịch", "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", True),
    ],
)
def test_rename_refuses_the_name_of_another_active_unit(
    session: Session, world: MergerWorld, first: str, second: str, refused: bool
) -> None:
    units.create_unit(world.admin, first, "commune", None, None, None, session=session)
    other = units.create_unit(world.admin, "Xã Tạm", "commune", None, None, None, session=session)
    assert other.id is not None
    if refused:
        with pytest.raises(InvalidInput, match=first):
            units.rename_unit(world.admin, other.id, second, session=session)
    else:
        assert units.rename_unit(world.admin, other.id, second, session=session).name == second


def test_an_ended_unit_leaves_its_name_free(session: Session, world: MergerWorld) -> None:
    assert world.alpha.id is not None
    units.set_validity(world.admin, world.alpha.id, None, date(2020, 1, 1), None, session=session)
    new = units.create_unit(world.admin, "Xã Alpha", "commune", None, None, None, session=session)
    assert new.name == "Xã Alpha"
