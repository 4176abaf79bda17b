"""Documents: extract (a conclusion notice in) and report (the Word report out)."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlmodel import select

from directives.cli.app import app
from directives.cli.common import database, database_url, is_empty
from directives.cli.errors import (
    check_output,
    choice,
    day,
    fail,
    read_file,
    write_output,
)
from directives.config import get_settings
from directives.db import make_engine, session_scope
from directives.periods import PeriodKind


@app.command()
def extract(
    file: Annotated[
        Path, typer.Argument(metavar="TỆP", help="The notice: .txt, .docx or .pdf (with text).")
    ],
    issued: Annotated[
        date | None,
        typer.Option(
            parser=day("--issued"), help="The notice's date (YYYY-MM-DD) if its header lacks one."
        ),
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

    from directives.importers.documents import MAX_MB, read_text
    from directives.queries.unit_directory import propose
    from directives.services.errors import ServiceError

    try:
        text = read_text(file.name, read_file(file, MAX_MB))
    except ServiceError as error:
        fail(str(error))
    engine = units_engine()
    try:
        with session_scope(engine) as session:
            proposal = propose(text, session, issued)
    except ServiceError as error:  # a notice past the reader's limits
        fail(str(error))
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


def units_engine() -> Engine:
    """The configured database if it has units; otherwise a memory one with the reference units."""
    from sqlmodel import SQLModel

    from directives.services.units import load_reference_units

    url = database_url()
    exists = not url.startswith("sqlite") or Path(url.removeprefix("sqlite:///")).exists()
    if exists and not is_empty(url):
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
        date | None,
        typer.Option(
            parser=day("--as-of"), help="YYYY-MM-DD or dd/mm/yyyy; default: the demo's day or today"
        ),
    ] = None,
    period: Annotated[
        PeriodKind,
        typer.Option(
            parser=choice("--period", PeriodKind),
            help="all, month, quarter, half, nine_months or year (containing as-of)",
        ),
    ] = PeriodKind.ALL,
) -> None:
    """Write the Word report "Báo cáo kết quả thực hiện kết luận" for a conclusion or a period.

    Example: directives report --conclusion 215-TB/HU --as-of 15/10/2021 -o bao-cao.docx
    """
    from directives.models import Conclusion
    from directives.periods import period_containing
    from directives.queries.state import Filters
    from directives.reports.word import build_report
    from directives.services.meta import default_as_of

    check_output(output)
    settings = get_settings()
    with database(settings.database_url) as session:
        day = as_of or default_as_of(session=session)
        conclusion_id = None
        if conclusion:
            found = session.exec(select(Conclusion).where(Conclusion.number == conclusion)).first()
            if found is None:
                fail(f"không có kết luận số {conclusion}.")
            conclusion_id = found.id
        filters = Filters(as_of=day, timezone=settings.timezone, conclusion_id=conclusion_id)
        document = build_report(session, filters, period_containing(period, day))
    write_output(output, document)
    typer.echo(f"Đã ghi báo cáo vào {output}.")
