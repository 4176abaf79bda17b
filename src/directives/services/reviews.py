"""Kiểm tra: confirming or returning the completions units report, in the caller's transaction.

A unit's "Hoàn thành" waits for confirmation. Administrators confirm it (one or many at once, all
or nothing) or return it with a reason; with the deployment setting
:attr:`~directives.services.deployment.ReviewSettings.lead_unit_reviews`, the lead unit's
secretary may also judge the completions of the supporting units of the same task.

A verdict names the completion it judges (the :class:`StatusUpdate` that reported it): only the
latest update of an assignment still done can be judged, once. Returning also writes, through
:func:`directives.services.updates.record_update`, an update back to "Đang thực hiện" (progress
kept, the reason as its note, happening on the day), so the stored status stays the one source of
state, and tells the unit's secretaries. The rule by which a confirmation counts in the rates is
:func:`directives.queries.state.confirmed_on`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from directives.models import (
    Assignment,
    AssignmentRole,
    MessageKind,
    Review,
    Role,
    Status,
    StatusUpdate,
    Task,
    User,
    Verdict,
)
from directives.services import messages, permissions
from directives.services.audit import record
from directives.services.deployment import review_settings
from directives.services.errors import InvalidInput, PermissionDenied, Problem, Rejected
from directives.services.meta import bump_data_version
from directives.services.updates import UpdateRequest, latest_update, local_day, record_update
from directives.text import clean

REASON_FIELD = "lý do trả lại"
MAX_REASON = 1000


@dataclass(frozen=True)
class Judged:
    """A completion that may be judged: the assignment and the update that reported it."""

    assignment: Assignment
    update: StatusUpdate


def lead_units_of(task_id: int, *, session: Session) -> set[int]:
    query = select(Assignment.unit_id).where(
        Assignment.task_id == task_id, Assignment.role == AssignmentRole.LEAD
    )
    return set(session.exec(query).all())


def can_review(actor: User, assignment: Assignment, *, session: Session) -> bool:
    """Administrators; with the deployment setting on, the secretary of a lead unit of the same
    task for a supporting unit's completion."""
    if not actor.is_active:
        return False
    if actor.role == Role.ADMIN.value:
        return True
    if actor.role != Role.SECRETARY.value or actor.unit_id is None:
        return False
    if assignment.role != AssignmentRole.SUPPORT.value or actor.unit_id == assignment.unit_id:
        return False
    if not review_settings(session=session).lead_unit_reviews:
        return False
    return actor.unit_id in lead_units_of(assignment.task_id, session=session)


def _judged(actor: User, status_update_id: int, *, session: Session) -> Judged:
    """The completion to judge, or the Vietnamese reason it cannot be judged."""
    update = session.get(StatusUpdate, status_update_id)
    if update is None:
        raise InvalidInput("kết quả", f"không có kết quả báo cáo số {status_update_id}.")
    assignment = session.get(
        Assignment, update.assignment_id, populate_existing=True, with_for_update=True
    )
    assert assignment is not None
    if not can_review(actor, assignment, session=session):
        raise PermissionDenied(
            "Tài khoản này không được xác nhận kết quả của phân công "
            f"số {assignment.id}: chỉ quản trị viên (hoặc đơn vị chủ trì, nếu được cho phép)."
        )
    existing = session.exec(
        select(Review).where(Review.status_update_id == status_update_id)
    ).first()
    if existing is not None:
        word = "xác nhận" if existing.verdict == Verdict.CONFIRMED else "trả lại"
        raise InvalidInput(
            "kết quả",
            f"kết quả báo cáo số {status_update_id} đã được {word} ngày "
            f"{existing.decided_on:%d/%m/%Y}, không xét lại.",
        )
    latest = latest_update(update.assignment_id, session=session)
    if (
        Status(assignment.status) is not Status.DONE
        or Status(update.to_status) is not Status.DONE
        or latest is None
        or latest.id != update.id
    ):
        raise InvalidInput(
            "kết quả",
            f"kết quả báo cáo số {status_update_id} không còn là báo cáo hoàn thành mới nhất "
            f"của phân công số {assignment.id}; hãy tải lại danh sách.",
        )
    return Judged(assignment, update)


