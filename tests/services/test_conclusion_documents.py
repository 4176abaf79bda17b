"""The signed document of a conclusion notice: attached by administrators, read by everyone."""

from pathlib import Path

import pytest
from sqlmodel import Session, select

from directives.models import Conclusion, Evidence, User
from directives.services import evidence
from directives.services.errors import InvalidInput, PermissionDenied

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _evidence_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "evidence"
    monkeypatch.setenv("DIRECTIVES_EVIDENCE_DIR", str(folder))
    return folder


def _user(session: Session, username: str) -> User:
    return session.exec(select(User).where(User.username == username)).one()


def _conclusion(session: Session) -> int:
    found = session.exec(select(Conclusion)).first()
    assert found is not None and found.id is not None
    return found.id


def test_admin_attaches_and_a_leader_downloads(demo_session: Session, _evidence_dir: Path) -> None:
    conclusion_id = _conclusion(demo_session)
    stored = evidence.store_document(
        _user(demo_session, "quantri"), conclusion_id, "215-TB-HU.pdf", PDF, session=demo_session
    )
    assert stored.conclusion_id == conclusion_id and stored.assignment_id is None
    assert [d.id for d in evidence.documents_for(conclusion_id, session=demo_session)] == [
        stored.id
    ]
    assert stored.stored_name != "215-TB-HU.pdf", "kept under a generated name"
    assert (_evidence_dir / stored.stored_name).read_bytes() == PDF
    row, content = evidence.open_for_download(
        _user(demo_session, "lanhdao"), stored.id or 0, session=demo_session
    )
    assert content == PDF and row.original_name == "215-TB-HU.pdf"


@pytest.mark.parametrize("username", ["lanhdao", "thuky.giao-an"])
def test_only_admins_attach(demo_session: Session, username: str) -> None:
    before = len(demo_session.exec(select(Evidence)).all())
    with pytest.raises(PermissionDenied, match="quản trị"):
        evidence.store_document(
            _user(demo_session, username),
            _conclusion(demo_session),
            "a.pdf",
            PDF,
            session=demo_session,
        )
    assert len(demo_session.exec(select(Evidence)).all()) == before


def test_content_must_match_the_name(demo_session: Session) -> None:
    with pytest.raises(InvalidInput):
        evidence.store_document(
            _user(demo_session, "quantri"),
            _conclusion(demo_session),
            "ket-luan.pdf",
            b"MZ\x90\x00 not a pdf",
            session=demo_session,
        )
