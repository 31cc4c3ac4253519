"""Stress the vault: kill a writer with SIGKILL at random moments, then check nothing
acknowledged was lost.

``make stress`` (``ROUNDS=N``, default 1,000 write rounds and one password-change
round for every five of those) or ``python -m tools.stress_vault --rounds N``.

Each round starts a child process (forked from a server that has the models loaded,
so a round costs milliseconds, not an interpreter start). The child opens the vault,
unlocks it and writes in a loop, telling the parent on an append-only file, one line
each, ``P`` before a write starts and ``A`` once its commit returned. The parent kills
it with SIGKILL after a random delay, reopens the vault as the app would, runs
``PRAGMA integrity_check`` and reads everything back through the models:

- write rounds mix journal entries (new and rewritten, both owners), agreements
  (created, edited, proposed, paused) and consent items; every acknowledged write must
  read back exactly, nothing may read as damaged, and only the one write the kill cut
  short may or may not be there;
- password-change rounds change one partner's password over and over; afterwards the
  last acknowledged password (or the one being set when the kill came) must open that
  partner's slot, the other partner's password and both recovery keys must still open
  theirs, and every key must still open the same words.

A write is *lost* when it was acknowledged and does not read back intact (or the file
no longer opens or checks clean). The run ends with one line
``stress: N rounds, K killed mid-write, L lost`` and exits 1 when anything was lost.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models import agreements, consent, keys
from models import vault as vault_module
from models.db import DB
from models.journal import JournalEntry, entries_of, write_entry
from models.session import Keyring

PASSWORDS = {1: "amber lantern quietly 41", 2: "cobalt harbour slowly 17"}
NAMES = {1: "Avery", 2: "Blake"}
FRESH_EVERY = 100  # rounds on one vault before a new one, so checking stays quick
_WORDS = ["trust", "kitchen", "Sunday", "sorry", "später", "ça va", "日记", "✓", "🙂", "שלום"]


def body_of(token: str) -> str:
    """The words a write with ``token`` stores: derived from it, so lines stay short."""
    rng = random.Random(token)
    return token + " " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 300)))


# -- the children (run in processes forked from the server) ---------------------------


def _emit(fd: int, *parts: str) -> None:
    os.write(fd, (" ".join(parts) + "\n").encode("utf-8"))


def _open_both(path: Path, passwords: dict[int, str]) -> tuple[vault_module.Vault, Keyring]:
    vault = vault_module.Vault.open(path)
    slots = vault.slots("password")
    bundles = dict(vault_module.try_password(slots, passwords[p]) for p in (1, 2))
    session = vault.start_session(bundles)
    for partner, bundle in bundles.items():  # as after each owner's fresh password
        session.keyring.hold_journal(partner, bundle.journal_key)
    return vault, session.keyring


def write_child(path: str, seed: int, round_no: int, acks: str, ready: Any,
                passwords: dict[int, str]) -> None:
    """Write until killed: journal entries, agreements and consent items."""
    rng = random.Random(seed)
    _, ring = _open_both(Path(path), passwords)
    journal = [row.uuid for row in JournalEntry.select(JournalEntry.uuid)]
    views, _ = agreements.load_all(ring)
    drafts = [v.uuid for v in views if v.status == "draft"]
    proposed = [v.uuid for v in views if v.status == "proposed"]
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    ready.set()
    seq = 0
    while True:
        seq += 1
        token = f"r{round_no}s{seq}"
        owner = rng.choice((1, 2))
        roll = rng.random()
        if roll < 0.35 or (roll < 0.55 and not journal):
            _emit(fd, "P", "journal", "-", token)
            row = write_entry(ring, owner, token, body_of(token))
            journal.append(row.uuid)
            _emit(fd, "A", "journal", row.uuid, token, str(owner))
        elif roll < 0.55:
            uuid = rng.choice(journal)
            _emit(fd, "P", "rewrite", uuid, token)
            row = JournalEntry.get(JournalEntry.uuid == uuid)
            row.rewrite(ring, body=body_of(token))
            _emit(fd, "A", "rewrite", uuid, token)
        elif roll < 0.67 or (roll < 0.9 and not drafts):
            _emit(fd, "P", "agreement", "-", token)
            made = agreements.create(ring, owner, title=token, wording=body_of(token))
            drafts.append(made.uuid)
            _emit(fd, "A", "agreement", made.uuid, token)
        elif roll < 0.8:
            uuid = rng.choice(drafts)
            _emit(fd, "P", "edit", uuid, token)
            agreements.edit(ring, uuid, owner, wording=body_of(token))
            _emit(fd, "A", "edit", uuid, token)
        elif roll < 0.9:
            uuid = drafts.pop(rng.randrange(len(drafts)))
            _emit(fd, "P", "propose", uuid, token)
            agreements.propose(ring, uuid, owner)
            proposed.append(uuid)
            _emit(fd, "A", "propose", uuid, token)
        elif roll < 0.93 and proposed:
            uuid = proposed.pop(rng.randrange(len(proposed)))
            _emit(fd, "P", "pause", uuid, token)
            agreements.withdraw(ring, uuid, owner, token)
            _emit(fd, "A", "pause", uuid, token)
        else:
            _emit(fd, "P", "item", "-", token)
            item = consent.add_item(ring, token, owner)
            _emit(fd, "A", "item", item.uuid, token)


def password_child(path: str, seed: int, round_no: int, acks: str, ready: Any,
                   partner: int, current: str) -> None:
    """Change ``partner``'s password again and again until killed."""
    vault = vault_module.Vault.open(Path(path))
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    ready.set()
    seq = 0
    while True:
        seq += 1
        new = f"changed r{round_no} s{seq} p{partner} {seed % 1000}"
        _emit(fd, "P", "password", str(partner), new)
        vault.change_password(partner, current, new)
        _emit(fd, "A", "password", str(partner), new)
        current = new


