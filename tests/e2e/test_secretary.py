"""A secretary in a real browser: updates their own assignment with a note and an evidence file,
stays logged in across a reload, and cannot reach another unit's assignment."""

from pathlib import Path

import pytest
from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import Assignment, Evidence, StatusUpdate, Unit
from tests.e2e.conftest import log_in, shot, wait_for_run

pytestmark = pytest.mark.e2e


def _assignment_of(database_url: str, slug: str) -> int:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == slug)).one()
        found = session.exec(
            select(Assignment.id).where(Assignment.unit_id == unit.id).order_by(Assignment.id)
        ).first()
    engine.dispose()
    assert found is not None
    return int(found)


def test_secretary_updates_own_assignment_with_evidence(
    page, app_url: str, app_database: str, tmp_path: Path
) -> None:
    mine = _assignment_of(app_database, "giao-an")
    other = _assignment_of(app_database, "giao-lac")
    log_in(page, app_url, "thuky.giao-an")
    page.get_by_role("link", name="Cập nhật việc của đơn vị mình →").click()
    wait_for_run(page)
    page.get_by_role("heading", name="Việc của đơn vị: Xã Giao An").wait_for()

    page.goto(f"{app_url}/viec-cua-don-vi?phan_cong={mine}")
    wait_for_run(page)
    page.get_by_text("Cập nhật tiến độ").wait_for()
    page.get_by_label("Ghi chú").fill("Đã tổ chức hội nghị quán triệt <b>toàn xã</b>.")
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    form = page.get_by_test_id("stForm")  # not the Excel import's uploader above the form
    form.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(evidence))
    page.get_by_text("bao-cao.pdf").first.wait_for()
    page.get_by_role("button", name="Lưu cập nhật").click()
    wait_for_run(page)
    page.get_by_role("button", name="bao-cao.pdf").first.wait_for()
    shot(page, "10-thu-ky-cap-nhat")

    engine = make_engine(app_database)
    with session_scope(engine) as session:
        update = session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.assignment_id == mine)
            .order_by(StatusUpdate.id.desc())  # type: ignore[union-attr]
        ).first()
        files = session.exec(select(Evidence).where(Evidence.assignment_id == mine)).all()
    engine.dispose()
    assert update is not None and update.note == "Đã tổ chức hội nghị quán triệt <b>toàn xã</b>."
    assert [f.original_name for f in files] == ["bao-cao.pdf"]
    assert files[0].status_update_id == update.id

    page.reload()
    wait_for_run(page)
    page.get_by_role("heading", name="Việc của đơn vị: Xã Giao An").wait_for()

    page.goto(f"{app_url}/viec-cua-don-vi?phan_cong={other}")
    wait_for_run(page)
    page.get_by_text("không thuộc đơn vị của tài khoản").wait_for()
    assert page.get_by_text("Cập nhật tiến độ").count() == 0
    assert not page.errors, page.errors
