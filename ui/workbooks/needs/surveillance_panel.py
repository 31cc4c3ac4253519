"""A calm note beside a commitment's words when they ask for surveillance (sharing a
location, handing over a phone or passwords, reading messages, checking a device):
why that tends to wear trust down rather than build it, and that it is worth talking
through with the therapist. It never blocks anyone and never grades the need behind it.

The rules are data (``resources/needs_checks.toml``), read by
:func:`models.needs.surveillance.surveillance_notes`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from ui.widgets.common import body_label, named
from ui.workbooks.needs.words import section_words

log = logging.getLogger(__name__)


def _words(key: str, **values: object) -> str:
    return section_words("surveillance", key, **values)


def notes_for(texts: Iterable[str]) -> list[str]:
    """Why each surveillance rule that ``texts`` match tends to harm trust, once each."""
    from models.needs.surveillance import surveillance_notes

    whys: list[str] = []
    for words in texts:
        if not words.strip():
            continue
        try:
            found = surveillance_notes(words)
        except Exception as error:  # noqa: BLE001 (a note is a help, never a stop)
            log.info("surveillance notes not found: %s", type(error).__name__)
            return whys
        for note in found:
            why = str(getattr(note, "why", "")).strip()
            if why and why not in whys:
                whys.append(why)
    return whys


class SurveillancePanel(QFrame):
    """Shown only while the words it was given ask for surveillance."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        named(self, object_name, _words("heading"))
        self.setProperty("role", "card")
        self.whys: list[str] = []
        column = QVBoxLayout(self)
        heading = QLabel(_words("heading"))
        heading.setObjectName(f"{object_name}Heading")
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        self.why = body_label("", f"{object_name}Why")
        self.talk = body_label(_words("talk"), f"{object_name}Talk", role="hint")
        column.addWidget(heading)
        column.addWidget(self.why)
        column.addWidget(self.talk)
        self.hide()

    def show_for(self, texts: Iterable[str]) -> None:
        """Look at ``texts`` (a commitment's words) and say what applies, or hide."""
        self.whys = notes_for(texts)
        words = "\n\n".join(self.whys)
        self.why.setText(words)
        self.why.setAccessibleName(words[:200])
        self.setAccessibleDescription(words)
        self.setVisible(bool(self.whys))
