"""Follow-ups (đôn đốc lần n): numbering per assignment, one message per unit, all-or-nothing
selections, who may send, the audit log, and two senders at once."""

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from directives.db import session_scope
from directives.models import FollowUp, InboxItem, Message, MessageKind, Status, User
from directives.services import follow_ups, updates
from directives.services.errors import PermissionDenied, Rejected
from directives.services.meta import data_version
from directives.services.updates import UpdateRequest
from tests.databases import Databases
from tests.factories import World, at_local, audit_entries, count, load_world, state, world_db

LATE = date(2021, 7, 5)  # after the world's deadline of 30/06/2021


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def _report(session: Session, world: World, assignment_id: int, status: Status) -> None:
    done = status == Status.DONE
    updates.record_update(
        session=session,
        actor=world.admin,
        assignment_id=assignment_id,
        request=UpdateRequest(status, 100 if done else 10, completed_on=LATE if done else None),
        at=at_local(LATE),
        today=LATE,
    )


def _seqs(session: Session, assignment_id: int) -> list[int]:
    query = select(FollowUp.seq).where(FollowUp.assignment_id == assignment_id)
    return list(session.exec(query.order_by(col(FollowUp.seq))).all())


def test_each_assignment_counts_its_own_follow_ups(session: Session, world: World) -> None:
    for _ in range(3):
        follow_ups.send(world.leader, [world.a_id], session=session, on=LATE)
    sent = follow_ups.send(world.admin, [world.a_id, world.b_id], session=session, on=LATE)
    assert _seqs(session, world.a_id) == [1, 2, 3, 4]
    assert _seqs(session, world.b_id) == [1]
    assert [s.seqs for s in sent] == [(4,), (1,)]  # one per unit, each with its own number
    assert sent[0].summary() == "Đã gửi đôn đốc lần 4 tới Xã Giao An: 1 nhiệm vụ"


def test_one_follow_up_writes_its_message_history_and_audit(session: Session, world: World) -> None:
    before = data_version(session=session)
    [sent] = follow_ups.send(
        world.leader, [world.a_id], "  Đề nghị  báo cáo trước 10/07 ", session=session, on=LATE
    )
    row = session.get(FollowUp, sent.follow_up_ids[0])
    assert row is not None
    assert (row.seq, row.happened_on, row.sent_by, row.note) == (
        1,
        LATE,
        world.leader.id,
        "Đề nghị báo cáo trước 10/07",
    )
    message = session.get(Message, row.message_id)
    assert message is not None
    assert message.kind == MessageKind.FOLLOW_UP
    assert message.key == f"follow_up:{row.id}"
    assert message.subject == "Đôn đốc lần 1: Kết luận 1-TB/HU, nhiệm vụ 1"
    assert "hạn 30/06/2021" in message.body and "Ngày đôn đốc: 05/07/2021." in message.body
    assert message.link == f"viec-cua-don-vi?phan_cong={world.a_id}"
    inbox = session.exec(select(InboxItem.user_id).where(InboxItem.message_id == message.id))
    assert list(inbox) == [world.secretary_a.id]  # the unit's secretary, nobody else
    [entry] = audit_entries(session, "follow_up.send")
    assert entry.user_id == world.leader.id and entry.entity_id == str(row.id)
    assert json.loads(entry.after or "{}")["seq"] == 1
    assert data_version(session=session) > before


def test_a_conclusions_overdue_work_gets_one_message_per_unit(
    session: Session, world: World
) -> None:
    sent = follow_ups.send_overdue_of_conclusion(
        world.admin, world.conclusion_id, session=session, on=LATE
    )
    assert [(s.unit_name, len(s.seqs)) for s in sent] == [("Xã Giao An", 1), ("Xã Giao Lạc", 1)]
    assert count(session, "message") == 2 and count(session, "follow_up") == 2
    assert len(audit_entries(session, "follow_up.send")) == 2
    rows = session.exec(select(FollowUp)).all()
    assert {r.message_id for r in rows} == {s.message_id for s in sent}


