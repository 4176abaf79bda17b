"""One assignment's status update: the rules of a report, who may make it, and saving it with
its history, all in the caller's transaction.

A save names the version of the assignment the user's form was filled from; if someone saved in
between, :class:`Conflict` says who, when and what, as data: pages word it
(:func:`directives.ui.conflicts.conflict_message`).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from directives.config import get_settings
from directives.models import Assignment, Role, Status, StatusUpdate, Task, User, table
from directives.services import permissions
from directives.services.audit import record, snapshot
from directives.services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from directives.services.meta import bump_data_version
from directives.text import clean

ASSIGNMENT_FIELDS = ("status", "progress", "completed_on", "version")
"""What the audit log keeps of an assignment when its status changes."""


class Conflict(ServiceError):
    """Someone else saved the assignment after this user's form was filled: nothing was written.

    ``latest`` is a copy (not attached to any session, so it survives the rollback that usually
    follows) of the update that was saved first, None only if the version moved without one;
    ``latest_by`` and ``latest_by_username`` name its author (None if unknown);
    ``current_version`` is the version to resubmit with once the user has looked again.
    """

    def __init__(
        self,
        *,
        assignment_id: int,
        latest: StatusUpdate | None,
        latest_by: str | None,
        latest_by_username: str | None,
        current_version: int,
    ) -> None:
        super().__init__(
            f"Phân công số {assignment_id} vừa được người khác thay đổi (phiên bản hiện tại "
            f"{current_version}); thay đổi của bạn chưa được lưu."
        )
        self.assignment_id = assignment_id
        self.latest = latest
        self.latest_by = latest_by
        self.latest_by_username = latest_by_username
        self.current_version = current_version


@dataclass(frozen=True)
class UpdateRequest:
    """What a unit reports about one assignment."""

    status: Status
    progress: int
    note: str | None = None
    completed_on: date | None = None
    evidence: str | None = None
    happened_on: date | None = None
    """The day the change happened, when earlier than the day it is recorded (history brought
    from before the product); None: the recording day."""


HAPPENED_FIELD = "ngày thay đổi"


def check_update(
    request: UpdateRequest,
    *,
    assigned_on: date,
    today: date,
    latest_happened: date | None = None,
) -> UpdateRequest:
    """The request as it is saved, or :class:`InvalidInput` naming the field ("tiến độ",
    "ngày hoàn thành" or "ngày thay đổi"). The one place for the rules of a status update,
    shared by :func:`record_update` and :func:`record_updates`:

    - progress is a whole number from 0 to 100;
    - the day the change happened (``today`` when not given) is neither after ``today`` nor
      before the task was assigned (``assigned_on``), nor before the day of the assignment's
      latest update (``latest_happened``): history is told in order;
    - "done" needs a completion day, not after the day the change happened nor before the task
      was assigned, and means 100%; any other status keeps no completion day;
    - note and evidence are NFC text, None when blank.
    """
    status = Status(request.status)
    progress = request.progress
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise InvalidInput("tiến độ", "phải từ 0 đến 100%.")
    happened_on = request.happened_on or today
    if happened_on > today:
        raise InvalidInput(HAPPENED_FIELD, "không được sau ngày hôm nay.")
    if happened_on < assigned_on:
        raise InvalidInput(
            HAPPENED_FIELD, f"không được trước ngày giao nhiệm vụ ({assigned_on:%d/%m/%Y})."
        )
    if latest_happened is not None and happened_on < latest_happened:
        raise InvalidInput(
            HAPPENED_FIELD,
            f"không được trước ngày của lần cập nhật gần nhất ({latest_happened:%d/%m/%Y}).",
        )
    completed_on = request.completed_on
    if status is Status.DONE:
        if completed_on is None:
            raise InvalidInput("ngày hoàn thành", "cần ghi ngày hoàn thành.")
        if completed_on > today:
            raise InvalidInput("ngày hoàn thành", "không được sau ngày hôm nay.")
        if completed_on > happened_on:
            raise InvalidInput(
                "ngày hoàn thành", f"không được sau ngày thay đổi ({happened_on:%d/%m/%Y})."
            )
        if completed_on < assigned_on:
            raise InvalidInput("ngày hoàn thành", "không được trước ngày giao nhiệm vụ.")
        progress = 100
    else:
        completed_on = None
    return UpdateRequest(
        status=status,
        progress=progress,
        note=clean(request.note),
        completed_on=completed_on,
        evidence=clean(request.evidence),
        happened_on=happened_on,
    )


def latest_happened(assignment_id: int, *, session: Session) -> date | None:
    """The day the assignment's latest change happened (None: never updated)."""
    su = table(StatusUpdate)
    found: date | None = session.execute(
        sa.select(sa.func.max(su.c.happened_on)).where(su.c.assignment_id == assignment_id)
    ).scalar_one_or_none()
    return found


def backdated(happened_on: date, at: datetime) -> bool:
    """Whether an update happened on a day before the one it was recorded on."""
    return happened_on < local_day(at)


def can_update(actor: User, assignment: Assignment) -> bool:
    if not actor.is_active:
        return False
    if actor.role == Role.ADMIN.value:
        return True
    return actor.role == Role.SECRETARY.value and actor.unit_id == assignment.unit_id


