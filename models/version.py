"""Trellis's version, written once; pyproject.toml and the AppStream file must agree
(tests/test_desktop_files.py and tests/models/test_models_version.py check)."""

VERSION = "0.1.0"
