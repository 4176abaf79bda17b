"""Hội nghị và kết luận: one conclusion, its tasks, every unit's progress and the history."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from directives import formatting
from directives.domain import is_local
from directives.i18n import label
from directives.models import AssignmentRole
from directives.ui import data, follow_ups, tables
from directives.ui.markup import plain
from directives.ui.session import FOCUS_TASK_KEY, lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import excel_download, filter_frame, stored_file_download

frame = filter_frame()
filters = frame.filters
lg = lang()

st.title(t("page_conclusions"))
found = data.conclusions(filters.meeting_id)
if not found:
    st.info(t("no_meetings"), icon=":material/info:")
    st.stop()


by_conclusion = data.counts_by_conclusion(replace(filters, meeting_id=None))
rate_points = tables.points(by_conclusion.set_index("conclusion_id")["completion_rate"])


def _rate(conclusion_id: int) -> float | None:
    rate = rate_points.get(conclusion_id)
    return None if rate is None or pd.isna(rate) else float(rate)


by_id = {c["id"]: c for c in found}
focus_task = st.session_state.pop(FOCUS_TASK_KEY, None)
if focus_task is not None:
    owner = data.task(int(focus_task))
    if owner and owner["conclusion_id"] in by_id:
        st.session_state["conclusion_id"] = owner["conclusion_id"]

with st.expander(t("all_conclusions"), expanded=len(found) > 1):
    listing = pd.DataFrame(
        [
            {
                t("number"): c["number"],
                t("issued_on"): c["issued_on"],
                t("conclusion"): c["title"],
                t("completion_rate"): _rate(c["id"]),
            }
            for c in found
        ]
    )
    st.dataframe(
        listing,
        hide_index=True,
        column_config={
            t("issued_on"): st.column_config.DateColumn(format="DD/MM/YYYY"),
            t("completion_rate"): tables.rate_column(),
        },
        placeholder=MISSING,
    )

chosen = st.selectbox(
    t("conclusion"),
    list(by_id),
    format_func=lambda cid: f"{by_id[cid]['number']} · {by_id[cid]['title']}",
    key="conclusion_id",
)
conclusion = by_id[chosen]
meeting = data.meeting(conclusion["meeting_id"]) or {}

st.subheader(plain(conclusion["title"]))
facts = st.columns(4)
facts[0].markdown(f"**{t('number')}**  \n{plain(conclusion['number'])}")
facts[1].markdown(f"**{t('issued_on')}**  \n{formatting.day(conclusion['issued_on'])}")
facts[2].markdown(f"**{t('issuer')}**  \n{plain(conclusion['issuer'])}")
facts[3].markdown(f"**{t('signer')}**  \n{plain(conclusion.get('signer') or '')}")
if not meeting:  # a letter of directions (Ý kiến chỉ đạo) was held at no meeting
    st.caption(t("no_meeting"))
else:
    with st.expander(f"{t('meeting')}: {plain(meeting.get('title', ''))}"):
        st.markdown(
            f"**{t('held_on')}:** {formatting.day(meeting.get('held_on'))}  \n"
            f"**{t('place')}:** {plain(meeting.get('place') or '')}  \n"
            f"**{t('chaired_by')}:** {plain(meeting.get('chaired_by') or '')}  \n"
            f"**{t('attendees')}:** {plain(meeting.get('attendees') or '')}"
        )
if conclusion.get("summary"):
    st.markdown(plain(conclusion["summary"]))
for document in data.conclusion_documents(chosen):
    stored_file_download(
        document,
        key=f"document_{document['id']}",
        prefix=f"{t('conclusion_document')}: ",
        icon=":material/description:",
    )

scope = replace(filters, conclusion_id=chosen, meeting_id=None)
counts = data.counts(scope)
st.caption(
    f"{t('as_of')} **{formatting.day(filters.as_of)}** · "
    f"{t('completion_rate')}: **{formatting.percent(counts.completion_rate, lang=lg)}** · "
    f"{t('on_time_rate')}: **{formatting.percent(counts.on_time_rate, lang=lg)}** · "
    f"{label('derived', 'overdue', lg)}: **{counts.overdue}**"
)

assignments = data.assignments(scope)
task_rows = data.tasks(chosen)
if assignments.empty:
    st.info(t("no_data"), icon=":material/info:")
    st.stop()


def _names(rows: pd.DataFrame, role: AssignmentRole) -> str:
    """Up to four names; a longer list is summarised as the notice would say it."""
    chosen = rows[rows["role"] == role.value]
    names = chosen["unit_name"].tolist()
    if len(names) <= 4:
        return ", ".join(names)
    kinds = set(chosen["unit_kind"])
    if all(is_local(kind) for kind in kinds):
        return f"{len(names)} {t('communes_group').lower()}"
    return f"{len(names)} {t('units_count')}"


summary = []
for task in task_rows.itertuples():
    rows = assignments[assignments["task_id"] == task.id]
    done = int(rows["derived"].isin(["done_on_time", "done_late"]).sum())
    summary.append(
        {
            t("number"): task.seq,
            t("tasks"): task.content,
            t("deadline"): (
                formatting.day(task.deadline) if pd.notna(task.deadline) else t("standing")
            ),
            t("done_of_total"): f"{done}/{len(rows)}",
            t("progress"): round(rows["progress"].mean()) if len(rows) else 0,
            label("derived", "overdue", lg): int((rows["derived"] == "overdue").sum()),
            t("lead"): _names(rows, AssignmentRole.LEAD),
            t("support"): _names(rows, AssignmentRole.SUPPORT),
        }
    )
table = pd.DataFrame(summary)
st.dataframe(
    table,
    hide_index=True,
    column_config={
        t("tasks"): st.column_config.TextColumn(width="large"),
        t("progress"): st.column_config.ProgressColumn(
            format="%d%%", min_value=0, max_value=100, help=t("mean_progress_help")
        ),
    },
    placeholder=MISSING,
)
excel_download(table, f"ket-luan-{conclusion['number'].replace('/', '-')}.xlsx", "download_tasks")

follow_ups.send_panel(
    assignments, key="conclusion", conclusion=(int(chosen), str(conclusion["number"]))
)

st.subheader(t("task_units"))
assignments = assignments.assign(follow_ups=follow_ups.count_of(assignments, filters))
for task in task_rows.itertuples():
    rows = assignments[assignments["task_id"] == task.id]
    deadline = formatting.day(task.deadline) if pd.notna(task.deadline) else t("standing")
    title = f"{task.seq}. {plain(task.content)} — {t('deadline')}: {deadline}"
    with st.expander(title, expanded=task.id == focus_task):
        happened_by = filters.as_of if filters.basis == "happened" else None
        history = data.task_history(int(task.id), filters.cutoff, happened_by)
        reports = history[history["to_status"].notna()]  # the unit's own notes, not follow-ups
        latest = reports.drop_duplicates("assignment_id").set_index("assignment_id")["note"]
        st.dataframe(
            tables.unit_progress(rows, latest, lg),
            hide_index=True,
            column_config=tables.column_config(lg),
            key=f"units_{task.id}",
            placeholder=MISSING,
        )
        if not history.empty:
            st.markdown(f"**{t('history')}**")
            st.dataframe(
                tables.history(history, lg),
                hide_index=True,
                column_config=tables.column_config(lg),
                key=f"history_{task.id}",
                placeholder=MISSING,
            )

if conclusion.get("full_text"):
    with st.expander(t("full_text")):
        st.text(conclusion["full_text"])
