"""Hostile text on either engine: stored exactly as typed, and handed to Streamlit escaped, so
that it shows as text. (The browser check that no injected script runs, on SQLite, is
tests/e2e/test_hostile.py; it enters the same data.)"""

from sqlmodel import col, select

from directives.db import make_engine, session_scope
from directives.models import Conclusion, Meeting, StatusUpdate, Task, Unit
from directives.ui.markup import plain
from tests.dashboard.conftest import page_test
from tests.hostile import IMG, LINK, SCRIPT, STYLE, seed


def test_hostile_text_is_stored_as_typed_and_shown_escaped(demo_env: str) -> None:
    seed(demo_env)
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        assert session.exec(select(Task.content).where(col(Task.content).contains(SCRIPT))).all()
        assert session.exec(select(Meeting.title)).all()[-1] == f"Hội nghị {SCRIPT}"
        assert session.exec(select(Unit.name).where(Unit.name == f"Ban {IMG} Thử")).one()
        notes = session.exec(select(StatusUpdate.note)).all()
        assert f"Ghi chú {IMG} {LINK} {STYLE}" in notes
        title = session.exec(select(Conclusion.title).where(Conclusion.number == "999-TB/HU")).one()
    engine.dispose()
    assert title == f"Kết luận {LINK} {SCRIPT}"

    at = page_test(demo_env, "conclusions")  # opens on the newest conclusion, the hostile one
    assert not at.exception
    assert plain(title) in [element.value for element in at.subheader]
    markdown = " ".join(element.value for element in at.markdown)
    assert plain(f"Huyện ủy {IMG}") in markdown
    assert SCRIPT not in markdown and IMG not in markdown, "nothing reaches Markdown unescaped"
