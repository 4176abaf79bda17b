"""Load the demo into an empty database: units, accounts, the conference, its tasks, and a
deterministic history of status updates through 2021 (fixed random seed, so every run is alike)."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from directives.demo import plan
from directives.models import (
    AppMeta,
    Assignment,
    AssignmentRole,
    Role,
    Status,
    Task,
    Unit,
    User,
)
from directives.queries.reviews import waiting
from directives.services import accounts, conclusions, deployment, reviews, updates
from directives.services.errors import ServiceError
from directives.services.resolution import expand_collective
from directives.services.units import load_reference_units, unit_by_slug

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    unit: str | None


def notice_text() -> str:
    return (
        resources.files("directives.demo")
        .joinpath("thong-bao-ket-luan.txt")
        .read_text(encoding="utf-8")
    )


DEMO_IDENTITY: dict[str, Any] = {
    "level": "huyen",
    "issuers": ["Huyện ủy Giao Thủy", "UBND huyện Giao Thủy"],
    "place": "huyện Giao Thủy",
}
"""The demo is a district of 2021, and says so."""


def secretary_username(unit: Unit) -> str:
    return f"thuky.{unit.slug}"


def load_demo(*, session: Session) -> list[DemoAccount]:
    """Fill an empty database with the demo and return its accounts."""
    if session.exec(select(Unit)).first() is not None:
        raise ServiceError("Cơ sở dữ liệu đã có dữ liệu: chỉ nạp demo vào cơ sở dữ liệu trống.")
    session.add(AppMeta(key="is_demo", value="1"))
    session.add(AppMeta(key="demo_as_of", value=plan.AS_OF.isoformat()))
    session.flush()
    deployment.set_identity(None, session=session, **DEMO_IDENTITY)
    units = load_reference_units(session=session)
    created = _accounts(units, session=session)
    admin = session.exec(select(User).where(User.username == "quantri")).one()
    load_conference(admin, session=session)
    _history(session=session)
    _reviews(admin, session=session)
    return created


def demo_email(username: str) -> str:
    """The demo's addresses are at example.org, a domain reserved for examples (RFC 2606): a
    demo never mails anyone real."""
    return f"{username}@example.org"


def _accounts(units: list[Unit], *, session: Session) -> list[DemoAccount]:
    password = accounts.DEMO_PASSWORD
    accounts.create_user(
        session=session,
        username="quantri",
        full_name="Quản trị Văn phòng Huyện ủy",
        title="Chuyên viên Văn phòng Huyện ủy",
        password=password,
        role=Role.ADMIN,
        email=demo_email("quantri"),
    )
    accounts.create_user(
        session=session,
        username="lanhdao",
        full_name="Lãnh đạo Huyện ủy",
        title="Phó Bí thư Thường trực Huyện ủy",
        password=password,
        role=Role.LEADER,
        email=demo_email("lanhdao"),
    )
    created = [DemoAccount("quantri", Role.ADMIN, None), DemoAccount("lanhdao", Role.LEADER, None)]
    for unit in units:
        if unit.slug == "huyen-giao-thuy":
            continue
        accounts.create_user(
            session=session,
            username=secretary_username(unit),
            full_name=f"Thư ký {unit.name}",
            title="Cán bộ phụ trách theo dõi nhiệm vụ",
            password=password,
            role=Role.SECRETARY,
            unit=unit,
            email=demo_email(secretary_username(unit)),
        )
        created.append(DemoAccount(secretary_username(unit), Role.SECRETARY, unit.name))
    return created


def _units(names: tuple[str, ...], on: date, *, session: Session) -> list[Unit]:
    found: list[Unit] = []
    for name in names:
        if " " in name:  # a collective as the notice words it
            found.extend(expand_collective(name, on, session=session))
        else:
            found.append(unit_by_slug(name, session=session))
    return found


def load_conference(admin: User, *, session: Session) -> None:
    """The demo's meeting, its conclusion 215-TB/HU and its tasks, through the services."""
    meeting = conclusions.create_meeting(session=session, actor=admin, **plan.MEETING)  # type: ignore[arg-type]
    conclusion = conclusions.create_conclusion(
        session=session,
        actor=admin,
        meeting=meeting,
        full_text=notice_text(),
        **plan.CONCLUSION,  # type: ignore[arg-type]
    )
    for item in plan.TASKS:
        conclusions.create_task(
            session=session,
            actor=admin,
            conclusion=conclusion,
            seq=item.seq,
            content=item.content,
            field=item.field,
            leads=_units(item.leads, conclusion.issued_on, session=session),
            supports=_units(item.supports, conclusion.issued_on, session=session),
            deadline=item.deadline,
            assignees_text=item.assignees_text,
        )


