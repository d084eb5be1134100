"""The card editor: label, brand, the last 4 digits and the expiry month — never a full number."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.cardnumbers import find_card_number
from accountwatch.core.model import CardBrand, YearMonth
from accountwatch.core.profile_io import ProfileError
from accountwatch.i18n import _
from accountwatch.services import editing
from accountwatch.ui.common import FieldError, show_problems
from accountwatch.ui.state import AppState

_MONTH = re.compile(r"\d{4}-\d{2}")


def brand_name(brand: CardBrand) -> str:
    return {
        CardBrand.VISA: "Visa",
        CardBrand.MASTERCARD: "Mastercard",
        CardBrand.JCB: "JCB",
        CardBrand.AMEX: "American Express",
        CardBrand.UNIONPAY: "UnionPay",
        CardBrand.DINERS: "Diners Club",
        CardBrand.DISCOVER: "Discover",
        CardBrand.OTHER: _("Other"),
    }[brand]


def too_many_digits(text: str) -> bool:
    """More than the last 4 digits, or anything that looks like a whole card number."""
    return sum(c.isdigit() for c in text) > 4 or find_card_number(text)


class CardEditor(QDialog):
    """Adds a card (card_id None) or edits one; `saved` carries the id once it is stored."""

    saved = Signal(str)

    def __init__(
        self,
        state: AppState,
        card_id: str | None,
        parent: QWidget | None = None,
        *,
        focus: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.card_id = card_id
        self.base: dict[str, Any] = (
            editing.item_document(state.profile, "cards", card_id) if card_id else {}
        )
        self.setWindowTitle(_("Edit card") if card_id else _("Add card"))
        self.setMinimumWidth(440)

        self.id_edit = QLineEdit(str(self.base.get("id", "")))
        self.id_edit.setPlaceholderText(_("e.g. visa-main"))
        self.id_edit.setToolTip(
            _("A short name for files and references: lower-case letters, digits, . _ -")
        )
        self.label_edit = QLineEdit(str(self.base.get("label", "")))
        self.label_edit.setPlaceholderText(_("e.g. Company Visa"))
        self.brand = QComboBox()
        for brand in CardBrand:
            self.brand.addItem(brand_name(brand), brand.value)
        self.brand.setCurrentIndex(max(0, self.brand.findData(self.base.get("brand", "other"))))
        self.last4 = QLineEdit(str(self.base.get("last4", "")))
        self.last4.setPlaceholderText("1234")
        self.last4.setToolTip(_("Only the last 4 digits; the full card number is never kept."))
        self.last4.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 24)
        self.last4.textEdited.connect(self._check_last4)
        self.expires = QLineEdit(str(self.base.get("expires", "")))
        self.expires.setPlaceholderText(_("YYYY-MM"))
        self.expires.setToolTip(
            _("The month printed on the card; it is valid through its last day.")
        )
        self.expires.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00000") + 24)
        self.valid_through = QLabel()
        self.valid_through.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.expires.textChanged.connect(self._show_valid_through)

        self.errors = {key: FieldError() for key in ("id", "label", "brand", "last4", "expires")}
        self.general_error = FieldError()
        self.fields: dict[str, QWidget] = {
            "id": self.id_edit,
            "label": self.label_edit,
            "brand": self.brand,
            "last4": self.last4,
            "expires": self.expires,
        }
        names = {
            "id": _("Id"),
            "label": _("Label"),
            "brand": _("Brand"),
            "last4": _("Last 4 digits"),
            "expires": _("Expiry month"),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, widget in self.fields.items():
            widget.setAccessibleName(names[key])
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            if key == "expires":
                column.addWidget(self.valid_through)
            if key == "last4":
                hint = QLabel(_("Only the last 4 digits are kept, never the full card number."))
                hint.setWordWrap(True)
                hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                column.addWidget(hint)
            column.addWidget(self.errors[key])
            form.addRow(names[key], box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(_("Save the card"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._show_valid_through()
        self.focus_on(focus or ("label" if card_id else "id"))

    def focus_on(self, key: str) -> None:
        widget = self.fields.get(key, self.id_edit)
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def _check_last4(self, text: str) -> None:
        # Refused at once and never kept, not even in the field: only 4 digits belong here.
        if too_many_digits(text):
            self.last4.clear()
            self.errors["last4"].show_message(
                _(
                    "Only the last 4 digits of a card are kept — never the full card number. "
                    "Type just the last 4 digits."
                )
            )
        elif len(text) == 4 and text.isdigit():
            self.errors["last4"].show_message("")

    def _show_valid_through(self) -> None:
        text = self.expires.text().strip()
        try:
            valid = YearMonth.parse(text).valid_through if _MONTH.fullmatch(text) else None
        except ValueError:
            valid = None
        self.valid_through.setText(
            _("Valid through {date}").format(date=valid.isoformat()) if valid else ""
        )
        self.valid_through.setVisible(valid is not None)

    def document(self) -> dict[str, Any]:
        """The card as typed, on top of the stored one (an empty label left out)."""
        doc = dict(self.base)
        doc["id"] = self.id_edit.text().strip()
        doc["brand"] = str(self.brand.currentData())
        doc["last4"] = self.last4.text().strip()
        doc["expires"] = self.expires.text().strip()
        label = self.label_edit.text().strip()
        if label:
            doc["label"] = label
        else:
            doc.pop("label", None)
        return doc

    def save(self) -> None:
        doc = self.document()
        self.save_button.setEnabled(False)
        self.state.apply(
            lambda ws: editing.put_item(ws, "cards", doc, replacing=self.card_id),
            lambda _profile: self._saved(doc["id"]),
            self._failed,
        )

    def _saved(self, card_id: str) -> None:
        self.saved.emit(card_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, ProfileError):
            self.state.failed.emit(exc)
            return
        shown = show_problems(exc.problems, self.errors, self.general_error)
        for key, error in self.errors.items():
            if error is shown:
                self.focus_on(key)
