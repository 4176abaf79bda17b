"""Excel in and out: the status-update and tasks workbooks, every kind of error located to its
file, sheet, row, column and field, nothing written on failure, idempotent re-imports, the
version check, secretaries limited to their unit, and export → edit → import round trips."""

import io
import json
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from directives.cli import app
from directives.db import session_scope
from directives.importers import workbook
from directives.importers.workbook import rejected as refusal
from directives.models import (
    Assignment,
    AuditLog,
    Status,
    Task,
    Unit,
    User,
)
from directives.queries.overview import status_counts
from directives.queries.sheets import task_rows, unit_names, update_rows
from directives.queries.state import Filters
from directives.reports.layout import TASKS, UPDATES
from directives.reports.workbooks import tasks_template, updates_template
from directives.services import bulk_updates, updates
from directives.services.errors import PROBLEM_COLUMNS, PermissionDenied, Problem, Rejected
from directives.services.imports import ImportSummary
from directives.services.updates import UpdateRequest
from directives.services.workbook_tasks import import_tasks
from directives.services.workbook_updates import import_updates
from tests.databases import Databases
from tests.factories import TODAY, World, at_local, state, user, world_db

FILE = "cap-nhat.xlsx"
Edits = Mapping[int, Mapping[str, Any]]


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    """The small world of tests/factories.py: units A (lead) and B (support) on one task."""
    yield from world_db(databases)


# --- helpers ----------------------------------------------------------------------------------


