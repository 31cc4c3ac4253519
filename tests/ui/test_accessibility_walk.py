"""Walk every window and dialog as a keyboard and screen-reader user would.

For each screen: every visible interactive widget has an objectName and an accessible
name (a button may rely on its visible text); every visible label in a form is the
buddy of its field; Tab from the first input reaches every visible, enabled input and
never lands on a hidden or disabled one. :func:`audit` takes any top-level widget, so
a new screen needs only a line in ``SCREENS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSlider,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from models.demo import create_demo_vault
from models.keys import FAST_TEST_COST
from models.unsaved import UnsavedWords
from tests.ui.conftest import unlock_solo, unlock_together
from ui.main_window import MainWindow
from ui.widgets.fresh_password import FreshPasswordDialog

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox,
               QAbstractSpinBox, QAbstractItemView, QCheckBox, QTabBar, QSlider)


# the walk: generic, for any top-level widget


def describe(widget: QWidget) -> str:
    window = widget.window()
    where = window.objectName() or type(window).__name__
    words = ""
    if isinstance(widget, QAbstractButton | QLabel | QLineEdit) and widget.text():
        words = f" {widget.text()[:30]!r}"
    return f"[{where}] {type(widget).__name__} '{widget.objectName()}'{words}"


def _inside_control(widget: QWidget, top: QWidget) -> bool:
    """A part of a composite control (a spin box's text field, a combo box's list):
    a screen reader meets the control, not its parts."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, INTERACTIVE):
            return True
        parent = parent.parentWidget()
    return False


def _controls(top: QWidget) -> list[QWidget]:
    """Visible interactive widgets of ``top``'s own window."""
    return [w for w in [top, *top.findChildren(QWidget)]
            if isinstance(w, INTERACTIVE) and w.isVisible() and w.window() is top
            and not _inside_control(w, top)]


def naming_problems(top: QWidget) -> list[str]:
    problems = []
    for widget in _controls(top):
        object_name = widget.objectName()
        if not object_name and isinstance(widget, QToolButton):
            # A tool bar's button is its action; tests and styles find it by the action.
            action = widget.defaultAction()
            object_name = action.objectName() if action is not None else ""
        spoken = widget.accessibleName().strip()
        if not spoken and isinstance(widget, QAbstractButton):
            spoken = widget.text().replace("&", "").strip()
        if not object_name:
            problems.append(f"{describe(widget)}: no objectName")
        if not spoken:
            problems.append(f"{describe(widget)}: no accessible name")
    return problems


def _widgets_in(item_widget: QWidget | None, item_layout: QLayout | None) -> list[QWidget]:
    found: list[QWidget] = []
    if item_widget is not None:
        found += [item_widget, *item_widget.findChildren(QWidget)]
    if item_layout is not None:
        for index in range(item_layout.count()):
            item = item_layout.itemAt(index)
            found += _widgets_in(item.widget(), item.layout())
    return found


def _focus_target(widget: QWidget | None) -> QWidget | None:
    while widget is not None and widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


def buddy_problems(top: QWidget) -> list[str]:
    problems = []
    for form in top.findChildren(QFormLayout):
        owner = form.parentWidget()
        if owner is None or owner.window() is not top:
            continue
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None:
                continue
            label = label_item.widget()
            if not isinstance(label, QLabel) or not label.isVisible():
                continue
            fields = [w for w in _widgets_in(field_item.widget(), field_item.layout())
                      if isinstance(w, INTERACTIVE) and w.isVisible()]
            if not fields:
                continue
            target = _focus_target(label.buddy())
            if not any(target is field for field in fields):
                buddy = label.buddy()
                said = "no buddy" if buddy is None else f"buddy {describe(buddy)} is not its field"
                problems.append(f"{describe(label)}: {said} (field {describe(fields[0])})")
    return problems


def _takes_tab(widget: QWidget, top: QWidget) -> bool:
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isVisible()
            and widget.isEnabled() and widget.window() is top and widget.focusProxy() is None)


