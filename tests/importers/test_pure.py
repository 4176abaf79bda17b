"""The notice reader's modules read no database, use no table and import no Streamlit: they work
on text and a directory of plain unit records. (That no importer reaches services or the database
is checked for every importer by tests/test_structure.py; the workbook readers may use the
tables' definitions for their length limits.)"""

import ast
from pathlib import Path

import pytest

import directives.importers

IMPORTERS = Path(directives.importers.__file__).parent
READER = sorted(
    [
        *IMPORTERS.joinpath("notice").rglob("*.py"),
        *(IMPORTERS / name for name in ("unit_names.py", "documents.py", "deadlines.py")),
    ]
)
FORBIDDEN = (
    "sqlmodel",
    "sqlalchemy",
    "streamlit",
    "directives.db",
    "directives.models",
    "directives.queries",
)


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", READER, ids=[p.stem for p in READER])
def test_the_reader_reads_no_database(path: Path) -> None:
    bad = {
        name
        for name in _imported(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"
