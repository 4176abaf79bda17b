"""Files out: Excel and CSV exports, and the Word report."""