def edited(data: bytes, change: Callable[[Any], None]) -> bytes:
    """``data`` opened in openpyxl, changed by ``change(workbook)``, saved again."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def updates_file(session: Session, ids: list[int], edits: Edits | None = None) -> bytes:
    """The status-update workbook of ``ids`` (as exported), with ``edits`` by assignment id and
    column key written over it."""
    data = updates_template(update_rows(session, assignment_ids=ids))

    def change(book: Any) -> None:
        sheet = book[UPDATES.name]
        rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
        for assignment_id, values in (edits or {}).items():
            for key, value in values.items():
                sheet[f"{UPDATES.letter(key)}{rows[assignment_id]}"] = value

    return edited(data, change)


def append_rows(data: bytes, sheet_name: str, rows: list[list[Any]]) -> bytes:
    def change(book: Any) -> None:
        for row in rows:
            book[sheet_name].append(row)

    return edited(data, change)


def run_updates(session: Session, actor: User, data: bytes, **kwargs: Any) -> ImportSummary:
    return import_updates(data, file_name=FILE, session=session, actor=actor, today=TODAY, **kwargs)


def rejected(call: Callable[[], object]) -> list[Problem]:
    with pytest.raises(Rejected) as caught:
        call()
    return caught.value.problems


def located(error: Problem) -> tuple[Any, ...]:
    return (error.file, error.sheet, error.row, error.column, error.field)


# --- the workbooks ----------------------------------------------------------------------------


def test_templates_have_headers_lists_and_instructions(session: Session, world: World) -> None:
    data = updates_template(update_rows(session, unit_ids=[world.unit_a.id], open_only=True))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Cập nhật", "Hướng dẫn"]
    sheet = book["Cập nhật"]
    assert [c.value for c in sheet[1]] == UPDATES.headers
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == UPDATES.column("task_content").width
    ids = sorted(sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1))
    assert ids == sorted([world.a_id, world.standing_a_id]), "unit A's open assignments only"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["I2:I1048576"] == '"Chưa thực hiện,Đang thực hiện,Hoàn thành,Tạm dừng,Đã hủy"'
    assert lists["G2:G1048576"] == '"Chủ trì,Phối hợp"'
    guide = [row for row in book["Hướng dẫn"].iter_rows(values_only=True) if any(row)]
    explained = {row[1]: row[3] for row in guide if row[0] and len(row[0]) == 1}
    assert set(explained) == set(UPDATES.headers), "every column is explained"
    assert "dd/mm/yyyy" in explained["Ngày hoàn thành"]

    data = tasks_template(task_rows(session), unit_names(session, date(2021, 1, 12)))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Nhiệm vụ", "Hướng dẫn", "Danh mục"]
    assert book["Danh mục"].sheet_state == "hidden"
    assert [c.value for c in book["Nhiệm vụ"][1]] == TASKS.headers
    choices = [r[0] for r in book["Danh mục"].iter_rows(min_row=2, values_only=True)]
    assert "Các xã, thị trấn" in choices and "Xã Giao An" in choices
    units = next(
        v for v in book["Nhiệm vụ"].data_validations.dataValidation if "I2" in str(v.sqref)
    )
    assert units.formula1 == f"'Danh mục'!$A$2:$A${len(choices) + 1}"
    assert not units.showErrorMessage, "a cell may name several units"


# --- each kind of error, located ----------------------------------------------------------------


def _rename_progress(book: Any) -> None:
    book["Cập nhật"].cell(row=1, column=10, value="Tiến độ")


@pytest.mark.parametrize(
    ("change", "column", "field", "says"),
    [
        (_rename_progress, "J", "Tiến độ (%)", "Tiến độ"),
        (lambda b: b["Cập nhật"].delete_cols(11), "K", "Ngày hoàn thành", "Ghi chú"),
        (lambda b: b["Cập nhật"].move_range("B1:B1", cols=1), "B", "Hội nghị", "ô trống"),
    ],
    ids=["renamed", "missing", "misplaced"],
)
def test_a_wrong_header_is_one_error_naming_the_header(
    session: Session, world: World, change: Any, column: str, field: str, says: str
) -> None:
    data = edited(updates_file(session, [world.a_id]), change)
    errors = rejected(lambda: run_updates(session, world.admin, data))
    assert len(errors) == 1
    assert located(errors[0]) == (FILE, "Cập nhật", 1, column, field)
    assert says in errors[0].message
    assert " | ".join(UPDATES.headers) in errors[0].message, "the expected header, in full"


def test_a_wrong_sheet_or_file_is_one_error(session: Session, world: World) -> None:
    def rename(book: Any) -> None:
        book["Cập nhật"].title = "Sheet1"

    data = edited(updates_file(session, [world.a_id]), rename)
    errors = rejected(lambda: run_updates(session, world.admin, data))
    assert [located(e) for e in errors] == [(FILE, "Cập nhật", None, None, None)]
    assert "không có trang “Cập nhật”" in errors[0].message and "Sheet1" in errors[0].message
    errors = rejected(lambda: run_updates(session, world.admin, b"not a workbook"))
    assert [(e.row, e.column) for e in errors] == [(None, None)]
    assert ".xlsx" in errors[0].message


def test_an_oversized_file_or_a_zip_bomb_is_refused_before_it_is_read(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = updates_file(session, [world.a_id])
    monkeypatch.setattr(workbook, "MAX_FILE_MB", len(data) / 1024 / 1024 / 2)
    errors = rejected(lambda: run_updates(session, world.admin, data))
    assert [(e.sheet, e.row, e.column) for e in errors] == [("", None, None)]
    assert "hãy chia thành nhiều tệp" in errors[0].message
    monkeypatch.undo()

    # A "bomb" at a smaller scale: 16 MB of zeros pack into 16 kB.
    monkeypatch.setattr(workbook, "MAX_UNPACKED_MB", 8)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", bytes(16 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100 * 1024
    errors = rejected(lambda: run_updates(session, world.admin, bomb.getvalue()))
    assert "giải nén ra hơn" in errors[0].message


@pytest.mark.parametrize(
    ("values", "column", "field", "message"),
    [
        ({"progress": 101}, "J", "Tiến độ (%)", "phải từ 0 đến 100."),
        ({"progress": -5}, "J", "Tiến độ (%)", "phải từ 0 đến 100."),
        ({"progress": 40.5}, "J", "Tiến độ (%)", "phải là số nguyên (tệp ghi 40.5)."),
        (
            {"status": "Hoàn thành", "completed_on": "31/02/2021"},
            "K",
            "Ngày hoàn thành",
            "“31/02/2021” là ngày không có thật.",
        ),
        (
            {"status": "Hoàn thành", "completed_on": "2021/13/45"},
            "K",
            "Ngày hoàn thành",
            "“2021/13/45” không phải là ngày; ghi theo dạng dd/mm/yyyy, ví dụ 20/06/2021.",
        ),
        (
            {"status": "Hoàn thành", "completed_on": None},
            "K",
            "Ngày hoàn thành",
            "cần ghi ngày hoàn thành.",
        ),
        (
            {"status": "Hoàn thành", "completed_on": "11/03/2021"},
            "K",
            "Ngày hoàn thành",
            "không được sau ngày hôm nay.",
        ),
        (
            {"status": "Hoàn thành", "completed_on": "01/01/2021"},
            "K",
            "Ngày hoàn thành",
            "không được trước ngày giao nhiệm vụ.",
        ),
        ({"status": "Xong"}, "I", "Trạng thái", "“Xong” không phải trạng thái"),
        ({"version": None}, "M", "Phiên bản", "không được để trống."),
        ({"assignment_id": 99999}, "A", "Mã phân công", "không có phân công số 99999."),
        (
            {"assignment_id": 9_223_372_036_854_775_808},  # found by the fuzz tests
            "A",
            "Mã phân công",
            "số quá lớn (tệp ghi 9223372036854775808).",
        ),
    ],
    ids=[
        "progress-over",
        "progress-under",
        "progress-fraction",
        "no-such-day",
        "not-a-date",
        "done-without-day",
        "done-in-future",
        "done-before-assigned",
        "unknown-status",
        "version-blank",
        "unknown-assignment",
        "id-too-large",
    ],
)
def test_each_bad_cell_is_located(
    session: Session,
    world: World,
    values: dict[str, Any],
    column: str,
    field: str,
    message: str,
) -> None:
    data = updates_file(session, [world.standing_a_id, world.a_id], {world.a_id: values})
    errors = rejected(lambda: run_updates(session, world.admin, data))
    assert [located(e) for e in errors] == [(FILE, "Cập nhật", 3, column, field)]
    assert errors[0].message.startswith(message), errors[0].message


def test_a_duplicate_row_is_an_error_on_the_second(session: Session, world: World) -> None:
    data = updates_file(session, [world.a_id, world.standing_a_id])
    book = openpyxl.load_workbook(io.BytesIO(data))
    first = [c.value for c in book["Cập nhật"][2]]
    data = append_rows(data, "Cập nhật", [first])
    errors = rejected(lambda: run_updates(session, world.admin, data))
    assert [located(e) for e in errors] == [(FILE, "Cập nhật", 4, "A", "Mã phân công")]
    assert errors[0].message.startswith("trùng với dòng 2: một phân công ghi nhiều dòng khi")


def test_a_secretary_imports_only_their_units_rows(session: Session, world: World) -> None:
    edits = {
        world.a_id: {"status": "Đang thực hiện", "progress": 30},
        world.b_id: {"status": "Đang thực hiện", "progress": 50},
    }
    data = updates_file(session, [world.a_id, world.b_id], edits)
    before = state(session)
    errors = rejected(lambda: run_updates(session, world.secretary_a, data))
    assert [located(e) for e in errors] == [(FILE, "Cập nhật", 3, "A", "Mã phân công")]
    assert "Xã Giao Lạc" in errors[0].message and "đơn vị mình" in errors[0].message
    assert state(session) == before, "not even unit A's own row was written"
    # Unit B's row sent back as it is saved changes nothing: it is skipped, not refused.
    mine = updates_file(session, [world.a_id, world.b_id], {world.a_id: edits[world.a_id]})
    summary = run_updates(session, world.secretary_a, mine)
    assert (summary.updated, summary.unchanged) == (1, 1)
    assert session.get(Assignment, world.b_id).version == 0  # type: ignore[union-attr]


def test_leaders_are_refused_outright(session: Session, world: World) -> None:
    data = updates_file(session, [world.a_id], {world.a_id: {"progress": 10}})
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        run_updates(session, world.leader, data)
    tasks_file = tasks_template(task_rows(session))
    for actor in (world.leader, world.secretary_a):
        with pytest.raises(PermissionDenied, match="quản trị"):
            import_tasks(tasks_file, file_name="nv.xlsx", session=session, actor=actor)


def test_every_error_is_reported_at_once_and_nothing_is_written(
    session: Session, world: World
) -> None:
    data = updates_file(
        session,
        [world.a_id, world.b_id, world.standing_a_id],
        {
            world.a_id: {"progress": 150, "status": "Hoàn thành", "completed_on": "31/02/2021"},
            world.b_id: {"status": "Đang thực hiện", "progress": 20},  # fine alone
            world.standing_a_id: {"assignment_id": world.b_id, "version": None},
        },
    )
    data = append_rows(data, "Cập nhật", [[None] * 13, ["abc", *[None] * 12]])
    before = state(session)
    errors = rejected(lambda: run_updates(session, world.secretary_b, data))
    assert [(e.row, e.column, e.field) for e in errors] == [
        (2, "A", "Mã phân công"),  # unit A's, not the secretary's
        (2, "J", "Tiến độ (%)"),
        (2, "K", "Ngày hoàn thành"),
        (4, "A", "Mã phân công"),  # the same assignment as row 3
        (4, "M", "Phiên bản"),
        (6, "A", "Mã phân công"),  # "abc"; row 5 is empty and skipped
        (6, "I", "Trạng thái"),
        (6, "J", "Tiến độ (%)"),
        (6, "M", "Phiên bản"),
    ]
    assert "Xã Giao An" in errors[0].message
    assert state(session) == before
    text = str(refusal(errors, FILE))
    assert text.splitlines()[0] == f"Tệp {FILE} có 9 lỗi, chưa lưu dòng nào:"
    assert f"{FILE}, trang “Cập nhật”, dòng 2, cột J (Tiến độ %): phải từ 0 đến 100." in text
    assert PROBLEM_COLUMNS == ("Tệp", "Trang", "Dòng", "Cột", "Trường", "Lỗi")
    assert len(refusal(errors, FILE).rows()) == 9


# --- writing ---------------------------------------------------------------------------------


def test_an_import_writes_history_audit_and_one_data_version(
    session: Session, world: World
) -> None:
    data = updates_file(
        session,
        [world.a_id, world.b_id, world.standing_a_id],
        {
            world.a_id: {"status": "Hoàn thành", "completed_on": "05/03/2021", "note": "Xong"},
            world.b_id: {"status": "Đang thực hiện", "progress": 60},
        },
    )
    before = state(session)
    moment = at_local(TODAY, 14)
    summary = run_updates(session, world.secretary_a, updates_file(session, [world.a_id]))
    assert (summary.updated, summary.unchanged) == (0, 1), "an untouched export changes nothing"
    summary = run_updates(session, world.admin, data, at=moment)
    assert (summary.rows, summary.updated, summary.unchanged) == (3, 2, 1)
    assert str(summary) == f"{FILE}: 3 dòng (đã lưu): 2 cập nhật, 1 không đổi."
    after = state(session)
    assert after["status_update"] == before["status_update"] + 2, "one update per change"
    assert after["audit_log"] == before["audit_log"] + 2
    assert after["data_version"] == before["data_version"] + 1, "bumped once"
    done = session.get(Assignment, world.a_id)
    assert done is not None
    assert (done.status, done.progress, done.completed_on, done.version) == (
        Status.DONE,
        100,
        date(2021, 3, 5),
        1,
    )
    assert done.updated_at == moment
    update = updates.latest_update(world.a_id, session=session)
    assert update is not None
    assert (update.from_status, update.to_status, update.note) == ("not_started", "done", "Xong")
    assert update.user_id == world.admin.id and update.at == moment
    entry = session.exec(
        select(AuditLog).where(
            AuditLog.action == "assignment.update", AuditLog.entity_id == str(world.b_id)
        )
    ).one()
    assert entry.username == "quantri" and entry.at == moment
    assert json.loads(entry.before or "") == {
        "status": "not_started",
        "progress": 0,
        "completed_on": None,
        "version": 0,
    }
    assert json.loads(entry.after or "") == {
        "status": "in_progress",
        "progress": 60,
        "completed_on": None,
        "version": 1,
    }


def test_reimporting_the_same_file_changes_nothing(session: Session, world: World) -> None:
    data = updates_file(
        session,
        [world.a_id, world.b_id],
        {
            world.a_id: {"status": "Đang thực hiện", "progress": 40, "note": "Đã triển khai"},
            world.b_id: {"status": "Tạm dừng", "progress": 10},
        },
    )
    first = run_updates(session, world.admin, data)
    assert (first.updated, first.unchanged) == (2, 0)
    before = state(session)
    second = run_updates(session, world.admin, data)
    assert (second.rows, second.updated, second.unchanged) == (2, 0, 2)
    assert state(session) == before, "no history, no audit, the data version did not move"
    with_new_note = updates_file(session, [world.a_id], {world.a_id: {"note": "Thêm ghi chú"}})
    assert run_updates(session, world.admin, with_new_note).updated == 1, "a new note is news"


def test_a_row_from_an_older_version_is_a_conflict_not_an_overwrite(
    session: Session, world: World
) -> None:
    data = updates_file(
        session,
        [world.a_id, world.b_id],
        {world.a_id: {"status": "Đang thực hiện", "progress": 70}},
    )
    updates.record_update(  # someone saves unit A's assignment after the file was made
        session=session,
        actor=world.secretary_a,
        assignment_id=world.a_id,
        request=UpdateRequest(Status.IN_PROGRESS, 30, note="Báo cáo qua điện thoại"),
        at=at_local(TODAY, 8),
        today=TODAY,
    )
    before = state(session)
    errors = rejected(lambda: run_updates(session, world.admin, data))
    assert [located(e) for e in errors] == [(FILE, "Cập nhật", 2, "M", "Phiên bản")]
    assert "Nguyễn Thị An" in errors[0].message and "Báo cáo qua điện thoại" in errors[0].message
    assert state(session) == before
    # The same row saying what is saved now is no conflict: it changes nothing.
    same = updates_file(
        session, [world.a_id], {world.a_id: {"progress": 30, "version": 0, "note": None}}
    )
    assert run_updates(session, world.admin, same).unchanged == 1


def test_dates_as_excel_dates_or_text(session: Session, world: World) -> None:
    data = updates_file(
        session,
        [world.a_id, world.b_id, world.standing_a_id],
        {
            world.a_id: {"status": "Hoàn thành", "completed_on": datetime(2021, 3, 5)},
            world.b_id: {"status": "Hoàn thành", "completed_on": "06/03/2021"},
            world.standing_a_id: {"status": "Hoàn thành", "completed_on": " 7/3/2021 "},
        },
    )
    assert run_updates(session, world.admin, data).updated == 3
    days = {
        a.id: a.completed_on
        for a in session.exec(select(Assignment)).all()
        if a.id in (world.a_id, world.b_id, world.standing_a_id)
    }
    assert days == {
        world.a_id: date(2021, 3, 5),
        world.b_id: date(2021, 3, 6),
        world.standing_a_id: date(2021, 3, 7),
    }


def test_text_is_normalised_to_nfc(session: Session, world: World) -> None:
    nfd = unicodedata.normalize("NFD", "Đã họp   chi bộ, triển khai")
    status = unicodedata.normalize("NFD", "đang thực hiện")
    data = updates_file(
        session, [world.a_id], {world.a_id: {"status": status, "progress": "45%", "note": nfd}}
    )
    assert run_updates(session, world.admin, data).updated == 1
    update = updates.latest_update(world.a_id, session=session)
    assert update is not None and update.to_status == Status.IN_PROGRESS
    assert update.note == "Đã họp chi bộ, triển khai"
    assert unicodedata.is_normalized("NFC", update.note)
    assert run_updates(session, world.admin, data).unchanged == 1, "NFD equals its NFC"


def test_check_only_writes_nothing(session: Session, world: World) -> None:
    data = updates_file(session, [world.a_id], {world.a_id: {"progress": 80}})
    before = state(session)
    summary = run_updates(session, world.admin, data, write=False)
    assert (summary.updated, summary.written) == (1, False)
    assert "chưa lưu" in str(summary)
    assert state(session) == before


# --- tasks -------------------------------------------------------------------------------------


def tasks_file(session: Session) -> bytes:
    return tasks_template(task_rows(session), unit_names(session, date(2021, 1, 12)))


def test_tasks_round_trip_creates_corrects_and_adds(session: Session, world: World) -> None:
    data = tasks_file(session)
    before = state(session)
    summary = import_tasks(data, file_name="nv.xlsx", session=session, actor=world.admin)
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (2, 0, 0, 2)
    assert state(session) == before, "the export imports back to the same"

    def change(book: Any) -> None:
        sheet = book["Nhiệm vụ"]
        sheet["K2"] = "31/07/2021"  # task 1: a later deadline
        sheet["J3"] = "Xã Giao Hải"  # task 2: one more unit
        sheet.append(
            [
                "Hội nghị thử",
                "07/01/2021",
                "1-TB/HU",
                "12/01/2021",
                "Huyện ủy",
                "Kết luận thử",
                3,
                unicodedata.normalize("NFD", "Rà soát hộ nghèo"),
                "các xã, thị trấn",
                "Ban Dân vận Huyện ủy",
                "Thường xuyên",
                "Dân vận",
            ]
        )
        sheet.append(
            [
                "Giao ban quý I",
                datetime(2021, 3, 1),
                "9-TB/HU",
                "02/03/2021",
                "Huyện ủy",
                "Kết luận giao ban",
                1,
                "Báo cáo sơ kết",
                "Văn phòng Huyện ủy",
                None,
                "31/03/2021",
                None,
            ]
        )

    data = edited(data, change)
    summary = import_tasks(data, file_name="nv.xlsx", session=session, actor=world.admin)
    assert (summary.created, summary.updated, summary.unchanged) == (2, 2, 0)
    assert (summary.meetings, summary.conclusions) == (1, 1)
    dated = session.get(Task, world.task_id)
    assert dated is not None and dated.deadline == date(2021, 7, 31)
    assert dated.original_deadline == date(2021, 6, 30), "the notice's deadline is kept"
    giao_hai = session.exec(select(Unit).where(Unit.slug == "giao-hai")).one()
    standing = session.exec(
        select(Assignment).where(
            Assignment.task_id == world.standing_task_id, Assignment.unit_id == giao_hai.id
        )
    ).one()
    assert standing.role == "support"
    new = session.exec(select(Task).where(Task.seq == 3)).one()
    assert new.content == "Rà soát hộ nghèo" and new.deadline is None
    communes = session.exec(select(Assignment).where(Assignment.task_id == new.id)).all()
    assert len(communes) > 20, "the collective expanded to the communes of 12/01/2021"
    entries = {e.action for e in session.exec(select(AuditLog)).all()}
    assert {"meeting.create", "conclusion.create", "task.create", "task.update"} <= entries
    again = import_tasks(data, file_name="nv.xlsx", session=session, actor=world.admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4), "idempotent"


def test_tasks_errors_are_located(session: Session, world: World) -> None:
    def change(book: Any) -> None:
        sheet = book["Nhiệm vụ"]
        sheet["I2"] = "Xã Giao An; Xã Không Có"  # unknown unit
        sheet["J2"] = None  # drops unit B from task 1
        sheet["B3"] = "31/02/2021"  # no such day
        sheet.append([c.value for c in sheet[3]])  # duplicate task (row 4)

    data = edited(tasks_file(session), change)
    before = state(session)
    errors = rejected(
        lambda: import_tasks(data, file_name="nv.xlsx", session=session, actor=world.admin)
    )
    assert [located(e) for e in errors] == [
        ("nv.xlsx", "Nhiệm vụ", 2, "I", "Đơn vị chủ trì"),
        ("nv.xlsx", "Nhiệm vụ", 3, "B", "Ngày họp"),
        ("nv.xlsx", "Nhiệm vụ", 4, "B", "Ngày họp"),
    ]
    assert "'Xã Không Có'" in errors[0].message
    assert errors[1].message == "“31/02/2021” là ngày không có thật."
    assert state(session) == before

    def drop(book: Any) -> None:
        book["Nhiệm vụ"]["J2"] = None
        book["Nhiệm vụ"].append([c.value for c in book["Nhiệm vụ"][3]])

    errors = rejected(
        lambda: import_tasks(
            edited(tasks_file(session), drop), file_name="nv.xlsx", session=session,
            actor=world.admin,
        )
    )  # fmt: skip
    assert [located(e) for e in errors] == [
        ("nv.xlsx", "Nhiệm vụ", 2, "J", "Đơn vị phối hợp"),
        ("nv.xlsx", "Nhiệm vụ", 4, "G", "STT"),
    ]
    assert errors[0].message.startswith("Xã Giao Lạc đang được giao nhiệm vụ này")
    assert errors[1].message.startswith("trùng với dòng 3")


# --- the demo: export → edit → import, and the command line ----------------------------------


def test_round_trip_on_the_demo_moves_the_dashboards_figures(demo_engine: Engine) -> None:
    today = date.today()
    with session_scope(demo_engine) as session:
        before = status_counts(session, Filters(as_of=today))
        open_rows = update_rows(session, open_only=True)
        data = updates_template(update_rows(session))
    chosen = [int(i) for i in open_rows["assignment_id"][:5]]
    assert len(chosen) == 5

    def finish(book: Any) -> None:
        sheet = book["Cập nhật"]
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row=row, column=1).value in chosen:
                sheet[f"I{row}"] = "Hoàn thành"
                sheet[f"K{row}"] = today.strftime("%d/%m/%Y")

    with session_scope(demo_engine, write=True) as session:
        summary = import_updates(
            edited(data, finish),
            file_name="xuat.xlsx",
            session=session,
            actor=user(session, "quantri"),
        )
    assert (summary.updated, summary.unchanged) == (5, summary.rows - 5)
    with session_scope(demo_engine) as session:
        after = status_counts(session, Filters(as_of=today))
        states = session.exec(select(Assignment).where(Assignment.id.in_(chosen))).all()  # type: ignore[union-attr]
    assert after.total == before.total
    done = lambda c: c.done_on_time + c.done_late  # noqa: E731
    assert done(after) == done(before) + 5
    assert {(a.status, a.progress) for a in states} == {(Status.DONE, 100)}


def test_cli_export_edit_import(demo_url: str, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    runner = CliRunner()
    target = tmp_path / "phan-cong.xlsx"
    result = runner.invoke(app, ["export", "assignments", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    sheet = book["Cập nhật"]
    giao_an = next(r for r in range(2, sheet.max_row + 1) if sheet[f"F{r}"].value == "Xã Giao An")
    other = next(r for r in range(2, sheet.max_row + 1) if sheet[f"F{r}"].value != "Xã Giao An")
    sheet[f"J{giao_an}"] = 5 if sheet[f"J{giao_an}"].value != 5 else 6
    sheet[f"I{giao_an}"] = "Đang thực hiện"
    book.save(target)

    checked = runner.invoke(app, ["import", "updates", str(target), "--user", "thuky.giao-an",
                                  "--check"])  # fmt: skip
    assert checked.exit_code == 0, checked.output
    assert "1 cập nhật" in checked.stdout and "chưa lưu" in checked.stdout
    saved = runner.invoke(app, ["import", "updates", str(target), "--user", "thuky.giao-an"])
    assert saved.exit_code == 0, saved.output
    assert "(đã lưu): 1 cập nhật" in saved.stdout
    again = runner.invoke(app, ["import", "updates", str(target), "--user", "thuky.giao-an"])
    assert "0 cập nhật" in again.stdout

    sheet[f"J{other}"] = 101
    book.save(target)
    refused = runner.invoke(app, ["import", "updates", str(target), "--user", "thuky.giao-an"])
    assert refused.exit_code == 1
    assert f"dòng {other}, cột J (Tiến độ %): phải từ 0 đến 100." in refused.stderr
    assert f"dòng {other}, cột A (Mã phân công)" in refused.stderr, "not their unit"
    leader = runner.invoke(app, ["import", "updates", str(target), "--user", "lanhdao"])
    assert leader.exit_code == 1 and "lãnh đạo" in leader.stderr

    tasks_target = tmp_path / "nhiem-vu.xlsx"
    result = runner.invoke(app, ["export", "tasks", "-o", str(tasks_target)])
    assert result.exit_code == 0 and "11 nhiệm vụ" in result.stdout, result.output
    result = runner.invoke(app, ["import", "tasks", str(tasks_target), "--user", "quantri"])
    assert result.exit_code == 0, result.output
    assert "0 nhiệm vụ mới, 0 cập nhật, 11 không đổi" in result.stdout


def test_the_bulk_service_keeps_record_updates_rules(session: Session, world: World) -> None:
    """``record_updates`` refuses what ``record_update`` refuses, listing every item."""
    items = [
        bulk_updates.BulkItem(world.a_id, UpdateRequest(Status.IN_PROGRESS, 120)),
        bulk_updates.BulkItem(world.b_id, UpdateRequest(Status.DONE, 0)),
        bulk_updates.BulkItem(
            world.standing_a_id, UpdateRequest(Status.PAUSED, 10), expected_version=3
        ),
    ]
    with pytest.raises(Rejected) as caught:
        bulk_updates.record_updates(
            session=session, actor=world.secretary_a, items=items, today=TODAY
        )
    assert [(p.row, p.item_word, p.field) for p in caught.value.problems] == [
        (1, "mục", "tiến độ"),
        (2, "mục", "phân công"),
        (3, "mục", "phiên bản"),
    ]
    assert str(caught.value.problems[0]) == "mục 1, tiến độ: phải từ 0 đến 100%."
    saved = bulk_updates.record_updates(
        session=session,
        actor=world.secretary_a,
        items=[bulk_updates.BulkItem(world.a_id, UpdateRequest(Status.IN_PROGRESS, 20))],
        at=datetime(2021, 3, 1, tzinfo=UTC),
    )
    assert saved.changed == [0]
