"""Whose journal is open: the owner's key held in the session's keyring, or not at all.

The step is every workbook's (:mod:`models.owner_keys`); the journal's modules keep
importing it from here.
"""

from __future__ import annotations

from models.owner_keys import close_journal as close_journal
from models.owner_keys import open_journal as open_journal
from models.owner_keys import proof_keyring as proof_keyring
from models.owner_keys import require_held as require_held
