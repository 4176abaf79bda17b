"""Việc của đơn vị: a secretary's own assignments, the most urgent first, the update form, and
"Nhập từ Excel" (the pre-filled template out, the filled workbook in, every error shown)."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st
from sqlmodel import Session

from directives import formatting
from directives.domain import is_open
from directives.i18n import label
from directives.models import Role, Status, StatusUpdate, User
from directives.services import evidence as evidence_files
from directives.services import extensions, updates
from directives.status import LAG_ORDER
from directives.ui import actions, data, explanations, follow_ups, grades, sheets, tables, uploads
from directives.ui.markup import plain, show_error
from directives.ui.params import id_param
from directives.ui.session import FOCUS_ASSIGNMENT_KEY, current_user, lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import filter_frame, kpi_cards, stored_file_download

LINK_PARAM = "phan_cong"
ALLOWED_TYPES = ["pdf", "png", "jpg", "jpeg", "gif", "webp", "doc", "docx", "xls", "xlsx"]

frame = filter_frame()
lg = lang()
me = current_user()
assert me is not None
if me.role == Role.ADMIN:  # an administrator may report for any unit
    units = data.units()
    names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
    busy = [u for u in data.busy_units() if u in names]  # units with work come first
    choices = [*busy, *(u for u in names if u not in set(busy))]
    unit_id = st.selectbox(t("unit"), choices, format_func=lambda u: names[u], key="my_unit")
elif me.role == Role.SECRETARY and me.unit_id is not None:
    unit_id = me.unit_id  # from the account, never from a widget
else:
    st.error(t("secretaries_only"))
    st.stop()

unit = data.unit(int(unit_id)) or {}
st.title(f"{t('page_my_unit')}: {plain(unit.get('name', ''))}")
st.caption(frame.caption())
explanations.answer_section(int(unit_id))  # what the leaders asked, at the top
mine = replace(frame.filters, unit_ids=(int(unit_id),), units_as_of=None)
counts = data.counts(mine)
if counts.total == 0:
    st.info(t("no_data"), icon=":material/info:")
    st.stop()
kpi_cards(
    counts,
    data.task_count(mine),
    data.counts(replace(frame.previous, unit_ids=mine.unit_ids)),
    confirmed=mine.confirmed,
)
with st.expander(t("grades_unit_section"), icon=":material/military_tech:"):
    grades.unit_grade(int(unit_id), frame.filters.as_of, heading=False)

rows = data.assignments(mine)
rows = rows.assign(rank=rows["derived"].map({d.value: i for i, d in enumerate(LAG_ORDER)}))
rows = rows.sort_values(["rank", "deadline"], na_position="last").reset_index(drop=True)
everyone = data.assignments(replace(frame.filters, unit_ids=(), units_as_of=None))
task_units = everyone[everyone["task_id"].isin(rows["task_id"])]


def _units_of(task_id: int, role: str) -> str:
    chosen = task_units[(task_units["task_id"] == task_id) & (task_units["role"] == role)]
    names = chosen["unit_name"].tolist()
    return ", ".join(names) if len(names) <= 3 else f"{len(names)} {t('units_count')}"


listing = pd.DataFrame(
    {
        t("conclusion"): rows["conclusion_number"],
        t("item"): rows["task_seq"],
        t("tasks"): rows["task_content"],
        t("role_of_unit"): rows["role"].map(lambda code: label("role", code, lg)),
        t("deadline"): rows["deadline"].map(
            lambda d: formatting.day(d) if pd.notna(d) else t("standing")
        ),
        t("derived_status"): rows["derived"].map(lambda code: label("derived", code, lg)),
        t("follow_ups"): follow_ups.count_of(rows, frame.filters),
        t("progress"): rows["progress"],
        t("lead"): [_units_of(task, "lead") for task in rows["task_id"]],
        t("support"): [_units_of(task, "support") for task in rows["task_id"]],
    }
)
st.subheader(t("unit_tasks"))
st.caption(t("pick_to_update"))
picked = st.dataframe(
    listing,
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key="my_unit_table",
    column_config={
        t("tasks"): st.column_config.TextColumn(width="large"),
        t("progress"): st.column_config.ProgressColumn(format="%d%%", min_value=0, max_value=100),
    },
    placeholder=MISSING,
)

with st.expander(t("import_title"), icon=":material/upload_file:"):
    st.caption(t("import_help"))
    st.download_button(
        t("import_template"),
        lambda: sheets.updates_template((int(unit_id),)),
        file_name=f"cap-nhat-{unit.get('slug', 'don-vi')}.xlsx",
        mime=sheets.XLSX,
        icon=":material/download:",
    )
    sheets.import_section("updates", key="my_unit.import")

selected = picked.selection.rows if picked else []
if selected:
    st.session_state[FOCUS_ASSIGNMENT_KEY] = int(rows.iloc[selected[0]]["assignment_id"])
linked = id_param(LINK_PARAM)  # a link such as /viec-cua-don-vi?phan_cong=12
if linked.value is not None:  # a malformed or out-of-range value is ignored
    if linked.value not in set(rows["assignment_id"]):
        st.error(t("not_your_assignment"), icon=":material/block:")
        st.stop()
    st.session_state[FOCUS_ASSIGNMENT_KEY] = linked.value
assignment_id = st.session_state.get(FOCUS_ASSIGNMENT_KEY)
if assignment_id not in set(rows["assignment_id"]):
    st.stop()

row = rows[rows["assignment_id"] == assignment_id].iloc[0]
detail = data.assignment_detail(int(assignment_id))
st.divider()
st.subheader(f"{t('item')} {row['task_seq']}. {plain(row['task_content'])}")
facts = st.columns(4)
facts[0].markdown(f"**{t('deadline')}**  \n{formatting.day(row['deadline']) or t('standing')}")
original = formatting.day(detail["original_deadline"]) or t("standing")
facts[1].markdown(f"**{t('original_deadline')}**  \n{original}")
facts[2].markdown(f"**{t('saved_status')}**  \n{label('status', detail['status'], lg)}")
facts[3].markdown(f"**{t('saved_progress')}**  \n{detail['progress']}%")

# The version the form starts from: a save made meanwhile by someone else is a conflict.
version_key = f"version_{assignment_id}"
if version_key not in st.session_state:
    st.session_state[version_key] = detail["version"]

# A new form key after each save empties the form; after an error the typed text stays.
form_round = st.session_state.setdefault(f"form_round_{assignment_id}", 0)
with st.form(f"update_{assignment_id}_{form_round}", border=True):
    st.markdown(f"**{t('update_title')}**")
    left, right = st.columns(2)
    statuses = [s for s in Status]
    status = left.selectbox(
        t("reported_status"),
        statuses,
        index=statuses.index(Status(detail["status"])),
        format_func=lambda s: label("status", s, lg),
    )
    progress = right.slider(t("progress"), 0, 100, int(detail["progress"]), step=5)
    done = Status(detail["status"]) == Status.DONE  # only a finished task has a completion day
    completed_on = left.date_input(
        t("completed_on"),
        value=(detail["completed_on"] or date.today()) if done else None,
        format="DD/MM/YYYY",
        max_value=date.today(),
        help=t("completed_on_help"),
    )
    today = updates.local_day(datetime.now(UTC))  # the day where the product is used
    happened_on = right.date_input(
        t("happened_on"),
        value=today,
        min_value=date(2000, 1, 1),
        max_value=today,
        format="DD/MM/YYYY",
        help=t("happened_on_help"),
    )
    reference = right.text_input(t("evidence_reference"), placeholder=t("evidence_reference_hint"))
    note = st.text_area(t("note"), max_chars=2000)
    files = uploads.upload(
        t("evidence_files"),
        types=ALLOWED_TYPES,
        max_mb=evidence_files.max_mb(),
        cap_mb=evidence_files.uploader_mb(),  # a file over the limit is refused by the service
        accept_multiple_files=True,
    )
    submitted = st.form_submit_button(t("save"), type="primary", icon=":material/save:")

if submitted:
    request = updates.UpdateRequest(
        status=Status(status),
        progress=int(progress),
        note=note or None,
        completed_on=completed_on if status == Status.DONE else None,
        evidence=reference or None,
        happened_on=happened_on if happened_on and happened_on != today else None,
    )

    def save(session: Session, actor: User) -> StatusUpdate:
        for upload in files or []:  # a refused file stops the whole save, before anything
            evidence_files.check_file(upload.name, upload.getvalue())
        update = updates.record_update(
            session=session,
            actor=actor,
            assignment_id=int(assignment_id),
            request=request,
            expected_version=st.session_state[version_key],
        )
        for upload in files or []:
            evidence_files.store(
                actor,
                int(assignment_id),
                upload.name,
                upload.getvalue(),
                session=session,
                status_update_id=update.id,
            )
        return update

    _, error = actions.run(save)
    if error:
        show_error(f"{t('intake_rejected')}\n\n{error}")
        st.session_state.pop(version_key, None)  # the next try starts from what is saved now
    else:
        st.session_state.pop(version_key, None)
        st.session_state[f"form_round_{assignment_id}"] = form_round + 1
        st.toast(t("saved"), icon=":material/check:")
        st.rerun()

if detail["deadline"] is not None and is_open(row["status"]):
    with st.expander(t("extension_title"), icon=":material/event_upcoming:"):
        pending = detail["pending_extension"]
        if pending:
            st.info(t("extension_pending").format(day=formatting.day(pending["proposed_deadline"])))
        else:
            with st.form(f"extension_{assignment_id}"):
                proposed = st.date_input(
                    t("proposed_deadline"), format="DD/MM/YYYY", min_value=detail["deadline"]
                )
                reason = st.text_area(t("reason"), max_chars=1000)
                asked = st.form_submit_button(t("request_extension"))
            if asked:
                _, error = actions.run(
                    lambda session, actor: extensions.request_extension(
                        actor, int(assignment_id), proposed, reason, session=session
                    )
                )
                if error:
                    st.error(plain(error))
                else:
                    st.toast(t("extension_sent"), icon=":material/check:")
                    st.rerun()

st.markdown(f"**{t('evidence_files')}**")
if not detail["evidence"]:
    st.caption(t("no_evidence"))
for item in detail["evidence"]:
    stored_file_download(item, key=f"evidence_{item['id']}")

st.markdown(f"**{t('history')}**")
history = data.assignment_history(int(assignment_id))
if history.empty:
    st.caption(t("no_history"))
else:
    st.dataframe(
        tables.history(history, lg),
        hide_index=True,
        column_config=tables.column_config(lg),
        placeholder=MISSING,
    )
explanations.history_table((int(assignment_id),))
