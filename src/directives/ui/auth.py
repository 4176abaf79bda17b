"""Logging in and staying logged in across reloads.

The browser keeps a random token in a cookie; the database keeps only its hash, with an expiry
(``services.sessions``). Every run checks the token again, so logging out, disabling the account
or changing its password ends the session at once, in every tab.
"""

import json

import streamlit as st
import streamlit.components.v1 as components

from directives.config import get_settings
from directives.db import session_scope
from directives.services import accounts, sessions
from directives.ui import data
from directives.ui.session import current_user, sign_in, sign_out

COOKIE = "directives_session"
TOKEN_KEY = "directives.token"  # noqa: S105  (the session-state key, not a secret)
COOKIE_ACTION_KEY = "directives.cookie_action"


def client_address() -> str | None:
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        return None
    return address if isinstance(address, str) else None


def log_in(username: str, password: str) -> str | None:
    """Check the credentials and open a session; the error message to show, or None."""
    address = client_address()
    with session_scope(data.engine(), write=True) as session:
        result = accounts.login(username, password, session=session, address=address)
        token = None
        if result.user is not None:
            token = sessions.start(result.user, session=session, address=address)
    if result.user is None or token is None:
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
    with session_scope(data.engine(), write=True) as session:
        user = sessions.resume(token, session=session)
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
        with session_scope(data.engine(), write=True) as session:
            sessions.end(token, session=session)
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
