"""Thông tin cơ quan (administrators): who this deployment is, its level (tỉnh or xã; huyện for
history), the bodies that issue its notices and the place's name. Titles, help texts, groups and
the Word report's header follow it. Below, how results are checked (kiểm tra): the default basis
of the rates and whether lead units confirm their supporters' results."""

import streamlit as st

from directives.db import session_scope
from directives.domain import LEVELS
from directives.services import deployment
from directives.services.errors import ServiceError
from directives.ui import data
from directives.ui.admin import acting_user, done, keys, plain, require_admin_page
from directives.ui.markup import show_error
from directives.ui.session import ADMIN_FLASH_KEY, t

require_admin_page()

st.title(t("page_admin_deployment"))
st.caption(t("deployment_help"))
flash = st.session_state.pop(ADMIN_FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

now = data.deployment()
key = keys("deployment")
if not now.issuers:
    st.info(t("deployment_unset"), icon=":material/info:")

# A district (before 01/7/2025) is offered only to the deployments that are one (the demo).
levels = [level for level in LEVELS if level != "huyen" or now.level == "huyen"]
with st.form(key("form"), border=True):
    level = st.radio(
        t("deployment_level"),
        levels,
        index=levels.index(now.level),
        format_func=lambda code: deployment.LEVEL_NAMES[code],
        horizontal=True,
        key=key("level"),
    )
    issuers = st.text_area(
        t("deployment_issuers"),
        value="\n".join(now.issuers),
        help=t("deployment_issuers_help"),
        placeholder="UBND tỉnh …\nTỉnh ủy …",
        key=key("issuers"),
    )
    place = st.text_input(
        t("deployment_place"),
        value=now.place,
        help=t("deployment_place_help"),
        key=key("place"),
    )
    save = st.form_submit_button(t("deployment_save"), type="primary", icon=":material/save:")

if save:
    try:
        with session_scope(data.engine(), write=True) as session:
            saved = deployment.set_identity(
                acting_user(session),
                session=session,
                level=str(level),
                issuers=issuers.splitlines(),
                place=place,
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("deployment_saved").format(name=plain(saved.place)))

st.subheader(t("rv_settings"))
checking = data.review_settings()
review_key = keys("reviews")
with st.form(review_key("form"), border=True):
    confirmed_rates = st.checkbox(
        t("rv_settings_rates"), value=checking.confirmed_rates, key=review_key("rates")
    )
    lead_unit_reviews = st.checkbox(
        t("rv_settings_lead"), value=checking.lead_unit_reviews, key=review_key("lead")
    )
    save_checking = st.form_submit_button(t("rv_settings_save"), icon=":material/save:")

if save_checking:
    try:
        with session_scope(data.engine(), write=True) as session:
            deployment.set_review_settings(
                acting_user(session),
                session=session,
                confirmed_rates=confirmed_rates,
                lead_unit_reviews=lead_unit_reviews,
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("rv_settings_saved"))
