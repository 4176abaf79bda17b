"""The administration pages' reads (extension requests, units, accounts): one SELECT each, the
same rows the pages used to assemble one `session.get` at a time (both engines)."""

from datetime import date

from sqlmodel import Session, select

from directives.models import Assignment, Status, Task, Unit, User
from directives.queries.accounts import accounts_frame, unit_choices
from directives.queries.extensions import REQUEST_COLUMNS, extension_requests
from directives.queries.units import ADMIN_UNIT_COLUMNS, units_for_admin
from directives.services import extensions


def admin(session: Session) -> User:
    return session.exec(select(User).where(User.username == "quantri")).one()


def test_extension_requests_pending_and_decided(demo_session: Session) -> None:
    session = demo_session
    open_rows = [
        a
        for a, deadline in session.exec(
            select(Assignment, Task.deadline)
            .join(Task, Task.id == Assignment.task_id)  # type: ignore[arg-type]
            .order_by(Assignment.id)  # type: ignore[arg-type]
        ).all()
        if a.status in (Status.NOT_STARTED, Status.IN_PROGRESS) and deadline is not None
    ]
    first, second = open_rows[:2]
    asked = [
        extensions.request_extension(
            admin(session), row.id or 0, date(2022, 6, 30), "Chờ kinh phí", session=session
        )
        for row in (first, second)
    ]
    extensions.approve(admin(session), asked[0].id or 0, "Đồng ý", session=session)

    pending = extension_requests(session, pending=True)
    decided = extension_requests(session, pending=False, limit=10)
    assert list(pending.columns) == list(decided.columns) == REQUEST_COLUMNS
    assert list(pending["id"]) == [asked[1].id]
    row = decided.iloc[0]
    assert row["id"] == asked[0].id and row["status"] == "approved"
    unit = session.get(Unit, first.unit_id)
    assert unit is not None and row["unit"] == unit.name and row["conclusion"] == "215-TB/HU"
    assert row["deadline_now"] == date(2022, 6, 30), "the approval moved the unit's deadline"
    assert row["decided_by_username"] == "quantri" and row["decision_note"] == "Đồng ý"
    assert pending.iloc[0]["requested_by_username"] == "quantri"


def test_units_for_admin(demo_session: Session) -> None:
    frame = units_for_admin(demo_session).set_index("slug")
    assert list(frame.reset_index().columns) == [
        "slug",
        *[c for c in ADMIN_UNIT_COLUMNS if c != "slug"],
    ]
    assert len(frame) == len(demo_session.exec(select(Unit)).all())
    assert frame.loc["giao-tien", "successor"] == "Thị trấn Giao Thủy"
    assert frame.loc["giao-an", "open"] == sum(
        1
        for a in demo_session.exec(
            select(Assignment).where(Assignment.unit_id == int(frame.loc["giao-an", "id"]))
        ).all()
        if a.status in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.PAUSED)
    )
    assert frame.loc["giao-an", "short_name"] is not None


def test_accounts_frame(demo_session: Session) -> None:
    frame = accounts_frame(demo_session).set_index("username")
    assert list(frame.index) == sorted(frame.index)
    assert frame.loc["thuky.giao-an", "unit"] == "Xã Giao An"
    assert frame.loc["quantri", "unit"] == "" and frame.loc["quantri", "role"] == "admin"
    choices = unit_choices(demo_session)
    assert "Xã Giao An" in choices.values()
