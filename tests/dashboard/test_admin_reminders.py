"""Nhắc việc, gửi tin through AppTest on a copy of the demo: the preview, running today's
reminders once, the rules saved (and a bad one refused in Vietnamese), and a failed delivery
retried from the page."""

from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import AuditLog, Delivery, DeliveryStatus, Message
from tests.dashboard.conftest import admin_on, count, errors, metric

PAGE = "admin_reminders"
KEY = "admin_reminders"


def test_preview_then_run_once(demo_env: str) -> None:
    at = admin_on(demo_env, PAGE)
    assert not at.exception, at.exception
    assert metric(at, "Chờ gửi") == "0"
    assert any("Xem trước: ngày 15/10/2021, " in c.value for c in at.caption)
    preview = at.dataframe[0].value
    assert list(preview.columns) == ["Đơn vị", "Quá hạn", "Sắp đến hạn", "Tình trạng"]
    assert set(preview["Tình trạng"]) == {"Sẽ gửi"}
    assert count(demo_env, Message) == 0

    at.button(key=f"{KEY}.run.0").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith(f"Đã gửi nhắc việc tới {len(preview)} đơn vị")
    assert count(demo_env, Message) == len(preview)
    assert metric(at, "Chờ gửi") == str(len(preview))  # one secretary a unit, at example.org
    after = at.dataframe[0].value
    assert set(after["Tình trạng"]) == {"Đã gửi hôm nay"}
    assert at.button(key=f"{KEY}.run.1").disabled


def test_rules_are_saved_and_bad_ones_refused(demo_env: str) -> None:
    at = admin_on(demo_env, PAGE)
    at.text_input[0].set_value("10, 5")
    at.number_input[0].set_value(3)
    at.button[1].click().run()  # the form's submit button
    assert not at.exception, at.exception
    assert at.success[0].value == "Đã lưu quy tắc nhắc việc."
    assert at.text_input[0].value == "10, 5"
    at.text_input[0].set_value("bảy")
    at.button[1].click().run()
    assert any("số ngày nhắc trước hạn" in e for e in errors(at))
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        entries = session.exec(
            select(AuditLog).where(AuditLog.action == "reminder_rules.update")
        ).all()
    engine.dispose()
    assert len(entries) == 1


def test_a_failed_delivery_shows_its_reason_and_is_retried(demo_env: str) -> None:
    at = admin_on(demo_env, PAGE)
    at.button(key=f"{KEY}.run.0").click().run()
    engine = make_engine(demo_env)
    with session_scope(engine, write=True) as session:
        first = session.exec(select(Delivery).order_by(Delivery.id)).first()
        assert first is not None
        first.status = DeliveryStatus.FAILED
        first.attempts = 8
        first.last_error = "Không kết nối được máy chủ thư 127.0.0.1:25: máy chủ từ chối kết nối."
        session.add(first)
    at.run()
    failed = at.dataframe[-1].value
    assert list(failed["Lý do lỗi"]) == [first.last_error]
    assert list(failed["Kênh"]) == ["Thư điện tử"]
    assert metric(at, "Gửi lỗi") == "1"
    at.button(key=f"{KEY}.retry.1").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Đã đưa tin trở lại hàng chờ gửi."
    with session_scope(engine) as session:
        again = session.get(Delivery, first.id)
        assert again is not None and again.status == DeliveryStatus.PENDING
    engine.dispose()