def _chain(top: QWidget) -> list[QWidget]:
    chain, widget = [], top.nextInFocusChain()
    while widget is not top and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _keeps_tab(widget: QWidget) -> bool:
    """A text area where Tab types a tab instead of moving on: a keyboard trap."""
    return (isinstance(widget, QTextEdit | QPlainTextEdit) and not widget.isReadOnly()
            and not widget.tabChangesFocus())


def focus_problems(top: QWidget) -> list[str]:
    """Press Tab from the first input around the window, recording where focus lands."""
    expected = [w for w in _chain(top) if _takes_tab(w, top)]
    # An input Tab cannot reach at all (no Tab focus) is skipped too. Buttons may opt
    # out on purpose (the password field's Show, which must never be one Tab away).
    expected += [w for w in _controls(top)
                 if not isinstance(w, QAbstractButton | QTabBar) and w.isEnabled()
                 and w.focusProxy() is None and not any(w is e for e in expected)]
    if not expected:
        return []
    first = next((w for w in expected if isinstance(w, INTERACTIVE)), expected[0])
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    problems: list[str] = []
    current = QApplication.focusWidget()
    if current is None:
        return [f"[{top.objectName()}] no widget takes focus when the window is active"]
    visited: list[QWidget] = []
    for _ in range(2 * len(expected) + 4):
        if current.window() is not top:
            problems.append(f"{describe(current)}: Tab left the window")
            break
        if not current.isVisible() or not current.isEnabled():
            problems.append(f"{describe(current)}: Tab landed on a hidden or disabled widget")
        visited.append(current)
        before = current
        if _keeps_tab(current):
            problems.append(f"{describe(current)}: Tab types into it instead of moving on")
            following = _chain(current)
            nxt = next((w for w in following if _takes_tab(w, top)), first)
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        current = QApplication.focusWidget()
        if current is None:
            problems.append(f"{describe(before)}: Tab from here left no widget with focus")
            break
        if current is first:
            break
        # A text browser moves through its links first; past the last it lets go.
        links = 0
        while current is before and links < 100:
            QTest.keyClick(current, Qt.Key.Key_Tab)
            QApplication.processEvents()
            current, links = QApplication.focusWidget(), links + 1
        if current is before:
            problems.append(f"{describe(before)}: Tab stays on it")
            break
        if current is None or current is first:
            break
    reached = {_stop(seen) for seen in visited}
    for widget in expected:
        if _stop(widget) not in reached:
            problems.append(f"{describe(widget)}: Tab never reaches it")
    return problems


def _stop(widget: QWidget) -> int:
    """Radio buttons of one exclusive group are one Tab stop (arrows move inside it)."""
    if isinstance(widget, QRadioButton):
        group = widget.group()
        if group is not None and group.exclusive():
            return id(group)
        if widget.autoExclusive() and widget.parentWidget() is not None:
            return id(widget.parentWidget())
    return id(widget)


def activate(qtbot, top: QWidget) -> None:
    top.show()
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=3000)


def audit(qtbot, top: QWidget) -> list[str]:
    """Every problem the walk finds in ``top``'s window as it is shown now, one line
    each: ``[window] Class 'objectName' 'text': what is wrong``."""
    activate(qtbot, top)
    return naming_problems(top) + buddy_problems(top) + focus_problems(top)


# getting to every screen


@dataclass
class Demo:
    window: MainWindow
    passwords: dict[int, str]
    problems: list[str] = field(default_factory=list)

    def walk(self, qtbot, top: QWidget) -> None:
        """Audit a dialog now, while it is open (the next step may close it)."""
        self.problems += audit(qtbot, top)


