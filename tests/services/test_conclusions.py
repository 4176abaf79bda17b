"""Entering a conclusion (``services/conclusions.py``): a whole reviewed conclusion is checked
first, every problem located by task and field, and then written in one go with its assignments,
audited; text is stored as NFC with spaces tidied."""

import json
import unicodedata
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, col, select

from directives.models import Assignment, AssignmentRole, Conclusion, Task
from directives.services import conclusions
from directives.services.conclusions import ConclusionInput, MeetingInput, TaskInput
from directives.services.errors import PermissionDenied, Rejected
from tests.databases import Databases
from tests.factories import World, audit_entries, entered_conclusion, state, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def test_a_whole_conclusion_is_written_with_its_assignments(session: Session, world: World) -> None:
    saved = entered_conclusion(
        session,
        world.admin,
        tasks=(
            TaskInput("Tuyên truyền", leads=("giao-an",), supports=("Xã Giao Lạc",)),
            TaskInput("Báo cáo", leads=("các xã, thị trấn",), deadline=date(2021, 12, 31)),
        ),
    )
    tasks = session.exec(
        select(Task).where(Task.conclusion_id == saved.id).order_by(col(Task.seq))
    ).all()
    assert [(t.seq, t.content, t.deadline) for t in tasks] == [
        (1, "Tuyên truyền", None),
        (2, "Báo cáo", date(2021, 12, 31)),
    ]
    assert tasks[0].assignees_text == "giao-an chủ trì; phối hợp: Xã Giao Lạc"
    first = session.exec(select(Assignment).where(Assignment.task_id == tasks[0].id)).all()
    assert {(a.unit_id, a.role) for a in first} == {
        (world.unit_a.id, AssignmentRole.LEAD.value),
        (world.unit_b.id, AssignmentRole.SUPPORT.value),
    }
    second = session.exec(select(Assignment).where(Assignment.task_id == tasks[1].id)).all()
    assert len(second) == 22, "the communes and towns of 03/02/2021 (the group)"
    created = [e.action for e in audit_entries(session)][-4:]
    assert created == ["meeting.create", "conclusion.create", "task.create", "task.create"]
    conclusion_audit = json.loads(audit_entries(session, "conclusion.create")[-1].after or "")
    assert "document_key" not in conclusion_audit, "derived, not shown in the audit log"


def test_every_problem_is_listed_by_task_and_nothing_is_written(
    session: Session, world: World
) -> None:
    before = state(session)
    with pytest.raises(Rejected) as caught:
        conclusions.save_conclusion(
            session=session,
            actor=world.admin,
            meeting=MeetingInput(title="  ", held_on=date(2021, 3, 1)),
            conclusion=ConclusionInput(
                number="1-TB/HU", issued_on=date(2021, 2, 1), issuer="Huyện ủy", title="Kết luận"
            ),
            items=[
                TaskInput("Việc một", leads=("giao-an",)),
                TaskInput("", leads=(), deadline=date(2021, 1, 1)),
                TaskInput("Việc ba", leads=("Xã Không Có",)),
            ],
        )
    assert [str(p) for p in caught.value.problems] == [
        "tên hội nghị: không được để trống.",
        "ngày ban hành: không được trước ngày họp.",
        "số hiệu: kết luận 1-TB/HU của Huyện ủy năm 2021 đã có trong hệ thống.",
        "Nhiệm vụ 2, nội dung: không được để trống.",
        "Nhiệm vụ 2, thời hạn: không được trước ngày ban hành kết luận.",
        "Nhiệm vụ 2, chủ trì: cần ít nhất một đơn vị chủ trì.",
        "Nhiệm vụ 3, chủ trì: không tìm thấy đơn vị 'Xã Không Có'",
    ]
    assert caught.value.problems[3].row == 2
    assert state(session) == before


def test_text_is_stored_as_nfc_with_spaces_tidied(session: Session, world: World) -> None:
    decomposed = unicodedata.normalize("NFD", "Huyện   ủy  Giao Thủy ")
    saved = entered_conclusion(session, world.admin, issuer=decomposed)
    assert saved.issuer == "Huyện ủy Giao Thủy"
    assert unicodedata.is_normalized("NFC", saved.issuer)


def test_only_administrators_enter_conclusions(session: Session, world: World) -> None:
    for actor in (world.leader, world.secretary_a):
        with pytest.raises(PermissionDenied, match="quản trị"):
            entered_conclusion(session, actor)
    assert session.exec(select(Conclusion)).all().__len__() == 1


def test_a_letter_of_directions_is_saved_with_no_meeting(session: Session, world: World) -> None:
    before = state(session)
    saved = conclusions.save_conclusion(
        session=session,
        actor=world.admin,
        meeting=None,
        conclusion=ConclusionInput(
            number="12/TB-UBND",
            issued_on=date(2021, 3, 2),
            issuer="UBND tỉnh Nam Định",
            title="Ý kiến chỉ đạo của Chủ tịch UBND tỉnh",
        ),
        items=[TaskInput("Kiểm tra đê điều", leads=("giao-an",), deadline=date(2021, 4, 30))],
    )
    assert saved.meeting_id is None
    after = state(session)
    assert after["meeting"] == before["meeting"]
    assert (after["conclusion"], after["task"]) == (before["conclusion"] + 1, before["task"] + 1)