# -- the parent --------------------------------------------------------------------------


@dataclasses.dataclass
class Expected:
    """What the vault must hold: everything acknowledged so far."""

    journal: dict[str, tuple[int, str, str]] = dataclasses.field(default_factory=dict)
    agreements: dict[str, tuple[str, str, str]] = dataclasses.field(default_factory=dict)
    items: dict[str, str] = dataclasses.field(default_factory=dict)
    passwords: dict[int, str] = dataclasses.field(default_factory=lambda: dict(PASSWORDS))


@dataclasses.dataclass
class Tally:
    rounds: int = 0
    acknowledged: int = 0
    killed_mid_write: int = 0
    lost: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)

    def line(self) -> str:
        return (f"stress: {self.rounds} rounds, {self.killed_mid_write} killed mid-write, "
                f"{self.lost} lost")


class Stress:
    """Runs rounds against one vault at a time; see the module docstring."""

    def __init__(self, folder: Path, seed: int) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload([
            "tools.stress_vault", "cryptography.hazmat.primitives.ciphers.aead",
            "cryptography.hazmat.primitives.kdf.argon2",
            "cryptography.hazmat.primitives.kdf.hkdf"])
        self.tally = Tally()
        self.generation = 0
        self._fresh_vault()

    def _fresh_vault(self) -> None:
        self.generation += 1
        self.path = self.folder / f"stress-{self.generation}.vault"
        plan = vault_module.prepare_setup(NAMES, PASSWORDS, cost=keys.FAST_TEST_COST)
        vault_module.Vault.create(self.path, plan).close()
        self.recovery = {p: " ".join(keys.format_recovery_key(plan.recovery_keys[p]))
                         for p in (1, 2)}
        self.bundles = dict(plan.bundles)
        self.expected = Expected()
        self.rounds_here = 0

    # one round

    def _kill_round(self, target: Callable[..., None], *extra: Any) -> list[str]:
        acks = self.folder / "acks.txt"
        acks.unlink(missing_ok=True)
        ready = self.context.Event()
        seed = self.rng.randrange(2**32)
        delay = self.rng.uniform(0.01, 0.25)
        process = self.context.Process(
            target=target, args=(str(self.path), seed, self.tally.rounds, str(acks), ready,
                                 *extra), daemon=True)
        process.start()
        try:
            if not ready.wait(timeout=60):
                raise RuntimeError(f"round {self.tally.rounds}: the child never got ready "
                                   f"(exit code {process.exitcode})")
            time.sleep(delay)
            if process.exitcode is not None:
                raise RuntimeError(f"round {self.tally.rounds}: the child stopped by itself "
                                   f"(exit code {process.exitcode})")
            assert process.pid is not None
            os.kill(process.pid, signal.SIGKILL)
            process.join(timeout=30)
        finally:
            if process.is_alive():
                process.kill()
                process.join()
        text = acks.read_bytes() if acks.exists() else b""
        complete = text[: text.rfind(b"\n") + 1]  # a line cut off was never acknowledged
        return complete.decode("utf-8").splitlines()

    def write_round(self) -> None:
        lines = self._kill_round(write_child, dict(self.expected.passwords))
        pending = None
        for line in lines:
            kind, op, uuid, token, *rest = line.split(" ")
            if kind == "P":
                pending = (op, uuid, token)
                continue
            self.tally.acknowledged += 1
            pending = None
            if op == "journal":
                self.expected.journal[uuid] = (int(rest[0]), token, token)
            elif op == "rewrite":
                owner, title, _ = self.expected.journal[uuid]
                self.expected.journal[uuid] = (owner, title, token)
            elif op == "agreement":
                self.expected.agreements[uuid] = (token, token, "draft")
            elif op == "edit":
                title, _, status = self.expected.agreements[uuid]
                self.expected.agreements[uuid] = (title, token, status)
            elif op in ("propose", "pause"):
                title, words, _ = self.expected.agreements[uuid]
                status = "proposed" if op == "propose" else "paused"
                self.expected.agreements[uuid] = (title, words, status)
            elif op == "item":
                self.expected.items[uuid] = token
        self.tally.killed_mid_write += pending is not None
        self._check_writes(pending)

    def password_round(self) -> None:
        partner = self.rng.choice((1, 2))
        lines = self._kill_round(password_child, partner, self.expected.passwords[partner])
        pending = None
        for line in lines:
            kind, _, who, new = line.split(" ", 3)
            if kind == "P":
                pending = new
                continue
            self.tally.acknowledged += 1
            pending = None
            self.expected.passwords[int(who)] = new
        self.tally.killed_mid_write += pending is not None
        self._check_passwords(partner, pending)

    # checking

    def _problem(self, text: str, lost: int) -> None:
        self.tally.lost += lost
        self.tally.problems.append(f"round {self.tally.rounds} ({self.path.name}): {text}")

    def _open_checked(self) -> vault_module.Vault | None:
        try:
            vault = vault_module.Vault.open(self.path)
        except Exception as exc:  # the file no longer opens: everything in it is lost
            self._problem(f"does not open: {type(exc).__name__} {exc}", self._size())
            return None
        check = [row[0] for row in DB.execute_sql("PRAGMA integrity_check").fetchall()]
        if check != ["ok"]:
            self._problem(f"integrity_check: {check[:3]}", 1)
        return vault

    def _size(self) -> int:
        e = self.expected
        return max(1, len(e.journal) + len(e.agreements) + len(e.items))

    def _check_writes(self, pending: tuple[str, str, str] | None) -> None:
        vault = self._open_checked()
        if vault is None:
            return
        try:
            self._compare_writes(vault, pending)
        except Exception as exc:  # reading back failed: count the whole vault
            self._problem(f"reading back: {type(exc).__name__} {exc}", self._size())
        finally:
            vault.close()

    def _compare_writes(self, vault: vault_module.Vault,
                        pending: tuple[str, str, str] | None) -> None:
        ring = Keyring(self.bundles)
        e = self.expected
        p_op, p_uuid, p_token = pending or ("", "", "")

        def may_be_pending(op: str, uuid: str) -> bool:
            return p_op == op and p_uuid in (uuid, "-")

        stored_journal = {row.uuid: (row.owner, values["title"], values["body"])
                          for owner in (1, 2) for row, values in entries_of(ring, owner)}
        for uuid, (owner, title, token) in e.journal.items():
            got = stored_journal.get(uuid)
            good = {(owner, title, body_of(token))}
            if may_be_pending("rewrite", uuid):
                good.add((owner, title, body_of(p_token)))
            if got not in good:
                self._problem(f"journal entry {title}: {'missing' if got is None else 'changed'}",
                              1)
            else:  # what is on disk now is the truth the next round builds on
                e.journal[uuid] = (owner, title, got[2].split(" ")[0])
        for uuid in set(stored_journal) - set(e.journal):
            owner, title, body = stored_journal[uuid]
            if not (p_op == "journal" and title == p_token and body == body_of(p_token)):
                self._problem(f"journal entry {title} that was never written", 1)
            e.journal[uuid] = (owner, title, title)

        views, damaged = agreements.load_all(ring)
        if damaged:
            self._problem(f"agreements read as damaged: {damaged[:2]}", len(damaged))
        stored = {v.uuid: (v.current.text["title"], v.current.text["wording"], v.status)
                  for v in views}
        for uuid, (title, words, status) in e.agreements.items():
            got = stored.get(uuid)
            good = {(title, body_of(words), status)}
            if may_be_pending("edit", uuid):
                good.add((title, body_of(p_token), status))
            if p_op in ("propose", "pause") and p_uuid == uuid:
                good.add((title, body_of(words), "proposed" if p_op == "propose" else "paused"))
            if got not in good:
                self._problem(f"agreement {title}: {'missing' if got is None else got[2]}", 1)
            else:
                e.agreements[uuid] = (title, got[1].split(" ")[0], got[2])
        for uuid in set(stored) - set(e.agreements):
            title, words, status = stored[uuid]
            if not (p_op == "agreement" and title == p_token):
                self._problem(f"agreement {title} that was never written", 1)
            e.agreements[uuid] = (title, title, status)

        if hasattr(consent, "load_items"):
            items, damaged_items = consent.load_items(ring)
            if damaged_items:
                self._problem(f"consent items read as damaged: {damaged_items[:2]}",
                              len(damaged_items))
        else:
            items = consent.items(ring)
        labels = {item.uuid: item.label for item in items}
        for uuid, label in e.items.items():
            if labels.get(uuid) != label:
                self._problem(f"consent item {label} missing", 1)
        for uuid in set(labels) - set(e.items):
            if not (p_op == "item" and labels[uuid] == p_token):
                self._problem(f"consent item {labels[uuid]} that was never written", 1)
            e.items[uuid] = labels[uuid]

    def _check_passwords(self, partner: int, pending: str | None) -> None:
        vault = self._open_checked()
        if vault is None:
            return
        try:
            slots = vault.slots("password")
            acked = self.expected.passwords[partner]
            opened = None
            for candidate in ([acked, pending] if pending else [acked]):
                try:
                    who, bundle = vault_module.try_password(slots, candidate)
                except Exception:
                    continue
                if who == partner and bundle == self.bundles[partner]:
                    opened = candidate
                    break
            if opened is None:
                self._problem(f"partner {partner}'s password opens nothing", 1)
            else:
                self.expected.passwords[partner] = opened
            other = 3 - partner
            who, bundle = vault_module.try_password(slots, self.expected.passwords[other])
            if (who, bundle) != (other, self.bundles[other]):
                self._problem(f"partner {other}'s untouched password stopped working", 1)
            for p in (1, 2):
                who, bundle = vault_module.try_recovery_key(vault.slots("recovery"),
                                                            self.recovery[p])
                if (who, bundle) != (p, self.bundles[p]):
                    self._problem(f"partner {p}'s recovery key stopped working", 1)
            _, damaged = agreements.load_all(Keyring(self.bundles))
            if damaged:
                self._problem(f"agreements read as damaged: {damaged[:2]}", len(damaged))
        except Exception as exc:
            self._problem(f"after a password change: {type(exc).__name__} {exc}", 1)
        finally:
            vault.close()

    # the run

    def run(self, write_rounds: int, password_rounds: int,
            progress: Callable[[str], None] | None = None) -> Tally:
        plan = ["write"] * write_rounds + ["password"] * password_rounds
        self.rng.shuffle(plan)
        started = time.perf_counter()
        for kind in plan:
            if self.rounds_here >= FRESH_EVERY:
                self._fresh_vault()
            if kind == "write":
                self.write_round()
            else:
                self.password_round()
            self.tally.rounds += 1
            self.rounds_here += 1
            if progress and self.tally.rounds % 100 == 0:
                progress(f"  {self.tally.rounds}/{len(plan)} rounds, "
                         f"{time.perf_counter() - started:.0f} s, {self.tally.lost} lost")
        return self.tally


