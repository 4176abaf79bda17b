"""Xác nhận kết quả: the completions units reported, oldest first, with the evidence at hand;
confirm a selection at once, or look at one and confirm or return it with a reason.
Administrators; a lead unit's secretary for its supporters when the deployment allows it."""

import pandas as pd
import streamlit as st

from directives import formatting
from directives.i18n import column, label
from directives.models import Role
from directives.services import reviews
from directives.ui import actions, data, tables
from directives.ui.markup import plain, show_error
from directives.ui.session import current_user, lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import stored_file_download

PICK = "_pick"

lg = lang()
me = current_user()
lead_unit_id: int | None = None
if me is not None and me.role == Role.SECRETARY and data.review_settings().lead_unit_reviews:
    lead_unit_id = me.unit_id
elif me is None or me.role != Role.ADMIN:
    st.error(t("admin_only"))
    st.stop()

waiting = data.waiting_reviews(lead_unit_id)
st.title(f"{t('page_admin_reviews')} ({formatting.number(len(waiting), lang=lg)})")
st.caption(t("rv_intro"))
if lead_unit_id is not None:
    st.info(t("rv_lead_only"), icon=":material/info:")
if waiting.empty:
    st.success(t("rv_empty"), icon=":material/task_alt:")
    st.stop()


def shown(rows: pd.DataFrame) -> pd.DataFrame:
    """The queue as the table shows it: a tick box, then what the reviewer reads."""
    return pd.DataFrame(
        {
            t("rv_pick"): False,
            column("unit_name", lg): rows["unit_name"],
            column("role", lg): rows["role"].map(lambda code: label("role", code, lg)),
            column("task_content", lg): [
                f"{seq}. {content}"
                for seq, content in zip(rows["task_seq"], rows["task_content"], strict=True)
            ],
            column("conclusion_number", lg): rows["conclusion_number"],
            t("rv_reported_at"): tables.local(rows, "reported_at"),
            column("completed_on", lg): rows["completed_on"].astype(object),
            column("deadline", lg): rows["deadline"].astype(object),
            t("note"): rows["note"],
            t("evidence"): rows["evidence"],
            t("rv_files"): rows["files"],
        },
        index=rows.index,
    )


st.subheader(t("rv_waiting").format(count=formatting.number(len(waiting), lang=lg)))
table = shown(waiting)
edited = st.data_editor(
    table,
    hide_index=True,
    disabled=[name for name in table.columns if name != t("rv_pick")],
    column_config={
        t("rv_pick"): st.column_config.CheckboxColumn(t("rv_pick"), width="small"),
        t("rv_reported_at"): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
        column("completed_on", lg): st.column_config.DateColumn(format="DD/MM/YYYY"),
        column("deadline", lg): st.column_config.DateColumn(format="DD/MM/YYYY"),
        column("task_content", lg): st.column_config.TextColumn(width="large"),
    },
    placeholder=MISSING,
    key="reviews_queue",
)
picked = [int(waiting.loc[i, "status_update_id"]) for i in edited.index[edited[t("rv_pick")]]]
if st.button(t("rv_confirm_selected"), type="primary", icon=":material/done_all:"):
    if not picked:
        st.warning(t("rv_none_selected"))
    else:
        saved, error = actions.run(
            lambda session, actor: reviews.confirm(
                session=session, actor=actor, status_update_ids=picked
            )
        )
        if error:
            show_error(error)
        else:
            st.toast(t("rv_confirmed").format(count=len(saved or [])), icon=":material/check:")
            st.rerun()

st.divider()
st.subheader(t("rv_one"))
choices = {
    int(row["status_update_id"]): f"{row['unit_name']} · {row['task_seq']}. {row['task_content']}"
    for _, row in waiting.iterrows()
}
chosen = st.selectbox(
    t("rv_one"), list(choices), format_func=lambda key: choices[key], label_visibility="collapsed"
)
row = waiting[waiting["status_update_id"] == chosen].iloc[0]
left, right = st.columns(2)
with left:
    st.markdown(
        f"**{plain(row['unit_name'])}** · {label('role', row['role'], lg)}  \n"
        f"{column('conclusion_number', lg)}: {plain(row['conclusion_number'])}  \n"
        f"{column('completed_on', lg)}: **{formatting.day(row['completed_on'])}** · "
        f"{column('deadline', lg)}: {formatting.day(row['deadline']) or MISSING}"
    )
    st.markdown(f"{t('note')}: {plain(row['note'] or MISSING)}")
    st.markdown(f"{t('evidence')}: {plain(row['evidence'] or MISSING)}")
    for item in data.assignment_detail(int(row["assignment_id"])).get("evidence", []):
        stored_file_download(item, key=f"review_evidence_{item['id']}")
with right:
    if st.button(t("rv_confirm"), icon=":material/check:", key="review_confirm_one"):
        _, error = actions.run(
            lambda session, actor: reviews.confirm(
                session=session, actor=actor, status_update_ids=[chosen]
            )
        )
        if error:
            show_error(error)
        else:
            st.toast(t("rv_confirmed").format(count=1), icon=":material/check:")
            st.rerun()
    with st.form(f"review_return_{chosen}"):
        reason = st.text_area(t("rv_reason"), max_chars=reviews.MAX_REASON)
        returned = st.form_submit_button(t("rv_return"), icon=":material/undo:")
    if returned:
        _, error = actions.run(
            lambda session, actor: reviews.return_completion(
                session=session, actor=actor, status_update_id=chosen, reason=reason
            )
        )
        if error:
            show_error(error)
        else:
            st.toast(t("rv_returned"), icon=":material/undo:")
            st.rerun()