@pytest.fixture
def demo_vault(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    path = tmp_path / "demo" / "demo.vault"
    path.parent.mkdir()
    people = create_demo_vault(path, FAST_TEST_COST)
    return path, {partner: password for partner, (_name, password) in people.items()}


def _window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(path, cost=FAST_TEST_COST)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.start()
    return window


@pytest.fixture
def together(qtbot, demo_vault) -> Iterator[Demo]:
    path, passwords = demo_vault
    window = _window(qtbot, path)
    unlock_together(qtbot, window, passwords[1], passwords[2])
    assert window.session is not None and window.session.together
    yield Demo(window, passwords)
    window.tasks.wait()
    window.close()


@pytest.fixture
def solo(qtbot, demo_vault) -> Iterator[Demo]:
    path, passwords = demo_vault
    window = _window(qtbot, path)
    unlock_solo(qtbot, window, passwords[1])
    assert window.session is not None and not window.session.together
    yield Demo(window, passwords)
    window.tasks.wait()
    window.close()


def opened(qtbot, act: Callable[[], object]) -> QWidget:
    """The window-modal dialog ``act`` opens."""
    before = QApplication.activeModalWidget()
    act()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() not in (None, before),
                    timeout=5000)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    return dialog


def prove(qtbot, demo: Demo, dialog: QWidget) -> None:
    """Type each asked partner's own password into a fresh-password dialog."""
    assert isinstance(dialog, FreshPasswordDialog)
    for partner, entry in dialog.fields.items():
        entry.edit.setText(demo.passwords[partner])
    dialog.submit()
    qtbot.waitUntil(lambda: not demo.window.tasks.busy
                    and not (isValid(dialog) and dialog.isVisible()), timeout=10000)


def agreements_tab(demo: Demo):
    from ui.workbooks.agreements import AgreementsTab

    tab = demo.window.workbench.findChild(AgreementsTab)
    demo.window.workbench.setCurrentWidget(tab)
    return tab


def consent_tab(demo: Demo):
    from ui.workbooks.consent import ConsentTab

    tab = demo.window.workbench.findChild(ConsentTab)
    demo.window.workbench.setCurrentWidget(tab)
    return tab


def select(tab, wanted: Callable[[object], bool]) -> object:
    view = next(v for v in tab.views if wanted(v))
    tab.list.select(view.uuid)
    QApplication.processEvents()
    return view


# the screens


def setup_steps(qtbot, tmp_path: Path) -> list[str]:
    """Walk every setup step, reached the way a couple reaches it."""
    from ui import setup as steps

    window = _window(qtbot, tmp_path / "new" / "trellis.vault")
    page = window.setup_page
    assert page is not None
    problems: list[str] = []

    def note(name: str) -> None:
        problems.extend(f"setup {name}: {p}" for p in audit(qtbot, window))

    note("welcome")
    page.go_next()
    note("names")
    page.first_name.setText("Robin")
    page.second_name.setText("Sasha")
    page.go_next()
    note("password 1")
    page.message.say("A message shown under the fields.")
    note("password 1 with a message")
    for partner, password in ((1, "maple river lantern"), (2, "quiet harbour morning")):
        chooser = page.password_steps[partner]
        chooser.password.edit.setText(password)
        chooser.again.edit.setText(password)
        page.go_next()
        if partner == 1:
            note("hand-over")
            page.go_next()
            note("password 2")
    qtbot.waitUntil(lambda: page.current() == steps.READY_1, timeout=10000)
    for partner in (1, 2):
        note(f"ready {partner}")
        page.go_next()
        note(f"recovery key {partner}")
        last = page.recovery_steps[partner]._last
        page.recovery_steps[partner].confirm.setText(last)
        page.go_next()
    assert page.current() == steps.DONE
    note("done")
    window.tasks.wait()
    window.close()
    return problems


def test_setup_steps(qtbot, tmp_path: Path) -> None:
    problems = setup_steps(qtbot, tmp_path)
    assert not problems, "\n".join(problems)


def _unlock_page(qtbot, demo_vault, mode: str) -> list[str]:
    window = _window(qtbot, demo_vault[0])
    page = window.unlock_page
    (page.both if mode == "both" else page.one).setChecked(True)
    page.message.say("That password did not open Trellis.")
    problems = audit(qtbot, window)
    window.close()
    return problems


