"""The journal's export in its child process (#9): the real job, given the owner's journal
key alone, writes the chosen entries (the Markdown file 0600, all or nothing); no entry
chosen writes nothing; a folder that will not take it comes back as the kind error."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from exports import in_child
from exports.errors import ExportFolderNotWritable
from exports.journal import NOTHING, JournalOrder, export_from_vault
from models import keys
from models import vault as vault_module
from models.journal import EntryDraft, save_entry

WORDS = "Juniper-6042 the drive home"


@pytest.fixture
def order(tmp_path: Path) -> Iterator[JournalOrder]:
    names = {1: "Wrenfield", 2: "Ottoline"}
    plan = vault_module.prepare_setup(names, {1: "a" * 12, 2: "b" * 12}, keys.FAST_TEST_COST)
    path = tmp_path / "trellis.vault"
    vault = vault_module.Vault.create(path, plan)
    try:
        session = vault.start_session({1: plan.bundles[1]})
        save_entry(session.keyring, 1, EntryDraft(title="The car", body=WORDS,
                                                  tags=("trigger",)))
        save_entry(session.keyring, 1, EntryDraft(title="Mine", body="only mine",
                                                  tags=("just_for_me",)))
        # The app holds the file open while the child reads it.
        yield JournalOrder(vault=path, owner=1, journal_key=plan.bundles[1].journal_key,
                           owner_name="Wrenfield", since=None, until=None, tags=(),
                           include_just_for_me=False, markdown=True,
                           target=tmp_path / "out" / "journal.md")
    finally:
        vault.close()


def test_the_child_writes_the_chosen_entries_to_a_private_file(order: JournalOrder) -> None:
    order.target.parent.mkdir()
    steps: list[str] = []
    fractions: list[float] = []
    written = in_child.run(export_from_vault, order, step=steps.append,
                           progress=fractions.append, writes=order.target)
    assert written == order.target and steps == ["gathered"]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    text = order.target.read_text("utf-8")
    assert WORDS in text and "only mine" not in text
    assert stat.S_IMODE(order.target.stat().st_mode) == 0o600
    assert [p.name for p in order.target.parent.iterdir()] == ["journal.md"]


def test_no_entry_chosen_writes_nothing_and_says_so(order: JournalOrder) -> None:
    order.target.parent.mkdir()
    steps: list[str] = []
    in_child.run(export_from_vault, replace(order, since=dt.date(2999, 1, 1)),
                 step=steps.append, writes=order.target)
    assert steps == ["gathered", NOTHING]
    assert list(order.target.parent.iterdir()) == []


@pytest.mark.parametrize("markdown", [True, False])
def test_a_folder_that_will_not_take_it_comes_back_kindly(
        order: JournalOrder, markdown: bool) -> None:
    blocker = order.target.parent
    blocker.write_text("a file where the folder should be")
    with pytest.raises(ExportFolderNotWritable) as caught:
        in_child.run(export_from_vault,
                     replace(order, markdown=markdown, target=blocker / "journal.x"))
    assert caught.value.folder == blocker
    assert blocker.read_text() == "a file where the folder should be"
