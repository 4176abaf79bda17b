"""Small page behaviours: a KPI that did not change shows no arrow; the completion day is
prefilled only for a finished task; the audit log's address column only when addresses exist."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import select
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from directives.db import make_engine, session_scope
from directives.models import Assignment, AuditLog, Status, Unit
from directives.ui.session import FOCUS_ASSIGNMENT_KEY
from directives.ui.widgets import is_no_change
from tests.dashboard.conftest import app_test


def test_no_change_is_told_apart_from_a_change() -> None:
    assert is_no_change("0") and is_no_change("0,0 điểm %") and is_no_change("-0,0 điểm %")
    assert not is_no_change("+1") and not is_no_change("-0,4 điểm %")


def test_a_kpi_that_did_not_change_has_no_arrow_and_no_colour(demo_env: str) -> None:
    at = app_test(demo_env).run()
    assert not at.exception
    with_delta = [m for m in at.metric if m.proto.delta]
    unchanged = [m for m in with_delta if is_no_change(m.proto.delta)]
    changed = [m for m in with_delta if not is_no_change(m.proto.delta)]
    assert unchanged and changed, "the demo's overview has both"
    for m in unchanged:
        assert m.proto.direction == MetricProto.MetricDirection.NONE, m.label
        assert m.proto.color == MetricProto.MetricColor.GRAY, m.label
    for m in changed:
        assert m.proto.direction != MetricProto.MetricDirection.NONE, m.label


def _secretary_assignment(url: str, status: Status) -> tuple[int, object]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == "giao-an")).one()
        row = session.exec(
            select(Assignment).where(Assignment.unit_id == unit.id, Assignment.status == status)
        ).first()
        assert row is not None and row.id is not None
        found = (row.id, row.completed_on)
    engine.dispose()
    return found


def _completion_input(url: str, assignment_id: int):  # type: ignore[no-untyped-def]
    at = app_test(url, "thuky.giao-an").run()
    at.session_state[FOCUS_ASSIGNMENT_KEY] = assignment_id
    at.switch_page("views/my_unit.py").run()
    assert not at.exception
    return next(d for d in at.date_input if d.label == "Ngày hoàn thành")


def test_the_completion_day_is_prefilled_only_for_a_finished_task(demo_env: str) -> None:
    in_progress, _ = _secretary_assignment(demo_env, Status.IN_PROGRESS)
    assert _completion_input(demo_env, in_progress).value is None
    done, completed_on = _secretary_assignment(demo_env, Status.DONE)
    assert _completion_input(demo_env, done).value == completed_on


def test_the_address_column_shows_only_when_some_entry_has_one(demo_env: str) -> None:
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        query = sa.select(sa.func.count()).where(AuditLog.address != None)  # noqa: E711
        assert session.execute(query).scalar_one() == 0, "no entry of the demo has an address"
    at = app_test(demo_env, "quantri").run()
    at.switch_page("views/audit_log.py").run()
    assert not at.exception
    assert "Địa chỉ IP" not in at.dataframe[0].value.columns

    with session_scope(engine, write=True) as session:
        session.add(
            AuditLog(at=datetime.now(UTC), username="quantri", address="10.0.0.7", action="login")
        )
    engine.dispose()
    at.run()
    log = at.dataframe[0].value
    assert "Địa chỉ IP" in log.columns and "10.0.0.7" in set(log["Địa chỉ IP"])
