"""Extension requests (xin gia hạn): a unit asks for a later deadline, an administrator decides.

An approved request moves only that unit's deadline (``Assignment.extended_deadline``); the
task's ``deadline`` and ``original_deadline`` stay, so reports can still judge against the
original deadline (``Filters.against_original``).
"""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from directives.db import serialize
from directives.domain import is_open
from directives.models import Assignment, ExtensionRequest, ExtensionStatus, Task, User
from directives.services.audit import record, snapshot
from directives.services.errors import InvalidInput, NotFound
from directives.services.meta import bump_data_version
from directives.services.permissions import require_active, require_admin
from directives.services.updates import require_can_update
from directives.text import clean

DECIDE = "duyệt hoặc từ chối đề nghị gia hạn"


def current_deadline(assignment: Assignment, task: Task) -> date | None:
    """The deadline the unit works to now: its approved extension, else the task's."""
    return assignment.extended_deadline or task.deadline


def request_extension(
    actor: User,
    assignment_id: int,
    proposed_deadline: date,
    reason: str,
    *,
    session: Session,
) -> ExtensionRequest:
    """Ask for ``proposed_deadline`` instead of the current deadline (the unit's secretary or an
    administrator). One pending request per assignment; standing tasks have nothing to extend."""
    require_active(actor)
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"Không có phân công số {assignment_id}.")
    require_can_update(actor, assignment)
    task = session.get(Task, assignment.task_id)
    assert task is not None
    text = clean(reason)
    if not text:
        raise InvalidInput("lý do", "cần nêu lý do xin gia hạn.")
    deadline = current_deadline(assignment, task)
    if deadline is None:
        raise InvalidInput("thời hạn", "nhiệm vụ thường xuyên không có thời hạn để gia hạn.")
    if not is_open(assignment.status):  # done or cancelled: nothing left to extend
        raise InvalidInput("thời hạn", "nhiệm vụ đã hoàn thành hoặc đã hủy, không cần gia hạn.")
    if proposed_deadline <= deadline:
        raise InvalidInput("thời hạn đề nghị", f"phải sau thời hạn hiện tại ({deadline:%d/%m/%Y}).")
    serialize(session, f"extension:{assignment_id}")  # two requests at once: the second waits
    if pending_for(assignment_id, session=session) is not None:
        raise InvalidInput("đề nghị gia hạn", "đã có một đề nghị đang chờ duyệt cho nhiệm vụ này.")
    assert actor.id is not None
    request = ExtensionRequest(
        assignment_id=assignment_id,
        requested_by=actor.id,
        current_deadline=deadline,
        proposed_deadline=proposed_deadline,
        reason=text,
    )
    session.add(request)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="extension.request",
        entity="extension_request",
        entity_id=request.id,
        after=snapshot(request),
    )
    bump_data_version(session=session, assignments=())  # a request changes no state
    return request


def approve(
    actor: User, request_id: int, note: str | None, *, session: Session
) -> ExtensionRequest:
    """Grant the proposed deadline to the unit (administrators only)."""
    require_admin(actor, DECIDE)
    request = _pending(request_id, session=session)
    assignment = session.get(Assignment, request.assignment_id)
    assert assignment is not None
    task = session.get(Task, assignment.task_id)
    assert task is not None
    deadline = current_deadline(assignment, task)
    if deadline is None:
        raise InvalidInput("thời hạn", "nhiệm vụ nay là nhiệm vụ thường xuyên, không có thời hạn.")
    if request.proposed_deadline <= deadline:
        raise InvalidInput(
            "thời hạn đề nghị",
            f"không còn sau thời hạn hiện tại ({deadline:%d/%m/%Y}); hãy từ chối đề nghị này.",
        )
    assignment_before = snapshot(assignment, ("extended_deadline",))
    assignment.extended_deadline = request.proposed_deadline
    session.add(assignment)
    _decide(actor, request, ExtensionStatus.APPROVED, clean(note), session=session)
    record(
        session=session,
        actor=actor,
        action="assignment.extend",
        entity="assignment",
        entity_id=assignment.id,
        before=assignment_before,
        after=snapshot(assignment, ("extended_deadline",)),
    )
    return request


def reject(actor: User, request_id: int, note: str, *, session: Session) -> ExtensionRequest:
    """Refuse the request, saying why (administrators only)."""
    require_admin(actor, DECIDE)
    request = _pending(request_id, session=session)
    text = clean(note)
    if not text:
        raise InvalidInput("ý kiến", "cần nêu lý do từ chối.")
    _decide(actor, request, ExtensionStatus.REJECTED, text, session=session)
    return request


def pending_for(assignment_id: int, *, session: Session) -> ExtensionRequest | None:
    query = select(ExtensionRequest).where(
        ExtensionRequest.assignment_id == assignment_id,
        ExtensionRequest.status == ExtensionStatus.PENDING.value,
    )
    return session.exec(query).first()


def pending_requests(*, session: Session) -> list[ExtensionRequest]:
    """Requests waiting for a decision, oldest first."""
    query = (
        select(ExtensionRequest)
        .where(ExtensionRequest.status == ExtensionStatus.PENDING.value)
        .order_by(col(ExtensionRequest.requested_at), col(ExtensionRequest.id))
    )
    return list(session.exec(query).all())


def _pending(request_id: int, *, session: Session) -> ExtensionRequest:
    """The request, still pending now that this transaction decides it alone (two
    administrators deciding it at once: the second sees the first's decision)."""
    request = session.get(ExtensionRequest, request_id)
    if request is None:
        raise NotFound(f"Không có đề nghị gia hạn số {request_id}.")
    serialize(session, f"extension:{request.assignment_id}")
    session.refresh(request)
    if request.status != ExtensionStatus.PENDING.value:
        raise InvalidInput("đề nghị gia hạn", "đề nghị này đã được xử lý.")
    return request


def _decide(
    actor: User,
    request: ExtensionRequest,
    status: ExtensionStatus,
    note: str | None,
    *,
    session: Session,
) -> None:
    fields = ("status", "decided_by", "decided_at", "decision_note")
    before = snapshot(request, fields)
    request.status = status
    request.decided_by = actor.id
    request.decided_at = datetime.now(UTC)
    request.decision_note = note
    session.add(request)
    session.flush()
    record(
        session=session,
        actor=actor,
        action=f"extension.{'approve' if status is ExtensionStatus.APPROVED else 'reject'}",
        entity="extension_request",
        entity_id=request.id,
        before=before,
        after=snapshot(request, fields),
    )
    # figures change from the day of the decision (a day early: the readers' time zone)
    decided = (request.decided_at or datetime.now(UTC)).date() - timedelta(days=1)
    bump_data_version(session=session, since=decided, assignments=[request.assignment_id])
