"""Hội nghị và kết luận: one conclusion, its tasks, every unit's progress and the history."""

import pandas as pd
import streamlit as st

from directives import formatting
from directives.i18n import label
from directives.models import AssignmentRole, UnitKind
from directives.queries.state import Filters
from directives.status import Counts
from directives.ui import data, tables
from directives.ui.session import lang, t
from directives.ui.widgets import excel_download, filter_frame

filters = filter_frame()
url = data.database_url()
lg = lang()

st.title(t("page_conclusions"))
found = data.conclusions(url, filters.meeting_id)
if not found:
    st.info(t("no_meetings"), icon=":material/info:")
    st.stop()

by_id = {c["id"]: c for c in found}
chosen = st.selectbox(
    t("conclusion"),
    list(by_id),
    format_func=lambda cid: f"{by_id[cid]['number']} · {by_id[cid]['title']}",
    key="conclusion_id",
)
conclusion = by_id[chosen]
meeting = data.meeting(url, conclusion["meeting_id"]) or {}

st.subheader(conclusion["title"])
facts = st.columns(4)
facts[0].markdown(f"**{t('number')}**  \n{conclusion['number']}")
facts[1].markdown(f"**{t('issued_on')}**  \n{formatting.day(conclusion['issued_on'])}")
facts[2].markdown(f"**{t('issuer')}**  \n{conclusion['issuer']}")
facts[3].markdown(f"**{t('signer')}**  \n{conclusion.get('signer') or ''}")
with st.expander(f"{t('meeting')}: {meeting.get('title', '')}"):
    st.markdown(
        f"**{t('held_on')}:** {formatting.day(meeting.get('held_on'))}  \n"
        f"**{t('place')}:** {meeting.get('place') or ''}  \n"
        f"**{t('chaired_by')}:** {meeting.get('chaired_by') or ''}  \n"
        f"**{t('attendees')}:** {meeting.get('attendees') or ''}"
    )
if conclusion.get("summary"):
    st.write(conclusion["summary"])

scope = Filters(as_of=filters.as_of, timezone=filters.timezone, conclusion_id=chosen)
counts = Counts.from_mapping(data.counts(url, scope))
st.caption(
    f"{t('as_of')} **{formatting.day(filters.as_of)}** · "
    f"{t('completion_rate')}: **{formatting.percent(counts.completion_rate, lang=lg)}** · "
    f"{t('on_time_rate')}: **{formatting.percent(counts.on_time_rate, lang=lg)}** · "
    f"{label('derived', 'overdue', lg)}: **{counts.overdue}**"
)

assignments = data.assignments(url, scope)
task_rows = data.tasks(url, chosen)
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
    if kinds <= {UnitKind.COMMUNE.value, UnitKind.TOWN.value}:
        return f"{t('communes_group')} ({len(names)})"
    return f"{len(names)} {t('units_count')}"


summary = []
for task in task_rows.itertuples():
    rows = assignments[assignments["task_id"] == task.id]
    done = int(rows["derived"].isin(["done_on_time", "done_late"]).sum())
    summary.append(
        {
            t("number"): task.seq,
            t("tasks"): task.content,
            t("deadline"): task.deadline if pd.notna(task.deadline) else None,
            t("done_of_total"): f"{done}/{len(rows)}",
            t("progress"): round(100 * done / len(rows)) if len(rows) else 0,
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
        t("deadline"): st.column_config.DateColumn(format="DD/MM/YYYY", help=t("standing_help")),
        t("progress"): st.column_config.ProgressColumn(format="%d%%", min_value=0, max_value=100),
    },
)
excel_download(table, f"ket-luan-{conclusion['number'].replace('/', '-')}.xlsx", "download_tasks")

st.subheader(t("task_units"))
for task in task_rows.itertuples():
    rows = assignments[assignments["task_id"] == task.id]
    deadline = formatting.day(task.deadline) if pd.notna(task.deadline) else t("standing")
    with st.expander(f"{task.seq}. {task.content} — {t('deadline')}: {deadline}"):
        history = data.task_history(url, int(task.id), filters.cutoff)
        latest = history.drop_duplicates("assignment_id").set_index("assignment_id")["note"]
        st.dataframe(
            tables.unit_progress(rows, latest, lg),
            hide_index=True,
            column_config=tables.column_config(lg),
            key=f"units_{task.id}",
        )
        if not history.empty:
            st.markdown(f"**{t('history')}**")
            st.dataframe(
                tables.history(history, lg),
                hide_index=True,
                column_config=tables.column_config(lg),
                key=f"history_{task.id}",
            )

if conclusion.get("full_text"):
    with st.expander(t("full_text")):
        st.text(conclusion["full_text"])
