"""Read-only list tables: rows made once, sorted fast, a status badge, selection by item id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt
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
)

from accountwatch.i18n import _
from accountwatch.ui.common import plain_label
from accountwatch.ui.widgets.row_model import BADGE_ROLE, ModelIndex, RowModel


class MiddleElideDelegate(QStyledItemDelegate):
    """Cuts a long text in its middle, keeping its end in sight (a card's last four digits)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


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


def make_table(model: RowModel, name: str) -> QTableView:
    """A sortable, row-selecting table over `model`, with badges in the last column."""
    table = QTableView()
    table.setModel(model)
    style_table(table, name)
    table.setItemDelegateForColumn(model.columnCount() - 1, BadgeDelegate(table))
    return table


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


# Which shown row of a column has the widest text, by a text's width in pixels.
Widest = Callable[[int, Callable[[str], int]], int | None]


# The share of a table's width its stretching column (a description) keeps when the other
# columns' contents need more than there is: they give up width first, widest first.
STRETCH_SHARE = 0.3


def share_width(sizes: list[int], floors: list[int], keep: int, room: int) -> list[int]:
    """The other columns' `sizes` cut to leave `keep` pixels of `room` to the stretching one.

    Only the widest are cut, all to one width (never under their `floors`, their headers):
    a card's long name gives way before a short date or amount does.
    """
    budget = room - keep
    if sum(sizes) <= budget:
        return sizes
    low, high = 0, max(sizes)
    while low < high:  # the widest cap that fits the budget
        cap = (low + high + 1) // 2
        if (
            sum(max(floor, min(size, cap)) for size, floor in zip(sizes, floors, strict=True))
            > budget
        ):
            high = cap - 1
        else:
            low = cap
    return [max(floor, min(size, low)) for size, floor in zip(sizes, floors, strict=True)]


class _FittedColumns(QObject):
    """The widths a table's columns want, shared out again whenever its width changes.

    That width is the viewport's, which the table's column header always spans: a resize of
    the header is one of the viewport (the table resized, a scroll bar shown or hidden). Asked
    of Qt for itself, the viewport (a widget Qt made) would first have its Python type worked
    out: PySide6 then sets up every widget class it might be, with their enums (20 ms, the
    first time a table was shown); a header's candidates are few.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.stretch = 0
        self.sizes: dict[int, int] = {}
        self.floors: dict[int, int] = {}
        self.wanted = 0
        self.width = -1
        table.horizontalHeader().installEventFilter(self)

    @property
    def table(self) -> QTableView:
        table = self.parent()  # asked of Qt: a fresh wrapper may lack Python attributes
        assert isinstance(table, QTableView)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.Resize
            and self.table.horizontalHeader().width() != self.width
        ):
            self.apply()
        return False

    def apply(self) -> None:
        table = self.table
        header = table.horizontalHeader()
        room = header.width()  # the viewport's (see above)
        self.width = room
        columns = list(self.sizes)
        keep = min(self.wanted, int(room * STRETCH_SHARE))
        widths = share_width(
            [self.sizes[c] for c in columns], [self.floors[c] for c in columns], keep, room
        )
        for column, width in zip(columns, widths, strict=True):
            header.resizeSection(column, width)
        header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)


def fit_columns(
    table: QTableView, stretch: int, widest: Widest | None = None, air: int = 16
) -> None:
    """Columns as wide as their contents plus some `air`; `stretch` takes what is left, and
    keeps a share of the table's width when the others would leave it a few characters. A
    column of badges (its statuses) gives none of its width away.

    Each column is sized by its widest text's cell and its header, as Qt's "resize to
    contents" would, but without asking every row for its size (thousands of calls back into
    Python for each column of a large table): `widest` (by default the `RowModel`'s) finds
    the row, measuring texts with the table's font. The sizes are shared out again when the
    table's width changes, which its column header (shown, as in every list table) follows.
    """
    if widest is None:
        model = table.model()
        assert isinstance(model, RowModel)
        widest = model.widest_row
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    measure = table.fontMetrics().horizontalAdvance
    fitted = table.findChild(_FittedColumns) or _FittedColumns(table)
    fitted.stretch = stretch
    fitted.sizes.clear()
    fitted.floors.clear()
    for column in range(header.count()):
        floor = max(header.sectionSizeHint(column), header.minimumSectionSize())
        size = floor
        row = widest(column, measure)
        if row is not None:
            cell = table.sizeHintForIndex(table.model().index(row, column))
            size = max(size, cell.width())
        if column == stretch:
            fitted.wanted = size + air
        else:
            fitted.sizes[column] = size + air
            # A text cut short ends in "…" and still reads; a badge cut short does not.
            whole = isinstance(table.itemDelegateForColumn(column), BadgeDelegate)
            fitted.floors[column] = size + air if whole else floor
    fitted.apply()


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
    model = table.model()
    assert isinstance(model, RowModel)
    return select_source_row(table, model.row_of(item_id))


def select_source_row(table: QTableView, row: int | None) -> bool:
    """Select row `row` of the table's model, if there is one."""
    index = table.model().index(row, 0) if row is not None else None
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
