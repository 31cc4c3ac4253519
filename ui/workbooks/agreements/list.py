"""The list of agreements: title, then status and area, then the review or a marker;
and the search box and the two filters above it.

The list only shows: its rows come from :mod:`ui.workbooks.agreements.model`, through
the search filter; the row of the agreement chosen is followed by its uuid.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from ui.texts import text
from ui.widgets.common import named
from ui.widgets.fitting import ElidingComboBox
from ui.widgets.row_list import RowList
from ui.workbooks.agreements.model import (
    DAMAGED,
    DETAIL,
    MARK,
    REVIEW,
    UUID,
    AgreementFilter,
    title_of,
)
from ui.workbooks.agreements.words import STATUSES, categories, status_label

__all__ = ["DAMAGED", "DETAIL", "MARK", "REVIEW", "UUID", "AgreementList", "category_filter",
           "search_box", "status_filter", "title_of"]

PAD = 8

Index = QModelIndex | QPersistentModelIndex


class _RowPainter(QStyledItemDelegate):
    """Three calm lines per agreement; the marker in the palette's accent colour.

    Every visible row is painted again whenever one changes (Qt's list repaints its
    whole viewport after a save), so the fonts and their metrics are worked out once
    per text size, not per row.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts_for: dict[str, tuple[QFont, QFont, QFontMetrics, QFontMetrics]] = {}

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFontMetrics,
                                                            QFontMetrics]:
        key = option.font.key()
        fonts = self._fonts_for.get(key)
        if fonts is None:
            bold = QFont(option.font)
            bold.setWeight(QFont.Weight.DemiBold)
            small = QFont(option.font)
            small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
            fonts = self._fonts_for[key] = (bold, small, QFontMetrics(bold), QFontMetrics(small))
        return fonts

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        _, _, bold, small = self._fonts(option)
        height = bold.height() + 2 * small.height() + 2 * PAD + 4
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
        bold, small, bold_metrics, small_metrics = self._fonts(opt)
        rect = opt.rect.adjusted(PAD + 4, PAD, -PAD, -PAD)
        mark = index.data(MARK)
        painter.save()
        y = rect.top()
        for font, metrics, colour, words in (
            (bold, bold_metrics, main, index.data(Qt.ItemDataRole.DisplayRole)),
            (small, small_metrics, soft, index.data(DETAIL)),
            (small, small_metrics, accent if mark else soft,
             ("● " + mark) if mark else index.data(REVIEW)),
        ):
            painter.setFont(font)
            painter.setPen(colour)
            line = metrics.elidedText(str(words or ""), Qt.TextElideMode.ElideRight,
                                      rect.width())
            painter.drawText(rect.left(), y + metrics.ascent(), line)
            y += metrics.height() + 2
        painter.restore()


class AgreementList(RowList):
    """Shows the filtered agreements; the selection stays on the same agreement while
    rows change around it."""

    def __init__(self, rows: AgreementFilter) -> None:
        super().__init__()
        named(self, "agreementList", text("agreements", "list_name"))
        self.rows = rows
        self.setModel(rows)
        self.setItemDelegate(_RowPainter(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def uuids(self) -> list[str]:
        return [self.rows.uuid_at(row) for row in range(self.count())]

    def texts(self) -> list[str]:
        """The title of each row listed, in order."""
        return [str(self.rows.index(row, 0).data()) for row in range(self.count())]

    def current_uuid(self) -> str | None:
        index = self.currentIndex()
        return str(index.data(UUID)) if index.isValid() else None

    def current_data(self, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """What the chosen row holds for ``role`` (None with nothing chosen)."""
        index = self.currentIndex()
        return index.data(role) if index.isValid() else None

    def select(self, uuid: str | None) -> bool:
        """Choose the row of ``uuid``; nothing chosen when it is not listed."""
        row = self.rows.row_of(uuid)
        if row < 0:
            self.setCurrentIndex(QModelIndex())
            return False
        index = self.rows.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True


def search_box() -> QLineEdit:
    """Search in every agreement's words (Ctrl+F), with a named clear button."""
    search = named(QLineEdit(), "agreementSearch", text("agreements", "search_name"))
    search.setPlaceholderText(text("agreements", "search_placeholder"))
    search.setClearButtonEnabled(True)
    for clear in search.findChildren(QToolButton):
        named(clear, "agreementSearchClear", text("agreements", "search_clear"))
    return search


def status_filter() -> ElidingComboBox:
    """Every status, the reviews due, or one status."""
    combo = named(ElidingComboBox(), "agreementStatusFilter",
                  text("agreements", "status_filter_name"))
    combo.addItem(text("agreements", "all_statuses"), None)
    combo.addItem(text("agreements", "reviews_due"), "due")
    for status in STATUSES:
        combo.addItem(status_label(status), status)
    return combo


def category_filter() -> ElidingComboBox:
    """Every area of life, or one."""
    combo = named(ElidingComboBox(), "agreementCategoryFilter",
                  text("agreements", "category_filter_name"))
    combo.addItem(text("agreements", "all_categories"), None)
    for key, label in categories():
        combo.addItem(label, key)
    return combo
