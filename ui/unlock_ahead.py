"""What the window does while a password is checked (#9).

Argon2id runs for about a second on the task runner's worker and lets go of the
interpreter lock meanwhile, so the GUI thread has nothing to do until the key is there.
What the unlock needs before its first tab paints and needs no key is done then:

- the code of the tabs' frame and of the tab that will show first (the last one shown),
  and what checks the facts' signatures, imported;
- the running digest of every fact in the file (:func:`models.ledger.hash_ahead`:
  digests of the sealed bytes, never content), which the checks that the file did not
  go back and the opening's seal read after the key is there.

Each is done in small steps between the page's own events (its progress bar, a Stop),
and the steps end as soon as the check has ended, whichever way: what was not done yet
the unlock does itself, as before. Nothing here reads or shows anything a partner wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec

from PySide6.QtCore import QObject, QTimer

from ui import settings
from ui.errors import describe_without_content

log = logging.getLogger(__name__)


def first_tab_module() -> str | None:
    """The package of the tab the unlock will show first (the last one shown, else the
    first of the registry), when there is one to import."""
    from ui.workbooks import registry

    last = settings.LAST_TAB.get()
    book = next((book for book in registry.WORKBOOKS if book.object_name == last),
                registry.WORKBOOKS[0] if registry.WORKBOOKS else None)
    if book is None:
        return None
    name = "ui.home" if book.key == "home" else f"ui.workbooks.{book.key}"
    return name if find_spec(name) is not None else None


class UnlockAhead(QObject):
    """The steps of the module's doc, one per turn of the event loop while
    ``checking()`` says the password check is still under way."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._checking: Callable[[], bool] = lambda: False
        self._steps: list[Callable[[], bool]] = []
        self._turn = QTimer(self)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._step)

    def start(self, checking: Callable[[], bool]) -> None:
        self._checking = checking
        self._steps = [self._import_first_tab, self._import_signing, self._hash_facts]
        self._turn.start()

    def _step(self) -> None:
        if not self._steps or not self._checking():
            self._steps = []
            self._turn.stop()
            return
        try:
            if self._steps[0]():  # True: this one is done
                self._steps.pop(0)
        except Exception as error:  # noqa: BLE001 (only ever a head start: the unlock goes on)
            log.info("nothing more done ahead of the unlock: %s",
                     describe_without_content(type(error), error, error.__traceback__))
            self._steps = []

    def _import_first_tab(self) -> bool:
        for name in ("ui.workbench", first_tab_module()):
            if name is not None:
                import_module(name)
        return True

    def _import_signing(self) -> bool:
        from models import ledger

        ledger.load_signing()
        return True

    def _hash_facts(self) -> bool:
        from models import ledger

        return ledger.hash_ahead()
