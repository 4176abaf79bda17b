"""Many status updates at once (the Excel import): checked whole against the database with
:func:`directives.services.updates.record_update`'s rules, then saved all or nothing in a few
statements whatever the batch's size.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from directives.config import get_settings
from directives.formatting import moment
from directives.models import Assignment, Role, Status, StatusUpdate, User, table
from directives.services import permissions
from directives.services.audit import record_many
from directives.services.bulk_state import (
    Saved,
    change_key,
    current_states,
    latest_notes,
    told_changes,
)
from directives.services.errors import (
    InvalidInput,
    PermissionDenied,
    Problem,
    Rejected,
    ServiceError,
)
from directives.services.meta import bump_data_version
from directives.services.updates import (
    HAPPENED_FIELD,
    Conflict,
    UpdateRequest,
    audited_after,
    check_update,
    conflict,
    local_day,
)

ITEM_WORD = "mục"
"""How a :class:`Problem` of a batch calls its item: "mục 3"."""

FIELDS = ("phân công", "phiên bản", "tiến độ", "ngày hoàn thành", HAPPENED_FIELD)
"""A problem's ``field``: which assignment or who may report on it ("phân công"), someone saved
since the version the item names ("phiên bản"), or a rule of the report itself."""


@dataclass(frozen=True)
class BulkItem:
    """One assignment's report in a batch: like :func:`record_update`'s arguments."""

    assignment_id: int
    request: UpdateRequest
    expected_version: int | None = None


@dataclass(frozen=True)
class _Change:
    index: int
    current: Saved
    checked: UpdateRequest


@dataclass(frozen=True)
class BulkPlan:
    """What :func:`check_updates` found: the items that change their assignment (``changed``)
    and those equal to what is saved already (``unchanged``), by index; ``problems`` as
    :class:`Problem`, whose ``row`` is the item's number (its index + 1) and ``field`` one of
    :data:`FIELDS`. Nothing is written by checking."""

    changed: list[int]
    unchanged: list[int]
    problems: list[Problem]
    _changes: list[_Change] = dataclasses.field(default_factory=list, repr=False)


def check_updates(
    *,
    session: Session,
    actor: User,
    items: Sequence[BulkItem],
    today: date | None = None,
    lock: bool = False,
) -> BulkPlan:
    """Check a batch against the database with :func:`record_update`'s rules, every problem at
    once, writing nothing. Leaders and disabled accounts are refused outright
    (:class:`PermissionDenied`).

    Several items may report one assignment when each gives the day its change happened: they are
    checked and saved in that order, each from the state the one before leaves.
    An item whose status, progress and completion day (as :func:`check_update` makes them) equal
    the assignment's, with a note that is blank or the latest update's note, is *unchanged*: it
    is skipped whatever its ``expected_version`` and whoever sends it (a secretary may send back
    a whole district's export). Any other item for an assignment the actor may not report on (a
    secretary's for another unit) is a problem ("phân công"), whatever else is wrong with it. A
    changed item whose ``expected_version`` is not the assignment's version is a conflict
    ("phiên bản"): someone saved in between.
    ``lock`` reads the assignments FOR UPDATE (PostgreSQL), as :func:`record_updates` does.
    """
    permissions.require_active(actor)
    if actor.role == Role.LEADER.value:
        raise PermissionDenied("Tài khoản lãnh đạo chỉ được xem, không được cập nhật.")
    day = today or local_day(datetime.now(UTC))
    current = current_states([item.assignment_id for item in items], session=session, lock=lock)
    problems: list[Problem] = []
    groups: dict[int, list[int]] = {}
    for index, item in enumerate(items):
        if item.assignment_id not in current:
            problems.append(
                _problem(index, "phân công", f"không có phân công số {item.assignment_id}.")
            )
            continue
        groups.setdefault(item.assignment_id, []).append(index)
    noted = [aid for aid, group in groups.items() if any(items[i].request.note for i in group)]
    notes = latest_notes(noted, session=session)
    dated = [
        aid for aid, group in groups.items() if any(items[i].request.happened_on for i in group)
    ]
    told = told_changes(dated, session=session)  # a history file imported again changes nothing
    changed: list[_Change] = []
    unchanged: list[int] = []
    for assignment_id, group in groups.items():
        if len(group) > 1 and any(items[i].request.happened_on is None for i in group):
            for index in group[1:]:
                message = f"trùng với mục {group[0] + 1}: nhiều mục cần mỗi mục một ngày thay đổi."
                problems.append(_problem(index, "phân công", message))
            group = group[:1]
        saved = state = current[assignment_id]
        note = notes.get(assignment_id)
        # Several changes of one assignment are told in the order they happened.
        for index in sorted(group, key=lambda i: items[i].request.happened_on or day):
            if change_key(assignment_id, items[index].request) in told:
                unchanged.append(index)
                continue
            try:
                checked = check_update(
                    items[index].request,
                    assigned_on=state.assigned_on,
                    today=day,
                    latest_happened=state.latest_happened,
                )
            except InvalidInput as error:
                if _may_update(actor, state.unit_id):
                    problems.append(_problem(index, error.field, error.message))
                else:
                    problems.append(_not_yours(index, state))
                continue
            if _same_state(state, checked) and checked.note in (None, note):
                unchanged.append(index)
                continue
            if not _may_update(actor, state.unit_id):
                problems.append(_not_yours(index, state))
                continue
            expected = items[index].expected_version
            if expected is not None and expected != saved.version:
                found = conflict(session, assignment_id, saved.version)
                problems.append(_problem(index, "phiên bản", _conflict_text(found)))
                continue
            changed.append(_Change(index, state, checked))
            state = dataclasses.replace(
                state,
                status=Status(checked.status).value,
                progress=checked.progress,
                completed_on=checked.completed_on,
                version=state.version + 1,
                latest_happened=checked.happened_on,
            )
            note = checked.note
    problems.sort(key=lambda p: p.row or 0)
    return BulkPlan(  # the changes in the order they are saved: an assignment's in time order
        changed=sorted(c.index for c in changed),
        unchanged=sorted(unchanged),
        problems=problems,
        _changes=changed,
    )


def record_updates(
    *,
    session: Session,
    actor: User,
    items: Sequence[BulkItem],
    at: datetime | None = None,
    today: date | None = None,
) -> BulkPlan:
    """Save a batch of status updates in the caller's transaction, all or nothing.

    Checks everything first (:func:`check_updates`, with the assignments locked on PostgreSQL)
    and raises :class:`Rejected` listing every problem, writing nothing. Then, for each
    changed item, in a few statements whatever the batch's size: the assignment is brought in
    step (compare-and-set on its version, as :func:`record_update` does), one
    :class:`StatusUpdate` is appended and one ``assignment.update`` audit entry with the values
    before and after; the data version is bumped once. Unchanged items write nothing.
    """
    plan = check_updates(session=session, actor=actor, items=items, today=today, lock=True)
    if plan.problems:
        raise Rejected(plan.problems, f"{len(plan.problems)} cập nhật không lưu được:")
    if not plan._changes:
        return plan
    moment = at or datetime.now(UTC)
    a, su = table(Assignment), table(StatusUpdate)
    set_state = (
        sa.update(a)
        .where(a.c.id == sa.bindparam("b_id"), a.c.version == sa.bindparam("b_version"))
        .values(
            status=sa.bindparam("b_status"),
            progress=sa.bindparam("b_progress"),
            completed_on=sa.bindparam("b_completed_on"),
            updated_at=sa.bindparam("b_at", type_=a.c.updated_at.type),
            version=sa.bindparam("b_next"),
        )
    )
    params: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    audited: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for change in plan._changes:
        now, new = change.current, change.checked
        status = Status(new.status).value
        params.append(
            {
                "b_id": now.assignment_id,
                "b_version": now.version,
                "b_status": status,
                "b_progress": new.progress,
                "b_completed_on": new.completed_on,
                "b_at": moment,
                "b_next": now.version + 1,
            }
        )
        history.append(
            {
                "assignment_id": now.assignment_id,
                "user_id": actor.id,
                "at": moment,
                "happened_on": new.happened_on,
                "from_status": now.status,
                "to_status": status,
                "progress": new.progress,
                "completed_on": new.completed_on,
                "note": new.note,
                "evidence": new.evidence,
            }
        )
        before = {
            "status": now.status,
            "progress": now.progress,
            "completed_on": now.completed_on,
            "version": now.version,
        }
        assert new.happened_on is not None
        after = audited_after(
            {
                "status": status,
                "progress": new.progress,
                "completed_on": new.completed_on,
                "version": now.version + 1,
            },
            new.happened_on,
            moment,
        )
        audited.append((now.assignment_id, before, after))
    result = session.execute(set_state, params)
    written = getattr(result, "rowcount", len(params))
    if session.get_bind().dialect.supports_sane_multi_rowcount and written != len(params):
        raise ServiceError(  # the rows were locked: only a database without locks gets here
            "Trong lúc lưu, một số phân công vừa được người khác thay đổi. Chưa lưu gì; hãy "
            "tải lại tệp mẫu và nhập lại."
        )
    session.execute(sa.insert(su), history)
    record_many(
        session=session,
        actor=actor,
        action="assignment.update",
        entity="assignment",
        changes=audited,
        at=moment,
    )
    changed_ids = {c.current.assignment_id for c in plan._changes}
    for row in list(session.identity_map.values()):  # ORM copies now stale
        if isinstance(row, Assignment) and row.id in changed_ids:
            session.expire(row)
    first_day = min(c.checked.happened_on or moment.date() for c in plan._changes)
    bump_data_version(session=session, since=first_day, assignments=changed_ids)
    return plan


def _conflict_text(found: Conflict) -> str:
    """Who saved the assignment since the version the item names, and when (no labels: the
    workbook's reader sees the assignment's state in a fresh export)."""
    latest = found.latest
    if latest is None:
        return str(found)
    who = found.latest_by or "Một người dùng khác"
    if found.latest_by_username:
        who += f" ({found.latest_by_username})"
    note = f" (ghi chú: “{latest.note}”)" if latest.note else ""
    return (
        f"{who} đã lưu cập nhật lúc {moment(latest.at, get_settings().timezone)}{note} sau phiên "
        "bản ghi trong tệp; dòng này chưa được lưu, hãy tải lại tệp mẫu và nhập lại."
    )


def _problem(index: int, field: str, message: str) -> Problem:
    return Problem(message, field=field, row=index + 1, item_word=ITEM_WORD)


def _not_yours(index: int, state: Saved) -> Problem:
    return _problem(
        index,
        "phân công",
        f"là việc của {state.unit_name}; tài khoản này chỉ được cập nhật việc của đơn vị mình.",
    )


def _may_update(actor: User, unit_id: int) -> bool:
    if actor.role == Role.ADMIN.value:
        return True
    return actor.role == Role.SECRETARY.value and actor.unit_id == unit_id


def _same_state(current: Saved, checked: UpdateRequest) -> bool:
    return (
        current.status == Status(checked.status).value
        and current.progress == checked.progress
        and current.completed_on == checked.completed_on
    )
