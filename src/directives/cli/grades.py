"""Đánh giá, xếp loại on the command line: ``directives grades``."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from directives.cli.app import app
from directives.cli.common import database
from directives.cli.errors import check_output, choice, fail, words, write_output
from directives.config import get_settings
from directives.periods import PeriodKind

PERIODS = {"quarter": PeriodKind.QUARTER, "half": PeriodKind.HALF, "year": PeriodKind.YEAR}


@app.command()
def grades(
    year: Annotated[int, typer.Option(help="The year graded, e.g. 2021")],
    period: Annotated[
        PeriodKind,
        typer.Option(parser=choice("--period", PERIODS), help="quarter, half or year"),
    ] = PeriodKind.YEAR,
    which: Annotated[
        int, typer.Option(help="Which quarter (1–4) or half (1–2); ignored for a year")
    ] = 1,
    file_format: Annotated[
        str,
        typer.Option(
            "--format",
            parser=choice("--format", words("csv", "xlsx", "docx")),
            help="csv, xlsx or docx (the Word table for the emulation review)",
        ),
    ] = "csv",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write")] = None,
    units_now: Annotated[
        bool, typer.Option(help="Grade units as they are today (merged communes rolled up)")
    ] = False,
    confirmed: Annotated[
        bool | None,
        typer.Option(
            "--confirmed/--reported",
            help="Count only completions the office confirmed, or every reported one "
            "(default: as the deployment counts its rates)",
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option(parser=choice("--lang", words("vi", "en")), help="vi or en headings")
    ] = "vi",
) -> None:
    """Every unit's score and class for a period, by the rule in force on its first day, with
    the breakdown (the page "Đánh giá, xếp loại"). CSV goes to the standard output without -o.

    Example: directives grades --period year --year 2021 --format xlsx -o xep-loai-2021.xlsx
    """
    from directives.queries.grades import grades as graded
    from directives.queries.grades import grading_period
    from directives.reports.grades import grades_csv, grades_workbook
    from directives.reports.word.grades import build_grades_report
    from directives.services import deployment

    if not 1900 <= year <= 2199:
        fail(f"năm {year} nằm ngoài khoảng 1900 – 2199 (--year).")
    which = 1 if period is PeriodKind.YEAR else which
    try:
        chosen = grading_period(period, year, which)
    except ValueError as error:
        fail(f"{error} (--which).")
    if output is not None:
        check_output(output)
    settings = get_settings()
    with database(settings.database_url) as session:
        if confirmed is None:
            confirmed = deployment.review_settings(session=session).confirmed_rates
        result = graded(
            session,
            chosen,
            timezone=settings.timezone,
            units_as_of=date.today() if units_now else None,
            confirmed=confirmed,
        )
        who = deployment.current(session=session)
    if file_format == "csv":
        data = grades_csv(result, lang)
    elif file_format == "xlsx":
        data = grades_workbook(result, lang)
    else:
        data = build_grades_report(result, who, date.today())
    if output is None and file_format == "csv":
        typer.echo(data.decode("utf-8-sig"), nl=False)
        return
    target = output or Path(f"xep-loai-{year}-{period.value}-{which}.{file_format}")
    write_output(target, data)
    typer.echo(f"Đã ghi {len(result.table)} đơn vị ({chosen.label('vi')}) vào {target}.")
