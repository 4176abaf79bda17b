"""Hộp thư: the account's messages (reminders, follow-ups, explanation requests and answers),
newest first, unread ones marked; for leaders and the office, every explanation request too."""

import streamlit as st

from directives.ui import explanations, inbox
from directives.ui.session import current_user, t

me = current_user()
assert me is not None
st.title(t("page_inbox"))
if me.role in explanations.ASKERS:
    messages_tab, requests_tab = st.tabs([t("inbox_messages"), t("explanations")])
    with messages_tab:
        inbox.message_list(me)
    with requests_tab:
        explanations.leader_list()
else:
    inbox.message_list(me)
