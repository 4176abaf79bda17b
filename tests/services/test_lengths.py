"""Every limited text field of meetings, conclusions and tasks is checked against its column's
own length by the services, with the field's Vietnamese name: identically on SQLite (which would
store any length) and PostgreSQL (which would fail with StringDataRightTruncation)."""

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, SQLModel, select

from directives.formatting import number
from directives.models import Conclusion, Meeting, Task, Unit, User, max_length
from directives.services.conclusions import (
    FIELD_NAMES,
    ConclusionInput,
    MeetingInput,
    TaskInput,
    create_conclusion,
    create_meeting,
    create_task,
    save_conclusion,
)
from directives.services.errors import InvalidInput, Rejected
from tests.fuzz import fuzz

LIMITED = sorted(FIELD_NAMES, key=lambda key: (key[0].__name__, key[1]))
HELD_ON, ISSUED_ON = date(2022, 3, 1), date(2022, 3, 4)
LETTERS = "aĐệữ-/9"  # one character each in NFC, none a space (spaces at the ends are trimmed)


def test_the_limits_come_from_the_tables() -> None:
    assert max_length(Conclusion, "number") == 50
    assert max_length(Conclusion, "issuer") == 200
    assert max_length(Conclusion, "title") == 500
    assert max_length(Task, "content") is None, "no limit: nothing to check"
    limited = {key for key in FIELD_NAMES if max_length(*key) is not None}
    assert limited == set(FIELD_NAMES) - {(Task, "content")}


def write(session: Session, model: type[SQLModel], name: str, value: str) -> Any:
    """A meeting, a conclusion and a task through the services, ``value`` in ``model.name``."""
    actor = session.exec(select(User).where(User.username == "quantri")).one()
    lead = session.exec(select(Unit).where(Unit.slug == "ban-dan-van")).one()

    def given(of: type[SQLModel], field: str, default: str | None) -> Any:
        return value if (of, field) == (model, name) else default

    meeting = create_meeting(
        session=session,
        actor=actor,
        title=given(Meeting, "title", "Hội nghị giao ban"),
        held_on=HELD_ON,
        place=given(Meeting, "place", None),
        chaired_by=given(Meeting, "chaired_by", None),
    )
    conclusion = create_conclusion(
        session=session,
        actor=actor,
        meeting=meeting,
        number=given(Conclusion, "number", "7-TB/HU"),
        issued_on=ISSUED_ON,
        issuer=given(Conclusion, "issuer", "Huyện ủy Giao Thủy"),
        title=given(Conclusion, "title", "Kết luận giao ban"),
        signer=given(Conclusion, "signer", None),
    )
    task = create_task(
        session=session,
        actor=actor,
        conclusion=conclusion,
        seq=1,
        content=given(Task, "content", "Báo cáo kết quả"),
        leads=[lead],
        field=given(Task, "field", None),
        assignees_text=given(Task, "assignees_text", None),
    )
    session.flush()
    return {Meeting: meeting, Conclusion: conclusion, Task: task}[model]


@fuzz(60)
@given(
    target=st.sampled_from([key for key in LIMITED if max_length(*key) is not None]),
    offset=st.integers(-2, 2),
    letter=st.sampled_from(LETTERS),
)
def test_lengths_around_each_limit(
    demo_session: Session, target: tuple[type[SQLModel], str], offset: int, letter: str
) -> None:
    model, name = target
    limit = max_length(model, name)
    assert limit is not None
    value = letter * (limit + offset)
    savepoint = demo_session.begin_nested()
    try:
        if offset <= 0:
            row = write(demo_session, model, name, value)
            demo_session.expire(row)
            assert getattr(row, name) == value, "stored whole, read back alike"
        else:
            with pytest.raises(InvalidInput) as caught:
                write(demo_session, model, name, value)
            assert caught.value.field == FIELD_NAMES[target]
            shown = number(limit + offset), number(limit)
            assert caught.value.message == f"dài {shown[0]} ký tự, tối đa {shown[1]} ký tự."
    finally:
        savepoint.rollback()


def test_a_whole_conclusion_lists_every_field_too_long(demo_session: Session) -> None:
    actor = demo_session.exec(select(User).where(User.username == "quantri")).one()
    with pytest.raises(Rejected) as caught:
        save_conclusion(
            session=demo_session,
            actor=actor,
            meeting=MeetingInput(title="H" * 501, held_on=HELD_ON, place="P" * 301),
            conclusion=ConclusionInput(
                number="1" * 51, issued_on=ISSUED_ON, issuer="I" * 201, title="T" * 501
            ),
            items=[
                TaskInput(content="Việc", leads=("Ban Dân vận Huyện ủy",), field="L" * 201),
                TaskInput(content="Việc hai", leads=("Ban Dân vận Huyện ủy",)),
            ],
        )
    assert [str(p) for p in caught.value.problems] == [
        "tên hội nghị: dài 501 ký tự, tối đa 500 ký tự.",
        "địa điểm: dài 301 ký tự, tối đa 300 ký tự.",
        "số hiệu: dài 51 ký tự, tối đa 50 ký tự.",
        "cơ quan ban hành: dài 201 ký tự, tối đa 200 ký tự.",
        "trích yếu: dài 501 ký tự, tối đa 500 ký tự.",
        "Nhiệm vụ 1, lĩnh vực: dài 201 ký tự, tối đa 200 ký tự.",
    ]
    assert demo_session.exec(select(Meeting)).all().__len__() == 1, "nothing written"
