"""Hostile text in every free-text field, entered through the services as users would, then every
page visited in a real browser: no injected script runs, no injected element appears, no link
shows one thing and leads elsewhere, and the text shows exactly as it was typed.

A URL typed as such ("http://evil.example/login") is shown as a link to itself, as chat and mail
programs do; what must never render is a disguised link ("[Đăng nhập lại](http://…)")."""

from collections.abc import Iterator

import pytest

from directives.services.evidence import safe_name
from directives.ui.pages import PAGES as ALL_PAGES
from tests.databases import Databases
from tests.e2e.conftest import log_in, open_page, serve, shot, wait_for_run
from tests.hostile import IMG, LINK, PASSWORD, SCRIPT, STYLE, seed

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.engine_independent(
        "how pages show stored text is the views' escaping; that the text is stored as typed "
        "and reaches Streamlit escaped is checked on both (tests/dashboard/test_hostile_pages.py)"
    ),
]

PAGES = [page.address for page in ALL_PAGES]  # the overview, the default page, is the root


@pytest.fixture(scope="module")
def hostile(
    databases: Databases, demo_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int]]:
    """The dashboard on a copy of the demo with the hostile data; the hostile assignment."""
    with databases.copy(demo_template) as url:
        assignment_id = seed(url)
        with serve(url, tmp_path_factory.mktemp("hostile")) as base:
            yield base, assignment_id


def check_nothing_injected(page, where: str) -> None:
    assert page.evaluate("window.__pwned") is None, f"{where}: an injected script ran"
    for selector in (
        "img[src='x']",
        "svg[onload]",
        "a[href^='javascript']",
        "strong:text-is('đậm')",  # "**đậm**" shown as typed, not in bold
    ):
        assert page.locator(selector).count() == 0, f"{where}: {selector} was injected"
    disguised = page.locator("a[href*='evil.example']").evaluate_all(
        "links => links.filter(a => a.textContent.trim() !== a.getAttribute('href'))"
        ".map(a => a.outerHTML)"
    )
    assert not disguised, f"{where}: a link shows one thing and leads elsewhere: {disguised}"
    scripts = page.locator("script").evaluate_all(
        "nodes => nodes.filter(n => n.textContent.includes('__pwned')).length"
    )
    assert scripts == 0, f"{where}: an injected <script> element is in the page"
    assert not page.errors, f"{where}: {page.errors}"


def visit_all(page, who: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in PAGES:
        open_page(page, path)
        check_nothing_injected(page, f"{who} on /{path}")
    assert not dialogs, dialogs


def test_no_injected_script_runs_on_any_page(page, hostile: tuple[str, int]) -> None:
    hostile_url, _ = hostile
    log_in(page, hostile_url, "quantri")
    visit_all(page, "quantri")

    # Shown as typed: the conclusion page opens on the newest conclusion, the hostile one.
    open_page(page, "ket-luan")
    page.get_by_role("heading").filter(has_text=f"Kết luận {LINK} {SCRIPT}").wait_for()
    page.get_by_text(f"Huyện ủy {IMG}").wait_for()  # beside its bold label
    page.locator("summary").filter(has_text=f"Hội nghị {SCRIPT}").wait_for()  # the expander
    shot(page, "30-noi-dung-doc-hai")
    check_nothing_injected(page, "the conclusion page")


def test_the_secretary_sees_their_hostile_task_as_text(page, hostile: tuple[str, int]) -> None:
    hostile_url, assignment_id = hostile
    page.goto(hostile_url)
    wait_for_run(page)
    page.get_by_label("Tên đăng nhập").fill("thuky.thu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_run(page)
    page.wait_for_function("document.cookie.includes('directives_session=')")
    page.get_by_text(f"Người {SCRIPT} {LINK}", exact=False).first.wait_for()  # the sidebar
    page.goto(f"{hostile_url}/viec-cua-don-vi?phan_cong={assignment_id}")
    wait_for_run(page)
    page.get_by_text(f"Ban {IMG} Thử", exact=False).first.wait_for()
    page.get_by_role("heading").filter(has_text=f"Nhiệm vụ {SCRIPT} {LINK} {STYLE}").wait_for()
    # Stored under a cleaned name (evidence.safe_name), shown as such.
    page.get_by_role("button").filter(has_text=safe_name(f"{IMG}.pdf")).wait_for()
    shot(page, "31-viec-cua-don-vi-doc-hai")
    check_nothing_injected(page, "the secretary's page")
    for path in ("", "ket-luan", "nhiem-vu"):
        open_page(page, path)
        check_nothing_injected(page, f"thuky.thu on /{path}")