# --- the history -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Event:
    day: date
    status: Status
    progress: int
    note: str
    completed_on: date | None = None
    evidence: str | None = None


def _history(*, session: Session) -> None:
    rng = random.Random(plan.RANDOM_SEED)
    units = {u.id: u for u in session.exec(select(Unit)).all()}
    secretaries = {
        u.unit_id: u for u in session.exec(select(User).where(User.role == Role.SECRETARY)).all()
    }
    # A few communes lag all year; which ones is part of the seeded draw.
    communes = sorted(u.slug for u in units.values() if u.kind in ("commune", "town"))
    lagging = set(rng.sample(communes, 4))
    planned = {item.seq: item for item in plan.TASKS}
    rows = session.exec(
        select(Assignment, Task)
        .join(Task, col(Task.id) == Assignment.task_id)
        .order_by(col(Task.seq), col(Assignment.id))
    ).all()
    report_numbers: dict[int, int] = {}
    for assignment, task in rows:
        unit = units[assignment.unit_id]
        diligence = 0.5 if unit.slug in lagging else 0.88
        events = _events(rng, task, planned[task.seq], assignment, diligence)
        actor = secretaries[unit.id]
        last_at: datetime | None = None
        for event in events:
            if event.day > plan.HISTORY_UNTIL:
                break
            recorded = event.day + timedelta(days=rng.randint(0, 2))
            recorded = min(recorded, plan.HISTORY_UNTIL)
            at = datetime.combine(
                recorded, time(rng.randint(7, 16), rng.randint(0, 59)), LOCAL
            ).astimezone(UTC)
            if last_at is not None and at <= last_at:
                at = last_at + timedelta(minutes=rng.randint(5, 90))
            last_at = at
            evidence = event.evidence
            if event.status is Status.DONE:
                number = report_numbers.get(unit.id or 0, rng.randint(5, 40)) + 1
                report_numbers[unit.id or 0] = number
                kind = "BC-UBND" if unit.kind in ("commune", "town") else "BC"
                evidence = f"Báo cáo số {number}/{kind} ngày {event.completed_on:%d/%m/%Y}"
            updates.record_update(
                session=session,
                actor=actor,
                assignment_id=assignment.id or 0,
                request=updates.UpdateRequest(
                    status=event.status,
                    progress=event.progress,
                    note=event.note,
                    completed_on=event.completed_on,
                    evidence=evidence,
                ),
                at=at,
                today=at.astimezone(LOCAL).date(),
            )


def _reviews(admin: User, *, session: Session) -> None:
    """The office (quantri) confirms the completions reported up to
    :data:`plan.CONFIRMED_UNTIL`, each a few days after its report; the later ones still wait,
    so the rates on confirmed results and on reported ones differ on the demo's day."""
    rng = random.Random(plan.RANDOM_SEED + 1)  # its own draw: the history above is unchanged
    queue = waiting(session)  # every completion not yet judged, oldest report first
    by_day: dict[date, list[int]] = {}
    for update_id, at in zip(queue["status_update_id"], queue["reported_at"], strict=True):
        reported = at.tz_convert(LOCAL).date()
        if reported <= plan.CONFIRMED_UNTIL:
            decided = reported + timedelta(days=rng.randint(2, 6))
            by_day.setdefault(decided, []).append(int(update_id))
    for day in sorted(by_day):
        at = datetime.combine(day, time(15, rng.randint(0, 59)), LOCAL).astimezone(UTC)
        reviews.confirm(
            session=session, actor=admin, status_update_ids=by_day[day], at=at, today=day
        )


