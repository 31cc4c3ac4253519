"""``app.py --check --vault PATH`` and ``app.py --demo --vault PATH`` (#6)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from models.demo import create_demo_vault
from models.keys import FAST_TEST_COST

APP = Path(__file__).resolve().parents[2] / "app.py"


def check(path: Path, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(APP), "--check", "--vault", str(path)],
                          input=password + "\n", capture_output=True, text=True, timeout=120)


def test_check_reports_a_sound_file_and_exits_0(tmp_path) -> None:
    path = tmp_path / "demo.vault"
    people = create_demo_vault(path, FAST_TEST_COST)
    result = check(path, people[2][1])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Everything verifies." in result.stdout
    assert people[1][0] not in result.stdout and "Phones" not in result.stdout


def test_check_names_an_edited_record_and_exits_1(tmp_path) -> None:
    path = tmp_path / "demo.vault"
    people = create_demo_vault(path, FAST_TEST_COST)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE agreement SET status='agreed', needs_discussion=0 "
                       "WHERE status='paused'")
    uuid = connection.execute("SELECT uuid FROM agreement WHERE status='agreed' "
                              "ORDER BY id LIMIT 1").fetchone()[0]
    connection.commit()
    connection.close()
    result = check(path, people[1][1])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "could not be opened or verified: 1" in result.stdout
    assert "state" in result.stdout and uuid  # one agreement named, by id only


def test_check_with_a_wrong_password_checks_nothing(tmp_path) -> None:
    path = tmp_path / "demo.vault"
    create_demo_vault(path, FAST_TEST_COST)
    result = check(path, "not anyone's password")
    assert result.returncode == 2 and "Nothing was checked" in result.stdout


def test_demo_to_a_chosen_path_refuses_an_existing_file(tmp_path) -> None:
    path = tmp_path / "mine.vault"
    path.write_bytes(b"something precious")
    result = subprocess.run([sys.executable, str(APP), "--demo", "--vault", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "already exists" in result.stdout
    assert path.read_bytes() == b"something precious"
