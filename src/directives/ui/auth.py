"""Logging in and staying logged in across reloads.

The browser keeps a random token in a cookie; the database keeps only its hash, with an expiry
(``services.sessions``). Every run checks the token again, so logging out, disabling the account
or changing its password ends the session at once, in every tab.

The login throttle (:func:`directives.services.logins.login`) gets the client's address (from
``X-Forwarded-For`` only behind a proxy declared with ``DIRECTIVES_TRUSTED_PROXY``) and this
browser session's failed tries, kept in its session state. A database busy with another write
past the busy timeout is a Vietnamese message, never a traceback.
"""

import ipaddress
import json
from datetime import UTC, datetime

import streamlit as st
import streamlit.components.v1 as components
from sqlalchemy.exc import OperationalError

from directives.config import get_settings
from directives.db import session_scope
from directives.services import logins, sessions
from directives.ui import data
from directives.ui.session import current_user, sign_in, sign_out

COOKIE = "directives_session"
TOKEN_KEY = "directives.token"  # noqa: S105  (the session-state key, not a secret)
COOKIE_ACTION_KEY = "directives.cookie_action"
FAILURES_KEY = "directives.login_failures"
BUSY = "Hệ thống đang bận ghi dữ liệu, vui lòng thử lại sau giây lát."
UNREACHABLE = (
    "Chưa kết nối được cơ sở dữ liệu, vui lòng thử lại sau giây lát; nếu vẫn lỗi, hãy báo quản "
    "trị viên."
)


def address_from(remote: str | None, forwarded: str | None, *, trusted_proxy: bool) -> str | None:
    """The client's address: the last entry of ``X-Forwarded-For`` (the one the proxy added)
    when a proxy is trusted and the header is there, else the connection's ``remote`` address
    (None for a local connection, as Streamlit gives it). Anything that is not an IP is None."""
    candidate = remote
    if trusted_proxy and forwarded:
        candidate = forwarded.split(",")[-1].strip()
    if not candidate:
        return None
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_address() -> str | None:
    try:
        remote = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except (AttributeError, RuntimeError):
        return None
    return address_from(
        remote if isinstance(remote, str) else None,
        forwarded if isinstance(forwarded, str) else None,
        trusted_proxy=get_settings().trusted_proxy,
    )


def database_problem(error: OperationalError) -> str:
    """What to tell the user when the database refused: busy (locked past the busy timeout)
    or out of reach."""
    text = str(error.orig or error).lower()
    return BUSY if "locked" in text or "busy" in text else UNREACHABLE


def log_in(username: str, password: str) -> str | None:
    """Check the credentials and open a session; the error message to show, or None."""
    address = client_address()
    failures: list[datetime] = st.session_state.setdefault(FAILURES_KEY, [])
    try:
        with session_scope(data.engine(), write=True) as session:
            result = logins.login(
                username,
                password,
                session=session,
                address=address,
                browser_failures=failures,
            )
            token = None
            if result.user is not None:
                token = sessions.start(result.user, session=session, address=address)
    except OperationalError as error:
        return database_problem(error)
    if result.user is None or token is None:
        failures.append(datetime.now(UTC))
        del failures[:-100]  # more than any limit needs
        return str(result.refusal)
    sign_in(result.user)
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_ACTION_KEY] = "set"
    return None


def resume() -> None:
    """Bring the session back from the cookie after a reload, or check the current one."""
    token = st.session_state.get(TOKEN_KEY) or _cookie()
    if not token:
        if current_user() is not None:
            sign_out()  # a user without a session token is not logged in
        return
    try:  # a read: page views do not queue behind a long write
        with session_scope(data.engine()) as session:
            user = sessions.resume(token, session=session, touch=False)
            due = user is not None and sessions.touch_due(token, session=session)
    except OperationalError as error:
        st.warning(database_problem(error), icon=":material/hourglass_top:")
        return  # as it was: the next run checks again
    if due:  # "last seen", at most once a minute; skipped when the database is busy
        try:
            with session_scope(data.engine(), write=True) as session:
                user = sessions.resume(token, session=session)
        except OperationalError:
            pass
    if user is None:
        sign_out()
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[COOKIE_ACTION_KEY] = "clear"
        return
    st.session_state[TOKEN_KEY] = token
    sign_in(user)


def log_out() -> None:
    token = st.session_state.pop(TOKEN_KEY, None)
    if token:
        try:
            with session_scope(data.engine(), write=True) as session:
                sessions.end(token, session=session)
        except OperationalError as error:  # signed out here; the session ends at its expiry
            st.warning(database_problem(error), icon=":material/hourglass_top:")
    sign_out()
    st.session_state[COOKIE_ACTION_KEY] = "clear"


def write_cookie() -> None:
    """Set or clear the cookie in the browser once, after a login or logout."""
    action = st.session_state.pop(COOKIE_ACTION_KEY, None)
    if action is None:
        return
    token = st.session_state.get(TOKEN_KEY, "") if action == "set" else ""
    max_age = get_settings().session_hours * 3600 if action == "set" else 0
    value = json.dumps(f"{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict")
    components.html(f"<script>window.parent.document.cookie = {value};</script>", height=0)


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except (AttributeError, RuntimeError):
        return None
    return value if isinstance(value, str) and value else None
