"""Parameters of the page's address (``?phan_cong=12``), read defensively: anyone can type an
address, so a malformed or out-of-range value is ignored, never a traceback."""

import re
from dataclasses import dataclass

import streamlit as st

ID_MAX = 2**31 - 1
"""The largest id a link may name (the databases' integer keys)."""

_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII digits only: "²" or "١٢" are digits to str.isdigit


def parse_id(text: str | None) -> int | None:
    """A row id written in an address, or None when it is missing, malformed or out of range."""
    if text is None:
        return None
    cleaned = text.strip()
    if not _DIGITS.fullmatch(cleaned):
        return None
    number = int(cleaned)
    return number if 1 <= number <= ID_MAX else None


@dataclass(frozen=True)
class IdParam:
    given: bool  # the address has the parameter, well-formed or not
    value: int | None  # the id, when well-formed and in range


def id_param(name: str) -> IdParam:
    """The parameter ``name`` of the current address, as an id (the last value if repeated)."""
    raw = st.query_params.get(name)
    return IdParam(raw is not None, parse_id(raw))


RESULTS_PARAM = "ket_qua"
RESULTS_VALUES = {"xac-nhan": "confirmed", "bao-cao": "reported"}
"""``?ket_qua=xac-nhan`` opens the pages with rates on confirmed results, ``bao-cao`` on reported
ones; anything else is ignored (the deployment's default stands)."""


def results_param() -> str | None:
    """The rates' basis an address asks for ("confirmed" or "reported"), or None."""
    raw = st.query_params.get(RESULTS_PARAM)
    return RESULTS_VALUES.get(raw.strip().lower()) if raw else None
