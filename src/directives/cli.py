"""The command line: ``directives --help``."""

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from sqlalchemy import Engine
from sqlmodel import Session, select

from directives.config import PROJECT_ROOT, get_settings
from directives.db import make_engine, session_scope, upgrade
from directives.models import Role, Unit, User

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Theo dõi thực hiện kết luận của hội nghị: directives of a district, unit by unit.",
    no_args_is_help=True,
    add_completion=False,
)
users_app = typer.Typer(help="Tài khoản: add or list users.", no_args_is_help=True)
export_app = typer.Typer(help="Xuất dữ liệu: export figures to CSV or Excel.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(export_app, name="export")
import_app = typer.Typer(
    help="Nhập từ Excel: status updates or tasks, all or nothing.", no_args_is_help=True
)
app.add_typer(import_app, name="import")


def _url() -> str:
    return get_settings().database_url


def _is_empty(url: str) -> bool:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return session.exec(select(Unit)).first() is None
    finally:
        engine.dispose()


@app.command("init-db")
def init_db() -> None:
    """Create the database or bring it to the latest schema (Alembic migrations).

    Example: DIRECTIVES_DATABASE_URL=sqlite:///data/directives.db directives init-db
    """
    upgrade(_url())
    typer.echo("Cơ sở dữ liệu đã sẵn sàng (schema mới nhất).")


@app.command()
def demo(
    scale: Annotated[
        float | None,
        typer.Option(
            help="Instead of the Giao Thủy demo, generate a province-sized database for the "
            "benchmark: 1.0 ≈ 1,000 units, 200,000 assignments, 1,000,000 status updates "
            "over 10 years; 0.01 is a small one."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed of the generated data")] = 2021,
) -> None:
    """Load the Giao Thủy 2021 demo into an empty database (migrating it first).

    Example: directives demo            (or: directives demo --scale 1.0 for the benchmark data)
    """
    url = _url()
    upgrade(url)
    if not _is_empty(url):
        typer.echo(
            "Lỗi: cơ sở dữ liệu đã có dữ liệu; demo chỉ nạp vào cơ sở dữ liệu trống.", err=True
        )
        raise typer.Exit(1)
    if scale is None:
        _load_demo(url)
        typer.echo("Đã nạp dữ liệu demo.")
        return
    from directives.demo.scale import generate

    engine = make_engine(url)
    summary = generate(engine, scale=scale, seed=seed)
    engine.dispose()
    typer.echo(f"Đã tạo dữ liệu quy mô tỉnh: {summary}")


def _load_demo(url: str) -> None:
    from directives.demo.build import load_demo

    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        load_demo(session=session)
    engine.dispose()


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[Role, typer.Option(help="leader, secretary or admin")],
    full_name: Annotated[str, typer.Option("--full-name", help="Họ và tên")] = "",
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị (slug) của thư ký")] = None,
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Add an account; the password is asked for (never put it on the command line).

    Example: directives users add nguyenvana --role admin --full-name "Nguyễn Văn A"
    """
    from directives.services import accounts
    from directives.services.errors import ServiceError
    from directives.services.units import unit_by_slug

    engine = make_engine(_url())
    try:
        with session_scope(engine, write=True) as session:
            unit_row = unit_by_slug(unit, session=session) if unit else None
            user = accounts.create_user(
                session=session,
                username=username,
                full_name=full_name or username,
                password=password,
                role=role,
                unit=unit_row,
            )
            typer.echo(f"Đã tạo tài khoản {user.username} ({role.value}).")
    except ServiceError as error:
        typer.echo(f"Lỗi: {error}", err=True)
        raise typer.Exit(1) from error
    finally:
        engine.dispose()


@users_app.command("list")
def users_list() -> None:
    """List accounts: username, role, unit.

    Example: directives users list
    """
    engine = make_engine(_url())
    with session_scope(engine) as session:
        units = {u.id: u.name for u in session.exec(select(Unit)).all()}
        for user in session.exec(select(User).order_by(User.role, User.username)).all():
            unit = units.get(user.unit_id, "") if user.unit_id else ""
            typer.echo(f"{user.username:32} {user.role:10} {unit}")
    engine.dispose()


def _parse_day(value: str) -> date:
    for parse in (date.fromisoformat, _parse_vn_day):
        try:
            return parse(value)
        except ValueError:
            continue
    raise typer.BadParameter(f"'{value}' is not a date: use YYYY-MM-DD or dd/mm/yyyy")


def _parse_vn_day(value: str) -> date:
    day, month, year = (int(part) for part in value.split("/"))
    return date(year, month, day)


@export_app.command("assignments")
def export_assignments(
    file_format: Annotated[str, typer.Option("--format", help="csv or xlsx")] = "csv",
    as_of: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD or dd/mm/yyyy; default: the demo's day or today")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write")] = None,
    lang: Annotated[str, typer.Option(help="vi or en headings")] = "vi",
    period: Annotated[
        str,
        typer.Option(
            help="all, month, quarter, half, nine_months or year: only tasks due in the period "
            "containing the as-of day (and standing tasks), as the dashboard's period filter"
        ),
    ] = "all",
    units_now: Annotated[
        bool, typer.Option(help="Name units as they are today (merged communes rolled up)")
    ] = False,
) -> None:
    """One row per assignment as it stood on a day: meeting, task, unit, deadline, status.

    CSV has the dashboard's columns; xlsx is the status-update workbook (each assignment as
    saved now, with its version), which `directives import updates` reads back after editing.

    Example: directives export assignments --format xlsx --as-of 2021-10-15 -o phan-cong.xlsx
    """
    from directives.periods import PeriodKind, period_containing
    from directives.queries.overview import assignments
    from directives.queries.state import Filters, for_period
    from directives.reports.export import csv_safe, export_frame, write
    from directives.services.meta import default_as_of

    if file_format not in ("csv", "xlsx"):
        raise typer.BadParameter("use csv or xlsx", param_hint="--format")
    try:
        kind = PeriodKind(period)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--period") from error
    settings = get_settings()
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:
        day = _parse_day(as_of) if as_of else default_as_of(session=session)
        chosen = period_containing(kind, day)
        filters = Filters(
            as_of=day,
            timezone=settings.timezone,
            units_as_of=date.today() if units_now else None,
        )
        frame = assignments(session, for_period(filters, chosen.start, chosen.end))
        workbook = _updates_workbook(session, frame) if file_format == "xlsx" else None
    engine.dispose()
    table = export_frame(frame, lang, settings.timezone)
    target = output or Path(f"phan-cong-{day.isoformat()}.{file_format}")
    if file_format == "csv" and output is None and not sys.stdout.isatty():
        csv_safe(table).to_csv(sys.stdout, index=False)
        return
    if workbook is not None:
        target.write_bytes(workbook)
    else:
        write(table, target, file_format)
    typer.echo(f"Đã ghi {len(table)} dòng vào {target}.")


def _updates_workbook(session: Session, frame: "pd.DataFrame") -> bytes:
    from directives.queries.sheets import update_rows
    from directives.reports.workbooks import updates_template

    ids = [int(i) for i in frame["assignment_id"]]
    return updates_template(update_rows(session, assignment_ids=ids))


@export_app.command("tasks")
def export_tasks(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .xlsx file to write")],
    conclusion: Annotated[
        str | None, typer.Option(help="Số kết luận, e.g. 215-TB/HU; default: every task")
    ] = None,
    blank: Annotated[
        bool, typer.Option(help="An empty template (header, lists, instructions), no tasks")
    ] = False,
) -> None:
    """Tasks to Excel, one row each (meeting, conclusion, task, lead and support units, deadline,
    field), in the layout `directives import tasks` reads back.

    Example: directives export tasks --conclusion 215-TB/HU -o nhiem-vu.xlsx
    """
    from directives.models import Conclusion
    from directives.queries.sheets import task_rows, unit_names
    from directives.reports.workbooks import tasks_template

    engine = make_engine(_url())
    try:
        with session_scope(engine) as session:
            conclusion_id = None
            if conclusion:
                found = session.exec(
                    select(Conclusion).where(Conclusion.number == conclusion)
                ).first()
                if found is None:
                    typer.echo(f"Lỗi: không có kết luận số {conclusion}.", err=True)
                    raise typer.Exit(1)
                conclusion_id = found.id
            rows = task_rows(session, conclusion_id=conclusion_id, task_ids=[] if blank else None)
            names = unit_names(session, date.today())
    finally:
        engine.dispose()
    output.write_bytes(tasks_template(rows, names))
    typer.echo(f"Đã ghi {len(rows)} nhiệm vụ vào {output}.")


def _import(kind: str, file: Path, username: str, check: bool) -> None:
    from directives.importers.spreadsheet import ImportRejected, import_tasks, import_updates
    from directives.services.errors import ServiceError

    try:
        data = file.read_bytes()
    except OSError as error:
        raise typer.BadParameter(f"cannot read {file}: {error.strerror}") from error
    run = import_updates if kind == "updates" else import_tasks
    engine = make_engine(_url())
    try:
        with session_scope(engine, write=not check) as session:
            actor = session.exec(select(User).where(User.username == username)).first()
            if actor is None:
                typer.echo(f"Lỗi: không có tài khoản {username}.", err=True)
                raise typer.Exit(1)
            summary = run(data, file_name=file.name, session=session, actor=actor, write=not check)
    except ImportRejected as rejected:
        typer.echo(str(rejected), err=True)
        raise typer.Exit(1) from rejected
    except ServiceError as error:
        typer.echo(f"Lỗi: {error}", err=True)
        raise typer.Exit(1) from error
    finally:
        engine.dispose()
    typer.echo(str(summary))


@import_app.command("updates")
def import_updates_command(
    file: Annotated[Path, typer.Argument(help="The filled 'Cập nhật' workbook (.xlsx)")],
    user: Annotated[str, typer.Option(help="Who reports: an administrator or a secretary")],
    check: Annotated[bool, typer.Option(help="Check and report, write nothing")] = False,
) -> None:
    """Status updates from Excel (the layout of `directives export assignments --format xlsx`):
    every error with its row and column, nothing saved unless the whole file is right; rows that
    change nothing are skipped, so importing a file twice saves it once.

    Example: directives import updates cap-nhat.xlsx --user thuky.giao-an --check
    """
    _import("updates", file, user, check)


@import_app.command("tasks")
def import_tasks_command(
    file: Annotated[Path, typer.Argument(help="The filled 'Nhiệm vụ' workbook (.xlsx)")],
    user: Annotated[str, typer.Option(help="An administrator's username")],
    check: Annotated[bool, typer.Option(help="Check and report, write nothing")] = False,
) -> None:
    """Meetings, conclusions and tasks from Excel (the layout of `directives export tasks`):
    creates what is missing, corrects content, deadline and field, adds units; all or nothing.

    Example: directives import tasks nhiem-vu.xlsx --user quantri
    """
    _import("tasks", file, user, check)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="The notice: .txt, .docx or .pdf (with text).")],
    issued: Annotated[
        str | None, typer.Option(help="The notice's date (YYYY-MM-DD) if its header lacks one.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a summary.")
    ] = False,
) -> None:
    """Propose tasks from a conclusion notice: number, date, issuer; each task's text, lead
    (chủ trì), supports (phối hợp), deadline and warnings. Writes nothing.

    Units are matched against the configured database, or the packaged reference units when it
    is empty.

    Example: directives extract thong-bao.docx --json
    """
    import json

    from directives.importers.documents import read_text
    from directives.queries.unit_directory import propose
    from directives.services.errors import ServiceError

    try:
        text = read_text(file.name, file.read_bytes())
    except OSError as error:
        raise typer.BadParameter(f"cannot read {file}: {error.strerror}") from error
    except ServiceError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    engine = _units_engine()
    try:
        with session_scope(engine) as session:
            proposal = propose(text, session, _parse_day(issued) if issued else None)
    except ServiceError as error:  # a notice past the reader's limits
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    finally:
        engine.dispose()
    if as_json:
        result = proposal.as_json()
        for task in result["tasks"]:
            del task["warning_codes"]
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    document = proposal.document
    when = f"{document.date:%d/%m/%Y}" if document.date else "?"
    typer.echo(f"{document.number or '?'} · {when} · {document.issuer or '?'}")
    for seq, task in enumerate(proposal.tasks, start=1):
        deadline = f"{task.deadline:%d/%m/%Y}" if task.deadline else "—"
        leads = ", ".join(named.name for named in task.leads) or "?"
        typer.echo(f"{seq}. [{leads}] {task.text} (hạn: {deadline})")
        for warning in task.warnings:
            typer.echo(f"   ! {warning.message}")


def _units_engine() -> Engine:
    """The configured database if it has units; otherwise a memory one with the reference units."""
    from sqlmodel import SQLModel

    from directives.services.units import load_reference_units

    url = _url()
    exists = not url.startswith("sqlite") or Path(url.removeprefix("sqlite:///")).exists()
    if exists and not _is_empty(url):
        return make_engine(url)
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with session_scope(engine, write=True) as session:
        load_reference_units(session=session)
    return engine


@app.command()
def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .docx file to write")],
    conclusion: Annotated[
        str | None, typer.Option(help="Số kết luận, e.g. 215-TB/HU; default: every conclusion")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD or dd/mm/yyyy; default: the demo's day or today")
    ] = None,
    period: Annotated[
        str, typer.Option(help="all, month, quarter, half, nine_months or year (containing as-of)")
    ] = "all",
) -> None:
    """Write the Word report "Báo cáo kết quả thực hiện kết luận" for a conclusion or a period.

    Example: directives report --conclusion 215-TB/HU --as-of 15/10/2021 -o bao-cao.docx
    """
    from directives.models import Conclusion
    from directives.periods import PeriodKind, period_containing
    from directives.queries.state import Filters
    from directives.reports.word import build_report
    from directives.services.meta import default_as_of

    try:
        kind = PeriodKind(period)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--period") from error
    settings = get_settings()
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:
        day = _parse_day(as_of) if as_of else default_as_of(session=session)
        conclusion_id = None
        if conclusion:
            found = session.exec(select(Conclusion).where(Conclusion.number == conclusion)).first()
            if found is None:
                typer.echo(f"Lỗi: không có kết luận số {conclusion}.", err=True)
                raise typer.Exit(1)
            conclusion_id = found.id
        filters = Filters(as_of=day, timezone=settings.timezone, conclusion_id=conclusion_id)
        document = build_report(session, filters, period_containing(kind, day))
    engine.dispose()
    output.write_bytes(document)
    typer.echo(f"Đã ghi báo cáo vào {output}.")


@app.command("backup")
def backup_command(
    target: Annotated[Path, typer.Argument(help="Where to write the backup.")],
) -> None:
    """Back up the database (SQLite: online copy; PostgreSQL: pg_dump) with a manifest of row
    counts and a checksum next to it (TARGET.json).

    Example: directives backup backups/directives-2026-11-25.bak
    """
    from directives.backup import BackupError, backup

    try:
        found = backup(_url(), target)
    except BackupError as error:
        typer.echo(f"Không sao lưu được: {error}", err=True)
        raise typer.Exit(1) from error
    rows = sum(found.counts.values())
    typer.echo(f"Đã sao lưu {rows:,} dòng vào {target} (SHA-256 {found.checksum[:16]}…).")


@app.command("restore")
def restore_command(
    source: Annotated[Path, typer.Argument(help="A backup made by `directives backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the database with a backup, after checking the backup against its manifest; the
    restored database is checked again. Stop the dashboard processes first.

    Example: directives restore backups/directives-2026-11-25.bak --yes
    """
    from directives.backup import BackupError, restore

    if not yes:
        typer.confirm(f"Thay toàn bộ cơ sở dữ liệu bằng bản sao lưu {source}?", abort=True)
    try:
        found = restore(_url(), source)
    except BackupError as error:
        typer.echo(f"Không khôi phục được: {error}", err=True)
        raise typer.Exit(1) from error
    rows = sum(found.counts.values())
    typer.echo(
        f"Đã khôi phục {rows:,} dòng; dữ liệu khớp bản sao lưu (SHA-256 {found.checksum[:16]}…)."
    )


@app.command()
def serve(
    demo_if_empty: Annotated[
        bool, typer.Option(help="Load the demo when the database has no data yet")
    ] = False,
) -> None:
    """Migrate, load the demo into a new database if asked, print how to log in, and serve the
    dashboard on DIRECTIVES_HOST:DIRECTIVES_PORT.

    Example: directives serve --demo-if-empty
    """
    settings = get_settings()
    upgrade(settings.database_url)
    if demo_if_empty and _is_empty(settings.database_url):
        typer.echo("Cơ sở dữ liệu mới: đang nạp dữ liệu demo Giao Thủy 2021…")
        _load_demo(settings.database_url)
    _print_login(settings.database_url, settings.host, settings.port)
    app_file = PROJECT_ROOT / "dashboard" / "app.py"
    from directives.importers import documents, spreadsheet

    # Streamlit's own cap on an upload (200 MB by default) down to the largest file a page takes.
    upload_mb = max(settings.evidence_max_mb, spreadsheet.MAX_FILE_MB, documents.MAX_MB)
    command = [
        sys.executable,
        "-m",
        "streamlit",
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
    os.execv(sys.executable, command)  # noqa: S606  (replaces this process by Streamlit)


def _print_login(url: str, host: str, port: int) -> None:
    from directives.services.accounts import DEMO_PASSWORD, is_demo

    engine = make_engine(url)
    with session_scope(engine) as session:
        demo_db = is_demo(session=session)
        has_users = session.exec(select(User)).first() is not None
    engine.dispose()
    typer.echo(f"\nBảng điều khiển / Dashboard: http://{host}:{port}")
    if demo_db:
        typer.echo(
            f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):\n"
            "  lanhdao            lãnh đạo (xem)\n"
            "  quantri            quản trị\n"
            "  thuky.<đơn vị>     thư ký mỗi đơn vị, ví dụ thuky.giao-an, thuky.ban-dan-van\n"
            "  (danh sách đầy đủ: .venv/bin/directives users list)\n"
        )
    elif not has_users:
        typer.echo(
            "Chưa có tài khoản: tạo quản trị viên đầu tiên bằng\n"
            "  directives users add <tên> --role admin\n"
        )
