"""Nhắc việc, gửi tin: the outbox at a glance, the reminder rules, today's run with its preview,
and the failed deliveries with their reason and a retry (administrators only)."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from directives import formatting
from directives.config import get_settings
from directives.db import session_scope
from directives.models import DeliveryStatus
from directives.queries import outbox
from directives.services import delivery, reminder_rules, reminders
from directives.services.errors import ServiceError
from directives.text import sort_key
from directives.ui import admin, data
from directives.ui.admin import acting_user, done, plain, require_admin_page
from directives.ui.markup import show_error
from directives.ui.session import ADMIN_FLASH_KEY, t
from directives.ui.tables import MISSING

FORM = "admin_reminders"

require_admin_page()
key = admin.keys(FORM)
timezone = get_settings().timezone

st.title(t("page_admin_reminders"))
flash = st.session_state.pop(ADMIN_FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

day = data.default_day()
with session_scope(data.engine()) as session:
    counts = outbox.status_counts(session)
    failed = outbox.failed_deliveries(session)
    rules = reminder_rules.load(session)
    preview = reminders.run(session, day, dry_run=True)
preview.sort(key=lambda d: (-d.overdue, -d.due_soon, sort_key(d.unit_name)))  # worst first

# --- the outbox at a glance -------------------------------------------------------------------
st.subheader(t("rem_outbox"))
cards = st.columns(3)
cards[0].metric(t("rem_pending"), formatting.number(counts[DeliveryStatus.PENDING]))
cards[1].metric(t("rem_sent"), formatting.number(counts[DeliveryStatus.SENT]))
cards[2].metric(t("rem_failed"), formatting.number(counts[DeliveryStatus.FAILED]))

# --- today's run, previewed first -------------------------------------------------------------
st.subheader(t("rem_run"))
shown_day = formatting.day(day)
fresh = [d for d in preview if not d.sent_before]
if not preview:
    st.info(t("rem_nothing_due").format(day=shown_day), icon=":material/info:")
else:
    st.caption(t("rem_preview").format(day=shown_day, units=formatting.number(len(preview))))
    st.dataframe(
        pd.DataFrame(
            {
                t("rem_unit"): [d.unit_name for d in preview],
                t("rem_overdue"): [d.overdue for d in preview],
                t("rem_due_soon"): [d.due_soon for d in preview],
                t("rem_state"): [
                    t("rem_state_sent_before" if d.sent_before else "rem_state_new")
                    for d in preview
                ],
            }
        ),
        hide_index=True,
        key="reminders_preview",
        placeholder=MISSING,
    )
    with st.expander(t("rem_sample").format(unit=plain(preview[0].unit_name))):
        st.text(f"{preview[0].subject}\n\n{preview[0].body}")
if st.button(
    t("rem_run_button"), type="primary", icon=":material/send:", disabled=not fresh, key=key("run")
):
    try:
        with session_scope(data.engine(), write=True) as session:
            ran = reminders.run(session, day, actor=acting_user(session))
    except ServiceError as error:
        show_error(error)
    else:
        posted = sum(d.posted for d in ran)
        done(t("rem_ran").format(units=posted) if posted else t("rem_already"))

# --- the rules ------------------------------------------------------------------------------
st.subheader(t("rem_rules"))
st.caption(t("rem_rules_help"))
with st.form(key("rules"), border=True):
    left, right = st.columns(2)
    days_text = left.text_input(
        t("rem_days_before"), value=", ".join(str(d) for d in rules.days_before)
    )
    every = left.number_input(
        t("rem_overdue_every"),
        min_value=0,
        max_value=reminder_rules.MAX_OVERDUE_EVERY,
        value=rules.overdue_every,
    )
    after = left.number_input(
        t("rem_giao_ban_after"),
        min_value=1,
        max_value=reminder_rules.MAX_GIAO_BAN_AFTER,
        value=rules.giao_ban_after,
    )
    on_deadline = right.checkbox(t("rem_on_deadline"), value=rules.on_deadline)
    copy_leaders = right.checkbox(t("rem_copy_leaders"), value=rules.copy_leaders)
    save = st.form_submit_button(t("rem_save_rules"), icon=":material/save:")
if save:
    try:
        wanted = replace(
            rules,
            days_before=reminder_rules.parse_days(days_text),
            on_deadline=on_deadline,
            overdue_every=int(every),
            copy_leaders=copy_leaders,
            giao_ban_after=int(after),
        )
        with session_scope(data.engine(), write=True) as session:
            reminder_rules.save(acting_user(session), wanted, session=session)
    except ServiceError as error:
        show_error(error)
    else:
        done(t("rem_rules_saved"))

# --- failed deliveries ----------------------------------------------------------------------
st.subheader(t("rem_failed_list"))
if failed.empty:
    st.info(t("rem_no_failed"), icon=":material/check_circle:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("rem_unit"): failed["unit"],
                t("rem_channel"): [t(f"rem_channel_{c}") for c in failed["channel"]],
                t("rem_address"): failed["address"],
                t("rem_subject"): failed["subject"],
                t("rem_attempts"): failed["attempts"],
                t("rem_reason"): failed["last_error"],
                t("rem_created_at"): [formatting.moment(m, timezone) for m in failed["created_at"]],
            }
        ),
        hide_index=True,
        column_config={t("rem_reason"): st.column_config.TextColumn(width="large")},
        key="reminders_failed",
        placeholder=MISSING,
    )
    by_id = {int(r["delivery_id"]): r for r in failed.to_dict("records")}
    chosen = st.selectbox(
        t("rem_pick_failed"),
        list(by_id),
        format_func=lambda i: f"{by_id[i]['address']} · {str(by_id[i]['subject'])[:70]}",
        key=key("pick"),
    )
    if st.button(t("rem_retry"), icon=":material/replay:", key=key("retry")):
        try:
            with session_scope(data.engine(), write=True) as session:
                delivery.retry(acting_user(session), chosen, session=session)
        except ServiceError as error:
            show_error(error)
        else:
            done(t("rem_retried"))
