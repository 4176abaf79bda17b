"""The shape of the code: no import cycle among the package's modules, importers that only parse
(no database, no services), and modules small enough to read (about 400 lines at most).

Imports are read from the source with ``ast``, so nothing is imported to check them; an import
inside a function counts like one at the top (it is still a dependency)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "directives"
MAX_LINES = 400
LONG_ALLOWED = {
    # pure data tables: words and their translations, not logic
    "src/directives/i18n.py",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
    }


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``name`` imports (``from a import b`` counts ``a.b`` when
    that is a module, ``a`` otherwise)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_checker_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_the_modules() -> None:
    graph = import_graph()
    assert "directives.services.conclusions" in graph, "the walk found the package"
    assert cycles(graph) == []


def test_no_test_module_imports_another() -> None:
    """Shared test code lives in conftest.py files and helper modules (tests/factories.py …)."""
    offenders: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.rpartition(".")[2].startswith("test_")
        ]
        if found:
            offenders[path.relative_to(ROOT).as_posix()] = found
    assert offenders == {}


def test_services_do_not_word_what_pages_show() -> None:
    """Labels and page wording (i18n, ui) are the pages' business, not the services'."""
    graph = import_graph()
    offenders = {
        name: sorted(m for m in imports if m == "directives.i18n" or m.startswith("directives.ui"))
        for name, imports in graph.items()
        if name.startswith("directives.services")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importers_only_parse() -> None:
    graph = import_graph()
    forbidden = ("directives.services", "directives.db")
    allowed = ("directives.services.errors",)  # the one shape of located problems
    offenders: dict[str, list[str]] = {}
    for name, path in modules().items():
        if not name.startswith("directives.importers"):
            continue
        found = sorted(m for m in graph[name] if m.startswith(forbidden) and m not in allowed)
        if "Session" in _imported_names(path, "sqlmodel"):
            found.append("sqlmodel.Session")
        if found:
            offenders[name] = found
    assert offenders == {}


def _imported_names(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == module
        for alias in node.names
    }


def long_modules() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted([*PACKAGE.rglob("*.py"), *(ROOT / "dashboard").rglob("*.py")]):
        relative = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts or relative in LONG_ALLOWED:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found[relative] = lines
    return found


WRITE_PATH = (
    "conclusions",
    "corrections",
    "updates",
    "bulk_updates",
    "units",
    "mergers",
    "resolution",
    "extensions",
    "permissions",
)


def test_the_write_path_modules_are_short() -> None:
    """The modules of the services' write path, split by the change they make, stay short."""
    services = PACKAGE / "services"
    mine = {
        *(f"src/directives/services/{name}.py" for name in WRITE_PATH),
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "dashboard/views").glob("admin_meet*")),
    }
    assert all((ROOT / path).exists() for path in mine), mine
    assert services.is_dir()
    assert {path: lines for path, lines in long_modules().items() if path in mine} == {}


def test_no_module_over_400_lines() -> None:
    assert long_modules() == {}
