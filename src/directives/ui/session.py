"""Who is logged in and which language they read, kept in ``st.session_state`` under fixed keys."""

from dataclasses import dataclass

import streamlit as st

from directives.models import Role, User
from directives.services.deployment import UNSET, Deployment

USER_KEY = "directives.user"
LANG_KEY = "directives.lang"
AS_OF_KEY = "directives.as_of"
MEETING_KEY = "directives.meeting_id"
PERIOD_KEY = "directives.period"
UNITS_AS_OF_KEY = "directives.units_now"
BASIS_KEY = "directives.basis"  # figures by the day changes happened or were reported
RESULTS_KEY = "directives.results"  # rates on "confirmed" completions or on "reported" ones
RESULTS_WIDGET_KEY = "directives.results.widget"  # the switch itself (forgotten between pages)
FOCUS_TASK_KEY = "directives.focus_task"
FOCUS_UNIT_KEY = "directives.focus_unit"
DEPLOYMENT_KEY = "directives.deployment"


@dataclass(frozen=True)
class SessionUser:
    """What the pages need of the account; the services re-read the account before any write."""

    id: int
    username: str
    full_name: str
    role: Role
    unit_id: int | None

    @classmethod
    def of(cls, user: User) -> "SessionUser":
        assert user.id is not None
        return cls(user.id, user.username, user.full_name, Role(user.role), user.unit_id)


def current_user() -> SessionUser | None:
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, SessionUser) else None


def sign_in(user: User) -> None:
    st.session_state[USER_KEY] = SessionUser.of(user)


def sign_out() -> None:
    keys = (USER_KEY, AS_OF_KEY, MEETING_KEY, PERIOD_KEY, UNITS_AS_OF_KEY, BASIS_KEY, RESULTS_KEY,
            RESULTS_WIDGET_KEY)  # fmt: skip
    for key in keys:
        st.session_state.pop(key, None)


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "vi")
    return value if value in ("vi", "en") else "vi"


def t(key: str) -> str:
    """Interface text in the reader's language; text that names the deployment's level, place or
    issuer (``i18n.depends_on_deployment``) in this deployment's wording."""
    from directives.i18n import depends_on_deployment, ui

    if not depends_on_deployment(key):
        return ui(key, lang())
    who = deployment()
    issuer = who.issuers[0] if who.issuers else ""
    return ui(key, lang(), level=who.level, place=who.place, issuer=issuer)


def deployment() -> Deployment:
    """Who this deployment is, as the router read it at the start of this run (``app.py`` puts
    it under :data:`DEPLOYMENT_KEY` on every run, so a change shows on the next one)."""
    who = st.session_state.get(DEPLOYMENT_KEY)
    return who if isinstance(who, Deployment) else UNSET


FOCUS_ASSIGNMENT_KEY = "directives.focus_assignment"
ADMIN_FLASH_KEY = "directives.admin_flash"  # a success message shown once after a rerun
ADMIN_FORM_KEY = "directives.admin_form"  # bumped after a save, so the admin forms start empty
