"""The only package (with dashboard/) that imports Streamlit: cached resources, session keys,
shared widgets."""
