"""The one place that words the command line's errors, in Vietnamese.

Commands call :func:`fail`; option values are checked by the parameter types below, which refuse
in Vietnamese; Click's own refusals (an unknown option, a missing argument, an unknown command)
are caught by :class:`VietnameseGroup` and worded again here. Anything unforeseen becomes one
Vietnamese line and exit code 1, never a traceback.
"""

import enum
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import sqlalchemy as sa
import typer
from typer._click import exceptions as click
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.exceptions import Abort

from directives import i18n

T = TypeVar("T")

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``Lỗi: message`` on stderr and stop the command with ``code``."""
    typer.echo(f"Lỗi: {message}", err=True)
    raise typer.Exit(code)


class BadValue(click.BadParameter):
    """A bad value for an option or argument, already worded in Vietnamese."""


# --- parsers of option values (Typer's ``parser=``), refusing in Vietnamese ----------------------


def day(hint: str) -> Callable[[str], date]:
    """A day written YYYY-MM-DD or dd/mm/yyyy, between :data:`FIRST_DAY` and :data:`LAST_DAY`."""

    def parse(value: Any) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        found = parse_day(text)
        if found is None:
            raise BadValue(
                f"'{text}' không phải là một ngày: hãy ghi YYYY-MM-DD hoặc dd/mm/yyyy "
                "(ví dụ 2021-10-15 hoặc 15/10/2021).",
                param_hint=hint,
            )
        if not FIRST_DAY <= found <= LAST_DAY:
            raise BadValue(
                f"ngày {found:%d/%m/%Y} nằm ngoài khoảng {FIRST_DAY:%d/%m/%Y} – "
                f"{LAST_DAY:%d/%m/%Y}.",
                param_hint=hint,
            )
        return found

    return parse


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.split("/")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    day, month, year = (int(part) for part in parts)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def choice(hint: str, choices: Mapping[str, T] | type[enum.Enum]) -> Callable[[str], Any]:
    """One of a few words; gives back what the word stands for (an enum member, a text)."""
    if isinstance(choices, type):
        table: dict[str, Any] = {str(member.value): member for member in choices}
    else:
        table = dict(choices)

    def parse(value: Any) -> Any:
        if not isinstance(value, str) and value in table.values():
            return value
        text = str(value).strip()
        if text in table:
            return table[text]
        raise BadValue(
            f"'{text}' không phải một trong các giá trị: {', '.join(table)}.", param_hint=hint
        )

    return parse


def words(*names: str) -> dict[str, str]:
    return {name: name for name in names}


def number(hint: str, low: float, high: float, *, whole: bool = False) -> Callable[[str], Any]:
    """A number within ``[low, high]`` (dot or comma before the decimals)."""

    def parse(value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            found: float = value
        else:
            text = str(value).strip().replace(",", ".")
            try:
                found = int(text) if whole else float(text)
            except ValueError:
                kind = "số nguyên" if whole else "số"
                raise BadValue(f"'{value}' không phải là {kind}.", param_hint=hint) from None
        if not math.isfinite(found) or not low <= found <= high:
            raise BadValue(
                f"{value} nằm ngoài khoảng {_plain(low)} – {_plain(high)}.", param_hint=hint
            )
        return found

    return parse


def _plain(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- Click's own refusals, in Vietnamese ----------------------------------------------------------


def _where(error: click.BadParameter) -> str:
    param = error.param
    if isinstance(param, TyperOption):
        return f"tùy chọn {max(param.opts, key=len)}"
    if isinstance(param, TyperArgument):
        return f"tham số {_argument(param)}"
    hint = error.param_hint
    if hint:
        return f"tùy chọn {hint if isinstance(hint, str) else ' / '.join(hint)}"
    return "tham số"


def _argument(param: TyperArgument) -> str:
    return (param.metavar or param.name or "").upper()


def _guesses(possibilities: Sequence[str] | None) -> str:
    if not possibilities:
        return ""
    return f" Có phải ý bạn là {', '.join(possibilities)}?"


def usage_message(error: click.UsageError) -> str:
    """The Vietnamese line for one of Click's refusals of a command line."""
    if isinstance(error, BadValue):
        return f"{_where(error)}: {error.message}"
    if isinstance(error, click.MissingParameter):
        if isinstance(error.param, TyperArgument):
            return f"thiếu tham số {_argument(error.param)}."
        return f"thiếu {_where(error)}."
    if isinstance(error, click.BadParameter):
        return f"giá trị không hợp lệ cho {_where(error)}."
    if isinstance(error, click.NoSuchOption):
        return f"không có tùy chọn {error.option_name}.{_guesses(error.possibilities)}"
    if isinstance(error, click.BadOptionUsage):
        if "does not take" in error.message:
            return f"tùy chọn {error.option_name} không nhận giá trị."
        return f"tùy chọn {error.option_name} cần một giá trị."
    if isinstance(error, click.BadArgumentUsage):
        return "các tham số không đúng số lượng."
    message = error.message
    if found := re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", message):
        guesses = (found.group(2) or "").replace("'", "").split(", ") if found.group(2) else None
        return f"không có lệnh '{found.group(1)}'.{_guesses(guesses)}"
    if found := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message):
        return f"thừa tham số: {found.group(1)}."
    if message.startswith("Missing command"):
        return "thiếu tên lệnh."
    return "cách gọi lệnh không đúng."


