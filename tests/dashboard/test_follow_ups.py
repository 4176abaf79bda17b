"""Đôn đốc on the pages: a leader sends follow-ups from the tasks page and sees them counted; the
giao ban page lists work overdue after three follow-ups, as cards, per briefing week."""

from datetime import date

from sqlmodel import col, select

from directives.db import make_engine, session_scope
from directives.i18n import column, ui
from directives.models import Assignment, FollowUp, Role, Status, Unit, User
from directives.queries.overview import top_overdue
from directives.queries.state import Filters
from directives.services import follow_ups, updates
from directives.services.updates import UpdateRequest
from directives.ui.pages import visible_to
from directives.ui.session import AS_OF_KEY, FOCUS_ASSIGNMENT_KEY, FOCUS_UNIT_KEY, LANG_KEY
from tests.dashboard.conftest import AS_OF, app_test, count, page_test, shown


def _overdue(url: str) -> tuple[int, str]:
    """An assignment overdue on the demo's day, and its unit's name."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        first = follow_ups.overdue_now(session=session, on=AS_OF)[0]
        assignment = session.get(Assignment, first)
        assert assignment is not None
        unit = session.get(Unit, assignment.unit_id)
        assert unit is not None
        name = unit.name
    engine.dispose()
    return first, name


def _press(url: str, assignment_id: int, days: list[date]) -> None:
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        leader = session.exec(select(User).where(User.username == "lanhdao")).one()
        for day in days:
            follow_ups.send(leader, [assignment_id], "Đề nghị báo cáo", session=session, on=day)
    engine.dispose()


def test_only_leaders_and_administrators_see_the_giao_ban_page() -> None:
    def names(role: Role) -> set[str]:
        return {page.name for pages in visible_to(role).values() for page in pages}

    assert "giao_ban" in names(Role.LEADER) and "giao_ban" in names(Role.ADMIN)
    assert "giao_ban" not in names(Role.SECRETARY)


def test_the_giao_ban_page_lists_work_after_the_third_follow_up(demo_env: str) -> None:
    at = page_test(demo_env, "giao_ban")
    assert not at.exception
    assert at.title[0].value == "Giao ban: việc cần lãnh đạo cho ý kiến"
    assert any("chưa có việc cần lãnh đạo cho ý kiến" in s.value for s in at.success)

    assignment_id, unit_name = _overdue(demo_env)
    _press(demo_env, assignment_id, [date(2021, 9, 20), date(2021, 10, 4)])
    at = page_test(demo_env, "giao_ban")
    assert any("chưa có việc" in s.value for s in at.success)  # two are not enough

    _press(demo_env, assignment_id, [date(2021, 10, 12)])
    at = page_test(demo_env, "giao_ban")
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Tuần 41 (11/10 – 17/10/2021)"]
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert unit_name in text and "Đôn đốc 3 lần" in text
    assert "Đôn đốc lần 1, 20/09/2021, Lãnh đạo Huyện ủy: Đề nghị báo cáo" in text
    assert "Đôn đốc lần 3, 12/10/2021, Lãnh đạo Huyện ủy" in text
    # as of the day before the third follow-up, it is not on the list yet
    at = page_test(demo_env, "giao_ban", **{AS_OF_KEY: date(2021, 10, 11)})
    assert any("chưa có việc" in s.value for s in at.success)


def test_a_leader_sends_a_follow_up_from_the_tasks_page(demo_env: str) -> None:
    assignment_id, unit_name = _overdue(demo_env)
    at = page_test(demo_env, "tasks", task_list_size=500)  # the demo's on one page
    assert not at.exception
    assert ui("send_follow_up") in [e.label for e in at.expander]
    at.multiselect(key="tasks_fu_pick").select(assignment_id)
    at.text_area(key="tasks_fu_note").input("Đề nghị hoàn thành trong tuần")
    at.button(key="tasks_fu_send").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert [shown(s.value) for s in at.success] == [
        f"Đã gửi đôn đốc lần 1 tới {unit_name}: 1 nhiệm vụ"
    ]
    table = at.dataframe[0].value
    ids = table[column("assignment_id")].astype(int)
    counted = table[column("follow_ups")]
    assert counted[ids == assignment_id].tolist() == [1]
    assert int(counted.sum()) == 1
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        row = session.exec(select(FollowUp)).one()
        assert (row.assignment_id, row.happened_on, row.note) == (
            assignment_id,
            AS_OF,
            "Đề nghị hoàn thành trong tuần",
        )
    engine.dispose()


def test_a_secretary_has_no_follow_up_panel(demo_env: str) -> None:
    at = app_test(demo_env, "thuky.giao-an").run()
    at = at.switch_page("views/tasks.py").run()
    assert not at.exception
    assert ui("send_follow_up") not in [e.label for e in at.expander]


def _unit_of(url: str, assignment_id: int) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        assignment = session.get(Assignment, assignment_id)
        assert assignment is not None
        unit_id = assignment.unit_id
    engine.dispose()
    return unit_id


def test_a_leader_presses_all_overdue_work_of_a_commune(demo_env: str) -> None:
    assignment_id, unit_name = _overdue(demo_env)
    unit_id = _unit_of(demo_env, assignment_id)
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        expected = follow_ups.overdue_now(session=session, on=AS_OF, unit_id=unit_id)
    engine.dispose()
    at = page_test(demo_env, "communes", **{FOCUS_UNIT_KEY: unit_id})
    assert not at.exception
    at.radio(key="unit_fu_scope").set_value("unit")
    at.button(key="unit_fu_send").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [shown(s.value) for s in at.success] == [
        f"Đã gửi đôn đốc lần 1 tới {unit_name}: {len(expected)} nhiệm vụ"
    ]
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        rows = session.exec(select(FollowUp)).all()
        assert sorted(r.assignment_id for r in rows) == sorted(expected)
        assert len({r.message_id for r in rows}) == 1  # one message to the commune
    engine.dispose()


def test_work_finished_meanwhile_is_refused_in_vietnamese(demo_env: str) -> None:
    assignment_id, unit_name = _overdue(demo_env)
    at = page_test(demo_env, "tasks", task_list_size=500)  # the demo's on one page
    at.multiselect(key="tasks_fu_pick").select(assignment_id)
    engine = make_engine(demo_env)
    with session_scope(engine, write=True) as session:  # the commune reports it done meanwhile
        admin = session.exec(select(User).where(User.username == "quantri")).one()
        updates.record_update(
            session=session,
            actor=admin,
            assignment_id=assignment_id,
            request=UpdateRequest(Status.DONE, 100, completed_on=date(2021, 11, 30)),
            today=date(2021, 11, 30),  # after the demo's last update
        )
    engine.dispose()
    at.button(key="tasks_fu_send").click().run()
    assert not at.exception and not at.success
    [error] = [shown(e.value) for e in at.error]
    assert error.startswith("Có 1 nhiệm vụ không đôn đốc được, chưa gửi gì:")
    assert f"{unit_name}, Kết luận " in error and "đã hoàn thành, không cần đôn đốc" in error
    assert count(demo_env, FollowUp) == 0


def test_the_secretary_sees_the_count_and_the_follow_ups_in_the_history(demo_env: str) -> None:
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == "giao-an")).one()
        query = select(Assignment.id).where(
            Assignment.unit_id == unit.id,
            col(Assignment.status).in_([s.value for s in follow_ups.SENDABLE]),
        )
        ids = sorted(int(i or 0) for i in session.exec(query).all())
    engine.dispose()
    assert ids, "Xã Giao An has open work"
    _press(demo_env, ids[0], [date(2021, 10, 4), date(2021, 10, 12)])
    at = app_test(demo_env, "thuky.giao-an").run()
    at.session_state[FOCUS_ASSIGNMENT_KEY] = ids[0]
    at = at.switch_page("views/my_unit.py").run()
    assert not at.exception
    listing = at.dataframe[0].value
    assert sorted(listing[ui("follow_ups")].tolist())[-1] == 2
    assert int(listing[ui("follow_ups")].sum()) == 2
    history = at.dataframe[-1].value
    pressed = history[history[ui("note")].str.startswith("Đôn đốc", na=False)]
    assert pressed[ui("note")].tolist() == [
        "Đôn đốc lần 2: Đề nghị báo cáo",
        "Đôn đốc lần 1: Đề nghị báo cáo",
    ]  # newest first, among the unit's own reports
    assert pressed[ui("updated_by")].tolist() == ["Lãnh đạo Huyện ủy"] * 2
    assert pressed[ui("happened_on")].tolist() == [date(2021, 10, 12), date(2021, 10, 4)]


def test_the_overviews_longest_overdue_show_their_follow_ups(demo_env: str) -> None:
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        first = int(top_overdue(session, Filters(as_of=AS_OF)).iloc[0]["assignment_id"])
    engine.dispose()
    _press(demo_env, first, [date(2021, 10, 4), date(2021, 10, 12)])
    at = app_test(demo_env).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table[column("follow_ups")].tolist()[0] == 2
    assert int(table[column("follow_ups")].sum()) == 2


def test_the_giao_ban_page_in_english(demo_env: str) -> None:
    assignment_id, _ = _overdue(demo_env)
    _press(demo_env, assignment_id, [date(2021, 9, 20), date(2021, 10, 4), date(2021, 10, 12)])
    at = page_test(demo_env, "giao_ban", **{LANG_KEY: "en"})
    assert not at.exception
    assert at.title[0].value == "Weekly briefing: work that needs a leader's word"
    assert [h.value for h in at.subheader] == ["Week 41 (11/10 – 17/10/2021)"]
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert "3 follow-ups" in text and "Follow-up 1, 20/09/2021" in text
