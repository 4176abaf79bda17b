"""Reading documents people already have: conclusion notices and Excel workbooks."""
