"""Every setting Trellis keeps, declared once with its type and default (cf. Picard).

Only UI state and preferences live in QSettings: never anything a partner wrote.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QSettings

T = TypeVar("T", int, str, bool)


class Setting(Generic[T]):
    """One setting: its key, its type and its default. (A plain class: the dataclasses
    module is not needed before the unlock window's first paint, #9.)"""

    __slots__ = ("key", "kind", "default")

    def __init__(self, key: str, kind: type[T], default: T) -> None:
        self.key, self.kind, self.default = key, kind, default

    def get(self) -> T:
        value = QSettings().value(self.key, self.default)
        try:
            if self.kind is bool and isinstance(value, str):
                return self.kind(value.lower() == "true")
            return self.kind(value)
        except (TypeError, ValueError):
            return self.default

    def set(self, value: T) -> None:
        QSettings().setValue(self.key, value)


IDLE_LOCK_MINUTES: Setting[int] = Setting("lock/idle_minutes", int, 10)
# Together, an open private journal closes after this many quiet minutes.
JOURNAL_IDLE_MINUTES: Setting[int] = Setting("journal/idle_minutes", int, 3)
WINDOW_GEOMETRY: Setting[str] = Setting("window/geometry", str, "")
# One of ui.theme.THEMES and one of ui.theme.TEXT_SIZES.
THEME: Setting[str] = Setting("look/theme", str, "system")
TEXT_SIZE: Setting[str] = Setting("look/text_size", str, "normal")
# The objectName of the workbook tab last chosen ("agreementsTab"), shown after unlocking.
LAST_TAB: Setting[str] = Setting("window/last_tab", str, "")


def splitter_state(name: str) -> Setting[str]:
    """Where the handle of the splitter named ``name`` was left (Qt's state, base64)."""
    return Setting(f"splitters/{name}", str, "")


def seen_facts(file_id: str) -> Setting[str]:
    """The mark of every fact last seen in one workbook file (digests only, no words),
    kept outside the file so an older copy put back in its place can be noticed."""
    return Setting(f"ledger/seen_{file_id}", str, "")