def test_a_unit_with_several_tasks_gets_one_message_listing_them(
    session: Session, world: World
) -> None:
    sent = follow_ups.send(world.leader, [world.a_id, world.standing_a_id], session=session)
    [to_a] = sent
    message = session.get(Message, to_a.message_id)
    assert message is not None
    assert message.key == f"follow_up:{world.unit_a.id}:{to_a.follow_up_ids[0]}"
    assert message.subject == "Đôn đốc lần 1: 2 nhiệm vụ"
    assert "nhiệm vụ 1 (hạn 30/06/2021)" in message.body
    assert "nhiệm vụ 2 (thường xuyên)" in message.body
    assert to_a.summary() == "Đã gửi đôn đốc lần 1 tới Xã Giao An: 2 nhiệm vụ"


def test_a_unit_with_nothing_overdue_is_told_so(session: Session, world: World) -> None:
    with pytest.raises(Rejected, match="không có nhiệm vụ quá hạn ngày 01/03/2021"):
        follow_ups.send_overdue_of_unit(
            world.admin, world.unit_a.id or 0, session=session, on=date(2021, 3, 1)
        )


@pytest.mark.parametrize("status", [Status.DONE, Status.PAUSED, Status.CANCELLED])
def test_a_selection_with_finished_or_stopped_work_sends_nothing(
    session: Session, world: World, status: Status
) -> None:
    _report(session, world, world.b_id, status)
    before = state(session)
    with pytest.raises(Rejected) as refused:
        follow_ups.send(world.leader, [world.a_id, world.b_id], session=session, on=LATE)
    [problem] = refused.value.problems
    assert problem.message.startswith("Xã Giao Lạc, Kết luận 1-TB/HU, nhiệm vụ 1: ")
    assert follow_ups.REFUSED_BECAUSE[status] in problem.message
    assert state(session) == before
    assert count(session, "follow_up") == 0 and count(session, "message") == 0


def test_an_unknown_assignment_is_named(session: Session, world: World) -> None:
    with pytest.raises(Rejected, match="phân công số 999999 không tồn tại"):
        follow_ups.send(world.leader, [999999], session=session, on=LATE)
    with pytest.raises(Rejected, match="Chưa chọn nhiệm vụ nào"):
        follow_ups.send(world.leader, [], session=session, on=LATE)


def test_overdue_selection_skips_finished_work(session: Session, world: World) -> None:
    assert follow_ups.overdue_now(session=session, on=LATE) == [world.a_id, world.b_id]
    _report(session, world, world.b_id, Status.DONE)
    assert follow_ups.overdue_now(session=session, on=LATE) == [world.a_id]
    assert follow_ups.overdue_now(session=session, on=date(2021, 6, 30)) == []


def test_secretaries_cannot_send(session: Session, world: World) -> None:
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo hoặc quản trị viên"):
        follow_ups.send(world.secretary_a, [world.a_id], session=session, on=LATE)
    world.leader.is_active = False
    with pytest.raises(PermissionDenied, match="bị khóa"):
        follow_ups.send(world.leader, [world.a_id], session=session, on=LATE)
    assert count(session, "follow_up") == 0


def test_two_senders_at_once_number_one_and_two(engine: Engine) -> None:
    """Two write transactions press the same assignment at the same moment: lần 1 and lần 2,
    never two lần 1 (on PostgreSQL an advisory lock orders them; on SQLite the write lock)."""
    with session_scope(engine) as session:
        world = load_world(session)
    start = threading.Barrier(2)

    def one(user_id: int | None) -> tuple[int, ...]:
        start.wait()
        with session_scope(engine, write=True) as session:
            actor = session.get(User, user_id)
            assert actor is not None
            sent = follow_ups.send(actor, [world.b_id, world.a_id], session=session, on=LATE)
            return tuple(s.seqs[0] for s in sent)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(one, [world.leader.id, world.admin.id]))
    assert sorted(results) == [(1, 1), (2, 2)]
    with session_scope(engine) as session:
        assert _seqs(session, world.a_id) == [1, 2]
        assert _seqs(session, world.b_id) == [1, 2]
        assert count(session, "message") == 4
