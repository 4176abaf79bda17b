"""Every error path of the command line, walked with bad arguments: each stops with a non-zero
exit code and Vietnamese lines, never a traceback nor an English message, and leaves nothing
behind (no output file, no empty database, no account)."""

import re
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from directives.cli import app
from directives.cli.errors import parse_day, usage_message
from directives.config import get_settings
from tests.databases import CHEAP_HASHER
from tests.english import ENGLISH

runner = CliRunner()

# Words that show an English message got through (tests/english.py). Accepted values that happen
# to be English words (all, month, year, csv) are not there: messages list them as choices.

PASSWORD = "mat-khau-du-dai"


def english_words(output: str, tmp_path: Path) -> list[str]:
    """English words of the output, leaving out paths (pytest's folders are English) and option
    names (``--as-of`` is an option, not prose)."""
    text = output.replace(str(tmp_path), "<thư-mục>")
    words = []
    for token in text.split():
        if token.startswith("-") or token.startswith(("/", "'/")):
            continue
        words += [w.lower() for w in re.findall(r"[^\W\d_]+", token)]
    return [word for word in words if word in ENGLISH]


def run(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=input)


def refused(result: Result, tmp_path: Path) -> str:
    """The output of a refused command, after checking how it was refused."""
    output = result.stdout + result.stderr
    assert result.exit_code not in (0, None), output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )
    assert "Traceback" not in output
    assert output.strip(), "a refusal says why"
    assert "Lỗi" in output or "Đã dừng" in output, output
    assert not english_words(output, tmp_path), output
    return output


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder, a plain file and a file that is no workbook, for the commands to stumble on."""
    (tmp_path / "thu-muc").mkdir()
    (tmp_path / "tep.txt").write_text("không phải bảng tính", encoding="utf-8")
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 hong")
    return tmp_path


# Each case: the arguments, with {tmp} standing for the test's folder; then what must not exist
# afterwards (relative to it).
CASES: dict[str, tuple[list[str], list[str]]] = {
    # unknown commands and options, missing arguments (Click's own refusals)
    "no-such-command": (["xuat"], []),
    "no-such-command-close": (["exprt"], []),
    "no-such-option": (["export", "assignments", "--nope"], []),
    "option-needs-a-value": (["export", "assignments", "--as-of"], []),
    "flag-takes-no-value": (["import", "updates", "{tmp}/hong.xlsx", "--user=a", "--check=1"], []),
    "missing-argument": (["import", "updates", "--user", "quantri"], []),
    "missing-option": (["import", "tasks", "{tmp}/hong.xlsx"], []),
    "extra-argument": (["init-db", "thua"], []),
    "users-add-no-role": (["users", "add", "ai-do"], []),
    # bad values
    "bad-role": (["users", "add", "ai-do", "--role", "boss"], []),
    "bad-period": (["export", "assignments", "--period", "tuần", "-o", "{tmp}/a.csv"], ["a.csv"]),
    "bad-format": (["export", "assignments", "--format", "pdf", "-o", "{tmp}/a.pdf"], ["a.pdf"]),
    "bad-lang": (["export", "assignments", "--lang", "fr", "-o", "{tmp}/a.csv"], ["a.csv"]),
    "bad-day-form": (["export", "assignments", "--as-of", "15-10-2021"], []),
    "no-such-day": (["export", "assignments", "--as-of", "31/02/2021"], []),
    "last-day": (
        ["export", "assignments", "--as-of", "9999-12-31", "-o", "{tmp}/a.csv"],
        ["a.csv"],
    ),
    "report-last-day": (["report", "--as-of", "9999-12-31", "-o", "{tmp}/b.docx"], ["b.docx"]),
    "report-bad-period": (["report", "--period", "week", "-o", "{tmp}/b.docx"], ["b.docx"]),
    "extract-bad-issued": (["extract", "{tmp}/tep.txt", "--issued", "hôm qua"], []),
    "scale-not-a-number": (["demo", "--scale", "lớn"], []),
    "scale-negative": (["demo", "--scale", "-1"], []),
    "scale-nan": (["demo", "--scale", "nan"], []),
    "seed-not-whole": (["demo", "--scale", "0.01", "--seed", "1.5"], []),
    # missing files, folders, files too large
    "import-missing-file": (["import", "updates", "{tmp}/khong-co.xlsx", "--user", "quantri"], []),
    "import-folder": (["import", "tasks", "{tmp}/thu-muc", "--user", "quantri"], []),
    "import-dev-zero": (["import", "updates", "/dev/zero", "--user", "quantri"], []),
    "import-not-a-workbook": (["import", "updates", "{tmp}/hong.xlsx", "--user", "quantri"], []),
    "extract-missing-file": (["extract", "{tmp}/khong-co.txt"], []),
    "extract-folder": (["extract", "{tmp}/thu-muc"], []),
    "extract-dev-zero": (["extract", "/dev/zero"], []),
    "export-into-missing-folder": (
        ["export", "assignments", "-o", "{tmp}/khong-co/a.csv"],
        ["khong-co"],
    ),
    "export-onto-folder": (
        ["export", "assignments", "--format", "xlsx", "-o", "{tmp}/thu-muc"],
        [],
    ),
    "export-under-a-file": (["export", "assignments", "-o", "{tmp}/tep.txt/a.csv"], []),
    "tasks-onto-folder": (["export", "tasks", "-o", "{tmp}/thu-muc"], []),
    "tasks-into-missing-folder": (["export", "tasks", "-o", "{tmp}/khong-co/n.xlsx"], ["khong-co"]),
    "report-onto-folder": (["report", "-o", "{tmp}/thu-muc"], []),
    "report-into-missing-folder": (["report", "-o", "{tmp}/khong-co/b.docx"], ["khong-co"]),
    "backup-onto-folder": (["backup", "{tmp}/thu-muc"], ["thu-muc.json"]),
    "backup-under-a-file": (["backup", "{tmp}/tep.txt/sao-luu.bak"], []),
    "restore-missing": (["restore", "{tmp}/khong-co.bak", "--yes"], []),
    "restore-folder": (["restore", "{tmp}/thu-muc", "--yes"], []),
    "restore-no-manifest": (["restore", "{tmp}/tep.txt", "--yes"], []),
    "restore-a-device": (["restore", "/dev/zero", "--yes"], []),
    # unknown things, wrong roles
    "unknown-user": (["import", "updates", "{tmp}/hong.xlsx", "--user", "khong-ai"], []),
    "leader-imports-updates": (["import", "updates", "{tmp}/hong.xlsx", "--user", "lanhdao"], []),
    "secretary-imports-tasks": (
        ["import", "tasks", "{tmp}/hong.xlsx", "--user", "thuky.giao-an"],
        [],
    ),
    "unknown-conclusion-tasks": (
        ["export", "tasks", "--conclusion", "999-TB/HU", "-o", "{tmp}/n.xlsx"],
        ["n.xlsx"],
    ),
    "unknown-conclusion-report": (
        ["report", "--conclusion", "999-TB/HU", "-o", "{tmp}/b.docx"],
        ["b.docx"],
    ),
    "demo-twice": (["demo"], []),
    "serve-extra-argument": (["serve", "thua"], []),
    "remind-bad-day": (["remind", "--as-of", "32/13/2021"], []),
    "remind-no-such-option": (["remind", "--gui-ngay"], []),
    "worker-interval-too-short": (["worker", "--interval", "0"], []),
    "worker-extra-argument": (["worker", "thua"], []),
    "serve-no-such-option": (["serve", "--cong", "80"], []),
    "users-list-no-such-option": (["users", "list", "--tat-ca"], []),
    "init-db-no-such-option": (["init-db", "--xoa"], []),
    "backup-missing-argument": (["backup"], []),
    "restore-missing-argument": (["restore", "--yes"], []),
    "units-import-not-a-workbook": (
        ["units", "import", "{tmp}/hong.xlsx", "--user", "quantri"],
        [],
    ),
    "units-import-unknown-user": (["units", "import", "{tmp}/hong.xlsx", "--user", "khong-ai"], []),
    "units-export-into-a-folder": (["units", "export", "-o", "{tmp}/thu-muc"], []),
    "grades-no-such-quarter": (
        ["grades", "--year", "2021", "--period", "quarter", "--which", "5", "-o", "{tmp}/g.csv"],
        ["g.csv"],
    ),
    "grades-bad-period": (["grades", "--year", "2021", "--period", "tuần"], []),
    "grades-onto-folder": (
        ["grades", "--year", "2021", "--format", "xlsx", "-o", "{tmp}/thu-muc"],
        [],
    ),
    "units-catalog-unknown-province": (
        ["units", "catalog", "--province", "Tỉnh Không Có", "-o", "{tmp}/dv.xlsx"],
        ["{tmp}/dv.xlsx"],
    ),
}


def command_names() -> list[str]:
    """Every command as typed ("users add"), read from the app."""
    import typer

    names = []
    for name, command in getattr(typer.main.get_command(app), "commands", {}).items():
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return names


def test_every_command_has_an_error_case() -> None:
    """A new command gets its bad-argument case here, or this fails."""
    walked = {" ".join(args[:2]) for args, _ in CASES.values()} | {
        args[0] for args, _ in CASES.values()
    }
    missing = [name for name in command_names() if name not in walked]
    assert not missing, f"no error case for: {', '.join(missing)}"


@pytest.mark.parametrize("case", CASES)
def test_error_paths_are_vietnamese(
    case: str, place: Path, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    args, leftovers = CASES[case]
    result = run(*(arg.replace("{tmp}", str(place)) for arg in args))
    refused(result, place)
    for name in leftovers:
        assert not (place / name).exists(), f"{name} was left behind"
    assert not list(place.glob("**/*.partial")), "a partial file was left behind"


USER_CASES = {
    "unknown-unit": (["--role", "secretary", "--unit", "khong-co"], f"{PASSWORD}\n{PASSWORD}\n"),
    "secretary-without-unit": (["--role", "secretary"], f"{PASSWORD}\n{PASSWORD}\n"),
    "weak-password": (["--role", "admin"], "ngan\nngan\n"),
    "passwords-differ": (["--role", "admin"], f"{PASSWORD}\nkhac-han-nhe\n"),
    "no-password": (["--role", "admin"], ""),
    "taken-name": (["--role", "admin"], f"{PASSWORD}\n{PASSWORD}\n"),
}


@pytest.mark.parametrize("case", USER_CASES)
def test_users_add_refusals_are_vietnamese(
    case: str, demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from directives.services import accounts

    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    options, typed = USER_CASES[case]
    name = "quantri" if case == "taken-name" else "nguoi-moi"
    result = run("users", "add", name, *options, input=typed)
    refused(result, tmp_path)
    assert "nguoi-moi" not in run("users", "list").stdout


def test_restore_refused_at_the_prompt_is_vietnamese(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    target = tmp_path / "sao-luu.bak"
    assert run("backup", str(target)).exit_code == 0
    output = refused(run("restore", str(target), input="n\n"), tmp_path)
    assert "Đã dừng" in output


def sqlite_at(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.mark.parametrize("where", ["missing", "folder", "under-a-file", "not-a-database"])
def test_backup_of_a_database_that_is_not_there(
    where: str, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = {
        "missing": place / "khong-co.db",
        "folder": place / "thu-muc",
        "under-a-file": place / "tep.txt" / "directives.db",
        "not-a-database": place / "tep.txt",
    }[where]
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", sqlite_at(database))
    output = refused(run("backup", str(place / "sao-luu.bak")), place)
    assert "sao lưu" in output
    assert not (place / "khong-co.db").exists(), "no empty database left behind"
    assert not (place / "sao-luu.bak").exists() and not (place / "sao-luu.bak.json").exists()


@pytest.mark.engine_independent("SQLite files: the restored database's path")
@pytest.mark.parametrize("where", ["folder", "under-a-file", "not-a-database"])
def test_restore_into_a_path_that_cannot_hold_a_database(
    where: str, place: Path, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    target = place / "sao-luu.bak"
    assert run("backup", str(target)).exit_code == 0
    database = {
        "folder": place / "thu-muc",
        "under-a-file": place / "tep.txt" / "directives.db",
        "not-a-database": place / "tep.txt",
    }[where]
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", sqlite_at(database))
    get_settings.cache_clear()
    refused(run("restore", str(target), "--yes"), place)
    if where != "not-a-database":
        assert (place / "tep.txt").read_text(encoding="utf-8") == "không phải bảng tính"


def test_usage_messages_never_fall_back_to_english() -> None:
    """The wording of Click's refusals this module does not know: a Vietnamese fallback."""
    from typer._click.exceptions import UsageError

    assert usage_message(UsageError("Something new went wrong.")) == "cách gọi lệnh không đúng."
    for words in ("argument (a)", "arguments (a)", "argument(s) (a)"):
        assert usage_message(UsageError(f"Got unexpected extra {words}")) == "thừa tham số: a."


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2021-10-15", (2021, 10, 15)), ("15/10/2021", (2021, 10, 15)), ("5/1/2021", (2021, 1, 5))],
)
def test_days_in_both_forms(text: str, expected: tuple[int, int, int]) -> None:
    found = parse_day(text)
    assert found is not None and (found.year, found.month, found.day) == expected


@pytest.mark.parametrize("text", ["", "15-10-2021", "31/02/2021", "1/2", "a/b/c", "2021-13-01"])
def test_what_is_not_a_day(text: str) -> None:
    assert parse_day(text) is None


@pytest.mark.engine_independent("a SQLite file backed up onto itself")
def test_backup_onto_the_database_itself_is_refused(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    database = Path(demo_url.removeprefix("sqlite:///"))
    size = database.stat().st_size
    output = refused(run("backup", str(database)), tmp_path)
    assert "chính cơ sở dữ liệu" in output
    assert database.stat().st_size == size


@pytest.mark.parametrize("command", [["init-db"], ["users", "list"], ["demo"]])
def test_a_database_that_cannot_be_opened(
    command: list[str], place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", sqlite_at(place / "thu-muc"))
    output = refused(run(*command), place)
    assert "cơ sở dữ liệu" in output
