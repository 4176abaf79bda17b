"""A refused evidence file stops the whole save: the status and note are not saved without it,
and the page says why in Vietnamese. The uploader and the service count a megabyte alike."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from directives.config import get_settings
from directives.db import make_engine, session_scope
from directives.models import Assignment, Evidence, Status, StatusUpdate, Unit
from directives.services import evidence
from directives.ui.session import FOCUS_ASSIGNMENT_KEY
from tests.dashboard.conftest import app_test, shown

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def count(url: str, model: type) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        total = session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return int(total)


def open_assignment(url: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == "giao-an")).one()
        row = session.exec(
            select(Assignment).where(
                Assignment.unit_id == unit.id, Assignment.status == Status.IN_PROGRESS
            )
        ).first()
        assert row is not None and row.id is not None
        found = row.id
    engine.dispose()
    return found


@pytest.fixture
def one_mb(demo_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DIRECTIVES_EVIDENCE_MAX_MB", "1")
    monkeypatch.setenv("DIRECTIVES_EVIDENCE_DIR", str(tmp_path / "evidence"))
    get_settings.cache_clear()
    return demo_env


def test_the_limit_is_counted_as_streamlit_counts_it(one_mb: str) -> None:
    assert evidence.max_bytes() == 1_000_000, "Streamlit's uploader: 1 MB = 10⁶ bytes"
    assert evidence.uploader_mb() > evidence.max_mb(), "over-limit files reach the service"


@pytest.mark.parametrize("extra", [1, 40_000])
def test_a_file_over_the_limit_saves_nothing(one_mb: str, extra: int) -> None:
    assignment_id = open_assignment(one_mb)
    updates, files = count(one_mb, StatusUpdate), count(one_mb, Evidence)
    at = app_test(one_mb, "thuky.giao-an").run()
    at.session_state[FOCUS_ASSIGNMENT_KEY] = assignment_id
    at.switch_page("views/my_unit.py").run()
    assert not at.exception
    uploader = next(u for u in at.get("file_uploader") if u.label == "Tệp minh chứng")
    assert uploader.proto.max_upload_size_mb == evidence.uploader_mb()

    too_big = PDF + b"\n" * (evidence.max_bytes() + extra - len(PDF))
    uploader.set_value([("bien-ban.pdf", too_big, "application/pdf")])
    at.text_area[0].set_value("Đã triển khai, kèm biên bản")
    next(b for b in at.button if b.label == "Lưu cập nhật").click().run()

    assert not at.exception
    message = shown(at.error[0].value)
    assert "Chưa lưu gì" in message
    assert "“bien-ban.pdf” lớn hơn 1 MB" in message and "tối đa 1.000.000 byte" in message
    assert count(one_mb, StatusUpdate) == updates, "neither the status nor the note is saved"
    assert count(one_mb, Evidence) == files
