"""The tab showing paints before the other tabs are built, also when the rest of the
unlock is slow (#9): the fallback for a window that never paints counts from when the
event loop is back, not from building the first tab."""

from __future__ import annotations

import dataclasses
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import PASSWORDS, unlock_solo
from ui import main_dialogs, settings, workbench
from ui.workbooks import registry


def test_the_first_tab_paints_first_when_the_rest_of_the_unlock_is_slow(
        qtbot, window, existing_vault, monkeypatch) -> None:
    settings.LAST_TAB.set("agreementsTab")
    events: list[str] = []

    def counted(book: registry.Workbook) -> registry.Workbook:
        def build(ctx):
            events.append(book.key)
            return book.build(ctx)
        return dataclasses.replace(book, build=build)

    monkeypatch.setattr(registry, "WORKBOOKS", tuple(counted(b) for b in registry.WORKBOOKS))
    check = main_dialogs.check_not_older

    def slow_check(*args) -> None:  # a busy machine: the unlock's tail outlasts the fallback
        time.sleep(2 * workbench.UNPAINTED_MS / 1000)
        check(*args)

    monkeypatch.setattr(main_dialogs, "check_not_older", slow_check)

    class Paints(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if (event.type() == QEvent.Type.Paint and "painted" not in events
                    and watched.objectName() == "agreementsTab"):
                events.append("painted")
            return False

    paints = Paints()
    QApplication.instance().installEventFilter(paints)
    window.start()
    try:
        unlock_solo(qtbot, window, PASSWORDS[1])
    finally:
        QApplication.instance().removeEventFilter(paints)
    assert events[:2] == ["agreements", "painted"], events
    assert len(events) == len(registry.shown_in(False)) + 1
