"""The router: page config, language, login gate, and the pages this user's role may see."""

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from directives.i18n import label
from directives.models import Role
from directives.ui import auth, data
from directives.ui.markup import plain
from directives.ui.session import LANG_KEY, current_user, t

st.set_page_config(
    page_title="Theo dõi thực hiện kết luận",
    page_icon=":material/assignment_turned_in:",
    layout="wide",
)

st.sidebar.radio(
    "Ngôn ngữ / Language",
    ["vi", "en"],
    key=LANG_KEY,
    format_func=lambda code: "Tiếng Việt" if code == "vi" else "English",
    horizontal=True,
)


def login() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(t("app_title"))
        st.caption(t("district"))
        with st.form("login", border=True):
            username = st.text_input(t("username"))
            password = st.text_input(t("password"), type="password")
            submitted = st.form_submit_button(t("login"), type="primary")
        if submitted:
            error = auth.log_in(username, password)
            if error:
                st.error(plain(error))
            else:
                st.rerun()
        if data.is_demo():
            st.info(t("demo_hint"), icon=":material/info:")


auth.resume()
auth.write_cookie()
user = current_user()
if user is None:
    st.navigation([st.Page(login, title=t("login"), icon=":material/login:")]).run()
    st.stop()

# Every role reads every page; secretaries and admins also get the pages they write on, and
# admins the administration pages. Hiding a page is not the protection: every service checks
# the acting user's role and unit again.
reading = [
    st.Page(
        "views/overview.py",
        title=t("page_overview"),
        icon=":material/dashboard:",
        url_path="tong-quan",
        default=True,
    ),
    st.Page(
        "views/communes.py",
        title=t("page_communes"),
        icon=":material/holiday_village:",
        url_path="xa-thi-tran",
    ),
    st.Page(
        "views/organizations.py",
        title=t("page_organizations"),
        icon=":material/account_balance:",
        url_path="co-quan-to-chuc",
    ),
    st.Page(
        "views/conclusions.py",
        title=t("page_conclusions"),
        icon=":material/gavel:",
        url_path="ket-luan",
    ),
    st.Page(
        "views/tasks.py", title=t("page_tasks"), icon=":material/checklist:", url_path="nhiem-vu"
    ),
    st.Page(
        "views/printable.py", title=t("page_print"), icon=":material/print:", url_path="ban-in"
    ),
]
writing = [
    st.Page(
        "views/my_unit.py",
        title=t("page_my_unit"),
        icon=":material/edit_note:",
        url_path="viec-cua-don-vi",
    ),
]
pages: dict[str, list[StreamlitPage]] = {t("section_read"): reading}
if user.role in (Role.SECRETARY, Role.ADMIN):
    pages[t("section_write")] = writing
if user.role == Role.ADMIN:
    administration = [
        st.Page(
            "views/admin_intake.py",
            title=t("page_admin_intake"),
            icon=":material/note_add:",
            url_path="nhap-ket-luan",
        ),
        st.Page(
            "views/admin_import.py",
            title=t("page_admin_import"),
            icon=":material/upload_file:",
            url_path="nhap-excel",
        ),
        st.Page(
            "views/admin_meetings.py",
            title=t("page_admin_meetings"),
            icon=":material/edit_note:",
            url_path="hoi-nghi-ket-luan",
        ),
        st.Page(
            "views/admin_extensions.py",
            title=t("page_admin_extensions"),
            icon=":material/event_upcoming:",
            url_path="duyet-gia-han",
        ),
        st.Page(
            "views/admin_units.py",
            title=t("page_admin_units"),
            icon=":material/domain:",
            url_path="don-vi",
        ),
        st.Page(
            "views/admin_users.py",
            title=t("page_admin_users"),
            icon=":material/group:",
            url_path="tai-khoan",
        ),
        st.Page(
            "views/audit_log.py",
            title=t("page_audit_log"),
            icon=":material/history:",
            url_path="nhat-ky",
        ),
    ]
    pages[t("section_admin")] = administration

with st.sidebar:
    st.caption(
        f"{t('signed_in_as')}: **{plain(user.full_name)}** · {label('user_role', user.role)}"
    )
    if st.button(t("logout"), icon=":material/logout:"):
        auth.log_out()
        st.rerun()

st.navigation(pages, expanded=True).run()  # administrators' pages are not folded away
