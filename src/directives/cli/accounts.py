"""Accounts: users add, users list."""

import sys
from typing import Annotated

import typer
from sqlmodel import select

from directives.cli.app import users_app
from directives.cli.common import database, interactive
from directives.cli.errors import choice, fail
from directives.models import Role, Unit, User


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(metavar="TÊN", help="Tên đăng nhập")],
    role: Annotated[
        Role,
        typer.Option(
            parser=choice("--role", Role),
            help="Vai trò: leader (lãnh đạo, xem), secretary (thư ký đơn vị) hoặc admin (quản trị)",
        ),
    ],
    full_name: Annotated[str, typer.Option("--full-name", help="Họ và tên")] = "",
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị (slug) của thư ký")] = None,
    email: Annotated[
        str | None, typer.Option(help="Thư điện tử nhận nhắc việc, đôn đốc (ví dụ ten@example.org)")
    ] = None,
) -> None:
    """Add an account. The password is asked for twice and never shown; it is never an option of
    the command line (which the shell's history and the process list would keep). A script gives
    it on standard input: the password, a new line, the password again.

    Example: directives users add nguyenvana --role admin --full-name "Nguyễn Văn A"
    --email nguyenvana@example.org
    """
    from directives import i18n
    from directives.services import accounts
    from directives.services.errors import ServiceError
    from directives.services.units import unit_by_slug

    password = _password(f"Mật khẩu cho {username}")
    if _password("Nhập lại mật khẩu") != password:
        fail("hai lần nhập mật khẩu không khớp; chưa tạo tài khoản.")
    try:
        with database(write=True) as session:
            unit_row = unit_by_slug(unit, session=session) if unit else None
            user = accounts.create_user(
                session=session,
                username=username,
                full_name=full_name or username,
                password=password,
                role=role,
                unit=unit_row,
                email=email,
            )
            role_name = i18n.label("user_role", role.value)
            typer.echo(f"Đã tạo tài khoản {user.username} ({role_name}).")
    except ServiceError as error:
        fail(str(error))


def _password(prompt: str) -> str:
    """Asked on a terminal without echo; from a script, one line of standard input."""
    if interactive():
        return str(typer.prompt(prompt, hide_input=True))
    line = sys.stdin.readline()
    if not line:
        fail("thiếu mật khẩu: hãy ghi mật khẩu, xuống dòng, rồi ghi lại lần nữa ở đầu vào chuẩn.")
    return line.rstrip("\r\n")


@users_app.command("list")
def users_list() -> None:
    """List accounts: username, role, unit.

    Example: directives users list
    """
    with database() as session:
        units = {u.id: u.name for u in session.exec(select(Unit)).all()}
        for user in session.exec(select(User).order_by(User.role, User.username)).all():
            unit = units.get(user.unit_id, "") if user.unit_id else ""
            typer.echo(f"{user.username:32} {user.role:10} {unit}")
