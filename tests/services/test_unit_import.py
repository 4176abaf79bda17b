"""The units workbook imported: new units, corrections, mergers; all or nothing with located
problems; idempotent; the 2025 catalog of a province imported whole."""

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from directives.importers.catalog import catalog_rows
from directives.importers.unit_rows import read_units
from directives.models import Assignment, AuditLog, Status, Unit, UnitKind
from directives.reports.unit_workbook import units_template
from directives.services import unit_import, units
from directives.services.errors import PermissionDenied, Rejected
from directives.services.meta import data_version
from tests.factories import MERGE_DAY, MergerWorld, build_merger_world

pytestmark = pytest.mark.usefixtures("cheap_hashing")


@pytest.fixture
def world(session: Session) -> MergerWorld:
    return build_merger_world(session)


def workbook(rows: list[dict[str, Any]]) -> bytes:
    return units_template(rows)


def run(data: bytes, world: MergerWorld, session: Session, check: bool = False) -> Any:
    return unit_import.import_units(
        data, "don-vi.xlsx", session=session, actor=world.admin, check=check
    )


def by_name(session: Session, name: str) -> Unit:
    return session.exec(select(Unit).where(Unit.name == name)).one()


def test_export_imports_back_unchanged(session: Session, world: MergerWorld) -> None:
    data = workbook(unit_import.saved_rows(session=session))
    version = data_version(session=session)
    summary = run(data, world, session)
    assert (summary.rows, summary.changes, summary.unchanged) == (4, 0, 4)
    assert data_version(session=session) == version, "nothing written"


def test_new_units_with_commas_and_va_then_a_second_import_changes_nothing(
    session: Session, world: MergerWorld
) -> None:
    rows = [
        {"name": "Bộ Văn hóa, Thể thao và Du lịch", "kind": "department", "bloc": "government"},
        {"name": "Sở Nông nghiệp và Môi trường", "short_name": "Sở NN&MT", "kind": "department"},
        {"name": "Ủy ban MTTQ tỉnh", "kind": "organization", "bloc": "front", "note": "Mặt trận"},
    ]
    data = workbook(rows)
    summary = run(data, world, session)
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    assert by_name(session, "Bộ Văn hóa, Thể thao và Du lịch").kind == UnitKind.DEPARTMENT
    assert by_name(session, "Sở Nông nghiệp và Môi trường").short_name == "Sở NN&MT"
    version = data_version(session=session)
    again = run(data, world, session)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert data_version(session=session) == version


def test_matched_by_code_then_renamed_and_corrected(session: Session, world: MergerWorld) -> None:
    rows = [{"name": "Xã Alpha Mới", "kind": "commune", "code": "00100", "note": "Đổi tên"}]
    summary = run(workbook(rows), world, session)
    assert (summary.created, summary.updated) == (0, 1)
    session.refresh(world.alpha)
    assert (world.alpha.name, world.alpha.note) == ("Xã Alpha Mới", "Đổi tên")
    assert session.exec(select(AuditLog).where(AuditLog.action == "unit.update")).first()


def test_every_problem_is_located_and_nothing_is_written(
    session: Session, world: MergerWorld
) -> None:
    rows = [
        {"name": "Xã Một", "kind": "Không có loại này"},
        {"name": None, "kind": "commune"},
        {"name": "Xã Hai", "kind": "commune", "successor": "Xã Gamma"},
        {"name": "Xã Hai", "kind": "commune"},
        {"name": "Xã Ba", "kind": "organization"},
        {"name": "xã  gamma", "kind": "commune", "code": "100"},  # alpha renamed as gamma
        {"name": "Xã Bốn", "kind": "commune", "valid_to": date(2025, 6, 30), "successor": "Xã Z"},
    ]
    count = len(session.exec(select(Unit)).all())
    with pytest.raises(Rejected) as caught:
        run(workbook(rows), world, session)
    places = [(p.row, p.column, p.field) for p in caught.value.problems]
    assert (2, "C", "Loại đơn vị") in places
    assert (3, "A", "Tên đơn vị") in places
    assert (4, "H", "Đơn vị kế thừa") in places
    assert (5, "A", "Tên đơn vị") in places  # same name as row 4
    assert (6, "D", "Khối") in places
    assert (7, "A", "Tên đơn vị") in places
    assert (8, "H", "Đơn vị kế thừa") in places
    text = str(caught.value)
    assert "don-vi.xlsx" in text and "trang “Đơn vị”" in text
    assert "Xã Gamma" in text, "the duplicate names the other unit"
    assert len(session.exec(select(Unit)).all()) == count


