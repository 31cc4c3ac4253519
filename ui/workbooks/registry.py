"""Every workbook tab the window can show, in order: the one list a new workbook joins.

An entry names its tab, says which sessions show it and builds it from a
:class:`WorkbookContext`. A factory imports its workbook's module only when called, on
unlock: the unlock window must appear without loading any workbook. F1 finds the guide
page for a tab by the entry's ``key`` in ``resources/guide/contents.toml``.

Adding a workbook: its own package under ``ui/workbooks/``, one entry here, a
``[<section>] tab`` title in ``resources/``, and its page under ``for_tab`` in the guide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ui.texts import text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.workbooks import WorkbookContext

# Who is unlocked: both partners together, one partner alone, or either way.
Sessions = Literal["together", "alone", "both"]


@dataclass(frozen=True)
class Workbook:
    """One workbook tab."""

    key: str  # "agreements": what go_to, F1 and the guide's for_tab know it by
    title: tuple[str, str]  # (section, key) of its tab's title in resources/
    object_name: str  # the tab's objectName, which the last-tab memory keeps
    build: Callable[[WorkbookContext], QWidget]
    sessions: Sessions = "both"

    def label(self) -> str:
        return text(*self.title)

    def shown_in(self, together: bool) -> bool:
        return self.sessions == "both" or self.sessions == ("together" if together
                                                           else "alone")


def _home(ctx: WorkbookContext) -> QWidget:
    from ui.home import HomeTab  # reads the agreements, so it waits for unlock too

    return HomeTab(ctx, ctx.own_last_opened)


def _agreements(ctx: WorkbookContext) -> QWidget:
    from ui.workbooks.agreements import AgreementsTab

    return AgreementsTab(ctx)


def _consent(ctx: WorkbookContext) -> QWidget:
    from ui.workbooks.consent import ConsentTab

    return ConsentTab(ctx)


def _journal(ctx: WorkbookContext) -> QWidget:
    from ui.workbooks.journal import JournalTab

    return JournalTab(ctx)


def _narrative(ctx: WorkbookContext) -> QWidget:
    from ui.workbooks.narrative import NarrativeTab

    return NarrativeTab(ctx)


def _needs(ctx: WorkbookContext) -> QWidget:
    from ui.workbooks.needs import NeedsTab

    return NeedsTab(ctx)


WORKBOOKS: tuple[Workbook, ...] = (
    Workbook("home", ("home", "tab"), "homeTab", _home),
    Workbook("agreements", ("agreements", "tab"), "agreementsTab", _agreements),
    Workbook("consent", ("consent_checkin", "tab"), "consentTab", _consent),
    Workbook("journal", ("journal", "tab"), "journalTab", _journal),
    Workbook("narrative", ("narrative", "tab"), "narrativeTab", _narrative),
    Workbook("needs", ("needs", "tab"), "needsTab", _needs),
)


def shown_in(together: bool) -> tuple[Workbook, ...]:
    """The workbooks a together (or one partner's) session shows, in tab order."""
    return tuple(book for book in WORKBOOKS if book.shown_in(together))