def stress(write_rounds: int, password_rounds: int, seed: int, folder: Path | None = None,
           progress: Callable[[str], None] | None = None) -> Tally:
    with tempfile.TemporaryDirectory(prefix="trellis-stress-") as scratch:
        return Stress(folder or Path(scratch), seed).run(write_rounds, password_rounds,
                                                         progress)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1_000, help="write rounds")
    parser.add_argument("--password-rounds", type=int,
                        help="password-change rounds (default: one per five write rounds)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    password_rounds = (args.password_rounds if args.password_rounds is not None
                       else args.rounds // 5)
    print(f"stress: {args.rounds} write rounds and {password_rounds} password-change "
          f"rounds, SIGKILL at a random moment in each (seed {args.seed})", flush=True)
    started = time.perf_counter()
    tally = stress(args.rounds, password_rounds, args.seed,
                   progress=lambda text: print(text, file=sys.stderr, flush=True))
    print(f"{tally.acknowledged} acknowledged writes and password changes in "
          f"{time.perf_counter() - started:.0f} s")
    for problem in tally.problems[:50]:
        print("  " + problem)
    print(tally.line())
    return 1 if tally.lost else 0


if __name__ == "__main__":
    # Run as ``python -m``, each forked child would import this module a second time
    # under runpy (with a warning); without a spec it is found by path, quietly.
    sys.modules["__main__"].__spec__ = None
    sys.exit(main())
