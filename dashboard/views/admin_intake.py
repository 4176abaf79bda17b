"""Nhập kết luận: paste or upload a conclusion notice, review the tasks it proposes, correct them,
add a task the reading missed or leave a wrong one out, save them all at once (administrators
only). A notice with no readable date asks for it; a letter of directions needs no meeting."""

from datetime import date

import streamlit as st

from directives import formatting
from directives.db import session_scope
from directives.importers.documents import MAX_MB, SUFFIXES, read_text
from directives.importers.notice import Proposal, ProposedTask
from directives.services.conclusions import (
    ConclusionInput,
    MeetingInput,
    TaskInput,
    save_conclusion,
)
from directives.services.errors import Rejected, ServiceError
from directives.ui import admin, data, uploads
from directives.ui.admin import acting_user, date_input, done, plain, require_admin_page
from directives.ui.markup import show_error
from directives.ui.session import ADMIN_FLASH_KEY, t

READ = "admin_intake.read"  # widget keys of the reading step
REVIEW = "admin_intake.review"  # widget keys of the review form: f"{REVIEW}.{field}.{generation}"
PROPOSAL_KEY = "admin_intake.proposal"  # (generation, text, Proposal, dated by the notice)
EXTRA_KEY = "admin_intake.added"  # how many blank tasks the reviewer added: f"{EXTRA_KEY}.{gen}"

require_admin_page()
generation = admin.generation()
key = admin.keys(REVIEW)

