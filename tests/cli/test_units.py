"""directives units catalog | export | import: the 2025 catalog of a province written as a units
workbook, imported all or nothing (--check writes nothing), a second import changes nothing;
Vietnamese errors for an unknown province and a refused file."""

from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from sqlmodel import select
from typer.testing import CliRunner

from directives.cli import app
from directives.db import make_engine, session_scope
from directives.models import Unit
from directives.reports.layout import UNITS

runner = CliRunner()


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def demo_cli(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    return demo_url


def unit_names(url: str) -> set[str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = set(session.exec(select(Unit.name)).all())
    engine.dispose()
    return found


def test_catalog_of_a_province_and_of_one_commune(tmp_path: Path) -> None:
    target = tmp_path / "quang-tri.xlsx"
    result = invoke("units", "catalog", "--province", "quang tri", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "78 đơn vị" in result.output
    sheet = openpyxl.load_workbook(target)[UNITS.name]
    assert [c.value for c in sheet[1]] == UNITS.headers
    kinds = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert kinds == {"Xã", "Phường", "Đặc khu"}
    one = tmp_path / "giao-thuy.xlsx"
    result = invoke(
        "units", "catalog", "--province", "Ninh Bình", "--commune", "Xã Giao Thủy", "-o", str(one)
    )
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(one)[UNITS.name].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4]) for r in rows] == [("Xã Giao Thuỷ", "14167")]
    hue = invoke("units", "catalog", "--province", "Huế", "-o", str(tmp_path / "hue.xlsx"))
    assert hue.exit_code == 0, hue.output


def test_an_unknown_province_lists_close_names(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    result = invoke("units", "catalog", "--province", "Quảng Tri x", "-o", str(target))
    assert result.exit_code != 0
    assert "Quảng Trị" in result.output and "danh mục hành chính 2025" in result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_import_check_then_write_then_nothing_changes(demo_cli: str, tmp_path: Path) -> None:
    target = tmp_path / "quang-tri.xlsx"
    invoke("units", "catalog", "--province", "Quảng Trị", "-o", str(target))
    before = unit_names(demo_cli)
    checked = invoke("units", "import", str(target), "--user", "quantri", "--check")
    assert checked.exit_code == 0, checked.output
    assert "78 đơn vị mới" in checked.output and "chưa lưu" in checked.output
    assert unit_names(demo_cli) == before
    saved = invoke("units", "import", str(target), "--user", "quantri")
    assert saved.exit_code == 0, saved.output
    assert "đã lưu" in saved.output
    assert len(unit_names(demo_cli)) == len(before) + 78
    again = invoke("units", "import", str(target), "--user", "quantri")
    assert "0 đơn vị mới, 0 sửa, 0 sáp nhập, 78 không đổi" in again.output, again.output

    exported = tmp_path / "don-vi.xlsx"
    result = invoke("units", "export", "-o", str(exported))
    assert result.exit_code == 0, result.output
    back = invoke("units", "import", str(exported), "--user", "quantri")
    assert back.exit_code == 0, back.output
    assert "0 đơn vị mới, 0 sửa, 0 sáp nhập" in back.output, back.output


def test_a_refused_file_says_where(demo_cli: str, tmp_path: Path) -> None:
    target = tmp_path / "don-vi.xlsx"
    invoke("units", "export", "--blank", "-o", str(target))
    book = openpyxl.load_workbook(target)
    sheet = book[UNITS.name]
    sheet.append(["Sở Y tế tỉnh", None, "Không có loại này"])
    book.save(target)
    result = invoke("units", "import", str(target), "--user", "quantri")
    assert result.exit_code != 0
    assert "dòng 2, cột C (Loại đơn vị)" in result.output, result.output
    assert "Sở Y tế tỉnh" not in unit_names(demo_cli)
