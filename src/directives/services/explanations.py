"""Explanation requests (yêu cầu giải trình): a leader asks a unit to explain a delay on one
assignment by a due day; the unit answers in text, with an optional evidence file.

Rules (what a văn phòng expects):

* leaders and administrators ask; a secretary cannot ask;
* the due day defaults to :data:`DEFAULT_DUE_DAYS` days after the day of the request and can be
  neither before that day nor more than :data:`MAX_DUE_DAYS` days after it;
* one unanswered request per assignment at a time (a second one waits for the answer);
* the unit's secretaries answer, once: the answer is a formal reply and is not edited afterwards
  (a correction is a new request and answer). An administrator may enter an answer the unit sent
  on paper; the row and the audit log record that the administrator entered it. A leader never
  answers for a unit;
* a request counts from ``requested_on``, an answer from ``answered_on`` (local days), so figures
  for a past day do not move when something is saved today;
* the request is posted to the unit's secretaries (kind ``EXPLANATION_REQUEST``, key
  ``explanation:<id>``), the answer to whoever asked (``EXPLANATION_ANSWER``,
  ``explanation-answer:<id>``), through :func:`directives.services.messages.post`.
"""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from directives import formatting
from directives.db import serialize
from directives.domain import LOCAL_KINDS
from directives.models import (
    Assignment,
    Conclusion,
    ExplanationRequest,
    MessageKind,
    Role,
    Task,
    Unit,
    User,
)
from directives.services import evidence, messages
from directives.services.audit import record, snapshot
from directives.services.errors import InvalidInput, NotFound, PermissionDenied
from directives.services.meta import bump_data_version
from directives.services.permissions import require_active
from directives.services.updates import local_day
from directives.text import clean

DEFAULT_DUE_DAYS = 5
"""Days a unit has to answer, unless the leader sets another due day."""
MAX_DUE_DAYS = 90
QUESTION_MAX = 2000
ANSWER_MAX = 5000
MY_UNIT_PAGE = "viec-cua-don-vi"
UNIT_PAGES = ("xa-thi-tran", "co-quan-to-chuc")  # the pages of local units, of organizations


def default_due(requested_on: date) -> date:
    return requested_on + timedelta(days=DEFAULT_DUE_DAYS)


def is_overdue(request: ExplanationRequest, on: date) -> bool:
    """Unanswered by ``on`` and past its due day (``Quá hạn giải trình``)."""
    answered = request.answered_on is not None and request.answered_on <= on
    return not answered and request.due_on < on


def ask(
    actor: User,
    assignment_id: int,
    question: str,
    due_on: date | None = None,
    *,
    session: Session,
    now: datetime | None = None,
) -> ExplanationRequest:
    """Ask the unit of ``assignment_id`` to explain by ``due_on`` (default: :func:`default_due`);
    posts the request to the unit's secretaries, in the caller's transaction."""
    require_active(actor)
    if actor.role not in (Role.LEADER.value, Role.ADMIN.value):
        raise PermissionDenied("Chỉ lãnh đạo hoặc văn phòng được yêu cầu đơn vị giải trình.")
    _, task, unit = _assignment(assignment_id, session=session)
    conclusion = session.get(Conclusion, task.conclusion_id)
    assert conclusion is not None
    text = clean(question)
    if not text:
        raise InvalidInput("nội dung yêu cầu", "cần nêu điều đơn vị phải giải trình.")
    if len(text) > QUESTION_MAX:
        raise InvalidInput("nội dung yêu cầu", f"dài quá {QUESTION_MAX} ký tự.")
    moment = now or datetime.now(UTC)
    today = local_day(moment)
    due = due_on or default_due(today)
    if due < today:
        raise InvalidInput("hạn giải trình", f"không được trước hôm nay ({formatting.day(today)}).")
    if due > today + timedelta(days=MAX_DUE_DAYS):
        raise InvalidInput("hạn giải trình", f"không quá {MAX_DUE_DAYS} ngày kể từ hôm nay.")
    serialize(session, f"explanation:{assignment_id}")  # two requests at once: the second waits
    if open_for(assignment_id, session=session) is not None:
        raise InvalidInput(
            "yêu cầu giải trình",
            f"{unit.name} chưa trả lời yêu cầu giải trình trước về nhiệm vụ này.",
        )
    request = ExplanationRequest(
        assignment_id=assignment_id,
        requested_by=actor.id,
        requested_at=moment,
        requested_on=today,
        due_on=due,
        question=text,
    )
    session.add(request)
    session.flush()
    assert request.id is not None
    message = messages.post(
        session=session,
        key=f"explanation:{request.id}",
        kind=MessageKind.EXPLANATION_REQUEST,
        subject=(
            f"Yêu cầu giải trình: nhiệm vụ {task.seq} của Kết luận {conclusion.number}, "
            f"hạn {formatting.day(due)}"
        ),
        body=(
            f"{actor.full_name} yêu cầu {unit.name} giải trình về nhiệm vụ {task.seq}: "
            f"{task.content}\n\nNội dung yêu cầu: {text}\n\n"
            f"Hạn trả lời: {formatting.day(due)}."
        ),
        recipients=messages.secretaries_of(unit.id or 0, session=session),
        unit_id=unit.id,
        assignment_id=assignment_id,
        link=f"{MY_UNIT_PAGE}?phan_cong={assignment_id}",
        created_by=actor.id,
    )
    request.message_id = message.id if message is not None else None
    session.add(request)
    record(
        session=session,
        actor=actor,
        action="explanation.request",
        entity="explanation_request",
        entity_id=request.id,
        after=snapshot(request),
    )
    bump_data_version(session=session, since=request.requested_on, assignments=())
    return request


