"""The in-app inbox on the page: the unread count for the sidebar, and the list of messages with
marking read and a link to the item each message is about.

Nothing here is cached: an inbox is per user, and the unread count is one indexed COUNT.
"""

from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import streamlit as st

from directives import formatting
from directives.config import get_settings
from directives.db import session_scope
from directives.queries import inbox as inbox_queries
from directives.services import inbox
from directives.ui import actions, data
from directives.ui.markup import plain
from directives.ui.pages import PAGES
from directives.ui.session import SessionUser, t


def unread(user_id: int) -> int:
    """How many of the account's messages are unread (the sidebar shows it on every page)."""
    with session_scope(data.engine()) as session:
        return inbox_queries.unread_count(session, user_id)


def _read(user_id: int, unread_only: bool) -> tuple[pd.DataFrame, int]:
    with session_scope(data.engine()) as session:
        rows = inbox_queries.messages(session, user_id, unread_only=unread_only)
        return rows, inbox_queries.total_count(session, user_id)


def _target(link: str | None, me: SessionUser) -> tuple[str, dict[str, str]] | None:
    """The page file and query of a message's link (``viec-cua-don-vi?phan_cong=12``), when it
    names a page this user may open."""
    if not link:
        return None
    parts = urlsplit(link)
    address = parts.path.strip("/")
    for page in PAGES:
        if page.url_path == address and me.role in page.roles:
            return page.path, dict(parse_qsl(parts.query))
    return None


def _mark_read(item_id: int) -> str | None:
    _, error = actions.run(lambda session, actor: inbox.mark_read(actor, item_id, session=session))
    return error


def message_list(me: SessionUser) -> None:
    """The account's messages newest first: unread ones marked, each with its item's link."""
    count = unread(me.id)
    top = st.columns([3, 2, 2], vertical_alignment="center")
    top[0].markdown(t("inbox_unread").format(n=count) if count else t("inbox_none_unread"))
    unread_only = top[1].toggle(t("inbox_unread_only"), key="inbox_unread_only")
    if count and top[2].button(t("inbox_mark_all"), icon=":material/done_all:"):
        _, error = actions.run(lambda session, actor: inbox.mark_all_read(actor, session=session))
        if error:
            st.error(plain(error))
        else:
            st.rerun()
    rows, total = _read(me.id, unread_only)
    if rows.empty:
        st.info(t("inbox_empty") if total == 0 else t("inbox_none_unread"), icon=":material/inbox:")
        return
    timezone = get_settings().timezone
    for record in rows.to_dict("records"):
        row: Any = SimpleNamespace(**{str(k): v for k, v in record.items()})
        is_new = pd.isna(row.read_at)
        with st.container(border=True):
            badge = f":red-badge[{t('inbox_new')}] " if is_new else ""
            subject = f"**{plain(str(row.subject))}**" if is_new else plain(str(row.subject))
            st.markdown(f"{badge}{subject}")
            sender = row.sender_name if isinstance(row.sender_name, str) else t("inbox_system")
            when = formatting.moment(pd.Timestamp(row.created_at), timezone)
            st.caption(f"{when} · {t('inbox_from')}: {plain(sender)}")
            st.markdown(plain(str(row.body)).replace("\n", "  \n"))
            buttons = st.columns([2, 2, 4])
            target = _target(row.link, me)
            if target is not None and buttons[0].button(
                t("inbox_open"), key=f"inbox_open_{row.item_id}", icon=":material/open_in_new:"
            ):
                error = _mark_read(int(row.item_id)) if is_new else None
                if error:
                    st.error(plain(error))
                else:
                    st.switch_page(target[0], query_params=target[1])
            if is_new and buttons[1].button(
                t("inbox_mark_read"), key=f"inbox_read_{row.item_id}", icon=":material/done:"
            ):
                error = _mark_read(int(row.item_id))
                if error:
                    st.error(plain(error))
                else:
                    st.rerun()
    if total > len(rows) and not unread_only:
        st.caption(t("inbox_more").format(shown=len(rows), total=total))
