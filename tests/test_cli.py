"""The command line, driven in-process: creating the database, loading the demo, adding users and
exporting the assignments, each against a database named by DIRECTIVES_DATABASE_URL."""

import io
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
import typer
from click.testing import Result
from sqlmodel import select
from typer.testing import CliRunner

from directives import i18n
from directives.cli import app
from directives.db import make_engine, session_scope
from directives.models import Assignment, Role, Task, Unit, User
from directives.queries.overview import status_counts
from directives.queries.state import Filters
from directives.reports.export import EXPORT_COLUMNS
from directives.reports.layout import UPDATES
from directives.services import accounts, logins
from tests.databases import CHEAP_HASHER

README = Path(__file__).resolve().parents[1] / "README.md"
AS_OF = date(2021, 10, 15)
PASSWORD = "mat-khau-du-dai"

runner = CliRunner()
UseDb = Callable[[str], str]


def invoke(*args: str, input: str | None = None) -> Result:
    result = runner.invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch) -> UseDb:
    """Point the CLI at a database: ``use_db(url)``."""

    def point(url: str) -> str:
        monkeypatch.setenv("DIRECTIVES_DATABASE_URL", url)
        return url

    return point


def users_in(url: str) -> dict[str, User]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = {u.username: u for u in session.exec(select(User)).all()}
    engine.dispose()
    return found


def expected_total(url: str, day: date = AS_OF) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        total = status_counts(session, Filters(as_of=day)).total
    engine.dispose()
    return total


# --- serve ---------------------------------------------------------------------------------------


