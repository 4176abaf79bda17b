"""The list of pages, defined once: the router builds ``st.navigation`` from it and tests read it.

Plain data (no Streamlit): each page's file under ``dashboard/``, its title (an ``i18n`` key), icon,
address and the roles that see it. Showing a page is not authorization: every service checks
the acting user's role and unit again.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from directives.models import Role

Section = Literal["section_read", "section_write", "section_admin"]
"""The sidebar's groups, as ``i18n`` keys, in their order."""

SECTIONS: tuple[Section, ...] = ("section_read", "section_write", "section_admin")
EVERYONE = frozenset(Role)
WRITERS = frozenset({Role.SECRETARY, Role.ADMIN})
LEADERS = frozenset({Role.LEADER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to dashboard/, as st.Page and AppTest.switch_page take it
    title: str  # i18n key
    icon: str
    url_path: str
    section: Section
    roles: frozenset[Role]
    default: bool = False
    setting: str | None = None
    """A deployment setting (``ReviewSettings`` field) that, when on, opens the page to
    ``setting_roles`` as well."""
    setting_roles: frozenset[Role] = frozenset()

    @property
    def name(self) -> str:
        """The file's stem: "overview" for views/overview.py."""
        return PurePosixPath(self.path).stem

    @property
    def address(self) -> str:
        """The path after the server's root: the default page is the root itself."""
        return "" if self.default else self.url_path


def _page(
    name: str,
    title: str,
    icon: str,
    url_path: str,
    section: Section,
    default: bool = False,
    roles: frozenset[Role] | None = None,
) -> PageSpec:
    """A page seen by its section's roles, or by ``roles`` when given."""
    if roles is None:
        roles = {"section_read": EVERYONE, "section_write": WRITERS, "section_admin": ADMINS}[
            section
        ]
    return PageSpec(
        f"views/{name}.py", title, f":material/{icon}:", url_path, section, roles, default
    )


PAGES: tuple[PageSpec, ...] = (
    _page("overview", "page_overview", "dashboard", "tong-quan", "section_read", default=True),
    _page("inbox", "page_inbox", "inbox", "hop-thu", "section_read"),
    _page("communes", "page_communes", "holiday_village", "xa-thi-tran", "section_read"),
    _page(
        "organizations", "page_organizations", "account_balance", "co-quan-to-chuc", "section_read"
    ),
    _page("conclusions", "page_conclusions", "gavel", "ket-luan", "section_read"),
    _page("tasks", "page_tasks", "checklist", "nhiem-vu", "section_read"),
    _page("printable", "page_print", "print", "ban-in", "section_read"),
    _page(
        "grades", "page_grades", "military_tech", "danh-gia-xep-loai", "section_read", roles=LEADERS
    ),
    _page("giao_ban", "page_giao_ban", "campaign", "giao-ban", "section_read", roles=LEADERS),
    _page("my_unit", "page_my_unit", "edit_note", "viec-cua-don-vi", "section_write"),
    PageSpec(
        "views/admin_reviews.py",
        "page_admin_reviews",
        ":material/fact_check:",
        "xac-nhan-ket-qua",
        "section_write",
        ADMINS,
        setting="lead_unit_reviews",
        setting_roles=frozenset({Role.SECRETARY}),
    ),
    _page("admin_intake", "page_admin_intake", "note_add", "nhap-ket-luan", "section_admin"),
    _page("admin_import", "page_admin_import", "upload_file", "nhap-excel", "section_admin"),
    _page(
        "admin_meetings", "page_admin_meetings", "edit_note", "hoi-nghi-ket-luan", "section_admin"
    ),
    _page(
        "admin_extensions",
        "page_admin_extensions",
        "event_upcoming",
        "duyet-gia-han",
        "section_admin",
    ),
    _page("admin_units", "page_admin_units", "domain", "don-vi", "section_admin"),
    _page("admin_users", "page_admin_users", "group", "tai-khoan", "section_admin"),
    _page("admin_reminders", "page_admin_reminders", "notifications", "nhac-viec", "section_admin"),
    _page(
        "admin_deployment",
        "page_admin_deployment",
        "apartment",
        "thong-tin-co-quan",
        "section_admin",
    ),
    _page("audit_log", "page_audit_log", "history", "nhat-ky", "section_admin"),
)


def visible_to(
    role: Role | str, settings: frozenset[str] = frozenset()
) -> dict[Section, list[PageSpec]]:
    """The pages ``role`` sees, by section, in order; sections with none are left out.
    ``settings``: the deployment settings that are on (see :attr:`PageSpec.setting`)."""
    shown: dict[Section, list[PageSpec]] = {}
    for page in PAGES:
        opened = page.setting in settings and Role(role) in page.setting_roles
        if Role(role) in page.roles or opened:
            shown.setdefault(page.section, []).append(page)
    return {section: shown[section] for section in SECTIONS if section in shown}


def in_section(section: Section) -> tuple[PageSpec, ...]:
    return tuple(page for page in PAGES if page.section == section)


def page_named(name: str) -> PageSpec:
    """The page whose file is ``views/<name>.py``."""
    return next(page for page in PAGES if page.name == name)
