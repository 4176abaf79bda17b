"""Files out: Excel and CSV exports (Word reports come later)."""
