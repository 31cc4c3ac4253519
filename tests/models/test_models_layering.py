"""models/ and exports/ never import Qt; importing the models loads nothing heavy."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

QT_PACKAGES = {"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "sip", "qtpy"}
HEAVY_AT_IMPORT = {"PySide6", "shiboken6", "reportlab", "pypdf"}


def _qt_imports(source: str, filename: str = "<source>") -> list[str]:
    """Every Qt module a source file imports, statically or by name."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            # importlib.import_module("PySide6...") / __import__("PySide6...")
            func = node.func
            called = getattr(func, "attr", None) or getattr(func, "id", None)
            first = node.args[0]
            if called in {"import_module", "__import__"} and isinstance(first, ast.Constant):
                names = [str(first.value)]
        found += [f"{filename}:{node.lineno}: {n}" for n in names if n.split(".")[0] in QT_PACKAGES]
    return found


def _python_files(root: Path, *folders: str) -> list[Path]:
    files = sorted(p for folder in folders for p in (root / folder).rglob("*.py"))
    return [p for p in files if ".venv" not in p.parts]


@pytest.mark.parametrize(
    "source",
    [
        "import PySide6",
        "import os, PySide6.QtCore as qc",
        "from PySide6.QtWidgets import QWidget",
        "from PyQt6 import QtCore",
        "import shiboken6",
        "def f():\n    from PySide6 import QtGui\n",
        "import importlib\nimportlib.import_module('PySide6.QtCore')",
        "__import__('PyQt5')",
    ],
)
def test_the_checker_catches_qt_imports(source):
    assert _qt_imports(source)


def test_the_checker_lets_other_imports_pass():
    assert _qt_imports("import os\nfrom models import vault\nfrom . import crypto\n") == []


def test_models_and_exports_never_import_qt(repo_root):
    files = _python_files(repo_root, "models", "exports")
    assert any(p.match("models/vault/__init__.py") for p in files)  # really looking
    offenders = []
    for path in files:
        offenders += _qt_imports(path.read_text("utf-8"), str(path.relative_to(repo_root)))
    assert offenders == []


def test_model_tests_never_import_qt(repo_root):
    """Model tests run without a QApplication, so they have no reason to touch Qt."""
    files = _python_files(repo_root, "tests/models")
    assert any(p.name == "conftest.py" for p in files)
    offenders = []
    for path in files:
        offenders += _qt_imports(path.read_text("utf-8"), str(path.relative_to(repo_root)))
    assert offenders == []


def test_importing_the_models_loads_no_qt_and_no_pdf_libraries(repo_root):
    # Every module, in the packages too (models.agreements.reading, ...).
    modules = sorted(
        ".".join(p.relative_to(repo_root).with_suffix("").parts).removesuffix(".__init__")
        for p in (repo_root / "models").rglob("*.py")
    )
    code = (
        "import importlib, json, sys\n"
        "import models.vault\n"
        "after_vault = sorted(sys.modules)\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps({'vault': after_vault, 'all': sorted(sys.modules)}))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert "models.vault" in loaded["vault"] and "peewee" in loaded["vault"]
    for phase in ("vault", "all"):
        heavy = [m for m in loaded[phase] if m.split(".")[0] in HEAVY_AT_IMPORT | QT_PACKAGES]
        assert heavy == [], f"after importing {phase}: {heavy}"
