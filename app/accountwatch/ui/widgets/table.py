"""Read-only list tables: rows made once, sorted fast, a status badge, selection by item id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountwatch.i18n import _
from accountwatch.ui.common import plain_label

ModelIndex = QModelIndex | QPersistentModelIndex

BADGE_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Row:
    """One table row: its item id, the texts shown, and how it sorts."""

    id: str
    # A callable is a text made only when first shown (formatting thousands of rows is slow).
    cells: tuple[str | Callable[[], str], ...]
    sort_keys: tuple[Any, ...]
    badge: QColor | None = None  # colour of the last column's badge
    tooltips: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # for filters


class RowModel(QAbstractTableModel):
    """A read-only table of `Row`s; the last column can be drawn as a coloured badge.

    It sorts itself in Python (by each row's sort keys): a proxy sorting through `data()`
    calls back into Python for every comparison, far too slow for thousands of rows.
    """

    def __init__(
        self, headers: list[str], right_aligned: tuple[int, ...] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.right_aligned = right_aligned
        self.rows: list[Row] = []
        self.texts: dict[tuple[int, int], str] = {}
        self.order: tuple[int, Qt.SortOrder] | None = None
        self.positions: dict[str, int] = {}

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._arrange()
        self.endResetModel()

    def _arrange(self) -> None:
        if self.order is not None:
            column, order = self.order
            self.rows.sort(
                key=lambda r: r.sort_keys[column],
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
        self.texts = {}
        self.positions = {row.id: number for number, row in enumerate(self.rows)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.rows[index.row()].id for index in before]
        self.order = (column, order)
        self._arrange()
        after = [
            self.index(self.positions[item_id], index.column())
            for item_id, index in zip(ids, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def row_of(self, item_id: str | None) -> int | None:
        return self.positions.get(item_id) if item_id is not None else None

    def text(self, row: int, column: int) -> str:
        cell = self.rows[row].cells[column]
        if isinstance(cell, str):
            return cell
        made = self.texts.get((row, column))
        if made is None:
            made = self.texts[(row, column)] = cell()
        return made

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: ModelIndex, role: int = 0) -> Any:
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole and column < len(row.tooltips):
            return row.tooltips[column] or None
        if role == BADGE_ROLE and column == len(self.headers) - 1:
            return row.badge
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class BadgeDelegate(QStyledItemDelegate):
    """Draws a status as a rounded, coloured badge with its word (readable in any palette)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        colour = index.data(BADGE_ROLE)
        if not isinstance(colour, QColor):
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        if style is not None:  # the selection background, without the text
            plain = QStyleOptionViewItem(option)
            self.initStyleOption(plain, index)
            plain.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(text) + 16
        height = metrics.height() + 6
        rect = QRectF(
            option.rect.x() + 6,
            option.rect.y() + (option.rect.height() - height) / 2,
            min(width, option.rect.width() - 12),
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width() + 28, max(size.height(), option.fontMetrics.height() + 12))


class SortingProxy(QSortFilterProxyModel):
    """Filters rows but leaves the order to the `RowModel`, which sorts much faster."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def make_table(
    model: RowModel, name: str, proxy: SortingProxy | None = None
) -> tuple[QTableView, SortingProxy]:
    """A sortable, row-selecting table over `model`, with badges in the last column."""
    proxy = proxy or SortingProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    table.setModel(proxy)
    style_table(table, name)
    table.setItemDelegateForColumn(model.columnCount() - 1, BadgeDelegate(table))
    return table, proxy


def style_table(table: QTableView, name: str) -> None:
    """The look and behaviour every list table shares: sortable, one whole row selected."""
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 16)
    table.horizontalHeader().setHighlightSections(False)
    # Fitting columns to thousands of rows would stall every redraw; a sample is enough.
    table.horizontalHeader().setResizeContentsPrecision(200)


def fit_columns(table: QTableView, stretch: int) -> None:
    """Columns as wide as their contents plus some air; `stretch` takes what is left."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    for column in range(header.count()):
        header.resizeSection(column, header.sectionSize(column) + 16)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def details_box(title: str) -> tuple[QGroupBox, QLabel]:
    """A box under a table that says what the check found about the selected row."""
    box = QGroupBox(title)
    label = plain_label()
    layout = QVBoxLayout(box)
    layout.addWidget(label)
    return box, label


def selected_id(table: QTableView, role: int = Qt.ItemDataRole.UserRole) -> str | None:
    """The id (held in `role`) of the selected row, if any."""
    rows = table.selectionModel().selectedRows()
    return str(rows[0].data(role)) if rows else None


def select_id(table: QTableView, item_id: str | None) -> bool:
    """Select the row of `item_id` when it is shown (not filtered out)."""
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    source = proxy.sourceModel()
    assert isinstance(source, RowModel)
    return select_source_row(table, source.row_of(item_id))


def select_source_row(table: QTableView, row: int | None) -> bool:
    """Select row `row` of the table's source model when it is shown (not filtered out)."""
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    index = proxy.mapFromSource(proxy.sourceModel().index(row, 0)) if row is not None else None
    if index is None or not index.isValid():
        return False
    table.selectRow(index.row())
    table.scrollTo(index)
    return True


def item_buttons(
    table: QTableView,
    add_text: str,
    names: tuple[str, str, str],
    add: Callable[[], None],
    edit: Callable[[], None],
    delete: Callable[[], None],
) -> tuple[QPushButton, QPushButton, QPushButton]:
    """Add / Edit… / Delete… for the items listed in `table`; `names` are the buttons' accessible
    names and tooltips. A double click or Enter on a row edits it, the Delete key deletes it."""
    table.doubleClicked.connect(lambda _index: edit())
    table.activated.connect(lambda _index: edit())
    buttons = (QPushButton(add_text), QPushButton(_("Edit…")), QPushButton(_("Delete…")))
    for button, name, action in zip(buttons, names, (add, edit, delete), strict=True):
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.clicked.connect(action)
    delete_key = QShortcut(QKeySequence.StandardKey.Delete, table)
    delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
    delete_key.activated.connect(delete)
    return buttons