def test_a_merger_moves_open_work_and_imports_once(session: Session, world: MergerWorld) -> None:
    ends = MERGE_DAY - timedelta(days=1)
    rows = [
        {"name": "Xã Alpha", "kind": "commune", "code": "100", "valid_to": ends,
         "successor": "Thị trấn Beta"},
        {"name": "Thị trấn Beta", "kind": "town", "valid_from": MERGE_DAY},
    ]  # fmt: skip
    checked = run(workbook(rows), world, session, check=True)
    assert (checked.merged, checked.written) == (1, False)
    assert world.alpha.successor_id is None, "--check writes nothing"
    summary = run(workbook(rows), world, session)
    assert (summary.merged, summary.written) == (1, True)
    session.refresh(world.alpha)
    assert (world.alpha.valid_to, world.alpha.successor_id) == (ends, world.beta.id)
    moved = session.get(Assignment, world.moved.id, populate_existing=True)
    assert moved is not None and moved.status == Status.CANCELLED
    taken = session.exec(
        select(Assignment).where(
            Assignment.task_id == world.moved.task_id, Assignment.unit_id == world.beta.id
        )
    ).one()
    assert taken.status == Status.IN_PROGRESS
    version = data_version(session=session)
    again = run(workbook(unit_import.saved_rows(session=session)), world, session)
    assert again.changes == 0 and data_version(session=session) == version


def test_only_administrators_import(session: Session, world: MergerWorld) -> None:
    sheet = read_units(workbook([{"name": "Xã Mới", "kind": "commune"}]), "don-vi.xlsx")
    with pytest.raises(PermissionDenied):
        unit_import.plan_units(sheet, session=session, actor=world.secretary)


def test_a_province_catalog_imports_whole_then_changes_nothing(
    session: Session, world: MergerWorld
) -> None:
    data = workbook(catalog_rows("Quảng Trị"))
    summary = run(data, world, session)
    assert (summary.rows, summary.created) == (78, 78)
    kinds = {u.kind for u in session.exec(select(Unit).where(col(Unit.code).is_not(None))).all()}
    assert {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE} <= kinds
    version = data_version(session=session)
    again = run(data, world, session)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 78)
    assert data_version(session=session) == version


def test_blank_cells_keep_what_is_saved_and_ended_namesakes_stay_history(
    session: Session, world: MergerWorld
) -> None:
    """The demo's pattern: a commune ended, its code reused by the unit that took it over."""
    old = units.create_unit(
        world.admin, "Xã Cũ", "commune", None, "200", None, date(2025, 6, 30), session=session
    )
    new = units.create_unit(
        world.admin, "Xã Giao Thủy", "commune", None, "200", date(2025, 7, 1),
        short_name="Giao Thủy", note="Sau sắp xếp", session=session,
    )  # fmt: skip
    rows = [{"name": "Xã Giao Thuỷ", "kind": "commune", "code": "00200"}]  # as the catalog writes
    summary = run(workbook(rows), world, session)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    session.refresh(new)
    session.refresh(old)
    assert (new.name, new.valid_from, new.short_name, new.note) == (
        "Xã Giao Thủy", date(2025, 7, 1), "Giao Thủy", "Sau sắp xếp",
    )  # fmt: skip
    assert (old.name, old.valid_to) == ("Xã Cũ", date(2025, 6, 30))


def test_an_ended_namesake_is_history_and_round_trips(session: Session, world: MergerWorld) -> None:
    """Names repeat over time: an ended "Xã Gamma" beside today's; the export imports back."""
    ended = units.create_unit(
        world.admin, "Xã Gamma", "commune", None, None, None, date(2020, 12, 31), session=session
    )
    assert ended.id is not None
    rows = [{"name": "Xã Gamma", "kind": "commune", "valid_to": date(2019, 12, 31)}]
    summary = run(workbook([*unit_import.saved_rows(session=session), *rows]), world, session)
    assert (summary.created, summary.updated) == (1, 0), "a third, older Xã Gamma"
    version = data_version(session=session)
    again = run(workbook(unit_import.saved_rows(session=session)), world, session)
    assert again.changes == 0 and data_version(session=session) == version


def test_history_of_a_merger_between_two_new_units(session: Session, world: MergerWorld) -> None:
    rows = [
        {"name": "Xã Hải Cũ", "kind": "commune", "code": "300", "valid_to": date(2025, 6, 30),
         "successor": "Xã Hải Mới"},
        {"name": "Xã Hải Mới", "kind": "commune", "code": "301", "valid_from": date(2025, 7, 1)},
    ]  # fmt: skip
    summary = run(workbook(rows), world, session)
    assert (summary.created, summary.merged) == (2, 1)
    old, new = by_name(session, "Xã Hải Cũ"), by_name(session, "Xã Hải Mới")
    assert (old.valid_to, old.successor_id) == (date(2025, 6, 30), new.id)
    again = run(workbook(rows), world, session)
    assert again.changes == 0
