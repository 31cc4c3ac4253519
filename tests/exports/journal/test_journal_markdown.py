"""The Markdown export: one plain-text file, saying first that it is not encrypted,
written all or nothing with mode 0600, and leaving no temp file behind."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from exports import pdf_writer
from exports.errors import ExportDiskFull, ExportFolderNotWritable
from exports.journal import export_markdown, journal_texts, markdown_text
from tests.exports.journal.conftest import at, export_of, row

TEXTS = journal_texts()
CANARY = "canary-heron-5521 the car again"
CAR = row("a", 3, "After the drive home", f"{CANARY}\n\n# What helped\n- Cold water",
          prompt="What my body does.", feelings=("sad",), own_feelings=("heavy",), safety=3,
          tags=("trigger",))
SLEPT = row("b", 7, "", "Slept through the night.", written_at=at(7, 8, 5))


def test_the_file_says_whose_it_is_that_it_is_not_encrypted_then_the_entries() -> None:
    text = markdown_text(export_of(CAR, SLEPT), TEXTS)
    lines = text.split("\n")
    assert lines[0] == "# Wrenfield’s journal"
    assert lines[2].startswith("> This file is not encrypted")
    assert "Written: 3 March 2026 to 7 March 2026." in text
    assert "Entries Wrenfield marked “just for me” are not in this copy." in text
    assert "## Tuesday 3 March 2026, 21:40 — After the drive home" in text
    assert "- Prompt: What my body does." in text
    assert "- Feelings: sad, heavy" in text and "- Feeling safe: 3 out of 10" in text
    assert "- Tags: A trigger" in text
    assert "### What helped\n- Cold water" in text  # under the entry's own heading
    assert text.index(CANARY) < text.index("## Saturday 7 March 2026, 08:05")
    assert text.endswith("Slept through the night.\n")


def test_it_is_written_with_mode_0600_replacing_what_was_there(tmp_path: Path) -> None:
    target = tmp_path / "journal.md"
    target.write_text("an older copy")
    os.chmod(target, 0o644)
    assert export_markdown(target, export_of(CAR)) == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert CANARY in target.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.md"]


def test_a_full_disk_leaves_neither_the_file_nor_a_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> None:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data[:10])  # some bytes reached the temp file before the disk filled
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf_writer, "_write_and_sync", full)
    with pytest.raises(ExportDiskFull):
        export_markdown(tmp_path / "journal.md", export_of(CAR))
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_one_is_said_and_nothing_is_left(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    with pytest.raises(ExportFolderNotWritable):
        export_markdown(blocker / "journal.md", export_of(CAR))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_a_failed_rename_leaves_no_words_in_a_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(source: object, target: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", refused)  # the rename onto the target
    with pytest.raises(Exception) as caught:
        export_markdown(tmp_path / "journal.md", export_of(CAR))
    assert getattr(caught.value, "key", "") == "export_write_failed"
    assert list(tmp_path.iterdir()) == []
