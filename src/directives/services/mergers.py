"""Mergers of units: a unit ends and its open work passes to the unit that takes it over, with
the history kept (status updates saying where the work came from and went to)."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from directives.domain import OPEN_STATUSES
from directives.models import Assignment, AssignmentRole, Status, User
from directives.services import audit, permissions, updates
from directives.services.audit import snapshot
from directives.services.errors import InvalidInput
from directives.services.meta import bump_data_version
from directives.services.units import WHAT, audit_unit, check_successor, get_unit


def merge_unit(
    actor: User,
    unit_id: int,
    successor_id: int,
    on: date,
    *,
    session: Session,
    now: datetime | None = None,
) -> list[Assignment]:
    """``unit`` is merged into ``successor`` from the day ``on``: it ends the day before, and its
    open assignments (not done, not cancelled) pass to the successor, keeping history.

    For each open assignment the successor gets a new assignment on the same task and role
    (unless it already has one: then that one is kept, made lead if the moved one was lead),
    carrying over the status, progress and extended deadline with a status update saying where it
    came from; the old assignment is then cancelled with the note "Chuyển sang … do sáp nhập".
    Returns the successor's assignments that took the work over.
    """
    permissions.require_admin(actor, WHAT)
    unit = get_unit(unit_id, session=session)
    successor = check_successor(unit, successor_id, session=session)
    ends = on - timedelta(days=1)
    if unit.valid_from is not None and ends < unit.valid_from:
        raise InvalidInput("ngày sáp nhập", f"phải sau ngày {unit.name} bắt đầu hiệu lực.")
    if not successor.valid_on(on):
        raise InvalidInput(
            "đơn vị kế thừa", f"{successor.name} không có hiệu lực vào ngày {on:%d/%m/%Y}."
        )
    if not successor.is_active:
        raise InvalidInput("đơn vị kế thừa", f"{successor.name} đã ngừng hoạt động.")
    # The merger takes effect on ``on``, whenever it is recorded: its hand-over updates are
    # recorded now and happened on ``on`` (or, for work reported on after it, on that report's
    # day). Days before it keep their figures, days from it count the work once, at the
    # successor.
    moment = now or datetime.now(UTC)
    today = max(on, updates.local_day(moment))  # a merger may be recorded before it takes effect

    before = snapshot(unit)
    unit.valid_to = ends
    unit.successor_id = successor.id
    audit_unit(actor, unit, "unit.merge", before, session=session)

    assert successor.id is not None
    open_rows = session.exec(
        select(Assignment)
        .where(Assignment.unit_id == unit.id, col(Assignment.status).in_(OPEN_STATUSES))
        .order_by(col(Assignment.task_id))
    ).all()
    taken_over: list[Assignment] = []
    for old in open_rows:
        assert old.id is not None
        target = session.exec(
            select(Assignment).where(
                Assignment.task_id == old.task_id, Assignment.unit_id == successor.id
            )
        ).first()
        if target is None:
            target = Assignment(
                task_id=old.task_id,
                unit_id=successor.id,
                role=old.role,
                extended_deadline=old.extended_deadline,
                counts_from=on,
            )
            session.add(target)
            session.flush()
            assert target.id is not None
            audit.record(
                session=session,
                actor=actor,
                action="assignment.create",
                entity="assignment",
                entity_id=target.id,
                after=snapshot(target),
            )
            updates.record_update(
                session=session,
                actor=actor,
                assignment_id=target.id,
                request=updates.UpdateRequest(
                    status=Status(old.status),
                    progress=old.progress,
                    note=f"Tiếp nhận từ {unit.name} do sáp nhập",
                    happened_on=on,
                ),
                at=moment,
                today=today,
            )
        elif old.role == AssignmentRole.LEAD.value and target.role != AssignmentRole.LEAD.value:
            target_before = snapshot(target)
            target.role = AssignmentRole.LEAD
            session.add(target)
            session.flush()
            audit.record(
                session=session,
                actor=actor,
                action="assignment.role",
                entity="assignment",
                entity_id=target.id,
                before=target_before,
                after=snapshot(target),
            )
        reported = updates.latest_happened(old.id, session=session)
        updates.record_update(
            session=session,
            actor=actor,
            assignment_id=old.id,
            request=updates.UpdateRequest(
                status=Status.CANCELLED,
                progress=old.progress,
                note=f"Chuyển sang {successor.name} do sáp nhập",
                happened_on=max(on, reported) if reported else on,  # after its own last report
            ),
            at=moment,
            today=max(today, reported) if reported else today,
        )
        old.counts_until = ends  # from ``on`` the successor's assignment stands for it
        session.add(old)
        audit.record(
            session=session,
            actor=actor,
            action="assignment.move",
            entity="assignment",
            entity_id=old.id,
            before={"unit_id": unit.id, "assignment_id": old.id},
            after={"unit_id": successor.id, "assignment_id": target.id},
        )
        taken_over.append(target)
    bump_data_version(session=session)
    return taken_over
