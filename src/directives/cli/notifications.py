"""Notifications: remind (the day's reminder rules, for cron or a systemd timer) and worker
(delivers the outbox by email and webhook)."""

import time
from datetime import date
from typing import Annotated

import typer

from directives.cli.app import app
from directives.cli.common import database_url
from directives.cli.errors import day, fail


@app.command()
def remind(
    as_of: Annotated[
        date | None,
        typer.Option(
            "--as-of",
            parser=day("--as-of"),
            help="YYYY-MM-DD or dd/mm/yyyy; default: the demo's day or today",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Chỉ in những tin sẽ gửi, không ghi gì."),
    ] = False,
) -> None:
    """Run the reminder rules once for a day: one digest per unit with due-soon or overdue
    work, to its secretaries (and leaders, by the copy rule), queued for the worker. A second
    run the same day sends nothing.

    Example: directives remind --as-of 15/10/2021 --dry-run
    """
    from directives import jobs
    from directives.db import make_engine, session_scope
    from directives.services.meta import default_as_of

    engine = make_engine(database_url())
    try:
        if as_of is None:
            with session_scope(engine) as session:
                as_of = default_as_of(session=session)
        digests = jobs.remind(engine, as_of, dry_run=dry_run)
    finally:
        engine.dispose()
    head = "Sẽ gửi" if dry_run else "Nhắc việc"
    typer.echo(f"{head} ngày {as_of:%d/%m/%Y}: {len(digests)} đơn vị có việc sắp đến hạn, quá hạn.")
    for digest in digests:
        if digest.posted:
            state = "đã gửi"
        elif digest.sent_before:
            state = "đã gửi từ lần chạy trước"
        else:
            state = "sẽ gửi"
        typer.echo(
            f"  {digest.unit_name}: {digest.overdue} quá hạn, {digest.due_soon} sắp đến hạn "
            f"({state})"
        )


@app.command()
def worker(
    once: Annotated[
        bool,
        typer.Option("--once", help="Gửi những tin đến lượt rồi dừng (cho cron)."),
    ] = False,
    interval: Annotated[
        float,
        typer.Option(min=1.0, max=3600.0, help="Giây nghỉ giữa hai lượt gửi khi chạy liên tục."),
    ] = 15.0,
) -> None:
    """Deliver the outbox: email over SMTP (DIRECTIVES_SMTP_*) and the webhook
    (DIRECTIVES_WEBHOOK_URL), retrying failures with growing waits. Without --once it keeps
    running; stop it with Ctrl+C.

    Example: directives worker --once
    """
    from directives import jobs
    from directives.db import make_engine

    engine = make_engine(database_url())
    name = jobs.worker_name()
    try:
        while True:
            report = jobs.deliver_due(engine, worker=name)
            if report.sent or report.retrying or report.failed:
                typer.echo(
                    f"Đã gửi {report.sent}, sẽ thử lại {report.retrying}, lỗi {report.failed}."
                )
            for reason in dict.fromkeys(report.errors):
                typer.echo(f"  {reason}", err=True)
            if once:
                if not (report.sent or report.retrying or report.failed):
                    typer.echo("Không có tin nào đến lượt gửi.")
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("Đã dừng gửi tin.")
    except OSError as error:
        fail(f"không mở được cơ sở dữ liệu ({error}).")
    finally:
        engine.dispose()
