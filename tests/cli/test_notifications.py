"""directives remind and directives worker on the demo: a dry run writes nothing, a run queues
one digest per unit, a second run the same day nothing more, and worker --once delivers them to
a real SMTP server."""

from pathlib import Path

import pytest
from click.testing import Result
from sqlmodel import select
from typer.testing import CliRunner

from directives.cli import app
from directives.db import make_engine, session_scope
from directives.models import Delivery, Message
from tests.mailserver import SmtpServer

runner = CliRunner()


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = (
            len(session.exec(select(Message.id)).all()),
            len(session.exec(select(Delivery.id)).all()),
        )
    engine.dispose()
    return found


def test_remind_then_worker_once(
    demo_url: str, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    dry = invoke("remind", "--as-of", "15/10/2021", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("Sẽ gửi ngày 15/10/2021: ")
    assert "(sẽ gửi)" in dry.stdout
    assert counts(demo_url) == (0, 0)

    first = invoke("remind")  # the demo's day
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Nhắc việc ngày 15/10/2021: ")
    units = first.stdout.count("(đã gửi)")
    assert units > 0 and counts(demo_url) == (units, units)

    second = invoke("remind", "--as-of", "2021-10-15")
    assert second.stdout.count("(đã gửi từ lần chạy trước)") == units
    assert counts(demo_url) == (units, units)

    sent = invoke("worker", "--once")
    assert sent.exit_code == 0, sent.output
    assert sent.stdout.startswith(f"Đã gửi {units}, sẽ thử lại 0, lỗi 0.")
    assert len(smtp_server.messages) == units
    idle = invoke("worker", "--once")
    assert idle.stdout.strip() == "Không có tin nào đến lượt gửi."
    assert len(smtp_server.messages) == units