def _save(
    judged: Judged,
    verdict: Verdict,
    *,
    session: Session,
    actor: User,
    reason: str | None,
    day: date,
    moment: datetime,
) -> Review:
    review = Review(
        assignment_id=judged.assignment.id or 0,
        status_update_id=judged.update.id or 0,
        verdict=verdict,
        reason=reason,
        decided_by=actor.id,
        decided_at=moment,
        decided_on=day,
    )
    session.add(review)
    try:
        with session.begin_nested():  # a verdict saved meanwhile by someone else: refused
            session.flush()
    except sa.exc.IntegrityError as error:
        raise InvalidInput(
            "kết quả",
            f"kết quả báo cáo số {judged.update.id} vừa được người khác xét; hãy tải lại.",
        ) from error
    record(
        session=session,
        actor=actor,
        action="review.confirm" if verdict is Verdict.CONFIRMED else "review.return",
        entity="assignment",
        entity_id=judged.assignment.id,
        before={"status_update_id": judged.update.id, "verdict": None},
        after={
            "status_update_id": judged.update.id,
            "verdict": verdict.value,
            "reason": reason,
            "decided_on": day,
        },
        at=moment,
    )
    return review


def confirm(
    *,
    session: Session,
    actor: User,
    status_update_ids: Sequence[int],
    at: datetime | None = None,
    today: date | None = None,
) -> list[Review]:
    """Confirm the reported completions ``status_update_ids``, all or none: every one that
    cannot be confirmed is named in one :class:`Rejected`. ``at``/``today`` exist for the demo's
    history and tests; the confirmation counts from ``today``."""
    permissions.require_active(actor)
    ids = list(dict.fromkeys(status_update_ids))
    if not ids:
        raise InvalidInput("kết quả", "chưa chọn kết quả nào để xác nhận.")
    moment = at or datetime.now(UTC)
    day = today or local_day(moment)
    found: list[Judged] = []
    problems: list[Problem] = []
    for position, update_id in enumerate(ids, start=1):
        try:
            found.append(_judged(actor, update_id, session=session))
        except (InvalidInput, PermissionDenied) as error:
            problems.append(Problem(str(error), row=position, item_word="mục"))
    if problems:
        raise Rejected(problems, headline="Chưa xác nhận kết quả nào:")
    for judged in found:
        if judged.update.happened_on > day:
            raise InvalidInput("ngày xác nhận", "không được trước ngày đơn vị báo hoàn thành.")
    reviews = [
        _save(
            judged,
            Verdict.CONFIRMED,
            session=session,
            actor=actor,
            reason=None,
            day=day,
            moment=moment,
        )
        for judged in found
    ]
    bump_data_version(
        session=session,
        since=min((review.decided_on for review in reviews), default=None),
        assignments=[review.assignment_id for review in reviews],
    )
    return reviews


def return_completion(
    *,
    session: Session,
    actor: User,
    status_update_id: int,
    reason: str,
    at: datetime | None = None,
    today: date | None = None,
) -> Review:
    """Return one reported completion with ``reason`` (required): the verdict, an update back
    to "Đang thực hiện" and a message to the unit's secretaries, in one transaction."""
    permissions.require_active(actor)
    text = clean(reason)
    if not text:
        raise InvalidInput(REASON_FIELD, "cần ghi lý do trả lại kết quả.")
    if len(text) > MAX_REASON:
        raise InvalidInput(REASON_FIELD, f"dài quá {MAX_REASON} ký tự.")
    moment = at or datetime.now(UTC)
    day = today or local_day(moment)
    judged = _judged(actor, status_update_id, session=session)
    review = _save(
        judged, Verdict.RETURNED, session=session, actor=actor, reason=text, day=day, moment=moment
    )
    assignment = judged.assignment
    assert assignment.id is not None
    record_update(
        session=session,
        actor=actor,
        assignment_id=assignment.id,
        request=UpdateRequest(
            status=Status.IN_PROGRESS,
            progress=judged.update.progress,
            note=f"Kết quả bị trả lại: {text}",
            happened_on=day,
        ),
        at=moment,
        today=day,
        expected_version=assignment.version,
        permitted=True,
    )
    task = session.get(Task, assignment.task_id)
    assert task is not None and review.id is not None
    messages.post(
        session=session,
        key=f"review:{review.id}",
        kind=MessageKind.REVIEW,
        subject=f"Kết quả nhiệm vụ bị trả lại (ngày {day:%d/%m/%Y})",
        body=(
            f"Kết quả hoàn thành đơn vị báo cáo cho nhiệm vụ “{task.content}” chưa được xác "
            f"nhận và đã được trả lại, nhiệm vụ chuyển về “Đang thực hiện”. Lý do: {text}"
        ),
        recipients=messages.secretaries_of(assignment.unit_id, session=session),
        unit_id=assignment.unit_id,
        assignment_id=assignment.id,
        link=f"viec-cua-don-vi?phan_cong={assignment.id}",
        created_by=actor.id,
    )
    bump_data_version(session=session, since=review.decided_on, assignments=[assignment.id or 0])
    return review


def verdicts(assignment_id: int, *, session: Session) -> list[Review]:
    """An assignment's verdicts, oldest first."""
    query = select(Review).where(Review.assignment_id == assignment_id)
    return list(session.exec(query.order_by(col(Review.id))).all())
