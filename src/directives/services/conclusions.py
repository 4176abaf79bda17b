"""Entering meetings, conclusions and tasks: the one write path that creates them.

The manual entry page, notice intake, the tasks workbook import and the demo all create a
conclusion through :func:`create_conclusion` (or :func:`save_conclusion`, which checks a whole
reviewed conclusion first and then calls it), so a duplicate or an over-long field is refused the
same way everywhere. Every write checks the actor, writes an :mod:`audit
<directives.services.audit>` entry and bumps the data version, all in the caller's transaction.
Corrections to what was entered are in :mod:`directives.services.corrections`.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, SQLModel, col, select

from directives import formatting
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Meeting,
    Task,
    Unit,
    User,
    conclusion_key,
    max_length,
)
from directives.services import permissions
from directives.services.audit import record, snapshot
from directives.services.errors import InvalidInput, Problem, Rejected
from directives.services.meta import NO_FIGURES, bump_data_version
from directives.services.resolution import resolve_units
from directives.text import clean, fold

WHAT = "nhập và sửa hội nghị, kết luận và nhiệm vụ"  # only administrators may

FIELD_NAMES: dict[tuple[type[SQLModel], str], str] = {
    (Meeting, "title"): "tên hội nghị",
    (Meeting, "place"): "địa điểm",
    (Meeting, "chaired_by"): "chủ trì hội nghị",
    (Conclusion, "number"): "số hiệu",
    (Conclusion, "issuer"): "cơ quan ban hành",
    (Conclusion, "signer"): "người ký",
    (Conclusion, "title"): "trích yếu",
    (Task, "content"): "nội dung",
    (Task, "field"): "lĩnh vực",
    (Task, "assignees_text"): "đơn vị thực hiện (nguyên văn)",
}
"""The Vietnamese name of each checked text field of meetings, conclusions and tasks."""


def checked_text(model: type[SQLModel], name: str, value: str | None, *, required: bool) -> str:
    """``value`` as stored (NFC, trimmed; "" when blank and optional), or :class:`InvalidInput`
    naming the field when it is blank but required or longer than the column holds."""
    field = FIELD_NAMES.get((model, name), name)
    text = clean(value) or ""
    if required and not text:
        raise InvalidInput(field, "không được để trống.")
    limit = max_length(model, name)
    if limit is not None and len(text) > limit:
        raise InvalidInput(
            field,
            f"dài {formatting.number(len(text))} ký tự, tối đa {formatting.number(limit)} ký tự.",
        )
    return text


def optional_text(model: type[SQLModel], name: str, value: str | None) -> str | None:
    return checked_text(model, name, value, required=False) or None


def stored_full_text(value: str | None) -> str | None:
    return value.replace("\r\n", "\n") if value else None


def duplicate_of(
    issuer: str, number: str, issued_on: date, *, session: Session, other_than: int | None = None
) -> Conclusion | None:
    """The saved conclusion with the same issuer, number and year (see
    :func:`directives.models.conclusion_key`), if any, other than the one ``other_than``."""
    query = select(Conclusion).where(
        Conclusion.document_key == conclusion_key(issuer, number, issued_on)
    )
    if other_than is not None:
        query = query.where(col(Conclusion.id) != other_than)
    return session.exec(query).first()


def duplicate_message(found: Conclusion) -> str:
    return (
        f"kết luận {found.number} của {found.issuer} năm {found.issued_on.year} "
        "đã có trong hệ thống."
    )


# --- creating -------------------------------------------------------------------------------------


def create_meeting(
    *,
    session: Session,
    actor: User,
    title: str,
    held_on: date,
    place: str | None = None,
    chaired_by: str | None = None,
    attendees: str | None = None,
) -> Meeting:
    permissions.require_admin(actor, WHAT)
    meeting = Meeting(
        title=checked_text(Meeting, "title", title, required=True),
        held_on=held_on,
        place=optional_text(Meeting, "place", place),
        chaired_by=optional_text(Meeting, "chaired_by", chaired_by),
        attendees=clean(attendees),
    )
    session.add(meeting)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="meeting.create",
        entity="meeting",
        entity_id=meeting.id,
        after=snapshot(meeting),
    )
    bump_data_version(session=session, since=NO_FIGURES, assignments=())  # no task yet
    return meeting


def create_conclusion(
    *,
    session: Session,
    actor: User,
    meeting: Meeting | None,
    number: str,
    issued_on: date,
    issuer: str,
    title: str,
    signer: str | None = None,
    summary: str | None = None,
    full_text: str | None = None,
) -> Conclusion:
    """A conclusion of ``meeting`` (None: a letter of directions, held at no meeting). Refused
    (:class:`InvalidInput` on "số hiệu") when one with the same issuer, number and year is saved
    already; the database refuses it too."""
    permissions.require_admin(actor, WHAT)
    if meeting is not None and issued_on < meeting.held_on:
        raise InvalidInput("ngày ban hành", "không được trước ngày họp.")
    number_text = checked_text(Conclusion, "number", number, required=True)
    issuer_text = checked_text(Conclusion, "issuer", issuer, required=True)
    found = duplicate_of(issuer_text, number_text, issued_on, session=session)
    if found is not None:
        raise InvalidInput("số hiệu", duplicate_message(found))
    conclusion = Conclusion(
        meeting_id=meeting.id if meeting is not None else None,
        number=number_text,
        issued_on=issued_on,
        issuer=issuer_text,
        signer=optional_text(Conclusion, "signer", signer),
        title=checked_text(Conclusion, "title", title, required=True),
        summary=clean(summary),
        full_text=stored_full_text(full_text),
        document_key=conclusion_key(issuer_text, number_text, issued_on),
    )
    session.add(conclusion)
    session.flush()
    after = snapshot(conclusion) or {}
    after.pop("document_key", None)
    record(
        session=session,
        actor=actor,
        action="conclusion.create",
        entity="conclusion",
        entity_id=conclusion.id,
        after=after,
    )
    bump_data_version(session=session, since=NO_FIGURES, assignments=())  # no task yet
    return conclusion


def create_task(
    *,
    session: Session,
    actor: User,
    conclusion: Conclusion,
    seq: int,
    content: str,
    leads: list[Unit],
    supports: list[Unit] = [],  # noqa: B006  (never mutated)
    deadline: date | None = None,
    field: str | None = None,
    assignees_text: str | None = None,
) -> Task:
    """A task and one assignment per unit: leads (chủ trì) first, then supports (phối hợp).

    A unit named both as lead and support is kept as lead only.
    """
    permissions.require_admin(actor, WHAT)
    if not leads:
        raise InvalidInput("đơn vị chủ trì", "nhiệm vụ cần ít nhất một đơn vị chủ trì.")
    if deadline is not None and deadline < conclusion.issued_on:
        raise InvalidInput("thời hạn", DEADLINE_BEFORE_ISSUE)
    assert conclusion.id is not None
    task = Task(
        conclusion_id=conclusion.id,
        seq=seq,
        content=checked_text(Task, "content", content, required=True),
        search_text=fold(f"{content} {field or ''}"),
        field=optional_text(Task, "field", field),
        assignees_text=optional_text(Task, "assignees_text", assignees_text),
        assigned_on=conclusion.issued_on,
        deadline=deadline,
        original_deadline=deadline,
    )
    session.add(task)
    session.flush()
    assert task.id is not None
    seen: set[int] = set()
    created: list[Assignment] = []
    for role, units in ((AssignmentRole.LEAD, leads), (AssignmentRole.SUPPORT, supports)):
        for unit in units:
            assert unit.id is not None
            if unit.id in seen:
                continue
            seen.add(unit.id)
            assignment = Assignment(task_id=task.id, unit_id=unit.id, role=role)
            session.add(assignment)
            created.append(assignment)
    session.flush()
    after = snapshot(task) or {}
    after["assignments"] = [{"unit_id": a.unit_id, "role": a.role} for a in created]
    record(
        session=session,
        actor=actor,
        action="task.create",
        entity="task",
        entity_id=task.id,
        after=after,
    )
    new = [a.id for a in created if a.id]
    bump_data_version(session=session, since=task.assigned_on, assignments=new)
    return task


# --- a whole reviewed conclusion at once ----------------------------------------------------------


@dataclass(frozen=True)
class MeetingInput:
    title: str
    held_on: date
    place: str | None = None
    chaired_by: str | None = None
    attendees: str | None = None


@dataclass(frozen=True)
class ConclusionInput:
    number: str
    issued_on: date
    issuer: str
    title: str
    signer: str | None = None
    summary: str | None = None
    full_text: str | None = None


@dataclass(frozen=True)
class TaskInput:
    """One task; units are named as :func:`directives.services.resolution.resolve_units` reads
    them (names, short names, slugs, or groups such as "các xã, thị trấn")."""

    content: str
    leads: tuple[str, ...]
    supports: tuple[str, ...] = ()
    deadline: date | None = None
    field: str | None = None


DEADLINE_BEFORE_ISSUE = "không được trước ngày ban hành kết luận."
TASK_WORD = "Nhiệm vụ"  # how a Problem of save_conclusion calls an item: "Nhiệm vụ 3, chủ trì"


def save_conclusion(
    *,
    session: Session,
    actor: User,
    meeting: MeetingInput | None,
    conclusion: ConclusionInput,
    items: list[TaskInput],
) -> Conclusion:
    """Create the meeting (None for a letter of directions), the conclusion and one task per item
    (numbered from 1), with their assignments, audited. Every problem of every field and task is
    gathered first: if any, :class:`Rejected` lists them (``row`` is the task's number)."""
    permissions.require_admin(actor, WHAT)
    problems: list[Problem] = []

    def check(model: type[SQLModel], name: str, value: str | None, required: bool) -> None:
        try:
            checked_text(model, name, value, required=required)
        except InvalidInput as error:
            problems.append(Problem(error.message, field=error.field))

    checked: list[tuple[type[SQLModel], str, str | None, bool]] = [
        (Conclusion, "number", conclusion.number, True),
        (Conclusion, "issuer", conclusion.issuer, True),
        (Conclusion, "title", conclusion.title, True),
        (Conclusion, "signer", conclusion.signer, False),
    ]
    if meeting is not None:
        checked[:0] = [(Meeting, "title", meeting.title, True)]
        checked[1:1] = [(Meeting, "place", meeting.place, False)]
        checked[2:2] = [(Meeting, "chaired_by", meeting.chaired_by, False)]
    for model, name, value, required in checked:
        check(model, name, value, required)
    if meeting is not None and conclusion.issued_on < meeting.held_on:
        problems.append(Problem("không được trước ngày họp.", field="ngày ban hành"))
    if clean(conclusion.number) and clean(conclusion.issuer):
        found = duplicate_of(
            clean(conclusion.issuer) or "",
            clean(conclusion.number) or "",
            conclusion.issued_on,
            session=session,
        )
        if found is not None:
            problems.append(Problem(duplicate_message(found), field="số hiệu"))
    if not items:
        problems.append(Problem("cần ít nhất một nhiệm vụ.", field="nhiệm vụ"))
    resolved = []
    for seq, item in enumerate(items, start=1):
        start = len(problems)
        check(Task, "content", item.content, True)
        check(Task, "field", item.field, False)
        if item.deadline is not None and item.deadline < conclusion.issued_on:
            problems.append(Problem(DEADLINE_BEFORE_ISSUE, field="thời hạn"))
        leads = _units(session, item.leads, conclusion.issued_on, "chủ trì", problems)
        supports = _units(session, item.supports, conclusion.issued_on, "phối hợp", problems)
        if not item.leads:
            problems.append(Problem("cần ít nhất một đơn vị chủ trì.", field="chủ trì"))
        problems[start:] = [
            Problem(p.message, field=p.field, row=seq, item_word=TASK_WORD)
            for p in problems[start:]
        ]
        resolved.append((item, leads, supports))
    if problems:
        raise Rejected(problems)
    saved_meeting = None
    if meeting is not None:
        saved_meeting = create_meeting(
            session=session,
            actor=actor,
            title=meeting.title,
            held_on=meeting.held_on,
            place=meeting.place,
            chaired_by=meeting.chaired_by,
            attendees=meeting.attendees,
        )
    saved = create_conclusion(
        session=session,
        actor=actor,
        meeting=saved_meeting,
        number=conclusion.number,
        issued_on=conclusion.issued_on,
        issuer=conclusion.issuer,
        title=conclusion.title,
        signer=conclusion.signer,
        summary=conclusion.summary,
        full_text=conclusion.full_text,
    )
    limit = max_length(Task, "assignees_text") or 500
    for seq, (item, leads, supports) in enumerate(resolved, start=1):
        wording = "; ".join(item.leads) + " chủ trì"
        if item.supports:
            wording += "; phối hợp: " + "; ".join(item.supports)
        create_task(
            session=session,
            actor=actor,
            conclusion=saved,
            seq=seq,
            content=item.content,
            leads=leads,
            supports=supports,
            deadline=item.deadline,
            field=item.field,
            assignees_text=(clean(wording) or "")[:limit],
        )
    return saved


def _units(
    session: Session, names: tuple[str, ...], on: date, field: str, problems: list[Problem]
) -> list[Unit]:
    if not names:
        return []
    try:
        return resolve_units("; ".join(names), on, session=session)
    except InvalidInput as error:
        problems.append(Problem(error.message, field=field))
        return []
