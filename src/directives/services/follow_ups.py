"""Formal follow-ups (đôn đốc lần 1, 2, 3 …): a leader or an administrator presses a unit about
open work, on one assignment or on a selection (the overdue work of a unit or of a conclusion, or
an explicit list).

Each assignment gets one :class:`~directives.models.FollowUp` row numbered after its previous
ones; each unit gets one message (through :func:`directives.services.messages.post`) listing its
assignments, to its secretaries. A selection is all-or-nothing: one refused assignment and
nothing is written. Everything happens in the caller's transaction.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from directives.db import serialize
from directives.formatting import day as show_day
from directives.models import (
    Assignment,
    Conclusion,
    FollowUp,
    MessageKind,
    Role,
    Status,
    Task,
    Unit,
    User,
    table,
)
from directives.services import messages
from directives.services.audit import record_many, snapshot
from directives.services.errors import PermissionDenied, Problem, Rejected, ServiceError
from directives.services.meta import bump_data_version, default_as_of
from directives.services.permissions import require_active
from directives.services.updates import local_day
from directives.text import clean

SENDABLE: tuple[Status, ...] = (Status.NOT_STARTED, Status.IN_PROGRESS)
"""Work a follow-up can press: started or not, but neither done, paused nor cancelled."""

REFUSED_BECAUSE = {
    Status.DONE: "đã hoàn thành, không cần đôn đốc",
    Status.PAUSED: "đang tạm dừng, không đôn đốc",
    Status.CANCELLED: "đã hủy, không đôn đốc",
}
LINK = "viec-cua-don-vi?phan_cong={assignment_id}"
"""Where a secretary opens the assignment (the address of the page "Việc của đơn vị")."""


class Collision(ServiceError):
    """Someone else numbered a follow-up of the same assignment at the same moment."""


@dataclass(frozen=True)
class SentToUnit:
    """What one unit was sent: its follow-ups (with their numbers) and the one message."""

    unit_id: int
    unit_name: str
    follow_up_ids: tuple[int, ...]
    seqs: tuple[int, ...]
    message_id: int | None

    def summary(self) -> str:
        """ "Đã gửi đôn đốc lần 2 tới Xã Giao An: 3 nhiệm vụ"."""
        return f"Đã gửi đôn đốc {times(self.seqs)} tới {self.unit_name}: {len(self.seqs)} nhiệm vụ"


def times(seqs: tuple[int, ...] | list[int]) -> str:
    """ "lần 2", or "lần 1–3" when the assignments had been pressed a different number of times."""
    low, high = min(seqs), max(seqs)
    return f"lần {low}" if low == high else f"lần {low}–{high}"


def require_can_send(actor: User) -> None:
    require_active(actor)
    if actor.role not in (Role.ADMIN.value, Role.LEADER.value):
        raise PermissionDenied("Chỉ lãnh đạo hoặc quản trị viên được gửi đôn đốc.")


def today_of(*, session: Session) -> date:
    """The day a follow-up sent now counts from: the local day (the demo's own day in the demo)."""
    return default_as_of(session=session, today=local_day(datetime.now(UTC)))


def overdue_now(
    *,
    session: Session,
    on: date,
    unit_id: int | None = None,
    conclusion_id: int | None = None,
) -> list[int]:
    """The assignments (of one unit, of one conclusion) overdue on ``on`` and still to be pressed:
    started or not, past the deadline the unit works to (its approved extension, else the
    task's), counted that day. By conclusion, item and unit."""
    a, t = table(Assignment), table(Task)
    deadline = sa.func.coalesce(a.c.extended_deadline, t.c.deadline)
    query = (
        sa.select(a.c.id)
        .join(t, t.c.id == a.c.task_id)
        .where(
            a.c.status.in_([s.value for s in SENDABLE]),
            deadline < sa.literal(on, sa.Date),
            t.c.assigned_on <= sa.literal(on, sa.Date),
            sa.or_(a.c.counts_until.is_(None), a.c.counts_until >= sa.literal(on, sa.Date)),
        )
        .order_by(t.c.conclusion_id, t.c.seq, a.c.unit_id, a.c.id)
    )
    if unit_id is not None:
        query = query.where(a.c.unit_id == unit_id)
    if conclusion_id is not None:
        query = query.where(t.c.conclusion_id == conclusion_id)
    return [int(row) for row in session.execute(query).scalars().all()]


def next_seqs(ids: list[int], *, session: Session) -> dict[int, int]:
    """Each assignment's next follow-up number: one more than its last, 1 for its first."""
    fu = table(FollowUp)
    query = (
        sa.select(fu.c.assignment_id, sa.func.max(fu.c.seq))
        .where(fu.c.assignment_id.in_(ids))
        .group_by(fu.c.assignment_id)
    )
    last = {int(i): int(seq) for i, seq in session.execute(query).all()}
    return {i: last.get(i, 0) + 1 for i in ids}


def send(
    actor: User,
    assignment_ids: list[int] | tuple[int, ...],
    note: str | None = None,
    *,
    session: Session,
    on: date | None = None,
) -> list[SentToUnit]:
    """Send đôn đốc on ``assignment_ids``: the next follow-up of each, one message per unit.

    Refuses the whole selection (:class:`Rejected`, one problem per assignment) when any is
    unknown, done, paused or cancelled; :class:`Collision` when another follow-up of the same
    assignment was numbered at the same moment (nothing is kept; send again)."""
    require_can_send(actor)
    ids = sorted(dict.fromkeys(assignment_ids))  # a fixed order: two senders lock alike
    if not ids:
        raise Rejected([Problem("Chưa chọn nhiệm vụ nào để đôn đốc.")], headline="Chưa gửi gì:")
    day = on or today_of(session=session)
    text = clean(note) or None
    rows = _load(ids, session=session)
    problems = [
        Problem(f"phân công số {assignment_id} không tồn tại.", row=i, item_word="mục")
        if assignment_id not in rows
        else Problem(
            f"{rows[assignment_id][2].name}, {_item(rows[assignment_id])}: "
            f"{REFUSED_BECAUSE[Status(rows[assignment_id][0].status)]}.",
            row=i,
            item_word="mục",
        )
        for i, assignment_id in enumerate(ids, start=1)
        if assignment_id not in rows or Status(rows[assignment_id][0].status) not in SENDABLE
    ]
    if problems:
        raise Rejected(
            problems, headline=f"Có {len(problems)} nhiệm vụ không đôn đốc được, chưa gửi gì:"
        )
    for assignment_id in ids:  # a second sender of any of them waits for this one
        serialize(session, f"follow_up:{assignment_id}")
    seqs = next_seqs(ids, session=session)
    created = [
        FollowUp(
            assignment_id=assignment_id,
            seq=seqs[assignment_id],
            sent_by=actor.id,
            happened_on=day,
            note=text,
        )
        for assignment_id in ids
    ]
    session.add_all(created)
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        raise Collision(
            "Một nhiệm vụ trong số đã chọn vừa được người khác đôn đốc cùng lúc; chưa gửi gì, "
            "hãy tải lại trang và gửi lại."
        ) from error
    by_unit: dict[int, list[tuple[FollowUp, int]]] = defaultdict(list)
    for follow_up in created:
        by_unit[rows[follow_up.assignment_id][0].unit_id].append(
            (follow_up, follow_up.assignment_id)
        )
    sent = [
        _notify(actor, rows[items[0][1]][2], items, rows, text, session=session)
        for items in by_unit.values()
    ]
    for result, items in zip(sent, by_unit.values(), strict=True):
        for follow_up, _ in items:  # linked once every message is written: no flush per unit
            follow_up.message_id = result.message_id
    session.flush()  # the follow-ups' links to their messages, in one batch
    record_many(
        session=session,
        actor=actor,
        action="follow_up.send",
        entity="follow_up",
        changes=[(int(f.id or 0), None, snapshot(f)) for f in created],
    )
    # the counts of follow-ups change from their day on; no assignment's state does
    bump_data_version(
        session=session, since=min((f.happened_on for f in created), default=None), assignments=()
    )
    return sent


Row = tuple[Assignment, Task, Unit, Conclusion]


def _load(ids: list[int], *, session: Session) -> dict[int, Row]:
    query = (
        select(Assignment, Task, Unit, Conclusion)
        .join(Task, col(Task.id) == Assignment.task_id)
        .join(Unit, col(Unit.id) == Assignment.unit_id)
        .join(Conclusion, col(Conclusion.id) == Task.conclusion_id)
        .where(col(Assignment.id).in_(ids))
    )
    rows: dict[int, Row] = {}
    for assignment, task, unit, conclusion in session.exec(query).all():
        assert assignment.id is not None
        rows[assignment.id] = (assignment, task, unit, conclusion)
    return rows


def _item(row: Row) -> str:
    _, task, _, conclusion = row
    return f"Kết luận {conclusion.number}, nhiệm vụ {task.seq}"


def _line(follow_up: FollowUp, row: Row) -> str:
    assignment, task, _, _ = row
    deadline = assignment.extended_deadline or task.deadline
    due = f"hạn {show_day(deadline)}" if deadline else "thường xuyên"
    return f"- Lần {follow_up.seq} · {_item(row)} ({due}): {task.content}"


def _notify(
    actor: User,
    unit: Unit,
    items: list[tuple[FollowUp, int]],
    rows: dict[int, Row],
    note: str | None,
    *,
    session: Session,
) -> SentToUnit:
    """The unit's one message about its follow-ups ``items``."""
    assert unit.id is not None
    seqs = tuple(follow_up.seq for follow_up, _ in items)
    first = items[0][0]
    if len(items) == 1:
        key = f"follow_up:{first.id}"
        subject = f"Đôn đốc lần {first.seq}: {_item(rows[items[0][1]])}"
    else:
        key = f"follow_up:{unit.id}:{first.id}"
        subject = f"Đôn đốc {times(seqs)}: {len(items)} nhiệm vụ"
    sender = ", ".join(part for part in (actor.full_name, actor.title) if part)
    body = "\n".join(
        [
            f"Kính gửi {unit.name},",
            f"{sender} đôn đốc đơn vị thực hiện và báo cáo kết quả các nhiệm vụ sau:",
            *(_line(follow_up, rows[assignment_id]) for follow_up, assignment_id in items),
            *([f"Ý kiến: {note}"] if note else []),
            f"Ngày đôn đốc: {show_day(first.happened_on)}.",
        ]
    )
    message = messages.post(
        session=session,
        key=key,
        kind=MessageKind.FOLLOW_UP,
        subject=subject[:300],
        body=body,
        recipients=messages.secretaries_of(unit.id, session=session),
        unit_id=unit.id,
        assignment_id=items[0][1] if len(items) == 1 else None,
        link=LINK.format(assignment_id=items[0][1]),
        created_by=actor.id,
    )
    return SentToUnit(
        unit_id=unit.id,
        unit_name=unit.name,
        follow_up_ids=tuple(int(f.id or 0) for f, _ in items),
        seqs=seqs,
        message_id=message.id if message else None,
    )


def send_overdue_of_unit(
    actor: User, unit_id: int, note: str | None = None, *, session: Session, on: date | None = None
) -> list[SentToUnit]:
    """Đôn đốc every assignment of the unit overdue today ("tất cả việc quá hạn của đơn vị")."""
    return _send_overdue(actor, note, "Đơn vị này", session=session, on=on, unit_id=unit_id)


def send_overdue_of_conclusion(
    actor: User,
    conclusion_id: int,
    note: str | None = None,
    *,
    session: Session,
    on: date | None = None,
) -> list[SentToUnit]:
    """Đôn đốc every assignment of the conclusion overdue today, one message per unit."""
    return _send_overdue(
        actor, note, "Kết luận này", session=session, on=on, conclusion_id=conclusion_id
    )


def _send_overdue(
    actor: User,
    note: str | None,
    whose: str,
    *,
    session: Session,
    on: date | None,
    unit_id: int | None = None,
    conclusion_id: int | None = None,
) -> list[SentToUnit]:
    """Đôn đốc all the work of one unit or one conclusion overdue on ``on`` (today by default);
    refused, naming ``whose``, when there is none."""
    require_can_send(actor)
    day = on or today_of(session=session)
    ids = overdue_now(session=session, on=day, unit_id=unit_id, conclusion_id=conclusion_id)
    if not ids:
        raise Rejected(
            [Problem(f"{whose} không có nhiệm vụ quá hạn ngày {show_day(day)}.")],
            headline="Chưa gửi gì:",
        )
    return send(actor, ids, note, session=session, on=day)
