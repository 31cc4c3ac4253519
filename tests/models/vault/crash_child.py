"""Child process for test_models_crash_safety.py: writes until it is killed. No Qt.

Usage: python tests/models/vault/crash_child.py VAULT PASSWORD SEED ROUND

It prints, one line each, flushed:
  ``ready <rows> <qt-modules-loaded>`` once the vault is open and unlocked;
  ``P N - <token> <body>`` / ``P R <uuid> <token> <body>`` just before a write starts;
  ``A N <uuid> <token> <body>`` / ``A R <uuid> <token> <body>`` once its commit returned.
A new entry's title is its token; a rewrite changes only the body.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from models import vault as vault_module
from models.journal import JournalEntry, write_entry

_WORDS = ["trust", "kitchen", "Sunday", "sorry", "später", "ça va", "日记", "✓", "🙂", "שלום"]


def _emit(*parts: str) -> None:
    sys.stdout.write(" ".join(parts) + "\n")
    sys.stdout.flush()


def main() -> None:
    path, password, seed, round_no = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    rng = random.Random(seed)
    vault = vault_module.Vault.open(path)
    partner, bundle = vault_module.try_password(vault.slots("password"), password)
    session = vault.start_session({partner: bundle})
    rows = [row.id for row in JournalEntry.select(JournalEntry.id)]
    qt = [m for m in sys.modules if m.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}]
    _emit("ready", str(len(rows)), str(len(qt)))
    seq = 0
    while True:
        seq += 1
        token = f"r{round_no}s{seq}"
        body = token + " " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 400)))
        if rows and rng.random() < 0.4:
            row = JournalEntry.get_by_id(rng.choice(rows))
            _emit("P", "R", row.uuid, token, body)
            row.rewrite(session.keyring, body=body)
            _emit("A", "R", row.uuid, token, body)
        else:
            _emit("P", "N", "-", token, body)
            row = write_entry(session.keyring, partner, token, body)
            _emit("A", "N", row.uuid, token, body)
            rows.append(row.id)


if __name__ == "__main__":
    main()
