"""The card editor: label, brand, the last 4 digits and the expiry month — never a full number."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from accountwatch.core.cardnumbers import find_card_number
from accountwatch.core.model import CardBrand, CardHolder
from accountwatch.i18n import _
from accountwatch.services.wording import brand_words
from accountwatch.ui.common import FieldError, field_box, text_line
from accountwatch.ui.dialogs.derived_id import DerivedIdEditor
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.month_input import MonthInput


def holder_words(holder: CardHolder) -> str:
    return {
        CardHolder.COMPANY: _("The company"),
        CardHolder.REPRESENTATIVE: _("The representative"),
        CardHolder.EMPLOYEE: _("An employee"),
        CardHolder.OTHER: _("Someone outside the company"),
    }[holder]


def too_many_digits(text: str) -> bool:
    """More than the last 4 digits, or anything that looks like a whole card number."""
    return sum(c.isdigit() for c in text) > 4 or find_card_number(text)


class CardEditor(DerivedIdEditor):
    """Adds a card (card_id None) or edits one; `saved` carries the id once it is stored."""

    collection = "cards"

    def __init__(
        self,
        state: AppState,
        card_id: str | None,
        parent: QWidget | None = None,
        *,
        focus: str | None = None,
    ) -> None:
        super().__init__(state, card_id, parent)
        self.setWindowTitle(_("Edit card") if card_id else _("Add card"))
        self.setMinimumWidth(440)

        # The id is made from the label (a new card) and sits folded under "Advanced".
        self.make_id_field(c.id for c in state.profile.cards)
        self.label_edit = text_line(str(self.base.get("label", "")))
        self.label_edit.setPlaceholderText(_("e.g. Company Visa"))
        self.brand = QComboBox()
        for brand in CardBrand:
            self.brand.addItem(brand_words(brand), brand.value)
        self.brand.setCurrentIndex(max(0, self.brand.findData(self.base.get("brand", "other"))))
        self.last4 = QLineEdit(str(self.base.get("last4", "")))
        self.last4.setPlaceholderText("1234")
        self.last4.setToolTip(_("Only the last 4 digits; the full card number is never kept."))
        self.last4.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 24)
        self.last4.textEdited.connect(self._check_last4)
        self.expires = MonthInput(_("Expiry month"))
        self.expires.set_month(str(self.base.get("expires", "")))
        self.holder = QComboBox()
        for holder in CardHolder:
            self.holder.addItem(holder_words(holder), holder.value)
        self.holder.setCurrentIndex(
            max(0, self.holder.findData(self.base.get("holder", "company")))
        )
        self.holder.setToolTip(
            _(
                "Whose name is on the card. Platforms expect the company's own card; paying "
                "with someone else's card can freeze the account."
            )
        )

        keys = ("id", "label", "brand", "holder", "last4", "expires")
        self.errors = {key: FieldError() for key in keys}
        self.fields = {
            "id": self.id_edit,
            "label": self.label_edit,
            "brand": self.brand,
            "holder": self.holder,
            "last4": self.last4,
            "expires": self.expires,
        }
        names = {
            "id": _("Id"),
            "label": _("Label"),
            "brand": _("Brand"),
            "holder": _("Card in the name of"),
            "last4": _("Last 4 digits"),
            "expires": _("Expiry month"),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        advanced_form = QFormLayout()
        advanced_form.setContentsMargins(18, 0, 0, 0)
        for key, widget in self.fields.items():
            if key != "expires":  # the month input names its own field
                widget.setAccessibleName(names[key])
            box, column = field_box()
            column.addWidget(widget)
            if key == "last4":
                hint = QLabel(_("Only the last 4 digits are kept, never the full card number."))
                hint.setWordWrap(True)
                hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                column.addWidget(hint)
                self.last4_hint = hint
            column.addWidget(self.errors[key])
            (advanced_form if key == "id" else form).addRow(names[key], box)
        advanced_box = QWidget()
        advanced_box.setLayout(advanced_form)
        self.make_advanced(advanced_box)
        form.addRow(self.advanced)

        self.finish(form, _("Save the card"))
        self.follow(
            self.label_edit.textEdited, self.brand.currentIndexChanged, self.last4.textEdited
        )
        self.focus_on(focus or "label")

    def id_source(self) -> tuple[str, str]:
        fallback = f"{self.brand.currentData()}-{self.last4.text().strip()}".strip("-")
        return self.label_edit.text(), fallback

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

    def document(self) -> dict[str, Any]:
        """The card as typed, on top of the stored one (an empty label left out)."""
        doc = dict(self.base)
        doc["id"] = self.id_edit.text().strip()
        doc["brand"] = str(self.brand.currentData())
        holder = str(self.holder.currentData())
        if holder == CardHolder.COMPANY.value:  # the default: written only when it differs
            doc.pop("holder", None)
        else:
            doc["holder"] = holder
        doc["last4"] = self.last4.text().strip()
        doc["expires"] = self.expires.text().strip()
        label = self.label_edit.text().strip()
        if label:
            doc["label"] = label
        else:
            doc.pop("label", None)
        return doc
