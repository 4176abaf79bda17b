"""Starting a real deployment from the command line: init-db says who it is (from options, or asked
on a terminal), users add takes the password from standard input only, and serve never puts the
demo into a database the user named."""

from pathlib import Path

import pytest
from click.testing import Result
from sqlmodel import select
from typer.testing import CliRunner

from directives.cli import accounts as cli_accounts
from directives.cli import app, common, database, server
from directives.db import make_engine, session_scope, upgrade
from directives.models import Role, Unit, User
from directives.services import accounts, deployment
from tests.databases import CHEAP_HASHER

runner = CliRunner()
PASSWORD = "mat-khau-du-dai"


def run(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=input)


def identity(url: str) -> deployment.Deployment:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = deployment.current(session=session)
    engine.dispose()
    return found


@pytest.fixture
def new_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'tinh.db'}"
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", url)
    return url


def test_init_db_with_options(new_db: str) -> None:
    result = run(
        "init-db", "--level", "tinh",
        "--issuer", "UBND tỉnh Quảng Trị", "--issuer", "Tỉnh ủy Quảng Trị",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert identity(new_db) == deployment.Deployment(
        "tinh", ("UBND tỉnh Quảng Trị", "Tỉnh ủy Quảng Trị"), "tỉnh Quảng Trị"
    )
    assert "directives users add" in result.output
    again = run("init-db")
    assert again.exit_code == 0, "an existing deployment migrates without being asked again"
    assert identity(new_db).level == "tinh"
    moved = run("init-db", "--place", "tỉnh Quảng Trị (mới)")
    assert moved.exit_code == 0, moved.output
    assert identity(new_db).place == "tỉnh Quảng Trị (mới)"
    assert identity(new_db).issuers == ("UBND tỉnh Quảng Trị", "Tỉnh ủy Quảng Trị")


@pytest.mark.parametrize(
    ("args", "missing"),
    [([], "--level"), (["--level", "xa"], "--issuer")],
    ids=["nothing", "no-issuer"],
)
def test_init_db_without_a_terminal_names_the_missing_option(
    new_db: str, args: list[str], missing: str
) -> None:
    result = run("init-db", *args)
    assert result.exit_code == 1
    assert f"Lỗi: thiếu {missing}" in result.stderr
    assert identity(new_db) == deployment.UNSET


def test_init_db_refuses_an_unknown_level(new_db: str) -> None:
    result = run("init-db", "--level", "huyện", "--issuer", "UBND tỉnh Quảng Trị")
    assert result.exit_code != 0
    assert "tinh, xa, huyen" in result.stderr


def test_init_db_asks_on_a_terminal(new_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "interactive", lambda: True)  # as if at a terminal
    answers = "phuong\nxa\nĐảng ủy xã Hải Lăng\nUBND xã Hải Lăng\n\n\n"
    result = run("init-db", input=answers)
    assert result.exit_code == 0, result.output
    assert "Cấp của cơ quan" in result.output
    assert "Hãy gõ tinh hoặc xa." in result.output
    assert identity(new_db) == deployment.Deployment(
        "xa", ("Đảng ủy xã Hải Lăng", "UBND xã Hải Lăng"), "xã Hải Lăng"
    )


def test_users_add_takes_no_password_option(new_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    assert run("init-db", "--level", "xa", "--issuer", "Đảng ủy xã A").exit_code == 0
    typed = run("users", "add", "quantri", "--role", "admin", "--password", PASSWORD)
    assert typed.exit_code != 0
    assert "--password" in typed.stderr
    result = run("users", "add", "quantri", "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert "Đã tạo tài khoản quantri (Quản trị)." in result.output
    short = run("users", "add", "lanhdao", "--role", "leader", input=f"{PASSWORD}\n")
    assert short.exit_code == 1
    assert "Lỗi: thiếu mật khẩu" in short.stderr


def test_users_add_asks_on_a_terminal(new_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    monkeypatch.setattr(cli_accounts, "interactive", lambda: True)  # as if at a terminal
    assert run("init-db", "--level", "xa", "--issuer", "Đảng ủy xã A").exit_code == 0
    result = run("users", "add", "quantri", "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Mật khẩu cho quantri" in result.output
    assert "Nhập lại mật khẩu" in result.output
    assert PASSWORD not in result.output


def serve_output(monkeypatch: pytest.MonkeyPatch) -> Result:
    """``serve --demo-if-empty`` up to the moment it would hand over to Streamlit."""

    def stop(*_: object) -> None:
        raise SystemExit(0)

    monkeypatch.setattr(server.os, "execve", stop)
    return run("serve", "--demo-if-empty")


def test_serve_never_fills_a_named_database_with_the_demo(
    new_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = serve_output(monkeypatch)
    assert result.exit_code == 0, result.output
    engine = make_engine(new_db)
    with session_scope(engine) as session:
        assert session.exec(select(Unit)).first() is None
        assert session.exec(select(User)).first() is None
    engine.dispose()
    assert "Giao Thủy" not in result.output
    assert "directives init-db --level tinh" in result.output
    assert "directives users add" in result.output


def test_only_the_default_database_is_the_demo_database(new_db: str) -> None:
    assert not common.is_demo_database(new_db)
    default = common.Settings.model_fields["database_url"].default
    assert common.is_demo_database(default)


def test_serve_says_when_the_office_is_not_set(
    new_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database made before deployments had an identity: it is served, with the way to set it."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    upgrade(new_db)
    engine = make_engine(new_db)
    with session_scope(engine, write=True) as session:
        accounts.create_user(
            session=session, username="quantri", full_name="Quản trị", password=PASSWORD,
            role=Role.ADMIN,
        )  # fmt: skip
    engine.dispose()
    result = serve_output(monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Chưa khai báo cơ quan" in result.output
    assert "Thông tin cơ quan" in result.output
