"""The Typer application and its command groups; the commands live in the sibling modules."""

import typer

from directives.cli.errors import VietnameseGroup

app = typer.Typer(
    help="Theo dõi thực hiện kết luận của hội nghị: directives of a district, unit by unit.",
    no_args_is_help=True,
    add_completion=False,
    cls=VietnameseGroup,
)
users_app = typer.Typer(help="Tài khoản: add or list users.", no_args_is_help=True)
export_app = typer.Typer(help="Xuất dữ liệu: export figures to CSV or Excel.", no_args_is_help=True)
import_app = typer.Typer(
    help="Nhập từ Excel: status updates or tasks, all or nothing.", no_args_is_help=True
)
app.add_typer(users_app, name="users")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
