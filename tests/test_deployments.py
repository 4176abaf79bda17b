"""Any province, any commune: a deployment of level tỉnh and one of level xã, built through the
services as a new office would, speak as themselves. Every page (as administrator and as leader),
the workbooks and the Word report are rendered, and none says "Giao Thủy", "huyện", "thị trấn" or
"215-TB/HU" (the demo's words); the page titles are the province's or the commune's."""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
import streamlit as st
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from directives import i18n
from directives.db import make_engine, session_scope
from directives.domain import GROUPS, GROUPS_OF_LEVEL, LEVELS
from directives.models import Bloc, Role, UnitKind
from directives.periods import PeriodKind, period_containing
from directives.queries.cache import FIGURES
from directives.queries.sheets import task_rows, unit_names, update_rows
from directives.queries.state import Filters
from directives.reports.layout import collective_names
from directives.reports.word import build_report
from directives.reports.workbooks import tasks_template, updates_template
from directives.services import accounts, conclusions, deployment
from directives.services.conclusions import ConclusionInput, MeetingInput, TaskInput
from directives.services.units import create_unit
from directives.ui.auth import TOKEN_KEY
from directives.ui.pages import PAGES, visible_to
from tests.dashboard.conftest import TIMEOUT_S, texts, token
from tests.databases import CHEAP_HASHER

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PASSWORD = "mat-khau-thu-nghiem"
ISSUED_ON = date(2026, 3, 10)

DEMO_WORDS = re.compile(r"giao thủy|(?<!\w)huyện(?!\w)|thị trấn|215-TB/HU", re.IGNORECASE)
HISTORY_KINDS = (
    i18n.label("unit_kind", UnitKind.DISTRICT.value),
    i18n.label("unit_kind", UnitKind.TOWN.value),
)
"""Unit kinds offered for history ("Huyện (trước 01/07/2025)"): a kind list may show them."""


@dataclass(frozen=True)
class Office:
    level: str
    issuers: tuple[str, ...]
    place: str
    units: tuple[tuple[str, UnitKind, Bloc | None], ...]
    tasks: tuple[TaskInput, ...]
    local_title: str
    organizations_title: str


PROVINCE = Office(
    level="tinh",
    issuers=("UBND tỉnh Quảng Trị", "Tỉnh ủy Quảng Trị"),
    place="tỉnh Quảng Trị",
    units=(
        ("UBND tỉnh Quảng Trị", UnitKind.PROVINCE, None),
        ("Phường Đông Hà", UnitKind.WARD, None),
        ("Xã Hải Lăng", UnitKind.COMMUNE, None),
        ("Đặc khu Cồn Cỏ", UnitKind.SPECIAL_ZONE, None),
        ("Sở Nông nghiệp và Môi trường", UnitKind.DEPARTMENT, None),
        ("Sở Tài chính", UnitKind.DEPARTMENT, None),
        ("Công an tỉnh", UnitKind.ORGANIZATION, Bloc.ARMED),
        ("Ủy ban MTTQ Việt Nam tỉnh", UnitKind.ORGANIZATION, Bloc.FRONT),
    ),
    tasks=(
        TaskInput(
            "Rà soát, hoàn thành cắm mốc địa giới hành chính sau sắp xếp.",
            ("các xã, phường, đặc khu",),
            ("Sở Nông nghiệp và Môi trường",),
            date(2026, 6, 30),
        ),
        TaskInput(
            "Tham mưu phân bổ kinh phí thực hiện chính quyền địa phương hai cấp.",
            ("Sở Tài chính",),
            ("Công an tỉnh", "Ủy ban MTTQ Việt Nam tỉnh"),
            date(2026, 12, 31),
        ),
        TaskInput("Cải cách hành chính, chuyển đổi số.", ("các sở, ban, ngành",)),
    ),
    local_title="Theo xã, phường, đặc khu",
    organizations_title="Theo sở, ban, ngành và tổ chức",
)

COMMUNE = Office(
    level="xa",
    issuers=("Đảng ủy xã Hải Lăng", "UBND xã Hải Lăng"),
    place="xã Hải Lăng",
    units=(
        ("Thôn Câu Nhi", UnitKind.VILLAGE, None),
        ("Thôn Mỹ Chánh", UnitKind.VILLAGE, None),
        ("Tổ dân phố Diên Sanh", UnitKind.VILLAGE, None),
        ("Công an xã Hải Lăng", UnitKind.ORGANIZATION, Bloc.ARMED),
        ("Hội Nông dân xã", UnitKind.ORGANIZATION, Bloc.FRONT),
        ("Văn phòng HĐND và UBND xã", UnitKind.ORGANIZATION, Bloc.GOVERNMENT),
    ),
    tasks=(
        TaskInput(
            "Tuyên truyền, vận động nhân dân hiến đất làm đường giao thông nông thôn.",
            ("các thôn, tổ dân phố",),
            ("Hội Nông dân xã",),
            date(2026, 5, 31),
        ),
        TaskInput(
            "Bảo đảm an ninh trật tự dịp lễ hội.", ("Công an xã Hải Lăng",), (), date(2026, 12, 1)
        ),
    ),
    local_title="Theo thôn, tổ dân phố",
    organizations_title="Theo cơ quan, tổ chức",
)


