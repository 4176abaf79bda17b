"""Reads for the dashboard and the exports: filters in, DataFrames with fixed columns out."""
