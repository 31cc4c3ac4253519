"""write_pdf: in-memory build, AES-256, private temp file, rename, and clean failures."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from pypdf import PasswordType, PdfReader

from exports import pdf_writer
from exports.errors import (
    ExportDiskFull,
    ExportError,
    ExportFolderNotWritable,
    ExportPasswordTooShort,
    ExportWriteFailed,
)
from exports.pdf_writer import MIN_PDF_PASSWORD_CHARS, write_pdf
from models.errors import TrellisError

MARKER = "Our agreement about evenings"
PASSWORD = "quiet garden path"


def page_with(text: str) -> pdf_writer.BuildPdf:
    """A one-page PDF build, uncompressed so its words are visible in the bytes."""

    def build(stream: BinaryIO) -> None:
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(stream, pageCompression=0)
        canvas.drawString(72, 720, text)
        canvas.showPage()
        canvas.save()

    return build


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_the_pdf_with_owner_only_mode_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"

    assert write_pdf(page_with(MARKER), target) == target

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == ["sheet.pdf"]
    assert MARKER in PdfReader(target).pages[0].extract_text()


def test_replacing_an_existing_file_leaves_the_new_one_private(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)

    write_pdf(page_with(MARKER), target)

    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == ["sheet.pdf"]


def test_progress_runs_from_zero_to_one_in_order(tmp_path: Path) -> None:
    seen: list[float] = []

    write_pdf(page_with(MARKER), tmp_path / "sheet.pdf", progress=seen.append)

    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_temp_file_is_private_dotted_part_file_in_the_target_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, int]] = []
    real_replace = os.replace

    def spy_replace(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        seen.append((Path(src), stat.S_IMODE(os.stat(src).st_mode)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy_replace)
    write_pdf(page_with(MARKER), tmp_path / "sheet.pdf")

    [(temp, mode)] = seen
    assert temp.parent == tmp_path
    assert temp.name.startswith(".") and temp.name.endswith(".part")
    assert mode == 0o600


def test_a_very_long_file_name_still_fits_its_temp_name(tmp_path: Path) -> None:
    target = tmp_path / ("é" * 120 + ".pdf")  # 244 bytes: near the usual 255 limit

    write_pdf(page_with(MARKER), target)

    assert leftovers(tmp_path) == [target.name]


def test_password_encrypts_with_aes_256_and_opens_only_with_it(tmp_path: Path) -> None:
    target = write_pdf(page_with(MARKER), tmp_path / "sheet.pdf", password=PASSWORD)

    reader = PdfReader(target)
    assert reader.is_encrypted
    encrypt: Any = reader.trailer["/Encrypt"]
    assert encrypt["/V"] == 5
    assert encrypt["/R"] == 6
    assert reader.decrypt("not the password") == PasswordType.NOT_DECRYPTED

    reader = PdfReader(target)
    assert reader.decrypt(PASSWORD) != PasswordType.NOT_DECRYPTED
    assert MARKER in reader.pages[0].extract_text()


def test_wrong_password_cannot_read_the_page(tmp_path: Path) -> None:
    target = write_pdf(page_with(MARKER), tmp_path / "sheet.pdf", password=PASSWORD)

    with pytest.raises(Exception):  # noqa: B017 - pypdf's error type varies by version
        PdfReader(target, password="not the password").pages[0].extract_text()


def test_encrypted_file_does_not_hold_the_words_in_the_clear(tmp_path: Path) -> None:
    plain = write_pdf(page_with(MARKER), tmp_path / "plain.pdf")
    sealed = write_pdf(page_with(MARKER), tmp_path / "sealed.pdf", password=PASSWORD)

    assert MARKER.encode() in plain.read_bytes()  # the check below is meaningful
    assert MARKER.encode() not in sealed.read_bytes()


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_PDF_PASSWORD_CHARS - 1)])
def test_too_short_password_is_refused_before_anything_happens(
    tmp_path: Path, password: str
) -> None:
    built: list[bool] = []

    def build(stream: BinaryIO) -> None:
        built.append(True)

    with pytest.raises(ExportPasswordTooShort) as caught:
        write_pdf(build, tmp_path / "sheet.pdf", password=password)

    assert caught.value.minimum == MIN_PDF_PASSWORD_CHARS
    assert built == []
    assert leftovers(tmp_path) == []


def test_password_of_exactly_the_minimum_is_accepted(tmp_path: Path) -> None:
    target = write_pdf(
        page_with(MARKER), tmp_path / "sheet.pdf", password="x" * MIN_PDF_PASSWORD_CHARS
    )
    assert PdfReader(target).is_encrypted


def test_folder_that_is_a_file_is_not_writable_and_nothing_is_built(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    built: list[bool] = []

    def build(stream: BinaryIO) -> None:
        built.append(True)

    with pytest.raises(ExportFolderNotWritable) as caught:
        write_pdf(build, not_a_folder / "sheet.pdf")

    assert caught.value.folder == not_a_folder
    assert built == []  # reported at once, not after a long build
    assert leftovers(tmp_path) == ["notes.txt"]


def test_missing_folder_is_not_writable(tmp_path: Path) -> None:
    with pytest.raises(ExportFolderNotWritable):
        write_pdf(page_with(MARKER), tmp_path / "gone" / "sheet.pdf")
    assert leftovers(tmp_path) == []


def test_folder_refusing_new_files_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, for whom chmod does not bite; refuse the way a read-only
    # file system would.
    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ExportFolderNotWritable):
        write_pdf(page_with(MARKER), tmp_path / "sheet.pdf")
    monkeypatch.undo()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(errno.ENOSPC, ExportDiskFull, id="ENOSPC"),
        pytest.param(errno.EDQUOT, ExportDiskFull, id="EDQUOT"),
        pytest.param(errno.EROFS, ExportFolderNotWritable, id="EROFS"),
        pytest.param(errno.EACCES, ExportFolderNotWritable, id="EACCES"),
        pytest.param(errno.EIO, ExportWriteFailed, id="EIO"),
    ],
)
def test_failed_rename_maps_the_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, expected: type[ExportError]
) -> None:
    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(expected) as caught:
        write_pdf(page_with(MARKER), tmp_path / "sheet.pdf")

    assert caught.value.folder == tmp_path
    assert isinstance(caught.value.__cause__, OSError)
    assert leftovers(tmp_path) == []


def test_failed_rename_keeps_the_earlier_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"the earlier sheet")

    def fail(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ExportDiskFull):
        write_pdf(page_with(MARKER), target)

    assert target.read_bytes() == b"the earlier sheet"
    assert leftovers(tmp_path) == ["sheet.pdf"]


def test_disk_filling_up_during_the_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportDiskFull):
        write_pdf(page_with(MARKER), tmp_path / "sheet.pdf", password=PASSWORD)
    monkeypatch.undo()
    assert leftovers(tmp_path) == []


def test_a_failing_build_is_not_disguised_and_leaves_nothing(tmp_path: Path) -> None:
    def broken(stream: BinaryIO) -> None:
        raise FileNotFoundError("a font file the build needed")

    # A build's own OSError is a bug, not the folder's fault: it passes through as is.
    with pytest.raises(FileNotFoundError):
        write_pdf(broken, tmp_path / "sheet.pdf")
    assert leftovers(tmp_path) == []


def test_build_receives_an_in_memory_stream(tmp_path: Path) -> None:
    streams: list[object] = []

    def build(stream: BinaryIO) -> None:
        streams.append(stream)
        page_with(MARKER)(stream)

    write_pdf(build, tmp_path / "sheet.pdf")

    assert isinstance(streams[0], io.BytesIO)


def test_export_errors_are_trellis_errors_with_their_own_keys() -> None:
    errors: list[type[TrellisError]] = [
        ExportFolderNotWritable,
        ExportDiskFull,
        ExportWriteFailed,
        ExportPasswordTooShort,
    ]
    keys = {error.key for error in errors}
    assert all(issubclass(error, TrellisError) for error in errors)
    assert len(keys) == len(errors)
    assert all(key.startswith("export_") for key in keys)
