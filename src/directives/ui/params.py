"""Parameters of the page's address (``?phan_cong=12``), read defensively: anyone can type an
address, so a malformed or out-of-range value is ignored, never a traceback."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

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


def _kept(raw: str) -> str:
    return raw.strip()[:200]


def seed(key: str, name: str, parse: Callable[[list[str]], Any]) -> None:
    """Give the widget ``key`` the value the address holds under ``name`` (``?trang=3``, a
    list as the parameter repeated), once: on the page's first run in this session, so that a
    link opens the page as it was shared. A value ``parse`` refuses (None) is ignored."""
    if key in st.session_state:
        return
    raw = [_kept(v) for v in st.query_params.get_all(name)]
    if not raw:
        return
    value = parse(raw)
    if value is not None:
        st.session_state[key] = value


def one(parse: Callable[[str], Any]) -> Callable[[list[str]], Any]:
    """A parser of the last value, for :func:`seed`."""
    return lambda values: parse(values[-1])


def as_text(value: Any) -> str:
    """How a value is written in an address: an enumeration by its code, a day yyyy-mm-dd."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def choices(allowed: Iterable[Any]) -> Callable[[list[str]], list[Any] | None]:
    """A parser of a list of values among ``allowed`` (matched as :func:`as_text` writes them),
    for :func:`seed`; unknown ones are dropped."""
    by_text = {as_text(value): value for value in allowed}
    return lambda values: [by_text[v] for v in dict.fromkeys(values) if v in by_text] or None


def choice(allowed: Iterable[Any]) -> Callable[[list[str]], Any]:
    """A parser of one value among ``allowed``, for :func:`seed`."""
    by_text = {as_text(value): value for value in allowed}
    return lambda values: by_text.get(values[-1])


def parse_day(text: str) -> date | None:
    """A day written yyyy-mm-dd in an address, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_text(text: str) -> str | None:
    return unicodedata.normalize("NFC", text) or None


def keep(values: dict[str, Any]) -> None:
    """Write the page's state into the address (empty values left out), so that the address
    can be copied and shared; only what changed is written."""
    for name, value in values.items():
        if isinstance(value, list | tuple):
            wanted = [as_text(v) for v in value]
        elif value is None or value == "":
            wanted = []
        else:
            wanted = [as_text(value)]
        if st.query_params.get_all(name) == wanted:
            continue
        if wanted:
            st.query_params[name] = wanted
        elif name in st.query_params:
            del st.query_params[name]