def build(session: Session, office: Office) -> None:
    """What a new office does: say who it is, create its first admin, its units and a notice."""
    deployment.set_identity(
        None, session=session, level=office.level, issuers=list(office.issuers), place=office.place
    )
    admin = accounts.create_user(
        session=session,
        username="quantri",
        full_name="Quản trị",
        password=PASSWORD,
        role=Role.ADMIN,
    )
    accounts.create_user(
        session=session,
        actor=admin,
        username="lanhdao",
        full_name="Lãnh đạo",
        password=PASSWORD,
        role=Role.LEADER,
    )
    for name, kind, bloc in office.units:
        create_unit(admin, name, kind, bloc, None, date(2025, 7, 1), session=session)
    conclusions.save_conclusion(
        session=session,
        actor=admin,
        meeting=MeetingInput("Hội nghị giao ban tháng 3 năm 2026", date(2026, 3, 5)),
        conclusion=ConclusionInput(
            "45-TB/VP", ISSUED_ON, office.issuers[0], "Kết luận hội nghị giao ban tháng 3"
        ),
        items=list(office.tasks),
    )


@pytest.fixture(params=[PROVINCE, COMMUNE], ids=["province", "commune"])
def office(
    request: pytest.FixtureRequest, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Office, str]]:
    chosen: Office = request.param
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    engine = make_engine(db_url)
    with session_scope(engine, write=True) as session:
        build(session, chosen)
    engine.dispose()
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", db_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    FIGURES.clear()
    yield chosen, db_url
    st.cache_resource.clear()


def demo_words(text: str) -> list[str]:
    for allowed in HISTORY_KINDS:
        text = text.replace(allowed, "")
    return sorted({match.group(0) for match in DEMO_WORDS.finditer(text)})


def rendered(at: AppTest) -> str:
    assert not at.exception, [e.value for e in at.exception]
    return "\n".join([*texts(at.main), *texts(at.sidebar)])


def test_the_demo_words_are_found() -> None:
    """The check itself: it finds the demo's words as words, and not inside other words."""
    assert demo_words("Huyện ủy Giao Thủy; thị trấn; 215-TB/HU") == [
        "215-TB/HU",
        "Giao Thủy",
        "Huyện",
        "thị trấn",
    ]
    assert demo_words("Xã Hải Lăng; Huyện (trước 01/07/2025)") == []


@pytest.mark.parametrize("role", ["quantri", "lanhdao"])
def test_every_page_speaks_as_the_office(office: tuple[Office, str], role: str) -> None:
    chosen, url = office
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state[TOKEN_KEY] = token(url, role)
    at.run()
    found: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    kind = Role.ADMIN if role == "quantri" else Role.LEADER
    pages = [page for specs in visible_to(kind).values() for page in specs]
    everything: list[str] = []
    for page in pages:
        at.switch_page(page.path).run()
        text = rendered(at)
        everything.append(text)
        titles[page.name] = at.title[0].value if at.title else ""
        if words := demo_words(text):
            found[page.name] = words
    seen = "\n".join(everything)
    assert all(name in seen for name, _, _ in chosen.units), "the check reads the pages' tables"
    assert chosen.tasks[0].content in seen
    assert found == {}, "the demo's words on a real deployment's pages"
    assert titles["communes"] == chosen.local_title
    assert titles["organizations"] == chosen.organizations_title
    if kind is Role.ADMIN:
        assert titles["admin_deployment"] == "Thông tin cơ quan"
        assert len(pages) == len(PAGES)


def test_the_login_page_names_the_place(office: tuple[Office, str]) -> None:
    chosen, _ = office
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    text = rendered(at)
    assert demo_words(text) == []
    assert chosen.place[:1].upper() + chosen.place[1:] in [c.value for c in at.caption]


