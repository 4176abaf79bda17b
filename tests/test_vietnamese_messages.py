"""Every refusal the product can show is written in Vietnamese: the text of each exception the
services, importers and CLI raise for users (InvalidInput, PermissionDenied, NotFound, Rejected,
Problem, LoginRefused, the CLI's fail and bad values) and of each error or warning a page shows
directly. Read from the source, so a new refusal is checked the day it is written; the CLI's
errors are also run (tests/cli/test_errors.py) and the pages' refusals shown (tests/dashboard/)."""

import ast
import re
from pathlib import Path

import pytest

import directives
from tests.english import ENGLISH

ROOT = Path(directives.__file__).parent
SOURCES = sorted([*ROOT.rglob("*.py"), *(ROOT.parents[1] / "dashboard").rglob("*.py")])
SOURCES = [p for p in SOURCES if "migrations" not in p.parts]

REFUSALS = {
    "InvalidInput",
    "PermissionDenied",
    "NotFound",
    "ServiceError",
    "Rejected",
    "Problem",
    "LoginRefused",
    "Conflict",
    "fail",
    "BadValue",
    "BadParameter",
    "show_error",
}
"""Callables whose text arguments reach a user as a refusal."""
SHOWN = {"error", "warning"}  # st.error(…), st.warning(…)


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        if call.func.attr in SHOWN and isinstance(call.func.value, ast.Name):
            return call.func.attr if call.func.value.id == "st" else None
        return call.func.attr
    return None


LOOKUPS = {"t", "label", "ui"}
"""Label look-ups: their argument is a key of the label tables, whose Vietnamese side is checked
by the tests of ``directives.i18n``."""


def _texts(node: ast.AST) -> list[str]:
    """The literal text in an argument (strings, the fixed parts of f-strings), leaving out the
    keys given to label look-ups."""
    if isinstance(node, ast.Call) and _callee(node) in LOOKUPS:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return [text for child in ast.iter_child_nodes(node) for text in _texts(child)]


def messages(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _callee(node) in REFUSALS | SHOWN:
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg != "icon")]
            for argument in arguments:
                found += [(node.lineno, text) for text in _texts(argument)]
    return found


def english(text: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    return [w for w in words if w in ENGLISH]


def test_the_check_finds_refusals_at_all() -> None:
    everything = [m for path in SOURCES for m in messages(path)]
    assert len(everything) > 200, "the walk reaches the refusals"
    assert english("Lỗi: file is not valid") == ["file", "is", "not", "valid"]


@pytest.mark.parametrize(
    "path", SOURCES, ids=[str(p.relative_to(ROOT.parents[1])) for p in SOURCES]
)
def test_every_refusal_is_vietnamese(path: Path) -> None:
    wrong = [(line, text) for line, text in messages(path) if english(text)]
    assert not wrong, f"English in refusals of {path.name}: {wrong}"
