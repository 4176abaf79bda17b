"""The one list of pages (ui.pages) names every view, once, and gives each role its pages."""

from pathlib import Path

from directives.models import Role
from directives.ui.pages import PAGES, visible_to

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def test_every_view_is_listed_once() -> None:
    views = {f"views/{path.name}" for path in (DASHBOARD / "views").glob("*.py")}
    listed = [page.path for page in PAGES]
    assert sorted(listed) == sorted(views)
    assert len({page.url_path for page in PAGES}) == len(PAGES)
    assert [page.name for page in PAGES if page.default] == ["overview"]


def test_each_role_sees_its_sections() -> None:
    assert list(visible_to(Role.LEADER)) == ["section_read"]
    assert list(visible_to(Role.SECRETARY)) == ["section_read", "section_write"]
    assert list(visible_to(Role.ADMIN)) == ["section_read", "section_write", "section_admin"]
    assert sum(len(pages) for pages in visible_to(Role.ADMIN).values()) == len(PAGES)
