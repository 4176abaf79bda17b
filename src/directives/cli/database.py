"""Commands that make, fill, back up and restore the database: init-db, demo, backup, restore."""

from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import select

from directives import formatting
from directives.cli.app import app
from directives.cli.common import database, database_url, interactive, is_empty, load_demo
from directives.cli.errors import choice, fail, number, words
from directives.db import make_engine, upgrade
from directives.domain import LEVELS
from directives.models import User
from directives.services import deployment
from directives.services.errors import ServiceError


@app.command("init-db")
def init_db(
    level: Annotated[
        str | None,
        typer.Option(
            parser=choice("--level", words(*LEVELS)),
            help="Cấp của cơ quan: tinh (tỉnh, thành phố) hoặc xa (xã, phường, đặc khu); "
            "huyen chỉ cho dữ liệu trước 01/07/2025.",
        ),
    ] = None,
    issuer: Annotated[
        list[str] | None,
        typer.Option(
            "--issuer",
            help='Cơ quan ban hành thông báo, ví dụ "UBND tỉnh Quảng Trị"; '
            "ghi nhiều lần nếu có nhiều cơ quan.",
        ),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(help='Tên địa phương như được hiển thị, ví dụ "tỉnh Quảng Trị".'),
    ] = None,
) -> None:
    """Create the database or bring it to the latest schema (Alembic migrations), and say who the
    deployment is: its level and issuing bodies. A new database needs them (asked for on a
    terminal); an existing one keeps its own unless they are given.

    Example: directives init-db --level tinh --issuer "UBND tỉnh Quảng Trị"
    """
    url = database_url()
    upgrade(url)
    used = not is_empty(url)
    with database(url) as session:
        known = deployment.current(session=session) if deployment.is_set(session=session) else None
        used = used or session.exec(select(User)).first() is not None
    given = level is not None or bool(issuer) or place is not None
    if known is None and not given and used:
        typer.echo(
            "Cơ sở dữ liệu đã sẵn sàng (schema mới nhất). Chưa có thông tin cơ quan: đặt bằng "
            "directives init-db --level … --issuer … hoặc trên trang “Thông tin cơ quan”."
        )
        return
    if known is not None and not given:
        typer.echo(f"Cơ sở dữ liệu đã sẵn sàng (schema mới nhất): {_who(known)}.")
        return
    level = level or (known.level if known else None) or _ask_level()
    issuers = list(issuer or (known.issuers if known else ()) or _ask_issuers())
    if place is None and known is None and interactive():
        place = typer.prompt(
            "Tên địa phương như được hiển thị", default=deployment.place_from(issuers[0])
        )
    try:
        with database(url, write=True) as session:
            who = deployment.set_identity(
                None,
                session=session,
                level=level,
                issuers=issuers,
                place=place if place is not None else (known.place if known else None),
            )
    except ServiceError as error:
        fail(str(error))
    typer.echo(f"Cơ sở dữ liệu đã sẵn sàng (schema mới nhất): {_who(who)}.")
    if not used:
        typer.echo(FIRST_ADMIN)


FIRST_ADMIN = (
    "Tiếp theo, tạo quản trị viên đầu tiên (mật khẩu được hỏi, không ghi trên dòng lệnh):\n"
    '  directives users add <tên đăng nhập> --role admin --full-name "Họ và tên"'
)


def _who(who: deployment.Deployment) -> str:
    return f"{deployment.LEVEL_NAMES[who.level].lower()}, {'; '.join(who.issuers)}"


def _ask_level() -> str:
    if not interactive():
        fail(
            "thiếu --level: cấp của cơ quan, tinh (tỉnh, thành phố) hoặc xa (xã, phường, đặc "
            'khu). Ví dụ: directives init-db --level tinh --issuer "UBND tỉnh Quảng Trị"'
        )
    while True:
        answer = str(
            typer.prompt("Cấp của cơ quan (tinh: tỉnh, thành phố; xa: xã, phường, đặc khu)")
        )
        if answer.strip().lower() in LEVELS:
            return answer.strip().lower()
        typer.echo("Hãy gõ tinh hoặc xa.")


def _ask_issuers() -> list[str]:
    if not interactive():
        fail(
            'thiếu --issuer: cơ quan ban hành thông báo, ví dụ --issuer "UBND tỉnh Quảng Trị" '
            '--issuer "Tỉnh ủy Quảng Trị".'
        )
    found: list[str] = []
    while True:
        prompt = "Cơ quan ban hành, ví dụ UBND tỉnh Quảng Trị" if not found else "Cơ quan khác"
        hint = "" if not found else " (để trống nếu đã đủ)"
        answer = str(typer.prompt(prompt + hint, default="", show_default=False)).strip()
        if answer:
            found.append(answer)
        elif found:
            return found


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
