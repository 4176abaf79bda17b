"""``directives grades``: the CSV is the query's table, the workbook and the Word table are
written where asked."""

import io
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from directives.cli import app
from directives.db import make_engine, session_scope
from directives.periods import PeriodKind
from directives.queries.grades import grades, grading_period
from directives.reports.grades import labelled

runner = CliRunner()


def test_the_csv_is_the_querys_table(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    result = runner.invoke(app, ["grades", "--period", "half", "--year", "2021", "--which", "2"])
    assert result.exit_code == 0, result.output
    printed = pd.read_csv(io.StringIO(result.stdout))
    engine = make_engine(demo_url)
    with session_scope(engine) as session:
        expected = labelled(grades(session, grading_period(PeriodKind.HALF, 2021, 2)))
    engine.dispose()
    assert list(printed.columns) == list(expected.columns)
    assert printed["Đơn vị"].tolist() == expected["Đơn vị"].tolist()
    assert printed["Điểm"].tolist() == expected["Điểm"].tolist()
    assert printed["Xếp loại"].tolist() == expected["Xếp loại"].tolist()


@pytest.mark.parametrize("file_format", ["xlsx", "docx"])
def test_the_workbook_and_the_word_table_are_written(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_format: str
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    target = tmp_path / f"xep-loai.{file_format}"
    result = runner.invoke(
        app, ["grades", "--year", "2021", "--format", file_format, "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "Năm 2021" in result.stdout and target.stat().st_size > 0
