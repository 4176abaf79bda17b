"""Saving a conclusion that an administrator has reviewed: its meeting, the notice and its tasks,
all in one transaction or not at all.

The input is what the review page (or any other intake) settled on; units are named as
:func:`directives.services.units.resolve_units` reads them (names, short names, slugs, or groups
such as "các xã, thị trấn", which expand to their members on the notice's date). Every problem of
every task is gathered before anything is written, so the administrator sees them all at once.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from directives.models import Conclusion, Unit, User
from directives.services import permissions, tasks
from directives.services.errors import InvalidInput, ServiceError
from directives.services.units import resolve_units
from directives.text import clean, fold


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
    content: str
    leads: tuple[str, ...]
    supports: tuple[str, ...] = ()
    deadline: date | None = None
    field: str | None = None


class Rejected(ServiceError):
    """The conclusion was not saved; ``problems`` lists every reason, each naming its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def save_conclusion(
    *,
    session: Session,
    actor: User,
    meeting: MeetingInput,
    conclusion: ConclusionInput,
    items: list[TaskInput],
) -> Conclusion:
    """Create the meeting, the conclusion and one task per item (numbered from 1), with their
    assignments, audited; raises :class:`Rejected` and writes nothing if anything is wrong."""
    permissions.require_admin(actor, "nhập hội nghị, kết luận và nhiệm vụ")
    problems: list[str] = []
    for label, value in (
        ("Tên hội nghị", meeting.title),
        ("Số hiệu", conclusion.number),
        ("Cơ quan ban hành", conclusion.issuer),
        ("Trích yếu", conclusion.title),
    ):
        if not clean(value):
            problems.append(f"{label}: không được để trống.")
    if conclusion.issued_on < meeting.held_on:
        problems.append("Ngày ban hành: không được trước ngày họp.")
    if clean(conclusion.number) and _already_saved(session, conclusion):
        problems.append(
            f"Số hiệu: kết luận {clean(conclusion.number)} của {clean(conclusion.issuer)} "
            "đã có trong hệ thống."
        )
    if not items:
        problems.append("Nhiệm vụ: cần ít nhất một nhiệm vụ.")
    resolved = []
    for seq, item in enumerate(items, start=1):
        where = f"Nhiệm vụ {seq}"
        if not clean(item.content):
            problems.append(f"{where}, nội dung: không được để trống.")
        if item.deadline is not None and item.deadline < conclusion.issued_on:
            problems.append(
                f"{where}, thời hạn: {item.deadline:%d/%m/%Y} trước ngày ban hành "
                f"{conclusion.issued_on:%d/%m/%Y}."
            )
        leads = _units(session, item.leads, conclusion.issued_on, f"{where}, chủ trì", problems)
        supports = _units(
            session, item.supports, conclusion.issued_on, f"{where}, phối hợp", problems
        )
        if not item.leads:
            problems.append(f"{where}, chủ trì: cần ít nhất một đơn vị chủ trì.")
        resolved.append((item, leads, supports))
    if problems:
        raise Rejected(problems)
    saved_meeting = tasks.create_meeting(
        session=session,
        actor=actor,
        title=meeting.title,
        held_on=meeting.held_on,
        place=meeting.place,
        chaired_by=meeting.chaired_by,
        attendees=meeting.attendees,
    )
    saved = tasks.create_conclusion(
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
    for seq, (item, leads, supports) in enumerate(resolved, start=1):
        wording = "; ".join(item.leads) + " chủ trì"
        if item.supports:
            wording += "; phối hợp: " + "; ".join(item.supports)
        tasks.create_task(
            session=session,
            actor=actor,
            conclusion=saved,
            seq=seq,
            content=item.content,
            leads=leads,
            supports=supports,
            deadline=item.deadline,
            field=item.field,
            assignees_text=wording[:500],
        )
    return saved


def _units(
    session: Session, names: tuple[str, ...], on: date, where: str, problems: list[str]
) -> list[Unit]:
    if not names:
        return []
    try:
        return resolve_units("; ".join(names), on, session=session)
    except InvalidInput as error:
        problems.append(f"{where}: {error.message}")
        return []


def _already_saved(session: Session, conclusion: ConclusionInput) -> bool:
    number = fold(clean(conclusion.number) or "")
    issuer = fold(clean(conclusion.issuer) or "")
    found = session.exec(select(Conclusion.number, Conclusion.issuer)).all()
    return any(fold(n) == number and fold(i) == issuer for n, i in found)