def answer(
    actor: User,
    request_id: int,
    text: str,
    *,
    session: Session,
    filename: str | None = None,
    content: bytes | None = None,
    now: datetime | None = None,
) -> ExplanationRequest:
    """The unit's answer (its secretary, or an administrator entering a paper answer), with an
    optional evidence file kept by :func:`directives.services.evidence.store`; posts the answer
    to whoever asked."""
    require_active(actor)
    request = session.get(ExplanationRequest, request_id)
    if request is None:
        raise NotFound(f"Không có yêu cầu giải trình số {request_id}.")
    assignment, task, unit = _assignment(request.assignment_id, session=session)
    if actor.role == Role.LEADER.value:
        raise PermissionDenied("Tài khoản lãnh đạo không trả lời giải trình thay đơn vị.")
    if actor.role == Role.SECRETARY.value and actor.unit_id != assignment.unit_id:
        raise PermissionDenied("Chỉ thư ký của đơn vị được yêu cầu mới trả lời giải trình.")
    reply = clean(text)
    if not reply:
        raise InvalidInput("nội dung giải trình", "cần nhập nội dung giải trình.")
    if len(reply) > ANSWER_MAX:
        raise InvalidInput("nội dung giải trình", f"dài quá {ANSWER_MAX} ký tự.")
    serialize(session, f"explanation:{request.assignment_id}")
    session.refresh(request)
    if request.answered_at is not None:
        raise InvalidInput("giải trình", "yêu cầu này đã được trả lời, không sửa được.")
    before = snapshot(request)
    if filename is not None and content is not None:
        kept = evidence.store(actor, request.assignment_id, filename, content, session=session)
        request.evidence_id = kept.id
    moment = now or datetime.now(UTC)
    request.answer = reply
    request.answered_by = actor.id
    request.answered_at = moment
    request.answered_on = local_day(moment)
    session.add(request)
    session.flush()
    asker = session.get(User, request.requested_by) if request.requested_by else None
    late = " (sau hạn)" if request.answered_on > request.due_on else ""
    by_office = f" (văn phòng {actor.full_name} nhập)" if actor.role == Role.ADMIN.value else ""
    messages.post(
        session=session,
        key=f"explanation-answer:{request.id}",
        kind=MessageKind.EXPLANATION_ANSWER,
        subject=f"{unit.name} đã giải trình về nhiệm vụ {task.seq}{late}",
        body=(
            f"{unit.name} trả lời yêu cầu giải trình ngày {formatting.day(request.requested_on)} "
            f"về nhiệm vụ {task.seq}: {task.content}{by_office}\n\n{reply}"
        ),
        recipients=[asker] if asker is not None and asker.is_active else [],
        unit_id=unit.id,
        assignment_id=request.assignment_id,
        link=f"{unit_page(unit)}?don_vi={unit.id}",
        created_by=actor.id,
    )
    record(
        session=session,
        actor=actor,
        action="explanation.answer",
        entity="explanation_request",
        entity_id=request.id,
        before=before,
        after=snapshot(request),
    )
    bump_data_version(session=session, since=request.answered_on, assignments=())
    return request


def unit_page(unit: Unit) -> str:
    """The address of the page that shows ``unit`` (communes' or organizations')."""
    return UNIT_PAGES[0] if unit.kind in LOCAL_KINDS else UNIT_PAGES[1]


def open_for(assignment_id: int, *, session: Session) -> ExplanationRequest | None:
    """The assignment's unanswered request, if any."""
    query = select(ExplanationRequest).where(
        ExplanationRequest.assignment_id == assignment_id,
        col(ExplanationRequest.answered_at).is_(None),
    )
    return session.exec(query).first()


def _assignment(assignment_id: int, *, session: Session) -> tuple[Assignment, Task, Unit]:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"Không có phân công số {assignment_id}.")
    task = session.get(Task, assignment.task_id)
    unit = session.get(Unit, assignment.unit_id)
    assert task is not None and unit is not None
    return assignment, task, unit
