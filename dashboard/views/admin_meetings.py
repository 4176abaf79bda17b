"""Nhập hội nghị và kết luận: a meeting, its conclusion and its tasks in one transaction; below,
corrections to what was entered (administrators only)."""

from datetime import date
from typing import Any

import streamlit as st

from directives import formatting
from directives.db import session_scope
from directives.services import corrections, evidence
from directives.services.conclusions import ConclusionInput, MeetingInput
from directives.services.errors import InvalidInput, Rejected, ServiceError
from directives.ui import admin, data, task_edits, uploads
from directives.ui import meetings as entry
from directives.ui.admin import acting_user, date_input, done, plain, require_admin_page
from directives.ui.markup import show_error
from directives.ui.session import ADMIN_FLASH_KEY, lang, t
from directives.ui.tables import MISSING

NEW = "admin_meetings.new"  # widget keys of the entry form: f"{NEW}.{field}.{generation}"
EDIT = "admin_meetings.edit"
CONCLUSION_PICK = "admin_meetings.conclusion"
TASK_PICK = "admin_meetings.task"
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)

require_admin_page()
key = admin.keys(NEW)
lg = lang()
generation = admin.generation()


def required(value: Any, field: str) -> Any:
    if value is None or value == "":
        raise InvalidInput(field, t("adm_required"))
    return value


