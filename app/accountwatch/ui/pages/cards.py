"""The Cards page: every card's last digits, expiry, the accounts paying with it and its status."""

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
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.findings import Finding
from accountwatch.core.model import Card
from accountwatch.i18n import _, ngettext
from accountwatch.services import editing
from accountwatch.ui.dialogs.card_editor import CardEditor, brand_name
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.pages.company import page_header
from accountwatch.ui.state import AppState

ModelIndex = QModelIndex | QPersistentModelIndex

# Status colours; the badge always carries a word too.
RED = QColor("#c62828")
ORANGE = QColor("#e65100")
GREEN = QColor("#2e7d32")
BLUE = QColor("#1565c0")
GREY = QColor("#757575")

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
    table.setItemDelegateForColumn(model.columnCount() - 1, BadgeDelegate(table))
    return table, proxy


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
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout = QVBoxLayout(box)
    layout.addWidget(label)
    return box, label


def finding_lines(state: AppState, subject: str) -> list[str]:
    """What the check says about `subject`: each distinct message, then the action once."""
    if state.result is None:
        return []
    found = [f for f in state.result.assessment.findings if f.subject == subject]
    messages = list(dict.fromkeys(f.message for f in found))
    actions = list(dict.fromkeys(f.action for f in found))
    return messages + [_("What to do: {action}").format(action=a) for a in actions]


def selected_id(table: QTableView) -> str | None:
    rows = table.selectionModel().selectedRows()
    return str(rows[0].data(Qt.ItemDataRole.UserRole)) if rows else None


def select_id(table: QTableView, item_id: str | None) -> bool:
    """Select the row of `item_id` when it is shown (not filtered out)."""
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    source = proxy.sourceModel()
    assert isinstance(source, RowModel)
    row = source.row_of(item_id)
    index = proxy.mapFromSource(source.index(row, 0)) if row is not None else QModelIndex()
    if not index.isValid():
        return False
    table.selectRow(index.row())
    table.scrollTo(index)
    return True


def findings_by_subject(state: AppState, rules: set[str]) -> dict[str, Finding]:
    """The first finding of each subject among `rules` (they repeat once per account)."""
    found: dict[str, Finding] = {}
    if state.result is not None:
        for finding in state.result.assessment.findings:
            if finding.rule in rules:
                found.setdefault(finding.subject, finding)
    return found


def last4_text(card: Card) -> str:
    return "…" + card.last4


class CardsPage(PageWidget):
    page = Page.CARDS

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.editor: CardEditor | None = None
        self.model = RowModel(
            [
                _("Card"),
                _("Brand"),
                _("Number"),
                _("Expires"),
                _("Valid through"),
                _("Used by"),
                _("Status"),
            ]
        )
        self.table, self.proxy = make_table(self.model, _("Cards"))
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.activated.connect(lambda _index: self.edit())

        self.add_button = QPushButton(_("Add card…"))
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete…"))
        for button, name in (
            (self.add_button, _("Add a card")),
            (self.edit_button, _("Edit the selected card")),
            (self.delete_button, _("Delete the selected card")),
        ):
            button.setAccessibleName(name)
            button.setToolTip(name)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(
            page_header(
                _("Cards"),
                _(
                    "An expired card makes the next charge fail, and failed charges freeze "
                    "accounts. Only each card's last 4 digits and expiry month are kept."
                ),
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.details_box, self.details = details_box(_("Details"))
        layout.addWidget(self.details_box)
        self.refresh()
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)

    def title(self) -> str:
        return _("Cards")

    def _status(self, card: Card, finding: Finding | None, used: bool) -> tuple[str, QColor]:
        days = (card.valid_through - self.state.today).days
        if days < 0:
            return _("Expired"), RED if used else GREY
        if finding is not None and finding.rule == "PAY-CARD-EXPIRING":
            return ngettext("Expires in {days} day", "Expires in {days} days", days).format(
                days=days
            ), ORANGE
        if not used:
            return _("Not used"), GREY
        return _("Valid"), GREEN

    def refresh(self) -> None:
        chosen = selected_id(self.table)
        profile = self.state.profile
        findings = findings_by_subject(self.state, {"PAY-CARD-EXPIRED", "PAY-CARD-EXPIRING"})
        rows = []
        for card in profile.cards:
            users = [a.display_name for a in profile.accounts_using_card(card.id)]
            finding = findings.get(f"card:{card.id}")
            status, colour = self._status(card, finding, bool(users))
            used_by = ", ".join(users) or "—"
            rows.append(
                Row(
                    id=card.id,
                    cells=(
                        card.display_name,
                        brand_name(card.brand),
                        last4_text(card),
                        str(card.expires),
                        card.valid_through.isoformat(),
                        used_by,
                        status,
                    ),
                    sort_keys=(
                        card.display_name.casefold(),
                        brand_name(card.brand).casefold(),
                        card.last4,
                        str(card.expires),
                        card.valid_through.isoformat(),
                        used_by.casefold(),
                        card.valid_through.isoformat(),
                    ),
                    badge=colour,
                    tooltips=(card.id, "", "", "", "", used_by, finding.message if finding else ""),
                )
            )
        self.model.set_rows(rows)
        fit_columns(self.table, 5)
        select_id(self.table, chosen)
        self._update_buttons()

    def _update_buttons(self) -> None:
        card_id = selected_id(self.table)
        self.edit_button.setEnabled(card_id is not None)
        self.delete_button.setEnabled(card_id is not None)
        card = self.state.profile.card(card_id) if card_id else None
        if card is None:
            self.details_box.setTitle(_("Details"))
            self.details.setText(_("Select a card to see what the check says about it."))
            return
        self.details_box.setTitle(_("About “{card}”").format(card=card.display_name))
        lines = finding_lines(self.state, f"card:{card.id}")
        if not lines:
            used = bool(self.state.profile.accounts_using_card(card.id))
            lines = [
                _("Nothing to fix for this card.")
                if used
                else _("No account pays with this card, so it is not checked.")
            ]
        self.details.setText("\n".join(lines))

    def open_editor(self, card_id: str | None, field: str | None = None) -> CardEditor:
        """Open the card editor (not blocking); the page redraws when it saves."""
        if self.editor is not None:
            self.editor.close()
        self.editor = CardEditor(self.state, card_id, self, focus=field)
        self.editor.saved.connect(lambda new_id: select_id(self.table, new_id))
        self.editor.open()
        return self.editor

    def add(self) -> None:
        self.open_editor(None)

    def edit(self) -> None:
        card_id = selected_id(self.table)
        if card_id is not None:
            self.open_editor(card_id)

    def delete(self) -> None:
        card_id = selected_id(self.table)
        card = self.state.profile.card(card_id) if card_id else None
        if card is None:
            return
        users = self.state.profile.accounts_using_card(card.id)
        question = _("Delete the card “{card}” (…{last4})?").format(
            card=card.display_name, last4=card.last4
        )
        if users:
            question += "\n\n" + _(
                "{accounts} will no longer list it as a payment method, and payments charged "
                "to it will have no card."
            ).format(accounts=", ".join(a.display_name for a in users))
        answer = QMessageBox.question(
            self,
            _("Delete card"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.state.apply(lambda ws: editing.delete_item(ws, "cards", card.id))

    def show_target(self, target: Target) -> None:
        if target.item and select_id(self.table, target.item):
            self.open_editor(target.item, target.field or "expires")
