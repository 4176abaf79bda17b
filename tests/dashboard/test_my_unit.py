"""The secretaries' page: own unit only, updates saved with history and audit, conflicts caught."""

from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import Assignment, AuditLog, StatusUpdate, Unit, User
from directives.services import updates
from directives.ui.session import FOCUS_ASSIGNMENT_KEY
from tests.dashboard.conftest import app_test


def _ids(url: str, slug: str) -> list[int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == slug)).one()
        rows = session.exec(select(Assignment.id).where(Assignment.unit_id == unit.id)).all()
    engine.dispose()
    return sorted(int(r) for r in rows if r is not None)


def _count(url: str, model: type, **where: object) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        query = sa.select(sa.func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        result = int(session.execute(query).scalar_one())
    engine.dispose()
    return result


def _open(url: str, username: str, assignment_id: int | None = None):
    at = app_test(url, username).run()
    if assignment_id is not None:
        at.session_state[FOCUS_ASSIGNMENT_KEY] = assignment_id
    return at.switch_page("views/my_unit.py").run()


def test_secretary_sees_only_their_unit(demo_env: str) -> None:
    at = _open(demo_env, "thuky.giao-an")
    assert not at.exception
    assert at.title[0].value == "Việc của đơn vị: Xã Giao An"
    table = at.dataframe[0].value
    assert len(table) == len(_ids(demo_env, "giao-an"))
    first = table.iloc[0]["Tình trạng"]
    assert first in ("Quá hạn", "Sắp đến hạn", "Chưa thực hiện", "Đang thực hiện trong hạn")


def test_secretary_saves_an_update_with_history_and_audit(demo_env: str) -> None:
    mine = _ids(demo_env, "giao-an")[0]
    before = _count(demo_env, StatusUpdate, assignment_id=mine)
    at = _open(demo_env, "thuky.giao-an", mine)
    assert not at.exception
    at.text_area[0].set_value("Đã họp chi bộ, triển khai đến các thôn.")
    at.slider[0].set_value(60)
    next(b for b in at.button if b.label == "Lưu cập nhật").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert _count(demo_env, StatusUpdate, assignment_id=mine) == before + 1
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        update = session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.assignment_id == mine)
            .order_by(sa.desc(StatusUpdate.id))
        ).first()
        author = session.get(User, update.user_id)
        audit = session.exec(
            select(AuditLog).where(
                AuditLog.action == "assignment.update", AuditLog.entity_id == str(mine)
            )
        ).all()
    engine.dispose()
    assert update.note == "Đã họp chi bộ, triển khai đến các thôn."
    assert update.progress == 60
    assert author.username == "thuky.giao-an"
    assert audit, "the change is in the audit log"


def test_a_stale_form_gets_a_conflict_not_a_lost_update(demo_env: str) -> None:
    mine = _ids(demo_env, "giao-an")[0]
    first = _open(demo_env, "thuky.giao-an", mine)
    second = _open(demo_env, "thuky.giao-an", mine)  # a second browser tab or colleague
    first.text_area[0].set_value("Lần cập nhật thứ nhất")
    next(b for b in first.button if b.label == "Lưu cập nhật").click().run()
    assert not first.error
    before = _count(demo_env, StatusUpdate, assignment_id=mine)
    second.text_area[0].set_value("Lần cập nhật thứ hai, dựa trên bản cũ")
    next(b for b in second.button if b.label == "Lưu cập nhật").click().run()
    assert second.error, "the second save is refused"
    assert "Lần cập nhật thứ nhất" in second.error[0].value, "the message shows what changed"
    assert _count(demo_env, StatusUpdate, assignment_id=mine) == before, "nothing written"


def test_leader_has_no_update_page(demo_env: str) -> None:
    at = app_test(demo_env, "lanhdao").run()
    assert not at.exception
    titles = [p["page_name"] if isinstance(p, dict) else str(p) for p in at.get("sidebar")]
    assert "Việc của đơn vị" not in " ".join(titles)


def test_a_secretary_gives_the_day_a_change_happened(demo_env: str) -> None:
    mine = _ids(demo_env, "giao-an")[0]
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        last = updates.latest_happened(mine, session=session)
    engine.dispose()
    day = (last or date(2021, 1, 12)) + timedelta(days=1)
    at = _open(demo_env, "thuky.giao-an", mine)
    assert not at.exception
    assert [r.options for r in at.radio if r.label == "Tính theo"] == [
        ["Ngày xảy ra", "Ngày báo cáo"]
    ]
    next(d for d in at.date_input if d.label == "Ngày thay đổi").set_value(day)
    at.slider[0].set_value(70)
    next(b for b in at.button if b.label == "Lưu cập nhật").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        update = session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.assignment_id == mine)
            .order_by(sa.desc(StatusUpdate.id))
        ).first()
    engine.dispose()
    assert update is not None and (update.happened_on, update.progress) == (day, 70)
    history = at.dataframe[-1].value
    assert f"xảy ra ngày {day:%d/%m/%Y}" in history["Ghi lùi ngày"].iloc[0]
