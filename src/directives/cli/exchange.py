"""Data in and out of Excel and CSV: export assignments, export tasks, import updates, import
tasks."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from sqlmodel import Session, select

from directives.cli.app import export_app, import_app
from directives.cli.common import database
from directives.cli.errors import (
    check_output,
    choice,
    day,
    fail,
    read_file,
    words,
    write_output,
)
from directives.config import get_settings
from directives.models import User
from directives.periods import PeriodKind

if TYPE_CHECKING:
    import pandas as pd


@export_app.command("assignments")
def export_assignments(
    file_format: Annotated[
        str,
        typer.Option(
            "--format", parser=choice("--format", words("csv", "xlsx")), help="csv or xlsx"
        ),
    ] = "csv",
    as_of: Annotated[
        date | None,
        typer.Option(
            parser=day("--as-of"), help="YYYY-MM-DD or dd/mm/yyyy; default: the demo's day or today"
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write")] = None,
    lang: Annotated[
        str, typer.Option(parser=choice("--lang", words("vi", "en")), help="vi or en headings")
    ] = "vi",
    period: Annotated[
        PeriodKind,
        typer.Option(
            parser=choice("--period", PeriodKind),
            help="all, month, quarter, half, nine_months or year: only tasks due in the period "
            "containing the as-of day (and standing tasks), as the dashboard's period filter",
        ),
    ] = PeriodKind.ALL,
    units_now: Annotated[
        bool, typer.Option(help="Name units as they are today (merged communes rolled up)")
    ] = False,
) -> None:
    """One row per assignment as it stood on a day: meeting, task, unit, deadline, status.

    CSV has the dashboard's columns; xlsx is the status-update workbook (each assignment as
    saved now, with its version), which `directives import updates` reads back after editing.

    Example: directives export assignments --format xlsx --as-of 2021-10-15 -o phan-cong.xlsx
    """
    from directives.periods import period_containing
    from directives.queries.overview import assignments
    from directives.queries.state import Filters, for_period
    from directives.reports.export import as_bytes, csv_safe, export_frame
    from directives.services.meta import default_as_of

    if output is not None:
        check_output(output)
    settings = get_settings()
    with database(settings.database_url) as session:
        day = as_of or default_as_of(session=session)
        chosen = period_containing(period, day)
        filters = Filters(
            as_of=day,
            timezone=settings.timezone,
            units_as_of=date.today() if units_now else None,
        )
        frame = assignments(session, for_period(filters, chosen.start, chosen.end))
        workbook = _updates_workbook(session, frame) if file_format == "xlsx" else None
    table = export_frame(frame, lang, settings.timezone)
    target = output or Path(f"phan-cong-{day.isoformat()}.{file_format}")
    if file_format == "csv" and output is None and not sys.stdout.isatty():
        csv_safe(table).to_csv(sys.stdout, index=False)
        return
    write_output(target, workbook if workbook is not None else as_bytes(table, file_format))
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
    from directives.reports.layout import collective_names
    from directives.reports.workbooks import tasks_template
    from directives.services import deployment

    check_output(output)
    with database() as session:
        conclusion_id = None
        if conclusion:
            found = session.exec(select(Conclusion).where(Conclusion.number == conclusion)).first()
            if found is None:
                fail(f"không có kết luận số {conclusion}.")
            conclusion_id = found.id
        rows = task_rows(session, conclusion_id=conclusion_id, task_ids=[] if blank else None)
        names = unit_names(session, date.today())
        groups = collective_names(deployment.current(session=session).level)
    write_output(output, tasks_template(rows, names, groups))
    typer.echo(f"Đã ghi {len(rows)} nhiệm vụ vào {output}.")


def _import(kind: str, file: Path, username: str, check: bool) -> None:
    """Read and check the workbook first (no write lock held), then, unless ``check``, write it
    in one short transaction that re-checks only what could have changed since."""
    from directives.importers.task_rows import read_tasks
    from directives.importers.update_rows import read_updates
    from directives.importers.workbook import MAX_FILE_MB
    from directives.services import workbook_tasks, workbook_updates
    from directives.services.errors import ServiceError
    from directives.services.workbook_task_plan import plan_tasks

    data = read_file(file, MAX_FILE_MB)

    def actor(session: Session) -> User:
        found = session.exec(select(User).where(User.username == username)).first()
        if found is None:
            fail(f"không có tài khoản {username}.")
        return found

    try:
        with database() as session:
            if kind == "updates":
                workbook_updates.require_may_import(actor(session))
                updates = read_updates(data, file.name)
                summary = workbook_updates.check_sheet(
                    updates, session=session, actor=actor(session)
                )
            else:
                plan = plan_tasks(
                    read_tasks(data, file.name), session=session, actor=actor(session)
                )
                summary = plan.summary(written=False)
        if not check:
            with database(write=True) as session:
                if kind == "updates":
                    summary = workbook_updates.record_sheet(
                        updates, session=session, actor=actor(session)
                    )
                else:
                    summary = workbook_tasks.write_tasks(
                        plan, session=session, actor=actor(session)
                    )
    except ServiceError as error:  # Rejected too: every located problem, one a line
        fail(str(error))
    typer.echo(str(summary))


@import_app.command("updates")
def import_updates_command(
    file: Annotated[
        Path, typer.Argument(metavar="TỆP", help="The filled 'Cập nhật' workbook (.xlsx)")
    ],
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
    file: Annotated[
        Path, typer.Argument(metavar="TỆP", help="The filled 'Nhiệm vụ' workbook (.xlsx)")
    ],
    user: Annotated[str, typer.Option(help="An administrator's username")],
    check: Annotated[bool, typer.Option(help="Check and report, write nothing")] = False,
) -> None:
    """Meetings, conclusions and tasks from Excel (the layout of `directives export tasks`):
    creates what is missing, corrects content, deadline and field, adds units; all or nothing.

    Example: directives import tasks nhiem-vu.xlsx --user quantri
    """
    _import("tasks", file, user, check)
