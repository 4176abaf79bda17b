"""The app's layout on a phone. Streamlit knows nothing of the reader's screen on the server, so
what changes under ~640 px is said once here, as CSS media queries, and injected by the router.

On a phone (390 × 844) a leader must see the headline rate, the overdue count and the five worst
units on the first screen: less room above the title, smaller headings, the KPI cards two per
row with the completion rate and the overdue count first, no chart toolbar over the legend
(plotly's modebar; the desktop keeps it), and tables that scroll sideways inside their frame
instead of widening the page. Elements are found by Streamlit's ``data-testid`` attributes and
by the ``st-key-…`` class a keyed container carries (the keys below).
"""

import streamlit as st

KPI_CARDS = "kpi_cards"
"""The container of all KPI cards: a grid of two columns on a phone."""
KPI_MAIN = "kpi_main"
"""The first row of cards: completion rate, on-time rate, tasks, assignments, overdue."""
KPI_STATUS = "kpi_status"
"""The second row: one card per derived status."""
FILTERS = "filters"
"""A page's own filter block (Nhiệm vụ): tighter on a phone."""
PHONE_INBOX = "phone_inbox"
"""The link to the inbox with its unread count above every page, shown on a phone only: there
the sidebar, whose "Hộp thư (n)" shows the count on a desktop, is folded away."""

PHONE = "(max-width: 640px)"

STYLE = f"""<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-{PHONE_INBOX}) {{ display: none; }}
@media {PHONE} {{
  [data-testid="stLayoutWrapper"]:has(> .st-key-{PHONE_INBOX}) {{ display: flex; }}
  [data-testid="stMainBlockContainer"] {{
    padding-top: 3.5rem; padding-left: 0.75rem; padding-right: 0.75rem;
  }}
  [data-testid="stMain"] h1 {{ font-size: 1.45rem; padding: 0.25rem 0 0.25rem 0; }}
  [data-testid="stMain"] h2 {{ font-size: 1.25rem; padding: 0.5rem 0 0.25rem 0; }}
  [data-testid="stMain"] h3 {{ font-size: 1.1rem; padding: 0.4rem 0 0.1rem 0; }}
  [data-testid="stMain"] [data-testid="stCaptionContainer"] {{ font-size: 0.75rem; }}

  .st-key-{KPI_CARDS} {{
    display: grid; grid-template-columns: 1fr 1fr; gap: 0.4rem;
  }}
  .st-key-{KPI_CARDS} :has([data-testid="stColumn"]) {{ display: contents; }}
  .st-key-{KPI_CARDS} [data-testid="stColumn"] {{ width: auto; min-width: 0; order: 3; }}
  .st-key-{KPI_MAIN} [data-testid="stColumn"] {{ order: 2; }}
  .st-key-{KPI_MAIN} [data-testid="stColumn"]:nth-child(1) {{ order: 0; }}
  .st-key-{KPI_MAIN} [data-testid="stColumn"]:nth-child(5) {{ order: 1; }}
  .st-key-{KPI_CARDS} [data-testid="stMetric"] > div {{ padding: 0.35rem 0.6rem; }}
  .st-key-{KPI_CARDS} [data-testid="stMetricLabel"] {{ min-height: 0; }}
  .st-key-{KPI_CARDS} [data-testid="stMetricLabel"] p {{ font-size: 0.75rem; }}
  .st-key-{KPI_CARDS} [data-testid="stMetricValue"] {{ font-size: 1.3rem; line-height: 1.3; }}
  .st-key-{KPI_CARDS} [data-testid="stMetricDelta"] {{ font-size: 0.7rem; }}
  .st-key-{KPI_CARDS} [data-testid="stMetricDelta"] svg {{ width: 0.8rem; height: 0.8rem; }}

  .st-key-{FILTERS} {{ gap: 0.5rem; }}

  [data-testid="stPlotlyChart"] .modebar-container {{ display: none !important; }}
  [data-testid="stTable"] {{ overflow-x: auto; }}
  [data-testid="stTable"] table {{ font-size: 0.8rem; }}
}}
</style>"""


def phone_layout() -> None:
    """The phone rules above, for every page (call once per run, from the router)."""
    st.html(STYLE)
