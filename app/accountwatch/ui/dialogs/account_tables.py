"""The editor's list sections: payment methods, listings and penalties, each a small table."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from accountwatch.core.model import PaymentMethodType, PenaltyKind
from accountwatch.core.problems import Problem
from accountwatch.i18n import _
from accountwatch.ui.common import FieldError
from accountwatch.ui.dialogs.account_section import Section
from accountwatch.ui.models_accounts import payment_type_text, penalty_kind_text
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.account_fields import MAX_COUNT, EnumCombo
from accountwatch.ui.widgets.date_input import DateInput, cell_width

_ROW_PATH = re.compile(r"(payment_methods|listings|penalties)\[(\d+)\](?:\.(\w+))?")


def _column_words() -> dict[str, str]:
    return {
        "type": _("type"),
        "card": _("card"),
        "approved": _("approved"),
        "title": _("title"),
        "description": _("description"),
        "date": _("date"),
        "points": _("points"),
        "kind": _("kind"),
        "serious": _("serious"),
        "note": _("note"),
    }


def with_row(problem: Problem) -> Problem:
    """A problem in a table row told with the row's number, as the user sees the table."""
    found = _ROW_PATH.match(problem.path)
    if found is None:
        return problem
    row = int(found[2]) + 1
    column = _column_words().get(found[3] or "", found[3] or "")
    if column:
        message = _("Row {row}, {column}: {message}").format(
            row=row, column=column, message=problem.message
        )
    else:
        message = _("Row {row}: {message}").format(row=row, message=problem.message)
    return Problem(problem.path, message)


