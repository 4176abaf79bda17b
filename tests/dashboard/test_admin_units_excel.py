"""The Đơn vị page's Excel section: the 2025 catalog of a province offered as a workbook, a
filled units workbook checked (every error, nothing saved), then saved, and the same file again
changes nothing."""

from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.importers.catalog import catalog_rows
from directives.models import Unit
from directives.reports.unit_workbook import units_template
from tests.dashboard.conftest import admin_on, count, errors

KEY = "admin_units.excel"


def upload(at, name: str, data: bytes):  # type: ignore[no-untyped-def]
    at.file_uploader(key=f"{KEY}.import.file.0").set_value((name, data, "application/octet-stream"))
    return at.run()


def test_the_catalog_of_a_province_is_offered(demo_env: str) -> None:
    at = admin_on(demo_env, "admin_units")
    assert not at.exception, at.exception
    at.selectbox(key=f"{KEY}.province").set_value("Quảng Trị").run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    at.text_input(key=f"{KEY}.commune").set_value("Xã Không Có Thật").run()
    assert any("Xã Không Có Thật" in e and "danh mục" in e for e in errors(at)), errors(at)


def test_a_units_file_is_checked_saved_and_idempotent(demo_env: str) -> None:
    ministry = {"name": "Bộ Văn hóa, Thể thao và Du lịch", "kind": "department"}
    rows = [*catalog_rows("Quảng Trị")[:5], ministry]
    before = count(demo_env, Unit)
    bad = units_template([*rows, {"name": "Ban Dân vận Huyện ủy", "kind": "organization"}])
    at = upload(admin_on(demo_env, "admin_units"), "don-vi.xlsx", bad)
    assert not at.exception, at.exception
    assert errors(at), "an organization without a bloc is refused"
    table = at.dataframe[-1].value
    assert table[["Dòng", "Cột", "Trường"]].values.tolist() == [[8, "D", "Khối"]]
    assert count(demo_env, Unit) == before

    at = upload(admin_on(demo_env, "admin_units"), "don-vi.xlsx", units_template(rows))
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    assert "6 đơn vị mới" in at.info[0].value and "chưa lưu" in at.info[0].value
    at = at.button(key=f"{KEY}.import.save").click().run()
    assert not at.exception, at.exception
    assert count(demo_env, Unit) == before + 6
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        names = set(session.exec(select(Unit.name)).all())
    engine.dispose()
    assert "Bộ Văn hóa, Thể thao và Du lịch" in names

    at = upload(admin_on(demo_env, "admin_units"), "don-vi.xlsx", units_template(rows))
    assert "6 không đổi" in at.info[0].value, at.info[0].value
    assert count(demo_env, Unit) == before + 6
