"""The router: page config, language, login gate, and the pages this user's role may see."""

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from directives.i18n import label
from directives.ui import auth, data, inbox, preload, style, uploads
from directives.ui.guard import when_busy
from directives.ui.jobs import start_background_jobs
from directives.ui.markup import plain
from directives.ui.pages import PageSpec, page_named, visible_to
from directives.ui.session import DEPLOYMENT_KEY, LANG_KEY, current_user, t

st.set_page_config(
    page_title="Theo dõi thực hiện kết luận",
    page_icon=":material/assignment_turned_in:",
    layout="wide",
)
start_background_jobs()  # reminders and deliveries, when `directives serve` asked for them

st.sidebar.radio(
    "Ngôn ngữ / Language",
    ["vi", "en"],
    key=LANG_KEY,
    format_func=lambda code: "Tiếng Việt" if code == "vi" else "English",
    horizontal=True,
)
uploads.style()
style.phone_layout()


INBOX = page_named("inbox")


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
    preload.browser_parts()  # hidden: the overview's browser code loads while the user types


def route() -> None:
    """Log the user in or resume their session, then run the page they asked for."""
    st.session_state[DEPLOYMENT_KEY] = data.deployment()  # titles and help follow it
    auth.resume()
    auth.write_cookie()
    user = current_user()
    if user is None:
        st.navigation([st.Page(login, title=t("login"), icon=":material/login:")]).run()
        data.warm_figures()  # the overview's store loads while the user types, once drawn
        st.stop()

    # The pages this role sees, from the one list (ui.pages). Hiding a page is not the protection:
    # every service checks the acting user's role and unit again.
    # The inbox's title carries the unread count ("Hộp thư (3)"): one indexed COUNT per run.
    unread = inbox.unread(user.id)

    def title(spec: PageSpec) -> str:
        if spec.name == "inbox" and unread:
            return t("inbox_title_count").format(n=unread)
        return t(spec.title)

    pages: dict[str, list[StreamlitPage]] = {
        t(section): [
            st.Page(p.path, title=title(p), icon=p.icon, url_path=p.url_path, default=p.default)
            for p in specs
        ]
        for section, specs in visible_to(user.role, data.settings_on()).items()
    }

    with st.sidebar:
        st.caption(
            f"{t('signed_in_as')}: **{plain(user.full_name)}** · {label('user_role', user.role)}"
        )
        if st.button(t("logout"), icon=":material/logout:"):
            auth.log_out()
            st.rerun()

    page = st.navigation(pages, expanded=True)  # administrators' pages are not folded away
    if unread and page.url_path != INBOX.url_path:
        with st.container(key=style.PHONE_INBOX):  # a phone's sidebar, with the count, is folded
            st.page_link(
                INBOX.path,
                label=t("inbox_unread_link").format(n=unread),
                icon=":material/mark_email_unread:",
            )
    page.run()


with when_busy():  # a database locked by a long import: a message, not a traceback
    route()
