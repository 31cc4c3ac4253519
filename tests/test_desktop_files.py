"""Desktop integration: the .desktop entry, AppStream metainfo, icon, and
``make install-desktop`` into a throwaway data folder."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import app

ROOT = Path(__file__).resolve().parent.parent
DESKTOP_IN = ROOT / "resources" / "desktop" / f"{app.APP_ID}.desktop.in"
METAINFO = ROOT / "resources" / "desktop" / f"{app.APP_ID}.metainfo.xml"
ICON = ROOT / "resources" / "icons" / "trellis.svg"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign] (keys are case-sensitive)
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def filled(tmp_path: Path) -> Path:
    """The entry as make install-desktop writes it, with this checkout's paths."""
    out = tmp_path / f"{app.APP_ID}.desktop"
    out.write_text(DESKTOP_IN.read_text("utf-8")
                   .replace("@PYTHON@", str(VENV_PYTHON))
                   .replace("@APP@", str(ROOT / "app.py"))
                   .replace("@CHECKOUT@", str(ROOT)), "utf-8")
    return out


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def test_desktop_entry_has_what_a_menu_needs() -> None:
    entry = read_entry(DESKTOP_IN)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Trellis"
    assert entry["Comment"].strip()
    assert entry["Icon"] == app.APP_ID
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    # The desktop matches the running window to this entry by its class (WM_CLASS),
    # which Qt takes from the application name.
    assert entry["StartupWMClass"] == app.APP_NAME
    assert shlex.split(entry["Exec"]) == ["@PYTHON@", "@APP@"]


def test_metainfo_names_the_app_its_release_and_launcher() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == app.APP_ID
    assert root.findtext("name") == "Trellis"
    assert (root.findtext("summary") or "").strip()
    description = root.find("description")
    assert description is not None and description.find("p") is not None
    assert (root.findtext("developer/name") or "").strip()
    rating = root.find("content_rating")
    assert rating is not None and rating.get("type", "").startswith("oars-")
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == pyproject_version() == app.VERSION
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == f"{app.APP_ID}.desktop"
    assert root.findtext("metadata_license") and root.findtext("project_license")


def test_icon_is_an_svg_qt_can_draw(qapp) -> None:
    from PySide6.QtGui import QIcon

    assert ET.parse(ICON).getroot().tag.endswith("svg")
    assert app.icon_path() == ICON
    icon = QIcon(str(ICON))
    assert not icon.isNull()
    assert not icon.pixmap(16, 16).toImage().isNull()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_desktop_entry_validates(tmp_path: Path) -> None:
    result = subprocess.run(["desktop-file-validate", str(filled(tmp_path))],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (Debian: appstream)")
def test_metainfo_validates() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("make") is None or not VENV_PYTHON.exists(),
                    reason="needs make and this checkout's .venv")
def test_make_install_desktop_puts_files_in_the_user_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    env.pop("MAKEFLAGS", None)

    def make(target: str) -> None:
        # -o: never reinstall .venv from here; the suite already runs inside it.
        subprocess.run(["make", "--no-print-directory", "-s", "-o", ".venv/.installed",
                        target], cwd=ROOT, env=env, check=True, capture_output=True)

    make("install-desktop")
    desktop = data / "applications" / f"{app.APP_ID}.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / f"{app.APP_ID}.svg"
    metainfo = data / "metainfo" / f"{app.APP_ID}.metainfo.xml"
    assert desktop.exists() and icon.exists() and metainfo.exists()
    entry = read_entry(desktop)
    program, script = shlex.split(entry["Exec"])
    assert Path(program).is_absolute() and os.access(program, os.X_OK)
    assert Path(program) == VENV_PYTHON
    assert Path(script) == ROOT / "app.py" and Path(script).exists()
    assert entry["TryExec"] == program
    assert Path(entry["Path"]) == ROOT
    assert icon.read_bytes() == ICON.read_bytes()
    assert "@" not in desktop.read_text("utf-8")

    make("uninstall-desktop")
    assert not desktop.exists() and not icon.exists() and not metainfo.exists()