def _events(
    rng: random.Random,
    task: Task,
    item: plan.PlannedTask,
    assignment: Assignment,
    diligence: float,
) -> list[_Event]:
    """What one unit reported about one assignment over 2021."""
    is_lead = assignment.role == AssignmentRole.LEAD.value
    notes = item.progress_notes if is_lead else plan.SUPPORT_NOTES
    start = task.assigned_on + timedelta(days=rng.randint(3, 20 if diligence > 0.6 else 45))
    if rng.random() < (0.03 if diligence > 0.6 else 0.15):
        return []  # never reported anything: stays "not started"
    events = [_Event(start, Status.IN_PROGRESS, rng.choice((10, 15, 20, 25)), notes[0])]

    if task.deadline is None:  # a standing task: regular reports, never "done"
        day, progress = start, events[0].progress
        step = (25, 45) if diligence > 0.6 else (50, 110)
        paused = False
        while True:
            day += timedelta(days=rng.randint(*step))
            if day > plan.HISTORY_UNTIL:
                return events
            progress = min(90, progress + rng.randint(5, 15))
            if not paused and date(2021, 5, 1) <= day <= date(2021, 9, 30) and rng.random() < 0.06:
                events.append(_Event(day, Status.PAUSED, progress, rng.choice(plan.PAUSE_NOTES)))
                paused = True
                continue
            events.append(_Event(day, Status.IN_PROGRESS, progress, rng.choice(notes)))
            paused = False

    deadline = task.deadline
    roll = rng.random()
    if roll < diligence:
        span = max(1, (deadline - start).days)
        finish = deadline - timedelta(days=rng.randint(0, max(1, span // 4)))
        outcome = "on_time"
    elif roll < diligence + (1 - diligence) * 0.6:
        finish = deadline + timedelta(days=rng.randint(3, 45))
        outcome = "late"
    elif roll < diligence + (1 - diligence) * 0.8:
        finish, outcome = plan.HISTORY_UNTIL + timedelta(days=1), "open"
    else:
        finish, outcome = plan.HISTORY_UNTIL + timedelta(days=1), "paused"
    finish = max(finish, start + timedelta(days=3))

    middle = min(finish, deadline)
    progress = events[0].progress
    for index in range(rng.randint(1, 3)):
        gap = (middle - start).days
        if gap < 4:
            break
        day = start + timedelta(days=gap * (index + 1) // 4)
        progress = min(90, progress + rng.randint(15, 30))
        events.append(_Event(day, Status.IN_PROGRESS, progress, notes[(index + 1) % len(notes)]))

    last_day = max(event.day for event in events)
    if outcome in ("on_time", "late"):
        if outcome == "late" and item.late_notes and is_lead:
            late_day = deadline + timedelta(days=rng.randint(1, 3))
            if last_day < late_day < finish:
                events.append(
                    _Event(late_day, Status.IN_PROGRESS, progress, rng.choice(item.late_notes))
                )
        done_note = item.done_note if is_lead else "Hoàn thành phần việc phối hợp."
        events.append(_Event(finish, Status.DONE, 100, done_note, completed_on=finish))
    elif outcome == "paused":
        day = max(last_day, deadline - timedelta(days=10)) + timedelta(days=1)
        events.append(_Event(day, Status.PAUSED, progress, rng.choice(plan.PAUSE_NOTES)))
    else:
        day = max(last_day, deadline) + timedelta(days=rng.randint(5, 30))
        events.append(_Event(day, Status.IN_PROGRESS, progress, rng.choice(plan.OVERDUE_NOTES)))
    return sorted(events, key=lambda event: event.day)
