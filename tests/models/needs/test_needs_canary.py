"""Needs map words never reach the disk in plaintext: distinctive words in every field
of a need (drafted, rewritten, shared twice, withdrawn, deleted), of a commitment
(proposed, changed) and of every kind of note are found neither in the vault file nor
in its WAL, while the vault is open and after it is closed."""

from __future__ import annotations

import uuid
from pathlib import Path

from models import keys as key_module
from models import needs
from models import vault as vault_module

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")
CHOICES = {"card": "comfort", "importance": "3", "lately": "partly"}


def _marker(label: str) -> str:
    return f"canary{label}{uuid.uuid4().hex}"


def _hits(markers: list[str], folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [(str(path), m) for m in markers for e in ENCODINGS if m.encode(e) in data]
    return found


def test_the_scan_finds_a_planted_marker(tmp_path) -> None:
    marker = _marker("control")
    (tmp_path / "plant").write_bytes(b"junk" + marker.encode("utf-16-be") + b"junk")
    assert _hits([marker], tmp_path) == [(str(tmp_path / "plant"), marker)]


def test_no_needs_word_reaches_the_vault_or_its_wal(tmp_path) -> None:
    vault_dir = tmp_path / "vault-folder"
    path = vault_dir / "canary.vault"
    passwords = {1: "canary password one", 2: "canary password two"}
    plan = vault_module.prepare_setup({1: "One", 2: "Two"}, passwords,
                                      cost=key_module.FAST_TEST_COST)
    vault = vault_module.Vault.create(path, plan)
    markers: dict[str, str] = {}

    def words(label: str) -> str:
        marker = markers[label] = _marker(label.replace(".", ""))
        return f"Ünïcode ✓ {marker} words"

    try:
        bundles = {p: vault_module.try_password(vault.slots("password"), passwords[p])[1]
                   for p in (1, 2)}
        keys = vault.start_session(bundles).keyring

        def proof(partner: int):
            return vault.check_password(partner, passwords[partner])

        shared = {}
        for owner in (1, 2):
            needs.open_needs(keys, owner, proof(owner))
            fields = {name: CHOICES.get(name) or words(f"{owner}.{name}")
                      for name in needs.NEED_FIELDS}
            draft = needs.save_draft(keys, owner, fields)
            needs.share_need(keys, proof(owner), draft.uuid)
            needs.save_draft(keys, owner, {"title": words(f"{owner}.title2")}, draft.uuid)
            shared[owner] = needs.share_need(keys, proof(owner), draft.uuid)
            gone = needs.save_draft(keys, owner, {"words": words(f"{owner}.gone")})
            needs.share_need(keys, proof(owner), gone.uuid)
            withdrawn = needs.load_needs(keys)[0][-1]
            assert withdrawn.source == gone.uuid
            needs.withdraw_need(keys, proof(owner), withdrawn.uuid)
            needs.delete_draft(keys, owner, gone.uuid)
            needs.close_needs(keys, owner)

        made = needs.propose_commitment(
            keys, 1, shared[1].uuid, 2,
            {name: words(f"c.{name}") for name in needs.COMMITMENT_FIELDS},
            also_serves=[shared[2].uuid])
        needs.change_commitment(keys, 2, made.uuid, {"what": words("c.what2")})
        needs.confirm_commitment(keys, proof(1), made.uuid)
        needs.confirm_commitment(keys, proof(2), made.uuid)
        for by, kind in ((2, "kept"), (2, "missed"), (1, "noticed")):
            needs.note(keys, by, made.uuid, kind, words(f"n.{kind}"))

        assert needs.load_needs(keys)[1] == [] and len(needs.load_notes(keys)[0]) == 3
        assert len(markers) == 2 * (len(needs.NEED_FIELDS) - len(CHOICES) + 2) + 4 + 3
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the WAL is really scanned
        assert _hits(list(markers.values()), vault_dir) == []
    finally:
        vault.close()
    assert _hits(list(markers.values()), vault_dir) == []