@pytest.mark.parametrize("mode", ["one", "both"])
def test_unlock_page(qtbot, demo_vault, mode: str) -> None:
    problems = _unlock_page(qtbot, demo_vault, mode)
    assert not problems, "\n".join(problems)


def test_recovery_dialog(qtbot, demo_vault) -> None:
    window = _window(qtbot, demo_vault[0])
    from ui.unlock import RecoveryDialog

    dialog = RecoveryDialog(window.vault, window.tasks, window)  # type: ignore[arg-type]
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.message.say("That recovery key did not open either partner's slot.")
    problems = audit(qtbot, dialog)
    dialog.close()
    window.close()
    assert not problems, "\n".join(problems)


def test_notice_page(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "not-a-vault" / "trellis.vault"
    path.parent.mkdir()
    path.write_bytes(b"this is not a Trellis file" * 100)
    window = _window(qtbot, path)
    assert window.pages.currentWidget() is window.notice
    problems = audit(qtbot, window)
    window.close()
    assert not problems, "\n".join(problems)


def test_resting_page(qtbot, solo: Demo) -> None:
    solo.window.pause()
    problems = audit(qtbot, solo.window)
    assert not problems, "\n".join(problems)


def _tabs(qtbot, demo: Demo) -> list[str]:
    problems = []
    workbench = demo.window.workbench
    for index in range(workbench.count()):
        workbench.setCurrentIndex(index)
        QApplication.processEvents()  # a tab that reads on a worker as it shows (journal)
        demo.window.tasks.wait()
        QApplication.processEvents()
        widget = workbench.currentWidget()
        if hasattr(widget, "views") and hasattr(widget, "list"):  # agreements: every state
            for view in list(widget.views):
                widget.list.select(view.uuid)
                QApplication.processEvents()
                problems += [f"{workbench.tabText(index)} ({view.status}): {p}"
                             for p in audit(qtbot, demo.window)]
        else:
            problems += [f"{workbench.tabText(index)}: {p}" for p in audit(qtbot, demo.window)]
    return problems


def test_every_tab_together(qtbot, together: Demo) -> None:
    problems = _tabs(qtbot, together)
    assert not problems, "\n".join(problems)


def test_every_tab_alone(qtbot, solo: Demo) -> None:
    problems = _tabs(qtbot, solo)
    assert not problems, "\n".join(problems)


# dialogs: each is opened the way a person opens it, from a menu or a tab's button


def _confirm(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    select(tab, lambda v: v.status == "proposed" or v.pending_change)
    return [opened(qtbot, tab.confirm)]


def _withdraw(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    select(tab, lambda v: v.status == "agreed")
    return [opened(qtbot, tab.withdraw)]


def _retire(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    select(tab, lambda v: v.status == "agreed")
    note = opened(qtbot, tab.retire)
    demo.walk(qtbot, note)
    return [opened(qtbot, lambda: note.accept())]  # type: ignore[attr-defined]


def _delete(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    select(tab, lambda v: v.status == "draft")
    return [opened(qtbot, tab.delete_draft)]


def _review(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    select(tab, lambda v: v.status == "agreed" and not v.pending_change)
    review = opened(qtbot, tab.review)
    demo.walk(qtbot, review)
    first = demo.window.session.partners[0]  # type: ignore[union-attr]
    asked = opened(qtbot, lambda: review.rate(first))  # type: ignore[attr-defined]
    if isinstance(asked, FreshPasswordDialog):
        demo.walk(qtbot, asked)
        return [opened(qtbot, lambda: prove(qtbot, demo, asked))]
    return [asked]


def _history(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    select(tab, lambda v: v.pending_change)
    return [opened(qtbot, tab.history)]


def _export(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    return [opened(qtbot, tab.export)]


def _propose_change(qtbot, demo: Demo) -> list[QWidget]:
    tab = agreements_tab(demo)
    select(tab, lambda v: v.status == "agreed" and not v.pending_change)
    tab.propose_change()
    QApplication.processEvents()
    return [demo.window]


def _consent_answers(qtbot, demo: Demo) -> list[QWidget]:
    tab = consent_tab(demo)
    asked = opened(qtbot, tab.answer_privately)
    if isinstance(asked, FreshPasswordDialog):
        demo.walk(qtbot, asked)
        return [opened(qtbot, lambda: prove(qtbot, demo, asked))]
    return [asked]


def _consent_reveal(qtbot, demo: Demo) -> list[QWidget]:
    tab = consent_tab(demo)
    return [opened(qtbot, tab.reveal)]


def _consent_archive(qtbot, demo: Demo) -> list[QWidget]:
    tab = consent_tab(demo)
    tab.item_list.setCurrentRow(0)
    return [opened(qtbot, tab.archive_item)]


def _journal(qtbot, demo: Demo):
    """The journal tab, opened by its owner (the first partner of the session)."""
    from ui.workbooks.journal import JournalTab

    tab = demo.window.workbench.findChild(JournalTab)
    demo.window.workbench.setCurrentWidget(tab)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not demo.window.tasks.busy, timeout=10000)
    if tab.page is None:
        asked = opened(qtbot, lambda: tab.ask_to_open(1))
        demo.walk(qtbot, asked)
        prove(qtbot, demo, asked)
    assert tab.page is not None
    return tab.page


def _journal_page(show: Callable[[object], object]) -> Callable[..., list[QWidget]]:
    def open_page(qtbot, demo: Demo) -> list[QWidget]:
        page = _journal(qtbot, demo)
        show(page)
        QApplication.processEvents()
        return [demo.window]

    return open_page


def _journal_reading(page) -> None:
    page.list.list.setCurrentRow(0)


def _journal_writing(page) -> None:
    page.new_entry()
    page.editor.safety.setValue(2)  # and the quiet offer under a low rating


def _journal_share(qtbot, demo: Demo) -> list[QWidget]:
    page = _journal(qtbot, demo)
    share = opened(qtbot, page.share)
    share.submit()  # type: ignore[attr-defined]  # no words yet: a kind sentence says so
    demo.walk(qtbot, share)
    share.words.setPlainText("A passage to share.")  # type: ignore[attr-defined]
    return [opened(qtbot, share.submit)]  # type: ignore[attr-defined]


def _grounding(qtbot, demo: Demo) -> list[QWidget]:
    page = _journal(qtbot, demo)
    return [opened(qtbot, page.grounding.click)]


def _narrative(qtbot, demo: Demo):
    """Our stories, with the private pages of the first partner of the session open."""
    from ui.workbooks.narrative import NarrativeTab

    tab = demo.window.workbench.findChild(NarrativeTab)
    demo.window.workbench.setCurrentWidget(tab)
    QApplication.processEvents()
    if tab.owner is None:
        tab.show_page("problem")
        asked = opened(qtbot, lambda: tab.ask_to_open(1))
        demo.walk(qtbot, asked)
        prove(qtbot, demo, asked)
    assert tab.owner is not None
    return tab


def _narrative_page(key: str) -> Callable[..., list[QWidget]]:
    def open_page(qtbot, demo: Demo) -> list[QWidget]:
        _narrative(qtbot, demo).show_page(key)
        QApplication.processEvents()
        return [demo.window]

    return open_page


def _narrative_share(qtbot, demo: Demo) -> list[QWidget]:
    page = _narrative(qtbot, demo).show_page("values")
    page.editors["values"].setPlainText("Honesty, and patience with each other")
    return [opened(qtbot, page.share)]


def _narrative_moment_delete(qtbot, demo: Demo) -> list[QWidget]:
    page = _narrative(qtbot, demo).show_page("exception")
    page.editors["what"].setPlainText("A quiet evening that went well")
    page.flush()
    return [opened(qtbot, page.ask_delete)]


def _narrative_letter(qtbot, demo: Demo) -> list[QWidget]:
    """The letter of the demo's partner who caused the hurt (partner 2), opened together
    with their own password; its gentle notes are shown."""
    tab = _narrative(qtbot, demo)
    tab.close_story()
    asked = opened(qtbot, lambda: tab.ask_to_open(2))
    prove(qtbot, demo, asked)
    assert tab.owner == 2
    page = tab.show_page("letter")
    qtbot.waitUntil(lambda: any(b.objectName().startswith("letterHintDismiss_")
                                for b in page.findChildren(QAbstractButton)), timeout=5000)
    return [demo.window]


def _narrative_between(key: str) -> Callable[..., list[QWidget]]:
    def open_page(qtbot, demo: Demo) -> list[QWidget]:
        from ui.workbooks.narrative import NarrativeTab

        tab = demo.window.workbench.findChild(NarrativeTab)
        demo.window.workbench.setCurrentWidget(tab)
        tab.show_page(key)
        QApplication.processEvents()
        return [demo.window]

    return open_page


def _narrative_dialog(which: str) -> Callable[..., list[QWidget]]:
    def open_dialog(qtbot, demo: Demo) -> list[QWidget]:
        from ui.workbooks.narrative import NarrativeTab

        tab = demo.window.workbench.findChild(NarrativeTab)
        demo.window.workbench.setCurrentWidget(tab)
        return [opened(qtbot, getattr(tab, which))]

    return open_dialog


def _needs(qtbot, demo: Demo, page: str = "mine"):
    """The needs map, with the needs of the first partner of the session open."""
    from ui.workbooks.needs import NeedsTab

    tab = demo.window.workbench.findChild(NeedsTab)
    demo.window.workbench.setCurrentWidget(tab)
    QApplication.processEvents()
    if tab.owner is None:
        tab.show_page("mine")
        asked = opened(qtbot, lambda: tab.ask_to_open(1))
        demo.walk(qtbot, asked)
        prove(qtbot, demo, asked)
    assert tab.owner is not None
    return tab


def _needs_mine(qtbot, demo: Demo) -> list[QWidget]:
    page = _needs(qtbot, demo).show_page("mine")
    page.new_need("reassurance")
    page.flush()
    QApplication.processEvents()
    return [demo.window]


def _needs_share(qtbot, demo: Demo) -> list[QWidget]:
    page = _needs(qtbot, demo).show_page("mine")
    page.new_need("space")
    page.editor.texts["helps"].setPlainText("A quiet hour after work")
    return [opened(qtbot, page.share)]


def _needs_delete(qtbot, demo: Demo) -> list[QWidget]:
    page = _needs(qtbot, demo).show_page("mine")
    page.new_need("comfort")
    page.flush()
    return [opened(qtbot, page.ask_delete)]


def _needs_commitments(qtbot, demo: Demo):
    """The Commitments page with an active commitment chosen (a shared need and the
    commitment written through the models, both confirming with their passwords)."""
    from models import needs
    from models.proof import prove as proof_of
    from ui.workbooks.needs import NeedsTab

    window = demo.window
    keys = window.session.keyring
    proofs = {p: proof_of(window.vault.slot_of(p, "password"), demo.passwords[p])
              for p in (1, 2)}
    tab = window.workbench.findChild(NeedsTab)
    window.workbench.setCurrentWidget(tab)
    QApplication.processEvents()
    owner = tab.owner or window.session.partners[0]
    needs.open_needs(keys, owner, proofs[owner])
    draft = needs.save_draft(keys, owner, {"card": "predictability",
                                            "title": "Plans said ahead"})
    shared = needs.share_need(keys, proofs[owner], draft.uuid)
    commitment = needs.propose_commitment(keys, owner, shared.uuid, 3 - owner,
                                          {"what": "Text before plans change"})
    for partner in (1, 2):
        needs.confirm_commitment(keys, proofs[partner], commitment.uuid)
    page = tab.show_page("commitments")
    tab.ctx.changes.announce("needs", commitment.uuid)
    page.select(commitment.uuid)
    QApplication.processEvents()
    return page


def _needs_commitments_page(qtbot, demo: Demo) -> list[QWidget]:
    _needs_commitments(qtbot, demo)
    return [demo.window]


def _needs_propose(qtbot, demo: Demo) -> list[QWidget]:
    page = _needs_commitments(qtbot, demo)
    return [opened(qtbot, page.propose)]


def _needs_map_page(qtbot, demo: Demo) -> list[QWidget]:
    """The map, with a shared need and a commitment on it (Tab goes through its cards)."""
    from ui.workbooks.needs import NeedsTab

    _needs_commitments(qtbot, demo)
    page = demo.window.workbench.findChild(NeedsTab).show_page("map")
    # The tab reads what both shared on a worker: the walk waits for the cards.
    qtbot.waitUntil(lambda: bool(page.scene.cards), timeout=10000)  # type: ignore[attr-defined]
    QApplication.processEvents()
    return [demo.window]


def _needs_note(qtbot, demo: Demo) -> list[QWidget]:
    page = _needs_commitments(qtbot, demo)
    owner = page.noticing.owner  # the person with the need: I noticed
    return [opened(qtbot, lambda: page.noticing.ask("noticed", owner))]


def _menu(name: str) -> Callable[[object, Demo], list[QWidget]]:
    def open_from_menu(qtbot, demo: Demo) -> list[QWidget]:
        action = demo.window.findChild(QAction, name)
        assert action is not None and action.isEnabled(), name
        return [opened(qtbot, action.trigger)]

    return open_from_menu


def _change_password_error(qtbot, demo: Demo) -> list[QWidget]:
    dialog = _menu("changePasswordAction")(qtbot, demo)[0]
    dialog.new.edit.setText("one new password")  # type: ignore[attr-defined]
    dialog.again.edit.setText("another new password")  # type: ignore[attr-defined]
    dialog.submit()  # type: ignore[attr-defined]
    assert dialog.message.isVisible()  # type: ignore[attr-defined]
    return [dialog]


def _rename_both(qtbot, demo: Demo) -> list[QWidget]:
    rename = _menu("renameAction")(qtbot, demo)[0]
    rename.fields[1].setText("Robyn")  # type: ignore[attr-defined]
    demo.walk(qtbot, rename)
    return [opened(qtbot, rename.submit)]  # type: ignore[attr-defined]


def _kept_words(qtbot, demo: Demo) -> list[QWidget]:
    from ui.kept_words import KeptWordsDialog

    tab = agreements_tab(demo)
    view = tab.views[0]
    piece = UnsavedWords(view.uuid, "Phones at dinner",
                         {"wording": "Both phones rest in the hall basket."}, 1)
    window = demo.window
    session = window.session
    assert session is not None
    return [opened(qtbot, lambda: KeptWordsDialog([piece], dict(session.names),
                                                  window.workbench.restore, window).open())]


def _guide(qtbot, demo: Demo) -> list[QWidget]:
    pytest.importorskip("ui.guide", reason="ui/guide.py is not there yet")
    actions = [a for a in demo.window.findChildren(QAction) if "guide" in a.objectName().lower()]
    if not actions:
        pytest.skip("no guide action in the menus yet")
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    actions[0].trigger()
    QApplication.processEvents()
    new = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    assert new, "the guide action showed no window"
    return new


DIALOGS: dict[str, tuple[Callable[..., list[QWidget]], tuple[str, ...]]] = {
    # name: (how to open it, sessions it is reachable in)
    "confirm": (_confirm, ("together", "solo")),
    "pause agreement (withdraw)": (_withdraw, ("together", "solo")),
    "retire": (_retire, ("together",)),
    "delete draft": (_delete, ("together", "solo")),
    "review and rating": (_review, ("together", "solo")),
    "history": (_history, ("together",)),
    "export": (_export, ("together", "solo")),
    "propose change": (_propose_change, ("together",)),
    "consent answers": (_consent_answers, ("together", "solo")),
    "consent reveal": (_consent_reveal, ("together",)),
    "consent set aside": (_consent_archive, ("together",)),
    "change password": (_menu("changePasswordAction"), ("together", "solo")),
    "change password with an error": (_change_password_error, ("together",)),
    "rename": (_rename_both, ("together",)),
    "preferences": (_menu("preferencesAction"), ("solo",)),
    "if you feel unsafe": (_menu("safetyAction"), ("solo",)),
    "file check": (_menu("fileCheckAction"), ("solo",)),
    "kept words": (_kept_words, ("together",)),
    "guide": (_guide, ("solo",)),
    "journal reading": (_journal_page(_journal_reading), ("together", "solo")),
    "journal writing": (_journal_page(_journal_writing), ("together", "solo")),
    "journal coping plan": (_journal_page(lambda p: p.sections.setCurrentIndex(1)), ("solo",)),
    "journal what I shared": (_journal_page(lambda p: p.sections.setCurrentIndex(2)),
                              ("solo",)),
    "journal share a passage": (_journal_share, ("together", "solo")),
    "grounding exercise": (_grounding, ("solo",)),
    **{f"our stories {key}": (_narrative_page(key), ("together", "solo"))
       for key in ("problem", "story", "stand", "exception", "values", "preferred")},
    "our stories share": (_narrative_share, ("together", "solo")),
    "our stories delete a moment": (_narrative_moment_delete, ("solo",)),
    "our stories impact": (_narrative_page("impact"), ("together", "solo")),
    "our stories heard": (_narrative_page("heard"), ("together", "solo")),
    "our stories letter with notes": (_narrative_letter, ("together",)),
    "our stories shared": (_narrative_between("shared"), ("together", "solo")),
    "our stories joint": (_narrative_between("joint"), ("together", "solo")),
    "our stories roles": (_narrative_dialog("open_roles"), ("together", "solo")),
    "our stories export": (_narrative_dialog("open_export"), ("together", "solo")),
    "needs map my needs": (_needs_mine, ("together", "solo")),
    "needs map share a need": (_needs_share, ("together", "solo")),
    "needs map delete a need": (_needs_delete, ("solo",)),
    "needs map commitments": (_needs_commitments_page, ("together", "solo")),
    "needs map propose a commitment": (_needs_propose, ("together", "solo")),
    "needs map note": (_needs_note, ("solo",)),
    "needs map the map": (_needs_map_page, ("together", "solo")),
}


@pytest.mark.parametrize(
    ("name", "session"),
    [(name, session) for name, (_, sessions) in DIALOGS.items() for session in sessions],
)
def test_dialog(qtbot, request, name: str, session: str) -> None:
    demo: Demo = request.getfixturevalue(session)
    open_it, _ = DIALOGS[name]
    for top in open_it(qtbot, demo):
        demo.walk(qtbot, top)
        demo.window.tasks.wait()
    problems = demo.problems
    assert not problems, f"{name} ({session}):\n" + "\n".join(problems)


# the walk itself must be able to fail


def test_the_walk_finds_an_unnamed_field_a_loose_label_and_a_skipped_input(qtbot) -> None:
    from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setObjectName("probe")
    form = QFormLayout()
    unnamed = QLineEdit()
    loose = QLabel("Loose")
    skipped = QLineEdit()
    skipped.setObjectName("skipped")
    skipped.setAccessibleName("Skipped")
    form.addRow(loose, unnamed)
    form.addRow("Skipped", skipped)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(QPushButton("OK"))
    loose.setBuddy(None)  # type: ignore[arg-type]
    skipped.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    problems = "\n".join(audit(qtbot, dialog))
    assert "QLineEdit '': no objectName" in problems
    assert "QLineEdit '': no accessible name" in problems
    assert "'Loose': no buddy" in problems
    assert "QPushButton '' 'OK': no objectName" in problems
    assert "QLineEdit 'skipped': Tab never reaches it" in problems
    dialog.close()
