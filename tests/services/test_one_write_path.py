"""One write path for conclusions: a second conclusion of one document (same issuer, number and
year of issue, whatever the case and spacing) is refused with the same words whichever way it
comes in: the manual entry page, notice intake, the tasks workbook import and the demo builder;
and the database refuses it too. Runs on both engines."""

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from directives.db import make_engine, session_scope
from directives.demo import plan
from directives.demo.build import load_conference
from directives.models import Conclusion, Meeting, Task, User, conclusion_key
from directives.queries.cache import FIGURES
from directives.reports.workbooks import tasks_template
from directives.services import corrections
from directives.services.conclusions import (
    ConclusionInput,
    MeetingInput,
    TaskInput,
    save_conclusion,
)
from directives.services.errors import InvalidInput, Rejected
from directives.services.workbook_tasks import import_tasks
from tests.dashboard.conftest import app_test, shown

REFUSAL = "kết luận 215-TB/HU của Huyện ủy Giao Thủy năm 2021 đã có trong hệ thống."
"""What every path says about the demo's notice entered again."""

NUMBER, ISSUER = " 215-tb/HU ", "huyện ủy  Giao Thủy"  # the demo's notice, typed differently
HELD_ON, ISSUED_ON = date(2021, 6, 1), date(2021, 6, 4)  # another day of the same year


def conclusions(url: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        total = session.execute(sa.select(sa.func.count()).select_from(Conclusion)).scalar_one()
    engine.dispose()
    return int(total)


def admin(session: Session) -> User:
    return session.exec(select(User).where(User.username == "quantri")).one()


@pytest.fixture
def demo_env(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    FIGURES.clear()
    yield demo_url
    st.cache_resource.clear()  # the page's engine, before the database is dropped


def test_the_page_refuses_it(demo_env: str) -> None:
    at = app_test(demo_env, "quantri").run()
    at = at.switch_page("views/admin_meetings.py").run()
    new = "admin_meetings.new"
    for name, value in (
        ("title", "Hội nghị giao ban"),
        ("number", NUMBER),
        ("issuer", ISSUER),
        ("conclusion_title", "Kết luận giao ban"),
    ):
        at.text_input(key=f"{new}.{name}.0").set_value(value)
    at.date_input(key=f"{new}.held_on.0").set_value(HELD_ON)
    at.date_input(key=f"{new}.issued_on.0").set_value(ISSUED_ON)
    rows = [{"content": "Báo cáo kết quả", "leads": "ban-dan-van"}]
    at.session_state[f"{new}.tasks.0"] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    at = at.button(key=f"{new}.save.0").click().run()
    assert not at.exception, at.exception
    assert [shown(e.value) for e in at.error] == [f"Số hiệu: {REFUSAL}"]
    assert conclusions(demo_env) == 1


def test_notice_intake_refuses_it(demo_session: Session) -> None:
    with pytest.raises(Rejected) as caught:
        save_conclusion(
            session=demo_session,
            actor=admin(demo_session),
            meeting=MeetingInput(title="Hội nghị giao ban", held_on=HELD_ON),
            conclusion=ConclusionInput(
                number=NUMBER, issued_on=ISSUED_ON, issuer=ISSUER, title="Kết luận giao ban"
            ),
            items=[TaskInput(content="Báo cáo kết quả", leads=("Ban Dân vận Huyện ủy",))],
        )
    assert [(p.field, p.message) for p in caught.value.problems] == [("số hiệu", REFUSAL)]
    assert len(demo_session.exec(select(Meeting)).all()) == 1, "nothing written"


def test_the_tasks_workbook_refuses_it(demo_session: Session) -> None:
    row = {
        "meeting_title": "Hội nghị giao ban",
        "held_on": HELD_ON,
        "conclusion_number": NUMBER,
        "issued_on": ISSUED_ON,
        "issuer": ISSUER,
        "conclusion_title": "Kết luận giao ban",
        "task_seq": 1,
        "task_content": "Báo cáo kết quả",
        "leads": "Ban Dân vận Huyện ủy",
    }
    tasks_before = len(demo_session.exec(select(Task)).all())
    with pytest.raises(Rejected) as caught:
        import_tasks(
            tasks_template([row]),
            file_name="nhiem-vu.xlsx",
            session=demo_session,
            actor=admin(demo_session),
        )
    assert [(e.row, e.field, e.message) for e in caught.value.problems] == [
        (2, "Số kết luận", REFUSAL)
    ]
    assert len(demo_session.exec(select(Task)).all()) == tasks_before


def test_the_demo_builder_refuses_it(demo_session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_conference(admin(demo_session), session=demo_session)
    assert (caught.value.field, caught.value.message) == ("số hiệu", REFUSAL)


def test_a_correction_cannot_make_one_either(demo_session: Session) -> None:
    actor = admin(demo_session)
    saved = save_conclusion(
        session=demo_session,
        actor=actor,
        meeting=MeetingInput(title="Hội nghị giao ban", held_on=HELD_ON),
        conclusion=ConclusionInput(
            number="216-TB/HU", issued_on=ISSUED_ON, issuer=ISSUER, title="Kết luận giao ban"
        ),
        items=[TaskInput(content="Báo cáo kết quả", leads=("Ban Dân vận Huyện ủy",))],
    )
    assert saved.id is not None
    with pytest.raises(InvalidInput) as caught:
        corrections.update_conclusion(actor, saved.id, session=demo_session, number=NUMBER)
    assert (caught.value.field, caught.value.message) == ("số hiệu", REFUSAL)


@pytest.mark.parametrize(
    ("number", "issuer", "issued_on"),
    [
        ("215-TB/HU", "Huyện ủy Giao Thủy", date(2022, 1, 12)),  # numbering restarts each year
        ("215-TB/HU", "Đảng ủy xã Giao An", date(2021, 6, 4)),  # another issuer's 215
    ],
)
def test_the_same_number_of_another_year_or_issuer_is_another_document(
    demo_session: Session, number: str, issuer: str, issued_on: date
) -> None:
    saved = save_conclusion(
        session=demo_session,
        actor=admin(demo_session),
        meeting=MeetingInput(title="Hội nghị giao ban", held_on=issued_on),
        conclusion=ConclusionInput(
            number=number, issued_on=issued_on, issuer=issuer, title="Kết luận giao ban"
        ),
        items=[TaskInput(content="Báo cáo kết quả", leads=("Ban Dân vận Huyện ủy",))],
    )
    assert saved.document_key == conclusion_key(issuer, number, issued_on)


def test_the_database_refuses_what_skips_the_services(demo_session: Session) -> None:
    existing = demo_session.exec(select(Conclusion)).one()
    demo_session.add(
        Conclusion(
            meeting_id=existing.meeting_id,
            number=NUMBER,
            issued_on=ISSUED_ON,
            issuer=ISSUER,
            title="Chép tay vào cơ sở dữ liệu",
            document_key=conclusion_key(ISSUER, NUMBER, ISSUED_ON),
        )
    )
    with pytest.raises(IntegrityError):
        demo_session.flush()
    demo_session.rollback()


def test_the_demo_notice_has_the_key_of_its_document(demo_session: Session) -> None:
    existing = demo_session.exec(select(Conclusion)).one()
    assert existing.document_key == "2021|huyện ủy giao thủy|215-tb/hu"
    assert existing.document_key == conclusion_key(
        str(plan.CONCLUSION["issuer"]), str(plan.CONCLUSION["number"]), ISSUED_ON
    )
