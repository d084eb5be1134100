"""The payment editor: account, amount and currency, due date, card and how it repeats."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from accountwatch.i18n import N_, _, format_month
from accountwatch.ui.common import FieldError, field_box, text_line
from accountwatch.ui.dialogs.derived_id import DerivedIdEditor
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.date_input import DateInput

COMMON_CURRENCIES = ("JPY", "USD", "CNY", "EUR", "GBP", "HKD", "KRW", "TWD", "SGD", "AUD")
CUSTOM = "custom"
# (stored RRULE, words); None: a one-off payment.
PRESETS: tuple[tuple[str | None, str], ...] = (
    (None, N_("Does not repeat")),
    ("FREQ=WEEKLY", N_("Weekly")),
    ("FREQ=MONTHLY", N_("Monthly")),
    ("FREQ=MONTHLY;INTERVAL=3", N_("Every 3 months")),
    ("FREQ=YEARLY", N_("Yearly")),
)


class PaymentEditor(DerivedIdEditor):
    """Adds a payment (payment_id None) or edits one; `saved` carries the id once stored."""

    collection = "payments"

    def __init__(
        self,
        state: AppState,
        payment_id: str | None,
        parent: QWidget | None = None,
        *,
        focus: str | None = None,
    ) -> None:
        super().__init__(state, payment_id, parent)
        profile = state.profile
        self.setWindowTitle(_("Edit payment") if payment_id else _("Add payment"))
        self.setMinimumWidth(480)
        base = self.base

        # The id is made from the description (a new payment) and sits folded under "Advanced",
        # as in the account and card editors.
        self.make_id_field(p.id for p in profile.payments)
        self.account = QComboBox()
        for account in profile.accounts:
            self.account.addItem(account.display_name, account.id)
        self.account.setCurrentIndex(max(0, self.account.findData(base.get("account"))))
        self.description = text_line(str(base.get("description", "")))
        self.description.setPlaceholderText(_("e.g. Gold Supplier membership"))
        self.amount = QLineEdit(str(base.get("amount", "")))
        self.amount.setPlaceholderText("2999.00")
        self.amount.setToolTip(
            _("Digits and an optional decimal point, without thousands separators.")
        )
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(COMMON_CURRENCIES)
        self.currency.setCurrentText(str(base.get("currency", "")))
        self.currency.setToolTip(_("ISO 4217 code, e.g. JPY, USD, CNY"))
        self.due = DateInput(_("Next due date"), lambda: state.today, optional=False)
        self.due.set_date(str(base.get("due") or state.today.isoformat()))
        self.card = QComboBox()
        self.card.addItem(_("(no card)"), "")
        for card in profile.cards:
            text = _("{card} (…{last4}, expires {month})").format(
                card=card.display_name,
                last4=card.last4,
                month=format_month(card.expires.year, card.expires.month),
            )
            if card.valid_through < state.today:
                text = _("{card} — expired").format(card=text)
            self.card.addItem(text, card.id)
        self.card.setCurrentIndex(max(0, self.card.findData(base.get("card", ""))))
        self.repeat = QComboBox()
        for rule, words in PRESETS:
            self.repeat.addItem(_(words), rule)
        self.repeat.addItem(_("Custom RRULE…"), CUSTOM)
        self.custom_rule = QLineEdit()
        self.custom_rule.setPlaceholderText(_("e.g. FREQ=MONTHLY;BYMONTHDAY=25"))
        self.custom_rule.setToolTip(_("An RFC 5545 recurrence rule"))
        stored_rule = base.get("repeat")
        preset = self.repeat.findData(stored_rule)
        if stored_rule is None:
            self.repeat.setCurrentIndex(0)
        elif preset >= 0:
            self.repeat.setCurrentIndex(preset)
        else:
            self.repeat.setCurrentIndex(self.repeat.count() - 1)
            self.custom_rule.setText(str(stored_rule))
        self.repeat.currentIndexChanged.connect(self._show_custom)

        self.fields = {
            "description": self.description,
            "account": self.account,
            "amount": self.amount,
            "currency": self.currency,
            "due": self.due,
            "card": self.card,
            "repeat": self.repeat,
            "id": self.id_edit,
        }
        names = {
            "id": _("Id"),
            "account": _("Account"),
            "description": _("Description"),
            "amount": _("Amount"),
            "currency": _("Currency"),
            "due": _("Next due date"),
            "card": _("Card"),
            "repeat": _("Repeats"),
        }
        self.errors = {key: FieldError() for key in self.fields}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        advanced_form = QFormLayout()
        advanced_form.setContentsMargins(18, 0, 0, 0)
        for key, widget in self.fields.items():
            if key != "due":  # the date input names its own field
                widget.setAccessibleName(names[key])
            if key == "currency":  # shares the amount's row
                continue
            box, column = field_box()
            if key == "amount":
                pair = QHBoxLayout()
                pair.addWidget(self.amount, 1)
                pair.addWidget(self.currency)
                column.addLayout(pair)
            else:
                column.addWidget(widget)
            if key == "repeat":
                self.custom_rule.setAccessibleName(_("Custom recurrence rule"))
                column.addWidget(self.custom_rule)
            column.addWidget(self.errors[key])
            if key == "amount":
                column.addWidget(self.errors["currency"])
            (advanced_form if key == "id" else form).addRow(names[key], box)
        advanced_box = QWidget()
        advanced_box.setLayout(advanced_form)
        self.make_advanced(advanced_box)
        form.addRow(self.advanced)

        self.finish(form, _("Save the payment"))
        self._show_custom()
        self.follow(self.description.textEdited, self.account.currentIndexChanged)
        self._derive_id()
        self.focus_on(focus or "description")

    def id_source(self) -> tuple[str, str]:
        return self.description.text(), f"{self.account.currentData() or ''}-payment".strip("-")

    def _show_custom(self) -> None:
        custom = self.repeat.currentData() == CUSTOM
        self.custom_rule.setVisible(custom)
        if custom:
            self.custom_rule.setFocus()

    def focus_widget(self, key: str) -> QWidget:
        if key == "repeat" and self.repeat.currentData() == CUSTOM:
            return self.custom_rule
        return super().focus_widget(key)

    def chosen_rule(self) -> str | None:
        data = self.repeat.currentData()
        if data == CUSTOM:
            return self.custom_rule.text().strip()
        return str(data) if data else None

    def document(self) -> dict[str, Any]:
        """The payment as typed, on top of the stored one (empty optional fields left out)."""
        doc = dict(self.base)
        due = self.due.text()
        rule = self.chosen_rule()
        # A new rule or due date starts a new series: the old anchor no longer applies.
        if rule != self.base.get("repeat") or due != self.base.get("due"):
            doc.pop("repeat_start", None)
        values: dict[str, Any] = {
            "id": self.id_edit.text().strip(),
            "account": str(self.account.currentData() or ""),
            "description": self.description.text().strip(),
            "amount": self.amount.text().strip(),
            "currency": self.currency.currentText().strip(),
            "due": due,
            "card": str(self.card.currentData() or ""),
            "repeat": rule,
        }
        for key, value in values.items():
            if value is None or (value == "" and key not in ("id", "account", "repeat")):
                doc.pop(key, None)
            else:
                doc[key] = value
        return doc