def test_serve_hands_over_to_streamlit_with_the_upload_cap(
    demo_url: str, use_db: UseDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_db(demo_url)
    monkeypatch.setenv("DIRECTIVES_EVIDENCE_MAX_MB", "35")
    monkeypatch.setenv("DIRECTIVES_PORT", "8599")
    monkeypatch.delenv("DIRECTIVES_BACKGROUND_JOBS", raising=False)
    handed: list[list[str]] = []
    environments: list[dict[str, str]] = []

    def execve(_path: str, command: list[str], env: dict[str, str]) -> None:
        handed.append(command)
        environments.append(env)

    monkeypatch.setattr("directives.cli.server.os.execve", execve)
    result = invoke("serve")
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8599" in result.output and "quantri" in result.output
    [command] = handed
    # Streamlit's command line, through the launcher that imports the pages' modules first
    assert command[2:4] == ["directives.ui.launch", "run"]
    assert command[4].endswith("dashboard/app.py")
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.port"] == "8599"
    assert options["--server.maxUploadSize"] == "35", "the largest file a page takes, not 200 MB"
    # reminders and deliveries run in Streamlit's process, not in this one
    assert environments[0]["DIRECTIVES_BACKGROUND_JOBS"] == "true"
    assert "DIRECTIVES_BACKGROUND_JOBS" not in os.environ


# --- init-db and demo --------------------------------------------------------------------------


def test_init_db_creates_an_empty_database(tmp_path: Path, use_db: UseDb) -> None:
    path = tmp_path / "new" / "directives.db"
    url = use_db(f"sqlite:///{path}")
    result = invoke("init-db", "--level", "tinh", "--issuer", "UBND tỉnh Quảng Trị")
    assert result.exit_code == 0, result.output
    assert "directives users add" in result.output, "it says how to create the first admin"
    assert path.exists()
    tables = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert {"unit", "task", "assignment", "status_update", "app_user", "alembic_version"} <= tables
    again = invoke("init-db")
    assert again.exit_code == 0, "init-db is safe to run again"
    assert users_in(url) == {}


def test_demo_loads_once(db_url: str, use_db: UseDb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    use_db(db_url)
    result = invoke("demo")
    assert result.exit_code == 0, result.output
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        assert len(session.exec(select(Task)).all()) == 11
        assert accounts.is_demo(session=session)
    engine.dispose()
    assert {"quantri", "lanhdao", "thuky.giao-an"} <= set(users_in(db_url))

    second = invoke("demo")
    assert second.exit_code == 1, "loading the demo twice must fail"
    assert "Lỗi" in second.stderr
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        assert len(session.exec(select(Task)).all()) == 11, "the second run added tasks"
    engine.dispose()


def test_demo_refuses_a_database_with_data(demo_url: str, use_db: UseDb) -> None:
    use_db(demo_url)
    before = users_in(demo_url).keys()
    result = invoke("demo")
    assert result.exit_code == 1
    assert users_in(demo_url).keys() == before


# --- users -------------------------------------------------------------------------------------


def test_users_add_admin(db_url: str, use_db: UseDb) -> None:
    use_db(db_url)
    result = invoke(
        "users", "add", "NguyenVanA", "--role", "admin", "--full-name", "Nguyễn Văn A",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output, "the password is never echoed"
    user = users_in(db_url)["nguyenvana"]
    assert (user.role, user.full_name, user.unit_id) == (Role.ADMIN, "Nguyễn Văn A", None)
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        assert logins.authenticate("nguyenvana", PASSWORD, session=session) is not None
    engine.dispose()


@pytest.mark.parametrize(
    "password",
    ["ngan", "123456789", accounts.DEMO_PASSWORD],
    ids=["short", "nine-characters", "demo-password"],
)
def test_users_add_refuses_weak_passwords(db_url: str, use_db: UseDb, password: str) -> None:
    use_db(db_url)
    result = invoke("users", "add", "quantri", "--role", "admin", input=f"{password}\n{password}\n")
    assert result.exit_code == 1
    assert "mật khẩu" in result.stderr
    assert users_in(db_url) == {}


def test_users_add_needs_matching_confirmation(db_url: str, use_db: UseDb) -> None:
    use_db(db_url)
    result = invoke(
        "users", "add", "quantri", "--role", "admin", input=f"{PASSWORD}\nkhac-han-nhe\n"
    )
    assert result.exit_code != 0
    assert users_in(db_url) == {}


def test_users_add_secretary_of_a_unit(demo_url: str, use_db: UseDb) -> None:
    use_db(demo_url)
    result = invoke(
        "users", "add", "thuky2.giao-an", "--role", "secretary", "--unit", "giao-an",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = users_in(demo_url)["thuky2.giao-an"]
    engine = make_engine(demo_url)
    with session_scope(engine) as session:
        unit = session.get(Unit, user.unit_id)
        assert unit is not None and unit.slug == "giao-an"
    engine.dispose()

    unknown = invoke(
        "users", "add", "thuky3", "--role", "secretary", "--unit", "khong-co",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert unknown.exit_code == 1
    assert "thuky3" not in users_in(demo_url)


def test_users_list(demo_url: str, use_db: UseDb) -> None:
    use_db(demo_url)
    result = invoke("users", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(users_in(demo_url))
    by_name = {line.split()[0]: line for line in lines}
    assert "leader" in by_name["lanhdao"]
    assert "admin" in by_name["quantri"]
    assert "secretary" in by_name["thuky.giao-an"] and "Xã Giao An" in by_name["thuky.giao-an"]


# --- export ------------------------------------------------------------------------------------


VI_HEADINGS = [i18n.column(name) for name in EXPORT_COLUMNS]


def test_export_xlsx(demo_url: str, use_db: UseDb, tmp_path: Path) -> None:
    """Excel is the status-update workbook: the assignments counted on the day, each as saved
    now with its version, in the layout `directives import updates` reads back."""
    use_db(demo_url)
    target = tmp_path / "phan-cong.xlsx"
    result = invoke(
        "export", "assignments", "--format", "xlsx", "--as-of", "2021-10-15", "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    total = expected_total(demo_url)
    assert f"{total} dòng" in result.stdout

    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == [UPDATES.name, "Hướng dẫn"]
    sheet = workbook[UPDATES.name]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == UPDATES.headers, "Vietnamese headings, in order"
    assert len(rows) - 1 == total, "one row per assignment counted on the day"
    deadlines = [row[UPDATES.index("deadline")] for row in sheet.iter_rows(min_row=2)]
    dated = [cell for cell in deadlines if cell.value != "Thường xuyên"]
    assert dated and all(c.is_date and c.number_format == "DD/MM/YYYY" for c in dated), (
        "real dates shown dd/mm/yyyy; a standing task says so"
    )
    workbook.close()

    key, status, version = (UPDATES.index(k) for k in ("assignment_id", "status", "version"))
    exported = {row[key]: (row[status], row[version]) for row in rows[1:]}
    assert len(exported) == total, "one row per assignment"
    engine = make_engine(demo_url)
    with session_scope(engine) as session:
        saved = {a.id: a for a in session.exec(select(Assignment)).all()}
    engine.dispose()
    for assignment_id, (label, saved_version) in exported.items():
        assert label == i18n.label("status", saved[assignment_id].status)
        assert saved_version == saved[assignment_id].version
    frame = pd.read_excel(target, engine="openpyxl", dtype=str, keep_default_na=False)
    assert set(frame["Vai trò"]) == {"Chủ trì", "Phối hợp"}


def test_export_csv_to_file(demo_url: str, use_db: UseDb, tmp_path: Path) -> None:
    use_db(demo_url)
    target = tmp_path / "phan-cong.csv"
    result = invoke(
        "export", "assignments", "--format", "csv", "--as-of", "15/10/2021", "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    frame = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == VI_HEADINGS
    assert len(frame) == expected_total(demo_url)


def test_export_csv_to_stdout_in_english(demo_url: str, use_db: UseDb) -> None:
    use_db(demo_url)
    result = invoke("export", "assignments", "--as-of", "2021-03-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert list(frame.columns) == [i18n.column(name, "en") for name in EXPORT_COLUMNS]
    assert len(frame) == expected_total(demo_url, date(2021, 3, 1))
    assert set(frame["Standing"]) <= {i18n.label("derived", d, "en") for d in i18n.DERIVED}


def test_export_defaults_to_the_demo_day(
    demo_url: str, use_db: UseDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_db(demo_url)
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "assignments", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    target = tmp_path / "phan-cong-2021-10-15.xlsx"
    assert target.exists(), result.output
    assert len(pd.read_excel(target, engine="openpyxl")) == expected_total(demo_url)


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "pdf"),
        ("--as-of", "15-10-2021"),
        ("--as-of", "31/02/2021"),
    ],
    ids=["format", "date-form", "no-such-day"],
)
def test_export_rejects_bad_options(
    demo_url: str, use_db: UseDb, tmp_path: Path, args: tuple[str, ...]
) -> None:
    use_db(demo_url)
    result = invoke("export", "assignments", *args, "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "x.csv").exists()


# --- help and documentation --------------------------------------------------------------------


def command_names() -> list[str]:
    """Every command of the CLI as typed ("users add"), read from the app itself so that a new
    command cannot go undocumented."""
    names = []
    for name, command in getattr(typer.main.get_command(app), "commands", {}).items():
        subcommands = getattr(command, "commands", None)  # a group such as "users"
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return names


def test_help_lists_every_command() -> None:
    top = invoke("--help")
    assert top.exit_code == 0
    for name in ("init-db", "demo", "users", "export", "import", "serve"):
        assert name in top.stdout, f"'{name}' missing from --help"
    assert {"add", "list"} <= set(invoke("users", "--help").stdout.split())
    assert {"assignments", "tasks"} <= set(invoke("export", "--help").stdout.split())
    assert {"updates", "tasks"} <= set(invoke("import", "--help").stdout.split())


def test_readme_documents_every_command() -> None:
    readme = README.read_text(encoding="utf-8")
    names = command_names()
    assert {"init-db", "users add", "import updates", "extract", "report", "serve"} <= set(names)
    missing = [name for name in names if f"directives {name}" not in readme]
    assert not missing, f"README.md does not show: {', '.join('directives ' + m for m in missing)}"
