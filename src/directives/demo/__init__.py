"""The demo: Giao Thủy's 2021 conference on mass-mobilization (dân vận) work, as live data."""