def require_can_update(actor: User, assignment: Assignment) -> None:
    """Secretaries act for their own unit's assignments, administrators for all."""
    permissions.require_active(actor)
    if not can_update(actor, assignment):
        if actor.role == Role.LEADER.value:
            raise PermissionDenied("Tài khoản lãnh đạo chỉ được xem, không được cập nhật.")
        raise PermissionDenied("Tài khoản này không được cập nhật nhiệm vụ của đơn vị khác.")


def record_update(
    *,
    session: Session,
    actor: User,
    assignment_id: int,
    request: UpdateRequest,
    at: datetime | None = None,
    today: date | None = None,
    expected_version: int | None = None,
    permitted: bool = False,
) -> StatusUpdate:
    """Append one status update and bring the assignment in step with it, in the caller's
    transaction. Secretaries may update only their own unit's assignments.

    ``expected_version`` is the assignment's version the user's form was filled from: if someone
    saved since, :class:`Conflict` is raised and nothing is written. Without it the update is
    still applied atomically (compare-and-set on the version read here).

    ``request.happened_on`` is the day the change happened if before today (see
    :func:`check_update`). ``at`` (when it was recorded, UTC) and ``today`` exist for the demo
    history, mergers and tests. ``permitted``: the caller has checked the actor's right by a
    rule of its own (a lead unit returning its supporter's completion, ``services.reviews``).
    """
    permissions.require_active(actor)
    # Read the row afresh (not an identity-map copy from an earlier transaction), locked on
    # PostgreSQL; SQLite write transactions are already serialised (BEGIN IMMEDIATE).
    assignment = session.get(
        Assignment, assignment_id, populate_existing=True, with_for_update=True
    )
    if assignment is None:
        raise NotFound(f"Không có phân công số {assignment_id}.")
    if not permitted:
        require_can_update(actor, assignment)
    current_version = assignment.version
    if expected_version is not None and expected_version != current_version:
        raise conflict(session, assignment_id, current_version)
    task = session.get(Task, assignment.task_id)
    assert task is not None
    moment = at or datetime.now(UTC)
    day = today or local_day(moment)
    checked = check_update(
        request,
        assigned_on=task.assigned_on,
        today=day,
        latest_happened=latest_happened(assignment_id, session=session),
    )
    status, progress, completed_on = checked.status, checked.progress, checked.completed_on
    assert checked.happened_on is not None
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    from_status = Status(assignment.status)
    changed = session.exec(
        sa.update(Assignment)
        .where(col(Assignment.id) == assignment_id, col(Assignment.version) == current_version)
        .values(
            status=status,
            progress=progress,
            completed_on=completed_on,
            updated_at=moment,
            version=current_version + 1,
        )
    )
    if changed.rowcount != 1:  # someone else's write slipped in since the read above
        fresh = session.get(Assignment, assignment_id, populate_existing=True)
        raise conflict(session, assignment_id, fresh.version if fresh else current_version + 1)
    update = StatusUpdate(
        assignment_id=assignment_id,
        user_id=actor.id,
        at=moment,
        happened_on=checked.happened_on,
        from_status=from_status,
        to_status=status,
        progress=progress,
        completed_on=completed_on,
        note=checked.note,
        evidence=checked.evidence,
    )
    session.add(update)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="assignment.update",
        entity="assignment",
        entity_id=assignment_id,
        before=before,
        after=audited_after(snapshot(assignment, ASSIGNMENT_FIELDS), checked.happened_on, moment),
        at=moment,
    )
    bump_data_version(session=session, since=checked.happened_on, assignments=[assignment_id])
    return update


def audited_after(after: dict[str, Any] | None, happened_on: date, at: datetime) -> dict[str, Any]:
    """The audit entry's ``after`` values, naming the day the change happened when it is
    before the day it was recorded (a backdated update)."""
    values = dict(after or {})
    if backdated(happened_on, at):
        values["happened_on"] = happened_on
    return values


def latest_update(assignment_id: int, *, session: Session) -> StatusUpdate | None:
    """The update saved last (by insertion, which is what moved the version)."""
    query = (
        select(StatusUpdate)
        .where(StatusUpdate.assignment_id == assignment_id)
        .order_by(col(StatusUpdate.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def conflict(session: Session, assignment_id: int, current_version: int) -> Conflict:
    """The :class:`Conflict` to raise for ``assignment_id``, describing its latest update."""
    latest = latest_update(assignment_id, session=session)
    author = None
    if latest is not None and latest.user_id is not None:
        author = session.get(User, latest.user_id)
    return Conflict(
        assignment_id=assignment_id,
        latest=StatusUpdate(**(snapshot(latest) or {})) if latest is not None else None,
        latest_by=author.full_name if author else None,
        latest_by_username=author.username if author else None,
        current_version=current_version,
    )


def local_day(moment: datetime) -> date:
    """The day ``moment`` falls on where the application is used."""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date()


def history(assignment_id: int, *, session: Session) -> list[StatusUpdate]:
    query = (
        select(StatusUpdate)
        .where(StatusUpdate.assignment_id == assignment_id)
        .order_by(StatusUpdate.at, StatusUpdate.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query).all())
