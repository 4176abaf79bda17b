"""serve: migrate, say how to log in, hand over to Streamlit."""

import os
import sys
from typing import Annotated

import typer
from sqlmodel import select

from directives.cli.app import app
from directives.cli.common import FIRST_STEPS, database, is_demo_database, is_empty, load_demo
from directives.config import PROJECT_ROOT, get_settings
from directives.db import upgrade
from directives.models import User


@app.command()
def serve(
    demo_if_empty: Annotated[
        bool,
        typer.Option(
            help="Nạp dữ liệu demo khi cơ sở dữ liệu mặc định (data/directives.db) còn trống; "
            "cơ sở dữ liệu do người dùng chỉ định (DIRECTIVES_DATABASE_URL) không bao giờ được "
            "nạp demo."
        ),
    ] = False,
    jobs: Annotated[
        bool,
        typer.Option(
            help="Chạy nền nhắc việc hằng ngày (sau giờ DIRECTIVES_REMIND_HOUR) và gửi tin "
            "(thư điện tử, webhook); khi nhiều tiến trình cùng chạy, chỉ một tiến trình giữ khóa "
            "và làm việc này."
        ),
    ] = True,
) -> None:
    """Migrate, load the demo into the default database if it is new and this is asked (never
    into a database the user named), print how to log in or how to start, and serve the
    dashboard on DIRECTIVES_HOST:DIRECTIVES_PORT.

    With --jobs (the default) the dashboard process also runs the day's reminders and the
    delivery worker in the background; with several processes one wins a lock and does it.

    Example: directives serve --demo-if-empty
    """
    settings = get_settings()
    upgrade(settings.database_url)
    url = settings.database_url
    if demo_if_empty and is_demo_database(url) and is_empty(url):
        typer.echo("Cơ sở dữ liệu demo mới: đang nạp dữ liệu demo (một huyện năm 2021)…")
        load_demo(url)
    _print_login(settings.database_url, settings.host, settings.port)
    app_file = PROJECT_ROOT / "dashboard" / "app.py"
    from directives.importers import documents, workbook

    # Streamlit's own cap on an upload (200 MB by default) down to the largest file a page takes.
    upload_mb = max(settings.evidence_max_mb, workbook.MAX_FILE_MB, documents.MAX_MB)
    command = [
        sys.executable,
        "-m",
        "directives.ui.launch",  # Streamlit's command line, the pages' modules imported first
        "run",
        str(app_file),
        "--server.address",
        settings.host,
        "--server.port",
        str(settings.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxUploadSize",
        str(upload_mb),
    ]
    # Streamlit's process alone runs the reminders and the deliveries: this one's environment
    # stays as it was (a test calling serve must not start them in its own process).
    env = {**os.environ, "DIRECTIVES_BACKGROUND_JOBS": "true" if jobs else "false"}
    os.execve(sys.executable, command, env)  # noqa: S606  (replaces this process by Streamlit)


def _print_login(url: str, host: str, port: int) -> None:
    from directives.services import deployment
    from directives.services.accounts import DEMO_PASSWORD, is_demo

    with database(url) as session:
        demo_db = is_demo(session=session)
        has_users = session.exec(select(User)).first() is not None
        identified = deployment.is_set(session=session)
    typer.echo(f"\nBảng điều khiển / Dashboard: http://{host}:{port}")
    if demo_db:
        typer.echo(
            f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):\n"
            "  lanhdao            lãnh đạo (xem, đôn đốc, yêu cầu giải trình)\n"
            "  quantri            quản trị\n"
            "  thuky.<đơn vị>     thư ký mỗi đơn vị, ví dụ thuky.giao-an, thuky.ban-dan-van\n"
            "  (danh sách đầy đủ: .venv/bin/directives users list)\n"
        )
    elif not has_users:
        typer.echo(FIRST_STEPS)
    elif not identified:
        typer.echo(
            "Chưa khai báo cơ quan (cấp, các cơ quan ban hành): tiêu đề và hướng dẫn đang dùng "
            "cách gọi mặc định. Khai báo trên trang “Thông tin cơ quan” hoặc bằng\n"
            '  directives init-db --level tinh|xa --issuer "…"\n'
        )