st.title(t("page_admin_intake"))
flash = st.session_state.pop(ADMIN_FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")
    st.page_link("views/conclusions.py", label=t("intake_see_conclusions"), icon=":material/gavel:")
st.caption(t("intake_help"))

# --- 1. the notice ---------------------------------------------------------------------------

with st.form(f"{READ}.{generation}", border=True):
    pasted = st.text_area(t("intake_paste"), height=220, key=f"{READ}.text.{generation}")
    upload = uploads.upload(
        t("intake_upload"),
        types=[suffix.lstrip(".") for suffix in SUFFIXES],
        max_mb=MAX_MB,
        key=f"{READ}.file.{generation}",
    )
    given_on = date_input(t("intake_date_given"), f"{READ}.issued.{generation}")
    st.caption(t("intake_date_given_help"))
    read = st.form_submit_button(t("intake_read"), icon=":material/plagiarism:", type="primary")

if read:
    try:
        text = read_text(upload.name, upload.getvalue()) if upload is not None else pasted
        if not text.strip():
            raise ServiceError(t("intake_nothing"))
        found = data.read_notice(text)
        dated = found.document.date is not None  # from the header or the signature only
        if not dated and given_on is not None:  # units as they were on the day given
            found = data.read_notice(text, given_on)
        st.session_state[PROPOSAL_KEY] = (generation, text, found, dated)
    except ServiceError as error:
        show_error(error)

stored = st.session_state.get(PROPOSAL_KEY)
if stored is None or stored[0] != generation:
    st.stop()
text: str
proposal: Proposal
_, text, proposal, dated = stored
document = proposal.document

# --- 2. review --------------------------------------------------------------------------------

st.subheader(t("intake_review"))
extra_key = f"{EXTRA_KEY}.{generation}"
added = int(st.session_state.get(extra_key, 0))  # tasks the reviewer added, blank at first
if not proposal.tasks:
    st.warning(t("intake_no_tasks"), icon=":material/warning:")
warned = sum(1 for task in proposal.tasks if task.warnings)
if proposal.tasks:
    st.caption(
        t("intake_found").format(tasks=len(proposal.tasks), warned=warned)
        + (" " + t("intake_check_warnings") if warned else "")
    )
if not dated:  # never guessed from a cited document or a deadline
    st.warning(t("intake_no_date"), icon=":material/event_busy:")
if not document.issuer:
    st.warning(t("intake_no_issuer"), icon=":material/warning:")

choices = data.unit_choices(st.session_state.get(key("issued_on")) or document.date or date.today())
blank = ProposedTask(text="", leads=[], supports=[], deadline=None, warnings=[], source="")
reviewed = [*proposal.tasks, *[blank] * added]

with st.form(f"{REVIEW}.{generation}", border=True):
    st.markdown(f"**{t('conclusion')}**")
    top = st.columns(3)
    number = top[0].text_input(t("number"), value=document.number or "", key=key("number"))
    with top[1]:
        issued_on = date_input(t("issued_on"), key("issued_on"), document.date)
    issuer = top[2].text_input(t("issuer"), value=document.issuer or "", key=key("issuer"))
    conclusion_title = st.text_input(
        t("adm_conclusion_title"), value=document.title or "", key=key("conclusion_title")
    )
    st.markdown(f"**{t('meeting')}**")
    st.caption(t("intake_meeting_optional"))
    middle = st.columns([3, 1])
    meeting_title = middle[0].text_input(
        t("adm_meeting_title"), value=document.meeting or "", key=key("meeting")
    )
    with middle[1]:
        held_default = document.held_on or (document.date if document.meeting else None)
        held_on = date_input(t("held_on"), key("held_on"), held_default)

    for seq, task in enumerate(reviewed, start=1):
        with st.container(border=True):
            st.markdown(f"**{t('intake_task').format(seq=seq)}**")
            for warning in task.warnings:
                st.warning(plain(warning.message), icon=":material/warning:")
            st.text_area(t("adm_col_content"), value=task.text, key=key(f"content.{seq}"))
            row = st.columns([2, 2, 1])
            known = [named.name for named in task.leads if named.name in choices]
            row[0].multiselect(
                t("intake_leads").format(seq=seq),
                choices,
                default=known,
                key=key(f"leads.{seq}"),
            )
            row[1].multiselect(
                t("intake_supports").format(seq=seq),
                choices,
                default=[named.name for named in task.supports if named.name in choices],
                key=key(f"supports.{seq}"),
            )
            with row[2]:
                date_input(t("adm_col_deadline"), key(f"deadline.{seq}"), task.deadline)
                st.checkbox(t("intake_skip"), key=key(f"skip.{seq}"))
            if task.source:
                with st.expander(t("intake_source")):
                    st.text(task.source)
    save = st.form_submit_button(t("intake_save"), icon=":material/save:", type="primary")
    add = st.form_submit_button(t("intake_add_task"), icon=":material/add_task:")

if add:  # what was typed stays: the widgets keep their keys
    st.session_state[extra_key] = added + 1
    st.rerun()

if save:
    state = st.session_state
    items = [
        TaskInput(
            content=state[key(f"content.{seq}")],
            leads=tuple(state[key(f"leads.{seq}")]),
            supports=tuple(state[key(f"supports.{seq}")]),
            deadline=state[key(f"deadline.{seq}")],
        )
        for seq in range(1, len(reviewed) + 1)
        if not state[key(f"skip.{seq}")]
    ]
    try:
        if issued_on is None:
            raise Rejected([t("intake_date_required")])
        meeting = None  # a letter of directions: no meeting title and no meeting day
        if meeting_title.strip() or held_on is not None:
            if held_on is None:
                raise Rejected([t("intake_dates_required")])
            meeting = MeetingInput(title=meeting_title, held_on=held_on)
        with session_scope(data.engine(), write=True) as session:
            saved = save_conclusion(
                session=session,
                actor=acting_user(session),
                meeting=meeting,
                conclusion=ConclusionInput(
                    number=number,
                    issued_on=issued_on,
                    issuer=issuer,
                    title=conclusion_title,
                    full_text=text,
                ),
                items=items,
            )
            saved_number = saved.number
    except Rejected as error:
        st.error(t("intake_rejected"), icon=":material/error:")
        for problem in error.problems:
            st.markdown(f"- {plain(problem)}")
    except ServiceError as error:
        show_error(error)
    else:
        st.session_state.pop(PROPOSAL_KEY, None)
        done(
            t("intake_saved").format(
                number=plain(saved_number),
                tasks=len(items),
                day=formatting.day(issued_on),
            )
        )