st.title(t("page_admin_meetings"))
flash = st.session_state.pop(ADMIN_FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

# --- a new meeting, its conclusion and its tasks ------------------------------------------------

st.subheader(t("adm_new_conclusion"))
st.caption(t("adm_new_conclusion_help"))


with st.form(f"{NEW}.{generation}", border=True):
    st.markdown(f"**{t('meeting')}**")
    meeting_title = st.text_input(t("adm_meeting_title"), key=key("title"))
    first = st.columns(2)
    with first[0]:
        held_on = date_input(t("held_on"), key("held_on"))
    place = first[1].text_input(t("place"), key=key("place"))
    chaired_by = st.text_input(t("chaired_by"), key=key("chaired_by"))
    attendees = st.text_area(t("attendees"), key=key("attendees"), height=80)

    st.markdown(f"**{t('conclusion')}**")
    second = st.columns(3)
    number = second[0].text_input(t("number"), key=key("number"), placeholder=t("number_hint"))
    with second[1]:
        issued_on = date_input(t("issued_on"), key("issued_on"))
    issuer = second[2].text_input(t("issuer"), key=key("issuer"), placeholder=t("issuer_hint"))
    signer = st.text_input(t("signer"), key=key("signer"))
    conclusion_title = st.text_input(t("adm_conclusion_title"), key=key("conclusion_title"))
    summary = st.text_area(t("adm_summary"), key=key("summary"), height=80)
    full_text = st.text_area(t("full_text"), key=key("full_text"), height=160)

    st.markdown(f"**{t('tasks')}**")
    st.caption(t("adm_tasks_help"))
    edited = st.data_editor(
        entry.empty_tasks(),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=key("tasks"),
        column_order=entry.TASK_COLUMNS,
        column_config={
            "content": st.column_config.TextColumn(t("adm_col_content"), width="large"),
            "field": st.column_config.TextColumn(t("adm_col_field")),
            "leads": st.column_config.TextColumn(t("adm_col_leads"), help=t("adm_units_help")),
            "supports": st.column_config.TextColumn(
                t("adm_col_supports"), help=t("adm_units_help")
            ),
            "deadline": st.column_config.DateColumn(
                t("adm_col_deadline"),
                format="DD/MM/YYYY",
                help=t("adm_deadline_help"),
                min_value=FIRST_DAY,
                max_value=LAST_DAY,
            ),
        },
        placeholder=MISSING,
    )
    submitted = st.form_submit_button(
        t("adm_save_conclusion"), type="primary", icon=":material/save:", key=key("save")
    )

if submitted:
    rows = entry.task_rows(edited)
    try:
        meeting = None  # no meeting title and no meeting day: a letter of directions
        if meeting_title.strip() or held_on is not None:
            meeting = MeetingInput(
                title=meeting_title,
                held_on=required(held_on, t("held_on")),
                place=place,
                chaired_by=chaired_by,
                attendees=attendees,
            )
        required(issued_on, t("issued_on"))
        if not rows:
            raise InvalidInput(t("tasks"), t("adm_tasks_required"))
        assert issued_on is not None
        with session_scope(data.engine(), write=True) as session:
            saved_number, assignment_count = entry.save(
                session=session,
                actor=acting_user(session),
                meeting=meeting,
                conclusion=ConclusionInput(
                    number=number,
                    issued_on=issued_on,
                    issuer=issuer,
                    title=conclusion_title,
                    signer=signer,
                    summary=summary,
                    full_text=full_text,
                ),
                rows=rows,
            )
    except Rejected as rejected:
        show_error(entry.refusal(rejected))
    except ServiceError as error:
        show_error(error)
    else:
        done(
            t("adm_conclusion_saved").format(
                number=plain(saved_number), tasks=len(rows), assignments=assignment_count
            )
        )

# --- corrections ---------------------------------------------------------------------------------

st.divider()
st.subheader(t("adm_edit_existing"))
found = data.conclusions()
if not found:
    st.info(t("no_meetings"), icon=":material/info:")
    st.stop()
by_id = {c["id"]: c for c in found}
chosen = st.selectbox(
    t("conclusion"),
    list(by_id),
    format_func=lambda cid: (
        f"{by_id[cid]['number']} · {formatting.day(by_id[cid]['issued_on'])} · "
        f"{by_id[cid]['title']}"
    ),
    key=CONCLUSION_PICK,
)
conclusion_row = by_id[chosen]
meeting_row = data.meeting(conclusion_row["meeting_id"]) or {}
task_frame = data.tasks(chosen)


def edit_key(name: str) -> str:
    return f"{EDIT}.{name}.{chosen}.{generation}"


meeting_tab, conclusion_tab, task_tab, units_tab, add_remove_tab = st.tabs(
    [
        t("adm_edit_meeting"),
        t("adm_edit_conclusion"),
        t("adm_correct_task"),
        t("adm_add_units"),
        t("adm_add_remove_tasks"),
    ]
)

if not meeting_row:  # a letter of directions (Ý kiến chỉ đạo): no meeting to correct
    meeting_tab.info(t("no_meeting"), icon=":material/info:")
save_meeting = False
if meeting_row:
    with meeting_tab, st.form(edit_key("meeting_form")):
        m_title = st.text_input(
            t("adm_meeting_title"), value=meeting_row.get("title") or "", key=edit_key("m_title")
        )
        cols = st.columns(2)
        with cols[0]:
            m_held_on = date_input(t("held_on"), edit_key("m_held_on"), meeting_row.get("held_on"))
        m_place = cols[1].text_input(
            t("place"), value=meeting_row.get("place") or "", key=edit_key("m_place")
        )
        m_chaired = st.text_input(
            t("chaired_by"), value=meeting_row.get("chaired_by") or "", key=edit_key("m_chaired")
        )
        m_attendees = st.text_area(
            t("attendees"), value=meeting_row.get("attendees") or "", key=edit_key("m_attendees")
        )
        save_meeting = st.form_submit_button(t("adm_save_changes"), icon=":material/save:")
if save_meeting:
    try:
        with session_scope(data.engine(), write=True) as session:
            corrections.update_meeting(
                acting_user(session),
                int(conclusion_row["meeting_id"]),
                session=session,
                title=m_title,
                held_on=required(m_held_on, t("held_on")),
                place=m_place,
                chaired_by=m_chaired,
                attendees=m_attendees,
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_changes_saved"))

with conclusion_tab, st.form(edit_key("conclusion_form")):
    cols2 = st.columns(3)
    c_number = cols2[0].text_input(
        t("number"), value=conclusion_row["number"], key=edit_key("c_number")
    )
    with cols2[1]:
        c_issued_on = date_input(t("issued_on"), edit_key("c_issued"), conclusion_row["issued_on"])
    c_issuer = cols2[2].text_input(
        t("issuer"), value=conclusion_row["issuer"], key=edit_key("c_issuer")
    )
    c_signer = st.text_input(
        t("signer"), value=conclusion_row.get("signer") or "", key=edit_key("c_signer")
    )
    c_title = st.text_input(
        t("adm_conclusion_title"), value=conclusion_row["title"], key=edit_key("c_title")
    )
    c_summary = st.text_area(
        t("adm_summary"), value=conclusion_row.get("summary") or "", key=edit_key("c_summary")
    )
    c_full_text = st.text_area(
        t("full_text"),
        value=conclusion_row.get("full_text") or "",
        key=edit_key("c_full_text"),
        height=200,
    )
    st.caption(t("adm_issued_on_moves_tasks"))
    save_conclusion = st.form_submit_button(t("adm_save_changes"), icon=":material/save:")
if save_conclusion:
    try:
        with session_scope(data.engine(), write=True) as session:
            corrections.update_conclusion(
                acting_user(session),
                chosen,
                session=session,
                number=c_number,
                issued_on=required(c_issued_on, t("issued_on")),
                issuer=c_issuer,
                title=c_title,
                signer=c_signer,
                summary=c_summary,
                full_text=c_full_text,
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("adm_changes_saved"))

with conclusion_tab, st.form(edit_key("document_form")):
    st.markdown(f"**{t('conclusion_document')}**")
    document = uploads.upload(
        t("conclusion_document_help"), types=["pdf", "doc", "docx"], max_mb=evidence.max_mb()
    )
    attach = st.form_submit_button(t("attach"), icon=":material/attach_file:")
if attach and document is not None:
    try:
        with session_scope(data.engine(), write=True) as session:
            evidence.store_document(
                acting_user(session), chosen, document.name, document.getvalue(), session=session
            )
    except ServiceError as error:
        show_error(error)
    else:
        done(t("document_attached"))

task_records = task_frame.to_dict("records")
tasks_by_id = {int(row["id"]): row for row in task_records}


def task_label(task_id: int) -> str:
    row = tasks_by_id[task_id]
    deadline = entry.day(row["deadline"])
    when = formatting.day(deadline) if deadline else t("standing")
    return f"{row['seq']}. {entry.text(row['content'])[:90]} — {when}"


task_labels = {task_id: task_label(task_id) for task_id in tasks_by_id}


with task_tab:
    if not tasks_by_id:
        st.info(t("adm_no_tasks"), icon=":material/info:")
    else:
        task_id = st.selectbox(
            t("adm_task"),
            list(tasks_by_id),
            format_func=task_labels.__getitem__,
            key=f"{TASK_PICK}.fix",
        )
        task_row = tasks_by_id[task_id]
        current_deadline = entry.day(task_row["deadline"])
        original = entry.day(task_row["original_deadline"])
        with st.form(edit_key(f"task_form.{task_id}")):
            content = st.text_area(
                t("adm_col_content"),
                value=entry.text(task_row["content"]),
                key=edit_key(f"t_c.{task_id}"),
            )
            cols3 = st.columns(2)
            standing = cols3[0].checkbox(
                t("adm_standing"), value=current_deadline is None, key=edit_key(f"t_s.{task_id}")
            )
            with cols3[1]:
                new_deadline = date_input(
                    t("deadline"), edit_key(f"t_d.{task_id}"), current_deadline
                )
            fix_original = st.checkbox(
                t("adm_fix_original"),
                key=edit_key(f"t_o.{task_id}"),
                help=t("adm_fix_original_help"),
            )
            if original is not None and original != current_deadline:
                st.caption(f"{t('adm_original_deadline')}: {formatting.day(original)}")
            save_task = st.form_submit_button(t("adm_save_changes"), icon=":material/save:")
        if save_task:
            try:
                deadline: date | corrections.Unchanged | None = None
                if not standing:
                    deadline = required(new_deadline, t("deadline"))
                if deadline == current_deadline and not fix_original:
                    deadline = corrections.UNCHANGED
                with session_scope(data.engine(), write=True) as session:
                    corrections.update_task(
                        acting_user(session),
                        task_id,
                        session=session,
                        content=content,
                        deadline=deadline,
                        fix_original=fix_original,
                    )
            except ServiceError as error:
                show_error(error)
            else:
                done(t("adm_changes_saved"))

with units_tab:
    if not tasks_by_id:
        st.info(t("adm_no_tasks"), icon=":material/info:")
    else:
        task_edits.add_units(tasks_by_id, task_labels, conclusion_row["issued_on"], edit_key)

with add_remove_tab:
    task_edits.add_task(chosen, conclusion_row["issued_on"], edit_key)
    if tasks_by_id:
        task_edits.remove_task(tasks_by_id, task_labels, edit_key)