def _database() -> str:
    """The configured database, without its password."""
    from directives.config import get_settings

    try:
        url = sa.make_url(get_settings().database_url)
    except Exception:
        return "đã cấu hình"
    return url.render_as_string(hide_password=True)


class VietnameseGroup(TyperGroup):
    """The top-level group: runs the command line and words every refusal in Vietnamese."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        run = super().main
        if not standalone_mode:
            return run(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = run(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click.NoArgsIsHelpError as error:
            error.show()  # the help text: a request for help, not a mistake
            sys.exit(error.exit_code)
        except click.UsageError as error:
            typer.echo(f"Lỗi: {usage_message(error)}", err=True)
            if error.ctx is not None:
                typer.echo(f"Xem hướng dẫn: {error.ctx.command_path} --help", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            typer.echo("Lỗi: lệnh không thực hiện được.", err=True)
            sys.exit(error.exit_code)
        except Abort:
            typer.echo("Đã dừng; không có gì thay đổi.", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(1)
        except OSError as error:
            typer.echo(f"Lỗi: {i18n.os_error(error)}.", err=True)
            sys.exit(1)
        except sa.exc.OperationalError:
            typer.echo(
                f"Lỗi: không mở hoặc không kết nối được cơ sở dữ liệu {_database()}; hãy kiểm tra "
                "DIRECTIVES_DATABASE_URL và máy chủ cơ sở dữ liệu.",
                err=True,
            )
            sys.exit(1)
        except MemoryError:
            typer.echo("Lỗi: không đủ bộ nhớ để làm lệnh này.", err=True)
            sys.exit(1)
        except Exception as error:
            typer.echo(
                f"Lỗi ngoài dự kiến ({type(error).__name__}); lệnh đã dừng, dữ liệu không "
                "thay đổi. Hãy báo cho quản trị hệ thống.",
                err=True,
            )
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


# --- files ------------------------------------------------------------------------------------


def read_file(path: Path, max_mb: int) -> bytes:
    """The bytes of ``path``, refusing a file larger than ``max_mb`` megabytes without reading
    more than that (``/dev/zero`` never ends)."""
    limit = max_mb * 1024 * 1024
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        fail(f"không đọc được {i18n.os_error(error)}.")
    if len(data) > limit:
        fail(f"{path} lớn hơn {max_mb} MB: hãy chia thành nhiều tệp.")
    return data


def check_output(path: Path) -> None:
    """Refuse, before any work, an output that cannot be written: a folder, or a file in a
    folder that does not exist."""
    if path.is_dir():
        fail(f"{path} là một thư mục: hãy ghi cả tên tệp cần tạo trong thư mục đó.")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        fail(f"không ghi được {path}: {parent} là một tệp, không phải thư mục.")
    if not parent.is_dir():
        fail(f"không ghi được {path}: chưa có thư mục {parent}; hãy tạo thư mục trước.")


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a partial file is never left)."""
    check_output(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        fail(f"không ghi được {i18n.os_error(error)}.")
