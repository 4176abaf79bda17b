"""Hypothesis against the Excel importers. Whatever arrives (any bytes, a damaged workbook, a
well-formed workbook holding any values, from any account) ends in a summary or in a refusal
whose every error is located to a row, column and field of the layout; nothing else escapes,
and a refused file writes nothing.

``DIRECTIVES_FUZZ_SCALE=20 make fuzz`` runs twenty times as many cases (see tests/fuzz.py).
"""

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from sqlmodel import Session

from directives.importers.workbook import day, read_sheet, text_value, whole
from directives.models import Assignment, User
from directives.queries.sheets import update_rows
from directives.reports.layout import TASKS, UPDATES, Sheet
from directives.reports.workbooks import updates_template
from directives.services.errors import PermissionDenied, Rejected
from directives.services.imports import ImportSummary
from directives.services.workbook_tasks import import_tasks
from directives.services.workbook_updates import import_updates
from tests.databases import Databases
from tests.factories import TODAY, World, state, world_db
from tests.fuzz import fuzz

pytestmark = pytest.mark.fuzz


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


# What people and attackers put in cells: markup, formulas, look-alike dates and numbers,
# decomposed Vietnamese, the layout's own labels in odd forms.
TRICKY = [
    "<script>alert(1)</script>",
    "**đậm** [liên kết](javascript:alert(1))",
    '=HYPERLINK("http://x","y")',
    "=1/0",
    "31/02/2021",
    "29/02/2020",
    "00/00/0000",
    "1/1/99999",
    "2021-13-45",
    "15.10.2021",
    "100%",
    "-0",
    "1e3",
    "٣",  # an Arabic-Indic digit
    "Hoàn thành",
    "Hoa\u0300n tha\u0300nh",  # decomposed
    "HOÀN THÀNH",
    "Đang thực hiện ",
    "Chủ trì",
    "Thường xuyên",
    "Các xã, thị trấn",
    "Xã Giao An; Xã Giao Lạc",
    "Ủy ban nhân dân huyện, MTTQ",
    " ",
    "\u00a0",
    "x" * 5000,
]
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40),
)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
)


