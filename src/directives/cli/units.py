"""Units in bulk: the units workbook exported and imported, and the 2025 administrative catalog
written as a units workbook."""

from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session, select

from directives.cli.app import app
from directives.cli.common import database
from directives.cli.errors import check_output, fail, read_file, write_output
from directives.models import User

units_app = typer.Typer(
    help="Đơn vị: the units workbook (export, import) and the 2025 catalog.",
    no_args_is_help=True,
)
app.add_typer(units_app, name="units")


@units_app.command("export")
def export_units(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .xlsx file to write")],
    blank: Annotated[bool, typer.Option(help="An empty template, no units")] = False,
) -> None:
    """Every unit to the units workbook (name, short name, kind, bloc, GSO code, validity,
    successor, note), which `directives units import` reads back.

    Example: directives units export -o don-vi.xlsx
    """
    from directives.reports.unit_workbook import units_template
    from directives.services.unit_import import saved_rows

    check_output(output)
    with database() as session:
        rows = [] if blank else saved_rows(session=session)
    write_output(output, units_template(rows))
    typer.echo(f"Đã ghi {len(rows)} đơn vị vào {output}.")


@units_app.command("import")
def import_units(
    file: Annotated[Path, typer.Argument(metavar="TỆP", help="The filled 'Đơn vị' workbook")],
    user: Annotated[str, typer.Option(help="An administrator's username")],
    check: Annotated[bool, typer.Option(help="Check and report, write nothing")] = False,
) -> None:
    """Units from Excel: new units added, saved ones (same GSO code, else same name) corrected,
    mergers carried out (Hiệu lực đến + Đơn vị kế thừa); all or nothing, every error located;
    importing the same file twice changes nothing.

    Example: directives units import don-vi.xlsx --user quantri --check
    """
    from directives.importers.unit_rows import read_units
    from directives.importers.workbook import MAX_FILE_MB
    from directives.services.errors import ServiceError
    from directives.services.unit_import import plan_units, write_units

    data = read_file(file, MAX_FILE_MB)

    def actor(session: Session) -> User:
        found = session.exec(select(User).where(User.username == user)).first()
        if found is None:
            fail(f"không có tài khoản {user}.")
        return found

    try:
        sheet = read_units(data, file.name)
        with database() as session:
            plan = plan_units(sheet, session=session, actor=actor(session))
            summary = plan.summary(written=False)
        if not check and plan.steps and summary.changes:
            with database(write=True) as session:
                summary = write_units(plan, session=session, actor=actor(session))
    except ServiceError as error:  # Rejected too: every located problem, one a line
        fail(str(error))
    typer.echo(str(summary))


@units_app.command("catalog")
def catalog(
    province: Annotated[str, typer.Option(help='Tỉnh, thành phố, e.g. "Quảng Trị", "Huế"')],
    output: Annotated[Path, typer.Option("-o", "--output", help="The .xlsx file to write")],
    commune: Annotated[
        str | None, typer.Option(help="Only this commune, ward or special zone of the province")
    ] = None,
) -> None:
    """The 2025 administrative catalog (vietnam-provinces) as a units workbook: the province's
    communes, wards and special zones with their GSO codes, to edit and import. Villages are not
    in the catalog.

    Example: directives units catalog --province "Quảng Trị" -o don-vi.xlsx
    """
    from directives.importers.catalog import catalog_rows
    from directives.reports.unit_workbook import units_template
    from directives.services.errors import ServiceError

    check_output(output)
    try:
        rows = catalog_rows(province, commune)
    except ServiceError as error:
        fail(str(error))
    write_output(output, units_template(rows))
    typer.echo(f"Đã ghi {len(rows)} đơn vị vào {output}.")
