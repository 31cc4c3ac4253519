"""The shape of the code: no import circles, and no file too long to read (#8).

Import circles. The graph is built from the source with ``ast`` (nothing is imported):
every ``import`` and ``from ... import`` of the project's own modules in ``models/``,
``ui/`` and ``exports/``, absolute or relative, resolved to the most specific module it
names (``from models.agreements import facts`` is an edge to
``models.agreements.facts``; ``from models.agreements import create`` one to the
package). What counts:

- imports at module level, including inside ``if``/``try`` and class bodies: a circle
  of these fails (it is an import-order bug waiting to happen);
- imports inside functions ("lazy" imports, used to keep reportlab off start-up) count
  as well: a lazy import only hides a circle from the interpreter, the two modules
  still depend on each other, so it fails too;
- imports under ``if TYPE_CHECKING:`` do not count: they never run, and a helper may
  name the type of the window that owns it without depending on it.

File length. Every Python file outside ``tests/`` and ``tools/`` (one-off harnesses
such as the fuzzer) stays within :data:`MAX_LINES`; ``bench/`` and ``app.py`` count.
The few files still being split are listed in :data:`KNOWN_LONG` with their issue; the
list can only shrink: a listed file that is short now fails until it is taken off.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("models", "ui", "exports")
MAX_LINES = 450
NOT_CHECKED_FOR_LENGTH = ("tests", "tools")
# Files over MAX_LINES that are being split; each entry names its issue. Remove an entry
# when its file is short again (the test says so). Never add one.
KNOWN_LONG: set[str] = set()


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    lazy: bool  # inside a function
    line: int


def module_names(root: Path, folders: Iterable[str] = LAYERS) -> dict[str, Path]:
    """Every module under ``folders``, by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports_of(name: str, source: str, modules: set[str], is_package: bool) -> list[Edge]:
    """The project's modules that ``source`` (the module ``name``) imports."""
    edges: list[Edge] = []
    package = name if is_package else name.rpartition(".")[0]

    def most_specific(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:  # the "else" of TYPE_CHECKING does run
                    visit_one(other, lazy)
                continue
            visit_one(child, lazy)

    def visit_one(child: ast.AST, lazy: bool) -> None:
        inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        targets: list[str | None] = []
        if isinstance(child, ast.Import):
            targets = [most_specific(alias.name) for alias in child.names]
        elif isinstance(child, ast.ImportFrom):
            if child.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - child.level + 1])
                base = f"{base}.{child.module}" if child.module else base
            else:
                base = child.module or ""
            for alias in child.names:
                full = f"{base}.{alias.name}"
                targets.append(full if full in modules else most_specific(base))
        for target in targets:
            if target is not None and target != name:
                edges.append(Edge(name, target, inner, getattr(child, "lineno", 0)))
        visit(child, inner)

    visit(ast.parse(source, name), False)
    return edges


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def import_graph(sources: dict[str, tuple[str, bool]]) -> list[Edge]:
    """Every edge among ``sources`` (name -> (source text, is a package))."""
    names = set(sources)
    return [edge for name, (text, package) in sources.items()
            for edge in imports_of(name, text, names, package)]


