"""Commands that make, fill, back up and restore the database: init-db, demo, backup, restore."""

from pathlib import Path
from typing import Annotated

import typer

from directives import formatting
from directives.cli.app import app
from directives.cli.common import database_url, is_empty, load_demo
from directives.cli.errors import fail, number
from directives.db import make_engine, upgrade


@app.command("init-db")
def init_db() -> None:
    """Create the database or bring it to the latest schema (Alembic migrations).

    Example: DIRECTIVES_DATABASE_URL=sqlite:///data/directives.db directives init-db
    """
    upgrade(database_url())
    typer.echo("Cơ sở dữ liệu đã sẵn sàng (schema mới nhất).")


@app.command()
def demo(
    scale: Annotated[
        float | None,
        typer.Option(
            parser=number("--scale", 0.0001, 10),
            help="Instead of the Giao Thủy demo, generate a province-sized database for the "
            "benchmark: 1.0 ≈ 1,000 units, 200,000 assignments, 1,000,000 status updates "
            "over 10 years; 0.01 is a small one.",
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option(
            parser=number("--seed", 0, 2**31, whole=True), help="Random seed of the generated data"
        ),
    ] = 2021,
) -> None:
    """Load the Giao Thủy 2021 demo into an empty database (migrating it first).

    Example: directives demo            (or: directives demo --scale 1.0 for the benchmark data)
    """
    url = database_url()
    upgrade(url)
    if not is_empty(url):
        fail("cơ sở dữ liệu đã có dữ liệu; demo chỉ nạp vào cơ sở dữ liệu trống.")
    if scale is None:
        load_demo(url)
        typer.echo("Đã nạp dữ liệu demo.")
        return
    from directives.demo.scale import generate

    engine = make_engine(url)
    try:
        summary = generate(engine, scale=scale, seed=seed)
    finally:
        engine.dispose()
    typer.echo(f"Đã tạo dữ liệu quy mô tỉnh: {summary}")


@app.command("backup")
def backup_command(
    target: Annotated[Path, typer.Argument(metavar="TỆP", help="Where to write the backup.")],
) -> None:
    """Back up the database (SQLite: online copy; PostgreSQL: pg_dump) with a manifest of row
    counts and a checksum next to it (TARGET.json).

    Example: directives backup backups/directives-2026-11-25.bak
    """
    from directives.backup import BackupError, backup

    try:
        found = backup(database_url(), target)
    except BackupError as error:
        fail(f"không sao lưu được: {error}")
    rows = formatting.number(sum(found.counts.values()))
    typer.echo(f"Đã sao lưu {rows} dòng vào {target} (SHA-256 {found.checksum[:16]}…).")


@app.command("restore")
def restore_command(
    source: Annotated[
        Path, typer.Argument(metavar="TỆP", help="A backup made by `directives backup`.")
    ],
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
        found = restore(database_url(), source)
    except BackupError as error:
        fail(f"không khôi phục được: {error}")
    rows = formatting.number(sum(found.counts.values()))
    typer.echo(
        f"Đã khôi phục {rows} dòng; dữ liệu khớp bản sao lưu (SHA-256 {found.checksum[:16]}…)."
    )