def _text_item(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


def _check_item(checked: bool, name: str) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(
        Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    )
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
    return item


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


def _checked(table: QTableWidget, row: int, column: int) -> bool:
    item = table.item(row, column)
    return item is not None and item.checkState() == Qt.CheckState.Checked


class TableSection(Section):
    """A table of rows with Add and Remove buttons and one error line for the whole list."""

    path = ""

    def __init__(self, title: str, intro: str, headers: list[str], add_text: str) -> None:
        super().__init__(title, intro)
        self.table = QTableWidget(0, len(headers))
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setTabKeyNavigation(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.layout_.addWidget(self.table, 1)
        self.error = FieldError()
        self.layout_.addWidget(self.error)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text)
        self.add_button.setAccessibleName(add_text.rstrip("…"))
        self.add_button.clicked.connect(self.add_empty_row)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove the selected row"))
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.register(self.path, self.error, self.table)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.table.currentRow() >= 0)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
        self._selection_changed()

    def add_empty_row(self) -> None:
        self.add_row({})
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()

    def focus_widget(self, field: str) -> QWidget | None:
        """The table, with the row a path such as `listings[2].title` names selected."""
        found = _ROW_PATH.match(field)
        if found is not None and int(found[2]) < self.table.rowCount():
            self.table.setCurrentCell(int(found[2]), 0)
        return self.table

    def add_row(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def row_value(self, row: int) -> dict[str, Any] | None:
        raise NotImplementedError

    def load(self, doc: dict[str, Any]) -> None:
        self.table.setRowCount(0)
        for values in doc.get(self.path, []):
            self.add_row(values)
        self._selection_changed()

    def store(self, doc: dict[str, Any]) -> None:
        values = [self.row_value(row) for row in range(self.table.rowCount())]
        kept = [value for value in values if value is not None]
        if kept:
            doc[self.path] = kept
        else:
            doc.pop(self.path, None)


class PaymentMethodsSection(TableSection):
    path = "payment_methods"

    def __init__(self, state: AppState) -> None:
        super().__init__(
            _("Payment methods"),
            _(
                "How the account pays. Off-platform payments the platform did not approve "
                "void its buyer protection and can get an account restricted."
            ),
            [_("Type"), _("Card"), _("Approved by the platform")],
            _("Add payment method"),
        )
        self._cards = [
            (
                _("{label} (…{last4})").format(label=card.display_name, last4=card.last4),
                card.id,
            )
            for card in state.profile.cards
        ]
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def add_row(self, values: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        kind = EnumCombo(_("Payment type"), PaymentMethodType, payment_type_text)
        kind.set_value(values.get("type", PaymentMethodType.CARD.value))
        card = QComboBox()
        card.setAccessibleName(_("Card"))
        card.addItem("—", None)
        for text, card_id in self._cards:
            card.addItem(text, card_id)
        index = card.findData(values.get("card"))
        card.setCurrentIndex(max(index, 0))
        self.table.setCellWidget(row, 0, kind)
        self.table.setCellWidget(row, 1, card)
        approved = values.get("approved", values.get("type") != PaymentMethodType.OFF_PLATFORM)
        self.table.setItem(row, 2, _check_item(bool(approved), _("Approved by the platform")))
        kind.currentIndexChanged.connect(lambda: self._type_changed(kind, card))
        self._type_changed(kind, card, initial=True)

    def _type_changed(self, kind: EnumCombo[Any], card: QComboBox, initial: bool = False) -> None:
        is_card = kind.value() == PaymentMethodType.CARD.value
        card.setEnabled(is_card)
        if not is_card:
            card.setCurrentIndex(0)
        elif card.currentIndex() == 0 and card.count() > 1 and not initial:
            card.setCurrentIndex(1)
        if initial:
            return
        # Each type's usual approval; the user can still change it.
        row = next(r for r in range(self.table.rowCount()) if self.table.cellWidget(r, 0) is kind)
        approved = kind.value() != PaymentMethodType.OFF_PLATFORM.value
        self.table.setItem(row, 2, _check_item(approved, _("Approved by the platform")))

    def add_empty_row(self) -> None:
        super().add_empty_row()
        row = self.table.rowCount() - 1
        kind = self.table.cellWidget(row, 0)
        card = self.table.cellWidget(row, 1)
        if isinstance(card, QComboBox) and card.count() > 1:
            card.setCurrentIndex(1)
        if kind is not None:
            kind.setFocus()

    def row_value(self, row: int) -> dict[str, Any] | None:
        kind = self.table.cellWidget(row, 0)
        card = self.table.cellWidget(row, 1)
        assert isinstance(kind, EnumCombo) and isinstance(card, QComboBox)
        value: dict[str, Any] = {"type": kind.value()}
        if kind.value() == PaymentMethodType.CARD.value and card.currentData() is not None:
            value["card"] = card.currentData()
        value["approved"] = _checked(self.table, row, 2)
        return value


class ListingsSection(TableSection):
    path = "listings"

    def __init__(self) -> None:
        super().__init__(
            _("Listings"),
            _(
                "Titles and descriptions of what the account sells, checked for counterfeit and "
                "unsafe goods, other brands, inappropriate wording, exaggerated claims and "
                "excessive promotion. Double-click a cell to edit it."
            ),
            [_("Title"), _("Description")],
            _("Add listing"),
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 280)
        self.table.setWordWrap(True)

    def add_row(self, values: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, _text_item(values.get("title", "")))
        self.table.setItem(row, 1, _text_item(values.get("description", "")))

    def add_empty_row(self) -> None:
        super().add_empty_row()
        item = self.table.item(self.table.rowCount() - 1, 0)
        if item is not None:
            self.table.editItem(item)

    def row_value(self, row: int) -> dict[str, Any] | None:
        title, description = _text(self.table, row, 0), _text(self.table, row, 1)
        if not title and not description:
            return None
        value = {"title": title} if title else {}
        if description:
            value["description"] = description
        return value


class PenaltiesSection(TableSection):
    path = "penalties"

    def __init__(self, state: AppState) -> None:
        self._state = state
        super().__init__(
            _("Penalties"),
            _(
                "Penalty points and strikes the platform gave this account. Points add up "
                "over a year; intellectual-property strikes count on their own."
            ),
            [_("Date"), _("Points"), _("Kind"), _("Serious"), _("Note")],
            _("Add penalty"),
        )
        header = self.table.horizontalHeader()
        for column, width in enumerate((cell_width(self.fontMetrics()), 90, 190, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def add_row(self, values: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        date = DateInput(
            _("Date of the notice"),
            lambda: self._state.today,
            today_button=False,
            show_words=False,
        )
        date.set_date(str(values.get("date", "")))
        self.table.setCellWidget(row, 0, date)
        points = QSpinBox()
        points.setRange(0, MAX_COUNT)
        points.setAccessibleName(_("Points"))
        points.setValue(int(values.get("points", 0)))
        self.table.setCellWidget(row, 1, points)
        kind = EnumCombo(_("Penalty kind"), PenaltyKind, penalty_kind_text)
        kind.set_value(values.get("kind", PenaltyKind.GENERAL.value))
        self.table.setCellWidget(row, 2, kind)
        self.table.setItem(row, 3, _check_item(bool(values.get("serious", False)), _("Serious")))
        self.table.setItem(row, 4, _text_item(values.get("note", "")))

    def add_empty_row(self) -> None:
        super().add_empty_row()
        date = self.table.cellWidget(self.table.rowCount() - 1, 0)
        if date is not None:
            date.setFocus()

    def row_value(self, row: int) -> dict[str, Any] | None:
        date = self.table.cellWidget(row, 0)
        points = self.table.cellWidget(row, 1)
        kind = self.table.cellWidget(row, 2)
        assert isinstance(date, DateInput)
        assert isinstance(points, QSpinBox) and isinstance(kind, EnumCombo)
        value: dict[str, Any] = {"date": date.text()} if date.text() else {}
        value |= {
            "points": points.value(),
            "kind": kind.value(),
            "serious": _checked(self.table, row, 3),
        }
        note = _text(self.table, row, 4)
        if note:
            value["note"] = note
        return value
