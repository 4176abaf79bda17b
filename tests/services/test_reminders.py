"""The day's reminder run on the demo: one digest per unit with due or overdue work, in
Vietnamese, delivered by email through a real SMTP server; a second run the same day sends
nothing. The units are computed here again, one assignment at a time, from the history."""

from collections import defaultdict
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from directives import jobs
from directives.db import session_scope
from directives.models import (
    Assignment,
    AuditLog,
    Delivery,
    ExtensionRequest,
    ExtensionStatus,
    InboxItem,
    Message,
    Role,
    Status,
    StatusUpdate,
    Task,
    User,
)
from directives.queries.state import end_of_day
from directives.services import reminder_rules, reminders
from tests.mailserver import SmtpServer

AS_OF = date(2021, 10, 15)
REMINDED = (Status.NOT_STARTED, Status.IN_PROGRESS)


def expected_units(session: Session, day: date) -> dict[int, int]:
    """Per unit with a reminder on ``day`` under the default rules, how many lines its digest
    has (overdue, or due within 7 days): walked assignment by assignment."""
    cutoff = end_of_day(day, "Asia/Ho_Chi_Minh")
    lines: dict[int, int] = defaultdict(int)
    triggered: set[int] = set()
    for assignment in session.exec(select(Assignment)).all():
        task = session.get(Task, assignment.task_id)
        assert task is not None
        if task.deadline is None or task.assigned_on > day:
            continue
        if assignment.counts_from and assignment.counts_from > day:
            continue
        if assignment.counts_until and assignment.counts_until < day:
            continue
        updates = session.exec(
            select(StatusUpdate).where(
                StatusUpdate.assignment_id == assignment.id, col(StatusUpdate.happened_on) <= day
            )
        ).all()
        latest = max(updates, key=lambda u: (u.happened_on, u.at, u.id or 0), default=None)
        status = latest.to_status if latest else Status.NOT_STARTED
        if Status(status) not in REMINDED:
            continue
        requests = session.exec(
            select(ExtensionRequest).where(ExtensionRequest.assignment_id == assignment.id)
        ).all()
        if any(
            r.requested_at < cutoff and (r.decided_at is None or r.decided_at >= cutoff)
            for r in requests
        ):
            continue
        approved = [r for r in requests if r.status == ExtensionStatus.APPROVED]
        deadline = task.deadline
        if approved:
            granted = [
                r.proposed_deadline for r in approved if r.decided_at and r.decided_at < cutoff
            ]
            if granted and max(granted) > deadline:
                deadline = max(granted)
        elif assignment.extended_deadline:
            deadline = assignment.extended_deadline
        left = (deadline - day).days
        if left <= 7:
            lines[assignment.unit_id] += 1
        if left in (7, 3, 1, 0) or left < 0:
            triggered.add(assignment.unit_id)
    return {unit: lines[unit] for unit in triggered}


def secretaries_with_email(session: Session, unit_ids: set[int]) -> int:
    return len(
        session.exec(
            select(User.id).where(
                col(User.unit_id).in_(unit_ids),
                User.role == Role.SECRETARY,
                col(User.is_active),
                col(User.email).is_not(None),
            )
        ).all()
    )


def test_the_demo_reminds_each_unit_with_due_or_overdue_work_once(
    demo_engine: Engine, smtp_server: SmtpServer
) -> None:
    with session_scope(demo_engine) as session:
        expected = expected_units(session, AS_OF)
    assert expected, "the demo has overdue work on 15/10/2021"
    digests = jobs.remind(demo_engine, AS_OF)
    assert {d.unit_id: d.due_soon + d.overdue for d in digests} == expected
    assert all(d.posted for d in digests)
    with session_scope(demo_engine) as session:
        recipients = secretaries_with_email(session, set(expected))
        assert recipients == len(expected)  # the demo: one secretary a unit, at example.org
        inbox = len(session.exec(select(InboxItem.id)).all())
        assert inbox == recipients
        audit = session.exec(select(AuditLog).where(AuditLog.action == "reminders.run")).all()
        assert len(audit) == 1

    report = jobs.deliver_due(demo_engine)
    assert (report.sent, report.failed, report.retrying) == (recipients, 0, 0)
    mails = smtp_server.messages
    assert len(mails) == recipients
    for mail in mails:
        assert str(mail["To"]).endswith("@example.org")
        assert str(mail["Subject"]).startswith("Nhắc việc ngày 15/10/2021: ")
        body = mail.get_content()
        assert "Kính gửi " in body and "quá hạn" in body
        assert "/viec-cua-don-vi?phan_cong=" in body
        assert "Kết luận 215-TB/HU; hạn " in body

    again = jobs.remind(demo_engine, AS_OF)
    assert [d.unit_id for d in again] == [d.unit_id for d in digests]
    assert not any(d.posted for d in again) and all(d.sent_before for d in again)
    assert jobs.deliver_due(demo_engine).sent == 0
    assert len(smtp_server.messages) == recipients
    with session_scope(demo_engine) as session:
        assert len(session.exec(select(Message.id)).all()) == len(expected)
        assert len(session.exec(select(Delivery.id)).all()) == recipients
        assert (
            len(session.exec(select(AuditLog).where(AuditLog.action == "reminders.run")).all()) == 1
        )


def test_a_dry_run_writes_nothing(demo_session: Session) -> None:
    planned = reminders.run(demo_session, AS_OF, dry_run=True)
    assert planned and not any(d.posted or d.sent_before for d in planned)
    assert demo_session.exec(select(Message.id)).first() is None


def test_a_digest_reads_in_vietnamese_with_dates_dd_mm_yyyy(demo_session: Session) -> None:
    digest = reminders.plan(demo_session, AS_OF)[0]
    assert digest.key == f"reminder:{digest.unit_id}:2021-10-15"
    assert digest.body.startswith(f"Kính gửi {digest.unit_name},")
    assert "Đến ngày 15/10/2021, đơn vị có " in digest.body
    assert "Đề nghị đơn vị cập nhật tiến độ" in digest.body


def test_the_rules_decide_the_days(demo_session: Session) -> None:
    admin = demo_session.exec(select(User).where(User.username == "quantri")).one()
    everyday = {d.unit_id for d in reminders.plan(demo_session, AS_OF)}
    rules = reminder_rules.ReminderRules(days_before=(7, 3, 1), overdue_every=0)
    reminder_rules.save(admin, rules, session=demo_session)
    without_overdue = {d.unit_id for d in reminders.plan(demo_session, AS_OF)}
    assert without_overdue < everyday  # the demo's late work alone no longer reminds
