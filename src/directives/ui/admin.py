"""What the administration pages share: the admin check, the acting user read afresh, inert
display of stored text, and forms that empty themselves after a successful save."""

from collections.abc import Callable
from datetime import date

import streamlit as st
from sqlmodel import Session

from directives.models import Role, User
from directives.services.errors import PermissionDenied
from directives.ui.markup import plain as plain  # the pages import it from here too
from directives.ui.session import ADMIN_FLASH_KEY, ADMIN_FORM_KEY, current_user, t

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def require_admin_page() -> None:
    """Stop the page for anyone but an administrator (the services check again on every write)."""
    me = current_user()
    if me is None or me.role != Role.ADMIN:
        st.error(t("admin_only"))
        st.stop()


def generation() -> int:
    """Bumped after every successful save: widget keys include it, so the forms start empty."""
    return int(st.session_state.get(ADMIN_FORM_KEY, 0))


def keys(form: str) -> Callable[[str], str]:
    """Widget keys of one form for the current generation."""
    current = generation()

    def key(name: str) -> str:
        return f"{form}.{name}.{current}"

    return key


def acting_user(session: Session) -> User:
    """The administrator as the database has them now, never as the page remembers them."""
    me = current_user()
    actor = session.get(User, me.id) if me else None
    if actor is None:
        raise PermissionDenied(t("admin_only"))
    return actor


def done(message: str) -> None:
    """Show ``message`` after the rerun, with every form emptied."""
    st.session_state[ADMIN_FLASH_KEY] = message
    st.session_state[ADMIN_FORM_KEY] = generation() + 1
    st.rerun()


def date_input(title: str, key: str, value: date | None = None) -> date | None:
    return st.date_input(
        title, value=value, format="DD/MM/YYYY", min_value=FIRST_DAY, max_value=LAST_DAY, key=key
    )
