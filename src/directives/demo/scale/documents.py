"""Meetings, their conclusions, tasks and assignments, each assignment with its history."""

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from directives.demo.scale.base import (
    AS_OF,
    ASSIGNMENTS_AT_SCALE_1,
    FIRST_DAY,
    MEETINGS_AT_SCALE_1,
    Tally,
    insert_rows,
    moment,
)
from directives.demo.scale.history import assignment_row, history_of, update_rows
from directives.demo.scale.units import ORG, GeneratedUnit, Issuer, make_issuers
from directives.demo.scale.vocabulary import EXTENSION_REASONS, FIELDS, TASKS
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    ExtensionRequest,
    ExtensionStatus,
    Meeting,
    StatusUpdate,
    Task,
    conclusion_key,
    table,
)
from directives.text import fold


def _meeting_days(rng: random.Random, count: int) -> list[date]:
    first, last = FIRST_DAY.toordinal(), (AS_OF - timedelta(days=20)).toordinal()
    days = []
    for _ in range(count):
        day = date.fromordinal(rng.randint(first, last))
        if day.weekday() >= 5:  # meetings are held on working days
            day -= timedelta(days=day.weekday() - 4)
        days.append(day)
    return sorted(days)


def _budgets(rng: random.Random, total: int, count: int) -> list[int]:
    """Split ``total`` assignments over ``count`` meetings, unevenly."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(count)]
    scale = total / sum(weights)
    budgets, running, given = [], 0.0, 0
    for weight in weights:
        running += weight * scale
        budgets.append(round(running) - given)
        given = round(running)
    return budgets


def insert_documents(
    conn: Connection,
    rng: random.Random,
    scale: float,
    units: list[GeneratedUnit],
    admin_id: int,
    counts: Tally,
) -> None:
    issuers = make_issuers(units)
    # Each district meets about as often as its size; the province a little less than one.
    sizes = [float(len(issuer.supports)) for issuer in issuers[1:]]
    weights = [0.8 * sum(sizes) / len(sizes) if sizes else 1.0, *sizes]
    meeting_count = max(3, round(MEETINGS_AT_SCALE_1 * scale))
    days = _meeting_days(rng, meeting_count)
    budgets = _budgets(rng, max(20, round(ASSIGNMENTS_AT_SCALE_1 * scale)), meeting_count)
    numbers: dict[tuple[int, int], int] = {}

    meetings: list[dict[str, Any]] = []
    conclusions: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    extensions: list[dict[str, Any]] = []
    events: list[tuple[int, int, int, int, int, int, str, str | None]] = []
    until = AS_OF.toordinal()

    for meeting_id, (held_on, budget) in enumerate(zip(days, budgets, strict=True), start=1):
        issuer = rng.choices(issuers, weights)[0]
        field = rng.choice(FIELDS)
        meetings.append(_meeting_row(rng, meeting_id, held_on, issuer, field))
        issued_on = min(AS_OF, held_on + timedelta(days=rng.randint(2, 12)))
        key = (issuer.district, issued_on.year)
        numbers[key] = numbers.get(key, rng.randint(1, 30)) + rng.randint(1, 4)
        number = f"{numbers[key]}-{issuer.suffix}"
        conclusions.append(
            {
                "id": meeting_id,
                "meeting_id": meeting_id,
                "number": number,
                "issued_on": issued_on,
                "issuer": issuer.name,
                "signer": "T/L Ban Thường vụ, Chánh Văn phòng",
                "title": f"Kết luận của Ban Thường vụ {issuer.name} tại {meetings[-1]['title']}",
                "summary": f"Chỉ đạo trọng tâm về lĩnh vực {field.lower()}.",
                "full_text": None,
                "created_at": moment(issued_on.toordinal(), 9 * 60),
                "document_key": conclusion_key(issuer.name, number, issued_on),
            }
        )
        leads = [u for u in issuer.leads if u.valid_on(issued_on)]
        pool = [u for u in issuer.supports if u.valid_on(issued_on)]
        communes = [u for u in issuer.communes if u.valid_on(issued_on)]
        seq = 0
        while budget > 0:
            seq += 1
            task_id = len(tasks) + 1
            task_field = field if rng.random() < 0.5 else rng.choice(FIELDS)
            task, chosen_leads, supports, text = _task(
                rng, task_id, meeting_id, seq, issued_on, task_field, leads, pool, communes
            )
            task["assignees_text"] = text
            tasks.append(task)
            deadline = task["deadline"]
            roles = [(AssignmentRole.LEAD, u) for u in chosen_leads]
            roles += [(AssignmentRole.SUPPORT, u) for u in supports]
            for role, unit in roles:
                if budget <= 0:
                    break
                budget -= 1
                assignment_id = len(assignments) + 1
                limit = until if unit.valid_to is None else min(until, unit.valid_to.toordinal())
                extended = _extension(rng, assignment_id, issued_on, deadline, admin_id)
                if extended is not None:
                    extensions.append(extended)
                due = extended["proposed_deadline"] if extended else deadline
                history = history_of(
                    rng,
                    assignment_id,
                    issued_on.toordinal(),
                    due.toordinal() if due else None,
                    limit,
                    unit.diligence if unit.kind is not ORG else 0.9,
                    role is AssignmentRole.LEAD,
                )
                events.extend(history)
                row = assignment_row(assignment_id, task_id, unit.id, role, history)
                row["extended_deadline"] = due if extended else None
                assignments.append(row)

    counts.meetings = insert_rows(conn, table(Meeting), meetings)
    counts.conclusions = insert_rows(conn, table(Conclusion), conclusions)
    counts.tasks = insert_rows(conn, table(Task), tasks)
    counts.assignments = insert_rows(conn, table(Assignment), assignments)
    counts.extensions = insert_rows(conn, table(ExtensionRequest), extensions)
    del assignments
    events.sort()  # ids in the order the updates were recorded, as in a live database
    counts.updates = insert_rows(conn, table(StatusUpdate), update_rows(events, admin_id))


def _meeting_row(
    rng: random.Random, meeting_id: int, held_on: date, issuer: Issuer, field: str
) -> dict[str, Any]:
    year, month = held_on.year, held_on.month
    titles = (
        f"Hội nghị Ban Thường vụ {issuer.name} tháng {month}/{year}",
        f"Hội nghị sơ kết 6 tháng đầu năm {year}, triển khai nhiệm vụ 6 tháng cuối năm",
        f"Hội nghị tổng kết công tác {field.lower()} năm {year - 1}, "
        f"triển khai nhiệm vụ năm {year}",
        f"Hội nghị chuyên đề về {field.lower()} ({month}/{year})",
        f"Cuộc họp giao ban quý {(month - 1) // 3 + 1}/{year}",
    )
    return {
        "id": meeting_id,
        "title": rng.choice(titles),
        "held_on": held_on,
        "place": f"Hội trường {issuer.name}",
        "chaired_by": "Đồng chí Bí thư"
        if rng.random() < 0.5
        else "Đồng chí Phó Bí thư Thường trực",
        "attendees": "Ban Thường vụ; lãnh đạo các cơ quan, đơn vị liên quan",
        "created_at": moment(held_on.toordinal(), 15 * 60),
    }


def _task(
    rng: random.Random,
    task_id: int,
    conclusion_id: int,
    seq: int,
    issued_on: date,
    field: str,
    leads: list[GeneratedUnit],
    pool: list[GeneratedUnit],
    communes: list[GeneratedUnit],
) -> tuple[dict[str, Any], list[GeneratedUnit], list[GeneratedUnit], str]:
    place = rng.choice((f"năm {issued_on.year}", "trong thời gian tới", "trên địa bàn"))
    content = f"{rng.choice(TASKS[field])} {place}."
    deadline: date | None = None
    original: date | None = None
    if rng.random() >= 0.12:  # most tasks have a deadline; the rest are standing
        days = rng.choice((15, 30, 45, 60, 90, 90, 120, 180, 180, 270, 365))
        original = deadline = issued_on + timedelta(days=days)
        if rng.random() < 0.05:  # extended once
            deadline = original + timedelta(days=rng.randint(30, 120))
    roll = rng.random()
    if communes and len(communes) >= 3 and roll < 0.12:  # "các xã, thị trấn" lead their share
        chosen_leads = list(communes)
        supports = rng.sample(leads, min(len(leads), rng.randint(1, 2)))
        text = "Các xã, thị trấn"
    else:
        chosen_leads = rng.sample(leads, min(len(leads), 2 if rng.random() < 0.1 else 1))
        others = [u for u in pool if u not in chosen_leads]
        size = rng.randint(1, 4) if roll < 0.65 else rng.randint(5, 12) if roll < 0.93 else 0
        supports = rng.sample(others, min(len(others), size))
        text = ", ".join(u.short_name or u.name for u in chosen_leads)
    if supports:
        text = f"{text} chủ trì; {len(supports)} đơn vị phối hợp"
    row = {
        "id": task_id,
        "conclusion_id": conclusion_id,
        "seq": seq,
        "content": content,
        "search_text": fold(f"{content} {field}"),
        "field": field,
        "assignees_text": None,
        "assigned_on": issued_on,
        "deadline": deadline,
        "original_deadline": original,
        "created_at": moment(issued_on.toordinal(), 10 * 60),
    }
    return row, chosen_leads, supports, text[:500]


def _extension(
    rng: random.Random, assignment_id: int, issued_on: date, deadline: date | None, admin_id: int
) -> dict[str, Any] | None:
    """About one assignment in forty with a deadline got more time, approved before it fell due;
    the request, as an administrator recorded it for the unit."""
    if deadline is None or rng.random() >= 0.025:
        return None
    asked = max(issued_on + timedelta(days=1), deadline - timedelta(days=rng.randint(3, 20)))
    decided = asked + timedelta(days=rng.randint(1, 5))
    if decided > AS_OF:
        return None
    return {
        "assignment_id": assignment_id,
        "requested_by": admin_id,
        "requested_at": moment(asked.toordinal(), 9 * 60 + rng.randint(0, 420)),
        "current_deadline": deadline,
        "proposed_deadline": deadline + timedelta(days=rng.randint(30, 90)),
        "reason": rng.choice(EXTENSION_REASONS),
        "status": ExtensionStatus.APPROVED.value,
        "decided_by": admin_id,
        "decided_at": moment(decided.toordinal(), 14 * 60 + rng.randint(0, 120)),
        "decision_note": "Đồng ý gia hạn.",
    }