def workbook(sheet: Sheet, rows: list[list[Any]], header: list[Any] | None = None) -> bytes:
    """A workbook with ``sheet``'s name and header (or ``header``) and ``rows``, written as
    openpyxl writes it; values openpyxl itself cannot store are not a test case."""
    book = Workbook(write_only=True)
    page = book.create_sheet(sheet.name)
    try:
        page.append(sheet.headers if header is None else header)
        for row in rows:
            page.append(row)
    except IllegalCharacterError:
        assume(False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def check_refusal(error: Rejected, sheet: Sheet, file_name: str) -> None:
    """Every error names the file and, for a cell, a real row and a column of the layout."""
    assert error.problems, "a refusal lists at least one error"
    letters = {sheet.letter(c.key): c.header for c in sheet.columns}
    for cell in error.problems:
        assert cell.file == file_name and cell.message
        if cell.column is not None:
            assert letters[cell.column] == cell.field, cell
            assert cell.row is not None and cell.row >= 1
    assert len(error.rows()) == len(error.problems)
    assert str(error).count("\n") == len(error.problems)


# --- the cell parsers -----------------------------------------------------------------------------


@fuzz(3000)
@given(CELL)
def test_cell_parsers_give_a_value_or_a_message(value: Any) -> None:
    for parse, kind in ((day, date), (whole, int)):
        try:
            parsed = parse(value)
        except ValueError as error:
            assert str(error), "a refusal says why"
        else:
            assert isinstance(parsed, kind)
            assert not isinstance(parsed, datetime)
    text = text_value(value)
    assert text is None or (text == text.strip() and "  " not in text)


# --- any file at all --------------------------------------------------------------------------


@fuzz(500)
@given(st.binary(max_size=2000))
def test_any_bytes_are_refused_as_one_located_error(data: bytes) -> None:
    with pytest.raises(Rejected) as caught:
        read_sheet(data, UPDATES, "tep.xlsx")
    check_refusal(caught.value, UPDATES, "tep.xlsx")


TEMPLATE = updates_template()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@fuzz(500)
@given(st.data())
def test_a_damaged_workbook_is_read_or_refused(data: st.DataObject) -> None:
    """A real template with one part of its zip truncated, spliced or replaced."""
    members = _members(TEMPLATE)
    name = data.draw(st.sampled_from(sorted(members)))
    content = members[name]
    cut = data.draw(st.integers(0, len(content)))
    members[name] = data.draw(
        st.one_of(
            st.just(content[:cut]),
            st.binary(max_size=50).map(lambda junk: content[:cut] + junk + content[cut:]),
            st.binary(max_size=200),
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, body in members.items():
            archive.writestr(member, body)
    try:
        rows = read_sheet(out.getvalue(), UPDATES, "hong.xlsx")
    except Rejected as error:
        check_refusal(error, UPDATES, "hong.xlsx")
    else:
        assert all(row.number >= 2 for row in rows)


@fuzz(300)
@given(st.lists(CELL, max_size=len(UPDATES.columns) + 2), st.lists(st.lists(CELL), max_size=3))
def test_any_header_is_accepted_only_when_it_is_the_layouts(
    header: list[Any], rows: list[list[Any]]
) -> None:
    data = workbook(UPDATES, rows, header=header)
    try:
        read_sheet(data, UPDATES, "tieu-de.xlsx")
    except Rejected as error:
        check_refusal(error, UPDATES, "tieu-de.xlsx")
        assert len(error.problems) == 1
    else:
        assert [text_value(h) for h in header[: len(UPDATES.columns)]] == UPDATES.headers


# --- whole imports into the database ------------------------------------------------------------


def _run(session: Session, call: Any) -> ImportSummary | None:
    """``call()`` in a savepoint that is always rolled back: None when refused, having checked
    that the refusal wrote nothing."""
    savepoint = session.begin_nested()
    try:
        before = state(session)
        try:
            summary: ImportSummary = call()
        except (Rejected, PermissionDenied):
            assert state(session) == before, "a refused file writes nothing"
            return None
        after = state(session)
        if summary.kind == "updates":
            assert after["status_update"] - before["status_update"] == summary.updated
        assert (after["data_version"] > before["data_version"]) == bool(summary.changes)
        return summary
    finally:
        savepoint.rollback()


def actors(world: World) -> st.SearchStrategy[User]:
    return st.sampled_from([world.admin, world.secretary_a, world.secretary_b, world.leader])


@fuzz(300)
@given(st.data())
def test_any_status_update_file_is_saved_whole_or_refused_with_located_errors(
    session: Session, world: World, data: st.DataObject
) -> None:
    saved = update_rows(session, assignment_ids=[world.a_id, world.b_id, world.standing_a_id])
    versions = {int(r.assignment_id): int(r.version) for r in saved.itertuples()}
    statuses = ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Tạm dừng", "Đã hủy"]
    row = st.fixed_dictionaries(
        {
            "assignment_id": st.one_of(st.sampled_from(sorted(versions)), CELL),
            "status": st.one_of(st.sampled_from(statuses), CELL),
            "progress": st.one_of(st.integers(-5, 105), CELL),
            "completed_on": st.one_of(
                st.dates(date(2021, 1, 1), date(2021, 4, 1)), st.just("10/03/2021"), CELL
            ),
            "note": st.one_of(st.none(), TEXT),
            "version": st.one_of(st.sampled_from(sorted(set(versions.values()))), CELL),
        }
    )
    drawn = data.draw(st.lists(row, max_size=6))
    rows = [[r.get(c.key) for c in UPDATES.columns] for r in drawn]
    file = workbook(UPDATES, rows)
    actor = data.draw(actors(world))

    def call() -> ImportSummary:
        return import_updates(file, file_name="f.xlsx", session=session, actor=actor, today=TODAY)

    try:
        summary = _run(session, call)
    except Rejected as error:  # pragma: no cover - _run returns None for these
        raise AssertionError from error
    if summary is not None:
        assert summary.rows == sum(1 for r in rows if any(v not in (None, "") for v in r))
        assert actor is not world.leader, "leaders cannot import"
    # The same call again, keeping the errors this time, to check where they point.
    try:
        with session.begin_nested() as again:
            call()
            again.rollback()
    except Rejected as error:
        check_refusal(error, UPDATES, "f.xlsx")
    except PermissionDenied:
        assert actor is world.leader


@fuzz(200)
@given(st.data())
def test_any_tasks_file_is_saved_whole_or_refused_with_located_errors(
    session: Session, world: World, data: st.DataObject
) -> None:
    units = ["Xã Giao An", "Xã Giao Lạc", "Các xã, thị trấn", "giao-an", "Ban Dân vận Huyện ủy"]
    day = st.one_of(st.dates(date(2020, 1, 1), date(2022, 12, 31)), st.just("15/03/2021"), CELL)
    row = st.fixed_dictionaries(
        {
            "meeting_title": st.one_of(st.just("Hội nghị giao ban"), TEXT),
            "held_on": day,
            "conclusion_number": st.one_of(st.just("12-TB/HU"), TEXT),
            "issued_on": day,
            "issuer": st.one_of(st.just("Huyện ủy"), TEXT),
            "conclusion_title": TEXT,
            "task_seq": st.one_of(st.integers(-1, 5), CELL),
            "task_content": TEXT,
            "leads": st.one_of(st.sampled_from(units), TEXT),
            "supports": st.one_of(st.none(), st.sampled_from(units), TEXT),
            "deadline": st.one_of(day, st.just("Thường xuyên")),
            "field": st.one_of(st.none(), TEXT),
        }
    )
    drawn = data.draw(st.lists(row, max_size=5))
    file = workbook(TASKS, [[r.get(c.key) for c in TASKS.columns] for r in drawn])
    actor = data.draw(st.sampled_from([world.admin, world.admin, world.secretary_a]))

    def call() -> ImportSummary:
        return import_tasks(file, file_name="nv.xlsx", session=session, actor=actor)

    summary = _run(session, call)
    if summary is not None:
        assert actor is world.admin, "only administrators enter tasks"
    try:
        with session.begin_nested() as again:
            call()
            again.rollback()
    except Rejected as error:
        check_refusal(error, TASKS, "nv.xlsx")
    except PermissionDenied:
        assert actor is not world.admin


def test_a_real_assignment_row_is_found_by_the_fuzz_strategies(
    session: Session, world: World
) -> None:
    """The strategies above reach the success path: a plain valid row is saved."""
    saved = update_rows(session, assignment_ids=[world.a_id])
    version = int(saved["version"].iloc[0])
    row = {"assignment_id": world.a_id, "status": "Đang thực hiện", "progress": 55}
    row |= {"version": version}
    file = workbook(UPDATES, [[row.get(c.key) for c in UPDATES.columns]])
    summary = _run(
        session,
        lambda: import_updates(
            file, file_name="f.xlsx", session=session, actor=world.admin, today=TODAY
        ),
    )
    assert summary is not None and summary.updated == 1
    assert session.get(Assignment, world.a_id) is not None
