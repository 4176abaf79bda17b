"""The day's reminder run: per unit, one digest of its due-soon and overdue assignments on the
days the rules name, posted through :func:`directives.services.messages.post` in the caller's
transaction. Its key, ``reminder:<unit>:<day>``, makes a second run the same day write nothing.
"""

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import groupby

from sqlmodel import Session, col, select

from directives.config import get_settings
from directives.models import MessageKind, Role, User
from directives.queries.reminders import DueLine, due_lines
from directives.services import audit, messages, reminder_rules
from directives.services.meta import bump_data_version

UNIT_PAGE = "/viec-cua-don-vi"
"""The secretaries' page of their unit's work; ``?phan_cong=<id>`` opens one assignment."""
LINK_PARAM = "phan_cong"
CONTENT_CHARS = 120


@dataclass(frozen=True)
class Digest:
    """One unit's reminder for the day."""

    unit_id: int
    unit_name: str
    key: str
    subject: str
    body: str
    due_soon: int  # assignments due today or later
    overdue: int
    posted: bool  # written by this run
    sent_before: bool = False  # posted by an earlier run of the same day


def key_for(unit_id: int, day: date) -> str:
    return f"reminder:{unit_id}:{day.isoformat()}"


def link(assignment_id: int | None = None) -> str:
    base = (get_settings().public_url or "").rstrip("/") + UNIT_PAGE
    return base if assignment_id is None else f"{base}?{LINK_PARAM}={assignment_id}"


@lru_cache(maxsize=65536)  # a province's digests repeat the same tasks and days many times
def dd_mm_yyyy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@lru_cache(maxsize=65536)
def shorten(text: str, limit: int = CONTENT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def when_text(days_left: int) -> str:
    if days_left > 0:
        return f"còn {days_left} ngày"
    if days_left == 0:
        return "đến hạn hôm nay"
    return f"quá hạn {-days_left} ngày"


def compose(unit_id: int, unit_name: str, day: date, lines: list[DueLine]) -> Digest:
    """The digest's subject and body, in Vietnamese, dates dd/mm/yyyy."""
    overdue = [line for line in lines if line.days_left < 0]
    soon = [line for line in lines if line.days_left >= 0]
    counts = []
    if soon:
        counts.append(f"{len(soon)} nhiệm vụ sắp đến hạn")
    if overdue:
        counts.append(f"{len(overdue)} nhiệm vụ quá hạn")
    subject = f"Nhắc việc ngày {day:%d/%m/%Y}: {', '.join(counts)} ({unit_name})"
    parts = [
        f"Kính gửi {unit_name},",
        "",
        f"Đến ngày {day:%d/%m/%Y}, đơn vị có {' và '.join(counts)}:",
    ]
    one = f"{link()}?{LINK_PARAM}="
    for heading, group in (("Quá hạn", overdue), ("Sắp đến hạn", soon)):
        if not group:
            continue
        parts += ["", f"{heading}:"]
        for number, line in enumerate(group, start=1):
            parts.append(
                f"{number}. {shorten(line.task_content)} (Kết luận {line.conclusion_number}; "
                f"hạn {dd_mm_yyyy(line.deadline)}, {when_text(line.days_left)})\n"
                f"   {one}{line.assignment_id}"
            )
    parts += [
        "",
        f"Đề nghị đơn vị cập nhật tiến độ hoặc đề nghị gia hạn tại {link()}.",
        "Tin nhắn tự động của hệ thống theo dõi thực hiện kết luận.",
    ]
    return Digest(
        unit_id=unit_id,
        unit_name=unit_name,
        key=key_for(unit_id, day),
        subject=subject[:300],
        body="\n".join(parts),
        due_soon=len(soon),
        overdue=len(overdue),
        posted=False,
    )


def plan(session: Session, as_of: date) -> list[Digest]:
    """The digests the rules decide for ``as_of``; nothing written. A unit gets one when at
    least one of its open assignments is on a reminder day of the rules (so many days before
    its deadline, the deadline day, a day of the overdue cadence); the digest then lists all
    its overdue work and all its work due within the largest "days before" (the whole picture,
    not only what fell on that day)."""
    rules = reminder_rules.load(session)
    lines = due_lines(
        session,
        as_of,
        horizon=max((*rules.days_before, 0)),
        timezone=get_settings().timezone,
    )
    digests = []
    for unit_id, group in groupby(lines, key=lambda line: line.unit_id):
        unit_lines = sorted(group, key=lambda line: (line.days_left, line.assignment_id))
        if any(rules.reminds_on(line.days_left) for line in unit_lines):
            digests.append(compose(unit_id, unit_lines[0].unit_name, as_of, unit_lines))
    return digests


def run(
    session: Session,
    as_of: date,
    actor: User | None = None,
    dry_run: bool = False,
) -> list[Digest]:
    """Decide the day's digests and, unless ``dry_run``, post each to the unit's secretaries
    (and the leaders, by the copy rule) in the caller's transaction. A digest already posted
    for that unit and day is left as it is (``posted`` False); a run that posts something is
    audited once, with the units it reached."""
    digests = plan(session, as_of)
    if dry_run:
        return [replace(d, sent_before=messages.exists(d.key, session=session)) for d in digests]
    rules = reminder_rules.load(session)
    copies = tuple(messages.leaders(session=session)) if rules.copy_leaders else ()
    secretaries = _secretaries(session, {d.unit_id for d in digests})
    drafts = [
        messages.Draft(
            key=digest.key,
            kind=MessageKind.REMINDER,
            subject=digest.subject,
            body=digest.body,
            recipients=(*secretaries.get(digest.unit_id, ()), *copies),
            unit_id=digest.unit_id,
            link=link(),
            created_by=actor.id if actor else None,
        )
        for digest in digests
    ]
    posted_messages = messages.post_many(drafts, session=session)
    done = [
        replace(digest, posted=message is not None, sent_before=message is None)
        for digest, message in zip(digests, posted_messages, strict=True)
    ]
    posted = [d for d in done if d.posted]
    if posted:
        audit.record(
            session=session,
            actor=actor,
            username=None if actor else "hệ thống",
            action="reminders.run",
            entity="message",
            after={
                "as_of": as_of,
                "units": [d.unit_id for d in posted],
                "messages": len(posted),
            },
        )
        bump_data_version(session=session, assignments=())  # no assignment changes
    return done


def _secretaries(session: Session, unit_ids: set[int]) -> dict[int, list[User]]:
    """The active secretaries of these units, by unit, in one query (as
    :func:`messages.secretaries_of` finds them one unit at a time)."""
    found: dict[int, list[User]] = {}
    query = (
        select(User)
        .where(col(User.unit_id).in_(unit_ids), User.role == Role.SECRETARY, col(User.is_active))
        .order_by(col(User.id))
    )
    for user in session.exec(query).all():
        assert user.unit_id is not None
        found.setdefault(user.unit_id, []).append(user)
    return found