def circles(edges: Iterable[Edge]) -> list[list[str]]:
    """Each group of modules that import one another, directly or round a loop."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def strong(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                strong(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return sorted(found)


def project_sources() -> dict[str, tuple[str, bool]]:
    return {name: (path.read_text("utf-8"), path.name == "__init__.py")
            for name, path in module_names(ROOT).items()}


def describe(group: list[str], edges: list[Edge]) -> str:
    inside = dict.fromkeys(f"{e.source}:{e.line} -> {e.target}"
                           f"{' (in a function)' if e.lazy else ''}"
                           for e in edges if e.source in group and e.target in group)
    return "; ".join(inside)


# -- the checker itself ------------------------------------------------------------


def _graph(**modules: str) -> list[Edge]:
    return import_graph({name.replace("__", "."): (text, name.endswith("pkg"))
                         for name, text in modules.items()})


def test_the_checker_finds_a_circle_at_module_level() -> None:
    edges = _graph(app__a="from app import b\n", app__b="import app.c\n",
                   app__c="from app.a import thing\n", app__d="import app.a\n")
    assert circles(edges) == [["app.a", "app.b", "app.c"]]


def test_the_checker_resolves_relative_imports_and_submodules_of_a_package() -> None:
    edges = _graph(app__pkg="from . import data\nfrom app.pkg.layout import draw\n",
                   app__pkg__data="X = 1\n",
                   app__pkg__layout="from . import data\nfrom app.pkg import data as d\n")
    assert {(e.source, e.target) for e in edges} == {
        ("app.pkg", "app.pkg.data"), ("app.pkg", "app.pkg.layout"),
        ("app.pkg.layout", "app.pkg.data")}
    assert circles(edges) == []


def test_a_function_level_import_closing_a_circle_counts() -> None:
    edges = _graph(app__a="import app.b\n",
                   app__b="def later():\n    from app import a\n    return a\n")
    assert [e.lazy for e in edges if e.source == "app.b"] == [True]
    assert circles(edges) == [["app.a", "app.b"]]


def test_an_import_only_for_type_checking_does_not_count() -> None:
    edges = _graph(app__a="import app.b\n",
                   app__b="from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                          "    from app.a import Window\nelse:\n    import os\n")
    assert circles(edges) == []


# -- the project --------------------------------------------------------------------


def test_the_graph_sees_the_project() -> None:
    edges = import_graph(project_sources())
    seen = {(e.source, e.target) for e in edges}
    assert ("exports.agreements.layout", "exports.agreements.data") in seen
    assert ("models.agreements.reading", "models.agreements.facts") in seen
    assert any(e.lazy for e in edges)


def test_no_import_circle_in_models_ui_or_exports() -> None:
    edges = import_graph(project_sources())
    found = circles(edges)
    assert found == [], "\n".join(describe(group, edges) for group in found)


def test_the_data_an_export_lays_out_never_imports_its_layout() -> None:
    edges = import_graph(project_sources())
    targets = {e.target for e in edges if e.source == "exports.agreements.data"}
    layout = {f"exports.agreements.{m}" for m in ("layout", "blocks", "sections", "composer",
                                                  "export", "reading")}
    assert targets and not targets & layout


def test_a_package_never_hides_one_of_its_modules_behind_a_name() -> None:
    """``from models.agreements.reading import reviews`` in a package that also has a
    ``reviews`` module would make ``models.agreements.reviews`` the function or the
    module depending on import order."""
    modules = module_names(ROOT)
    hidden = []
    for name, path in modules.items():
        if path.name != "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module != name:
                for alias in node.names:
                    bound = alias.asname or alias.name
                    if f"{name}.{bound}" in modules and f"{node.module}.{alias.name}" != (
                            f"{name}.{bound}"):
                        hidden.append(f"{name}.{bound}")
    assert hidden == []


def _long_files() -> dict[str, int]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        top = relative.parts[0]
        if top in NOT_CHECKED_FOR_LENGTH or top.startswith(".") or top in ("build", "dist"):
            continue
        if "__pycache__" in relative.parts or top.endswith(".egg-info"):
            continue
        lines = len(path.read_text("utf-8").splitlines())
        if lines > MAX_LINES:
            found[relative.as_posix()] = lines
    return found


def test_no_file_outside_tests_and_tools_is_over_the_limit() -> None:
    long = _long_files()
    unexpected = {path: lines for path, lines in long.items() if path not in KNOWN_LONG}
    assert unexpected == {}, f"over {MAX_LINES} lines: split them (see STYLE.md)"


@pytest.mark.parametrize("path", sorted(KNOWN_LONG))
def test_a_known_long_file_leaves_the_list_once_it_is_short(path: str) -> None:
    assert (ROOT / path).exists(), f"{path} is gone: take it off KNOWN_LONG"
    assert path in _long_files(), f"{path} is short now: take it off KNOWN_LONG"


# -- workbooks stand alone -----------------------------------------------------------


def workbook_of(module: str) -> str | None:
    """The workbook a module of ``ui/workbooks/`` belongs to (its package or its own
    module's name); None for the shared modules beside them (``registry``, ...)."""
    parts = module.split(".")
    if len(parts) < 3 or parts[:2] != ["ui", "workbooks"]:
        return None
    return parts[2] if (ROOT / "ui" / "workbooks" / parts[2]).is_dir() else None


def cross_workbook_imports(sources: dict[str, tuple[str, bool]]) -> list[tuple[str, int, str]]:
    """Each import by which one workbook's module reaches into another workbook's,
    lazy and type-checking ones included (a workbook touches no other workbook)."""
    found = []
    for name, (text, package) in sources.items():
        own = workbook_of(name)
        if own is None:
            continue
        base = name if package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(text, name)):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = base.split(".")
                    target = ".".join(parts[: len(parts) - node.level + 1])
                    targets = [f"{target}.{node.module}" if node.module else target]
                else:
                    targets = [node.module or ""]
            for target in targets:
                other = workbook_of(target)
                if other is not None and other != own:
                    found.append((name, getattr(node, "lineno", 0), target))
    return found


def test_the_checker_finds_one_workbook_importing_another() -> None:
    sources = {"ui.workbooks.needs.review": ("from ui.workbooks.narrative.sections import"
                                             " heading\nfrom ui.widgets.common import named\n"
                                             "from . import words\n", False),
               "ui.workbooks.registry": ("import ui.workbooks.needs\n", False)}
    assert cross_workbook_imports(sources) == [
        ("ui.workbooks.needs.review", 1, "ui.workbooks.narrative.sections")]


def test_no_workbook_imports_another_workbook() -> None:
    """Shared widgets live in ``ui/widgets/`` (or a module beside the workbooks), so
    each workbook's whole story stays in its own folders (DEVELOPERS.md)."""
    assert cross_workbook_imports(project_sources()) == []
