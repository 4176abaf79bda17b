"""The baseline for the page benchmark: a bare Streamlit page with one small plotly bar chart."""

import plotly.graph_objects as go
import streamlit as st  # noqa: TID251  (a benchmark page, not part of the package)

st.set_page_config(page_title="Bare page", layout="wide")
figure = go.Figure(go.Bar(x=["Hoàn thành", "Đang thực hiện", "Quá hạn"], y=[12, 7, 3]))
st.plotly_chart(figure, key="bare_chart")
