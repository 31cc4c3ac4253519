"""The deep file check: structure, then every record, and nothing on disk changes."""

from __future__ import annotations

import sqlite3
import threading

from models import agreements as A
from models import consent
from models.file_check import FileReport, check_file
from models.session import Session


def _flip_last_byte(model, row_id: int, field: str) -> None:
    row = model.get_by_id(row_id)
    sealed = bytearray(getattr(row, field))
    sealed[-1] ^= 0x01
    model.update({field: bytes(sealed)}).where(model.id == row_id).execute()


def test_a_sound_file_reports_every_record_opened(session_both: Session, couple, digests) -> None:
    keys = session_both.keyring
    A.create(keys, 1, title="Phones at dinner", wording="In the hall.")
    consent.add_item(keys, "Holding hands", 1)
    # The file and its WAL; the -shm file is SQLite's shared memory, which readers use.
    before = digests(couple.family()[:2])

    report = check_file(keys)

    assert report.ok and report.structure_ok and report.structure_problems == ()
    # One agreement, its revision, its "created" event, one consent item.
    assert report.opened >= 3 and report.damaged == ()
    assert digests(couple.family()[:2]) == before


def test_each_damaged_record_is_named_and_the_rest_counted(session_both: Session) -> None:
    keys = session_both.keyring
    good = A.create(keys, 1, title="Phones at dinner", wording="In the hall.")
    hurt = A.create(keys, 2, title="A walk", wording="On Sundays.")
    item = consent.add_item(keys, "Holding hands", 1)
    consent.add_item(keys, "A long bath", 2)
    sound = check_file(keys)
    revision = A.AgreementRevision.get(A.AgreementRevision.agreement == A.get(hurt.uuid))
    _flip_last_byte(A.AgreementRevision, revision.id, "wording")
    _flip_last_byte(consent.ConsentItem, consent.ConsentItem.get(
        consent.ConsentItem.uuid == item.uuid).id, "label")

    report = check_file(keys)

    assert not report.ok and report.structure_ok
    named = {(d.table, d.uuid) for d in report.damaged}
    assert (A.Agreement._meta.table_name, hurt.uuid) in named
    assert ("agreement_revision", revision.uuid) in named
    assert ("consent_item", item.uuid) in named
    assert good.uuid not in {d.uuid for d in report.damaged}
    # The hurt agreement and two rows fewer opened; nothing else was lost from the count.
    assert report.opened == sound.opened - 3
    assert all("walk" not in d.detail.lower() and "hands" not in d.detail.lower()
               for d in report.damaged)


def test_runs_on_a_thread_of_its_own(session_both: Session) -> None:
    keys = session_both.keyring
    A.create(keys, 1, title="Phones at dinner", wording="In the hall.")
    reports: list[FileReport] = []
    worker = threading.Thread(target=lambda: reports.append(check_file(keys)))
    worker.start()
    worker.join(30)
    assert reports and reports[0].ok and reports[0].opened >= 2
    # The GUI thread's connection is still open and usable afterwards.
    assert A.load_all(keys)[0]


def test_rows_an_index_lost_are_found(session_both: Session, couple) -> None:
    """quick_check does not compare an index with its table; integrity_check does."""
    keys = session_both.keyring
    for n in range(3):
        A.create(keys, 1, title=f"Draft {n}", wording="Words.")
    # The uuid index now claims to index another column, so none of its entries match.
    other = sqlite3.connect(couple.path)
    other.execute("PRAGMA writable_schema = ON")
    changed = other.execute(
        "UPDATE sqlite_master SET sql = replace(sql, '(\"uuid\")', '(\"status\")') "
        "WHERE type = 'index' AND tbl_name = 'agreement' AND sql LIKE '%\"uuid\"%'")
    assert changed.rowcount == 1
    other.commit()
    assert other.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    other.close()
    reports: list[FileReport] = []
    # A thread of its own reads the schema afresh (this thread's connection cached it).
    worker = threading.Thread(target=lambda: reports.append(check_file(keys)))
    worker.start()
    worker.join(30)

    assert reports and not reports[0].structure_ok and not reports[0].ok
    assert any("missing from index" in line for line in reports[0].structure_problems)


def test_the_check_verifies_every_chain_of_facts(session_both, couple, vault) -> None:
    """A forged review row and a chain whose agreement vanished are both reported."""
    import datetime as dt
    import sqlite3

    from models import agreements as A
    from models.file_check import check_file

    keys = session_both.keyring
    proofs = {p: vault.check_password(p, couple.passwords[p]) for p in (1, 2)}
    kept = A.create(keys, 1, title="Phones", wording="In the hall.")
    A.propose(keys, kept.uuid, 1)
    for p in (1, 2):
        A.confirm(keys, kept.uuid, p, proofs[p])
    gone = A.create(keys, 2, title="Walks", wording="Sundays.")
    assert check_file(keys).ok
    # A review "decided together" written with the shared key only, and a row removed.
    A.AgreementReview.write_new(
        keys, {"agreement": A.get(kept.uuid), "reviewed_on": dt.date.today(),
               "decision": "retire", "together": True, "by_partner": None},
        rating_1="", rating_2="", follow_1="", follow_2="", helps="", hard="")
    connection = sqlite3.connect(couple.path)
    connection.execute("DELETE FROM agreement_revision WHERE agreement_id=?",
                       (A.get(gone.uuid).id,))
    connection.execute("DELETE FROM agreement WHERE uuid=?", (gone.uuid,))
    connection.commit()
    connection.close()
    report = check_file(keys)
    assert not report.ok
    assert {d.uuid for d in report.damaged} >= {kept.uuid, gone.uuid}
