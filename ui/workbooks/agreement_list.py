"""The list of agreements: title, then status and area, then the review or a marker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from models.agreements import AgreementView
from models.damage import Damage
from ui.texts import text
from ui.widgets.common import named
from ui.workbooks.agreement_words import category_label, day, status_label

UUID = Qt.ItemDataRole.UserRole
DETAIL = Qt.ItemDataRole.UserRole + 1
MARK = Qt.ItemDataRole.UserRole + 2  # "review due" / "needs a conversation"
REVIEW = Qt.ItemDataRole.UserRole + 3
DAMAGED = Qt.ItemDataRole.UserRole + 4  # True for an agreement that could not be opened
PAD = 8

Index = QModelIndex | QPersistentModelIndex


def title_of(view: AgreementView) -> str:
    return view.current.text.get("title", "").strip() or text("agreements", "untitled")


def describe(view: AgreementView, today: dt.date) -> dict[Qt.ItemDataRole | int, object]:
    """The words one row shows, and the sentence a screen reader says for it."""
    mark = review = ""
    if view.status == "paused" and view.needs_discussion:
        mark = text("agreements", "needs_conversation")
    elif view.review_due(today):
        mark = text("agreements", "review_due")
    elif view.next_review_on is not None and view.status in ("agreed", "under_review"):
        review = text("agreements", "next_review", date=day(view.next_review_on))
    detail = f"{status_label(view.status)} · {category_label(view.current.text['category'])}"
    title = title_of(view)
    spoken = text("agreements", "item_description", title=title,
                  status=status_label(view.status),
                  category=category_label(view.current.text["category"]),
                  review=mark or review)
    return {Qt.ItemDataRole.DisplayRole: title, DETAIL: detail, MARK: mark, REVIEW: review,
            Qt.ItemDataRole.AccessibleTextRole: spoken.strip(), Qt.ItemDataRole.ToolTipRole: title,
            UUID: view.uuid, DAMAGED: False}


def describe_damaged(damage: Damage) -> dict[Qt.ItemDataRole | int, object]:
    """The row of an agreement that could not be opened: no words from it at all."""
    title = text("agreements", "damaged_row")
    return {Qt.ItemDataRole.DisplayRole: title, DETAIL: text("agreements", "damaged_detail"),
            MARK: "", REVIEW: "", Qt.ItemDataRole.AccessibleTextRole: title,
            Qt.ItemDataRole.ToolTipRole: title, UUID: damage.uuid, DAMAGED: True}


class _RowPainter(QStyledItemDelegate):
    """Three calm lines per agreement; the marker in the palette's accent colour."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        return bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        bold, small = self._fonts(option)
        height = QFontMetrics(bold).height() + 2 * QFontMetrics(small).height() + 2 * PAD + 4
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        main = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        soft = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        accent = main if selected else palette.color(QPalette.ColorRole.Link)
        bold, small = self._fonts(opt)
        rect = opt.rect.adjusted(PAD + 4, PAD, -PAD, -PAD)
        painter.save()
        y = rect.top()
        for font, colour, words in (
            (bold, main, index.data(Qt.ItemDataRole.DisplayRole)),
            (small, soft, index.data(DETAIL)),
            (small, accent if index.data(MARK) else soft,
             ("● " + index.data(MARK)) if index.data(MARK) else index.data(REVIEW)),
        ):
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(colour)
            line = metrics.elidedText(str(words or ""), Qt.TextElideMode.ElideRight,
                                      rect.width())
            painter.drawText(rect.left(), y + metrics.ascent(), line)
            y += metrics.height() + 2
        painter.restore()


class AgreementList(QListWidget):
    """Shows the agreements it is given, keeping the selection on the same agreement."""

    def __init__(self) -> None:
        super().__init__()
        named(self, "agreementList", text("agreements", "list_name"))
        self.setItemDelegate(_RowPainter(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def uuids(self) -> list[str]:
        return [str(self.item(row).data(UUID)) for row in range(self.count())]

    def current_uuid(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(UUID))

    def show_views(self, views: list[AgreementView], current: str | None,
                   damaged: Sequence[Damage] = ()) -> None:
        """Show ``views``, then each agreement in ``damaged`` as a row that says it could
        not be opened; rows are updated in place when the same agreements remain."""
        today = dt.date.today()
        rows = [describe(view, today) for view in views] + [describe_damaged(d) for d in damaged]
        wanted = [str(row[UUID]) for row in rows]
        blocked = self.blockSignals(True)
        try:
            if wanted != self.uuids():
                self.clear()
                for _ in rows:
                    self.addItem(QListWidgetItem())
            for index, values in enumerate(rows):
                item = self.item(index)
                for role, value in values.items():
                    item.setData(role, value)
            if current in wanted:
                self.setCurrentRow(wanted.index(current))
            else:
                self.setCurrentRow(-1)
        finally:
            self.blockSignals(blocked)
        self.viewport().update()

    def select(self, uuid: str) -> None:
        if uuid in self.uuids():
            self.setCurrentRow(self.uuids().index(uuid))
