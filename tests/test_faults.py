"""A process killed (SIGKILL) in the middle of an import leaves the database as it was before:
the same rows, byte for byte (the backup fingerprint), an intact file on SQLite, no lock left
behind, and the same import succeeds afterwards. On both engines."""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from directives.backup import fingerprint
from directives.db import is_sqlite, make_engine, session_scope
from directives.models import User
from directives.queries.sheets import update_rows
from directives.reports.layout import TASKS
from directives.reports.workbooks import tasks_template, updates_template
from directives.services.workbook_tasks import import_tasks
from directives.services.workbook_updates import import_updates
from tests.faults_child import PAUSED

ROOT = Path(__file__).resolve().parents[1]


def updates_file(url: str) -> bytes:
    """Every open assignment of the demo moved on by 7 points: a bulk change of ~150 rows."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = update_rows(session, open_only=True)
    engine.dispose()
    rows["status"] = "in_progress"
    rows["progress"] = [(p + 7) % 100 for p in rows["progress"]]
    rows["note"] = "Nhập từ Excel, bị ngắt giữa chừng"
    return updates_template(rows)


def tasks_file() -> bytes:
    """A new conclusion with 30 tasks, each given to every commune."""
    book = openpyxl.load_workbook(io.BytesIO(tasks_template()))
    sheet = book[TASKS.name]
    for seq in range(1, 31):
        values = {
            "meeting_title": "Hội nghị giao ban quý IV năm 2021",
            "held_on": "05/10/2021",
            "conclusion_number": "301-TB/HU",
            "issued_on": "08/10/2021",
            "issuer": "Huyện ủy Giao Thủy",
            "conclusion_title": "Kết luận hội nghị giao ban quý IV năm 2021",
            "task_seq": seq,
            "task_content": f"Nhiệm vụ số {seq} của kết luận giao ban",
            "leads": "Các xã, thị trấn",
            "deadline": "31/12/2021",
        }
        for key, value in values.items():
            sheet.cell(seq + 1, TASKS.index(key) + 1, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def integrity(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as connection:
        result = str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())
    engine.dispose()
    return result


@pytest.mark.parametrize("kind", ["updates", "tasks"])
def test_killed_in_the_middle_of_an_import_the_database_is_as_before(
    demo_url: str, tmp_path: Path, kind: str
) -> None:
    data = updates_file(demo_url) if kind == "updates" else tasks_file()
    file = tmp_path / f"{kind}.xlsx"
    file.write_bytes(data)
    before = fingerprint(demo_url)

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.faults_child", kind, str(file), "quantri"],
        cwd=ROOT,
        env={**os.environ, "DIRECTIVES_DATABASE_URL": demo_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == PAUSED, f"the import did not reach its writes: {child.stderr.read()}"
        assert fingerprint(demo_url) == before, "uncommitted rows are not visible to others"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()

    assert fingerprint(demo_url) == before, "no partial rows: every table exactly as before"
    if is_sqlite(demo_url):
        assert integrity(demo_url) == "ok"
    engine = make_engine(demo_url)
    with session_scope(engine, write=True) as session:  # no lock left: the same import succeeds
        admin = session.exec(select(User).where(User.username == "quantri")).one()
        run = import_updates if kind == "updates" else import_tasks
        summary = run(data, file_name=file.name, session=session, actor=admin)
    engine.dispose()
    assert summary.changes > 0 and summary.written
    assert fingerprint(demo_url) != before
    if kind == "updates":
        assert summary.updated == summary.rows
    else:
        assert summary.created == 30
