"""Where Trellis keeps things by default, per platform (``platformdirs``)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "trellis"


def default_vault_path() -> Path:
    """The vault in the user's data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "trellis.vault"


def log_dir() -> Path:
    """The folder for the app's log, which never holds anything a partner wrote."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def lock_dir() -> Path:
    """The folder for locks named after a vault file's inode (see models.vault)."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "locks"