def test_workbooks_and_the_word_report(office: tuple[Office, str]) -> None:
    chosen, url = office
    engine = make_engine(url)
    with session_scope(engine) as session:
        level = deployment.current(session=session).level
        groups = collective_names(level)
        tasks = tasks_template(task_rows(session), unit_names(session, date.today()), groups)
        updates = updates_template(update_rows(session, open_only=True))
        as_of = date(2026, 11, 30)
        period = period_containing(PeriodKind.ALL, as_of)
        report = docx.Document(io.BytesIO(build_report(session, Filters(as_of=as_of), period)))
    engine.dispose()
    for content in (tasks, updates):
        book = openpyxl.load_workbook(io.BytesIO(content))
        cells = [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        assert demo_words("\n".join(cells)) == []
    parts = [p.text for p in report.paragraphs]
    parts += [cell.text for grid in report.tables for row in grid.rows for cell in row.cells]
    text = "\n".join(parts)
    assert demo_words(text) == []
    assert chosen.issuers[0].upper() in text, "the header names the office"
    national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" if chosen.level == "tinh" else "ĐẢNG CỘNG SẢN"
    assert national in text, (
        "a People's Committee heads as the State, a Party committee as the Party"
    )
    dated = [p.text for p in report.tables[0].rows[0].cells[1].paragraphs if "ngày" in p.text]
    assert dated == [f"{chosen.place.split(' ', 1)[1]}, ngày 30 tháng 11 năm 2026"]
    local = "Các xã, phường, đặc khu" if chosen.level == "tinh" else "Các thôn, tổ dân phố"
    assert local in text, "the units' groups are the level's"


def test_every_offered_group_is_a_group() -> None:
    names = {group.name for group in GROUPS}
    for level in LEVELS:
        assert set(GROUPS_OF_LEVEL[level]) <= names


def test_the_demo_keeps_its_own_wording(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo is a district of 2021 and says so: its identity is set when it is loaded."""
    engine = make_engine(demo_url)
    with session_scope(engine) as session:
        assert deployment.current(session=session) == deployment.Deployment(
            "huyen", ("Huyện ủy Giao Thủy", "UBND huyện Giao Thủy"), "huyện Giao Thủy"
        )
    engine.dispose()
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    st.cache_resource.clear()
    FIGURES.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    assert "Huyện Giao Thủy" in [c.value for c in at.caption]
    at.session_state[TOKEN_KEY] = token(demo_url, "lanhdao")
    at.run().switch_page("views/communes.py").run()
    assert at.title[0].value == "Theo xã, thị trấn"
    st.cache_resource.clear()


def test_the_wording_per_level_is_one_table() -> None:
    assert i18n.ui("page_communes", level="tinh") == "Theo xã, phường, đặc khu"
    assert i18n.ui("page_communes", level="xa") == "Theo thôn, tổ dân phố"
    assert i18n.ui("page_communes", level="huyen") == "Theo xã, thị trấn"
    assert i18n.ui("page_communes") == "Theo xã, thị trấn", "no level: the demo's wording"
    assert i18n.ui("district", place="tỉnh Quảng Trị") == "Tỉnh Quảng Trị"
    assert i18n.ui("report_organizations", "en", level="tinh") == (
        "Provincial departments and organizations"
    )
    assert i18n.depends_on_deployment("page_communes")
    assert i18n.depends_on_deployment("issuer_hint")
    assert not i18n.depends_on_deployment("page_tasks")


def test_an_admin_changes_the_identity_on_its_page(office: tuple[Office, str]) -> None:
    chosen, url = office
    other = COMMUNE if chosen is PROVINCE else PROVINCE
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state[TOKEN_KEY] = token(url, "quantri")
    at.run().switch_page("views/admin_deployment.py").run()
    assert not at.exception
    assert at.radio[0].options == ["Cấp tỉnh (tỉnh, thành phố)", "Cấp xã (xã, phường, đặc khu)"]
    at.radio[0].set_value(other.level)
    at.text_area[0].set_value("\n".join(other.issuers))
    at.text_input[0].set_value("")
    at.button[0].click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("Đã lưu thông tin cơ quan")
    engine = make_engine(url)
    with session_scope(engine) as session:
        saved = deployment.current(session=session)
    engine.dispose()
    assert (saved.level, saved.issuers) == (other.level, other.issuers)
    at.switch_page("views/communes.py").run()
    assert at.title[0].value == other.local_title, "the titles follow on the next run"

    at.switch_page("views/admin_deployment.py").run()
    at.text_area[0].set_value("")
    at.button[0].click().run()
    assert "cần ít nhất một cơ quan ban hành" in at.error[0].value


@pytest.mark.parametrize("level", ["tinh", "xa"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_interface_text_of_a_real_level_names_the_demo(level: str, lang: str) -> None:
    """Texts a rendering may not reach (refusals, empty states) are checked from the tables."""
    found = {
        key: words
        for key in i18n.UI
        if (words := demo_words(i18n.ui(key, lang, level=level, place="tỉnh X", issuer="UBND")))
    }
    assert found == {}
