"""exports/ never imports Qt, and importing it does not load reportlab or pypdf."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import exports

EXPORTS = Path(exports.__file__).parent
HEAVY = ("reportlab", "pypdf")
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_in_exports_imports_qt() -> None:
    modules = sorted(EXPORTS.rglob("*.py"))
    assert modules
    for module in modules:
        assert not imported_roots(module) & set(QT), module.name


def test_importing_exports_loads_neither_qt_nor_pdf_libraries() -> None:
    # Every module, in the packages too (exports.agreements.layout, ...).
    names = sorted(
        ".".join(p.relative_to(EXPORTS.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in EXPORTS.rglob("*.py")
    )
    assert "exports.agreements.layout" in names
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"roots = {HEAVY + QT!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in roots)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=EXPORTS.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []
