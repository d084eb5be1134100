"""Step 3: the account's cards and payment methods current, payments due soon confirmed or paid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.model import Card, Payment, PaymentMethod, PaymentMethodType, Role
from accountwatch.core.problems import ProfileError
from accountwatch.core.weekly import Question, Step, payments_to_confirm
from accountwatch.i18n import _, format_money, format_month, join_list
from accountwatch.services import editing, weekly
from accountwatch.services.windows import COMING_UP_DAYS
from accountwatch.services.wording import brand_words, days_until, due_words
from accountwatch.ui.common import FieldError, format_date, show_problems
from accountwatch.ui.dialogs.card_editor import too_many_digits
from accountwatch.ui.models_accounts import payment_type_text
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.month_input import MonthInput
from accountwatch.ui.wizard.base import Change, StepPage, group, muted_label

RED = QColor("#c62828")
GREEN = QColor("#2e7d32")


def card_text(card: Card) -> str:
    return f"{card.display_name} · {brand_words(card.brand)} ···· {card.last4}"


def method_text(method: PaymentMethod, cards: Mapping[str, Card]) -> str:
    text = payment_type_text(method.type)
    card = cards.get(method.card or "")
    if method.type == PaymentMethodType.CARD and card is not None:
        text = card_text(card)
    if not method.approved:
        text += " — " + _("not approved by the platform")
    return text


class ReplaceCardDialog(QDialog):
    """A card was replaced: the new card's last 4 digits and expiry month, same id and label."""

    def __init__(self, state: AppState, card: Card, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.card_id = card.id
        self.setWindowTitle(_("Replace card — {card}").format(card=card.display_name))
        self.setModal(True)
        self.setMinimumWidth(420)
        intro = muted_label(
            _(
                "The bank sent a new card for {card}: enter its last 4 digits and expiry "
                "month. Only the last 4 digits are kept, never the full number."
            ).format(card=card_text(card))
        )
        self.last4 = QLineEdit()
        self.last4.setPlaceholderText("1234")
        self.last4.setAccessibleName(_("New card's last 4 digits"))
        self.last4.setMaxLength(19)
        self.last4.textEdited.connect(self._check_last4)
        self.expires = MonthInput(_("New card's expiry month"))
        self.errors = {"last4": FieldError(), "expires": FieldError()}
        self.general_error = FieldError()
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        edit: QWidget
        for key, label, edit in (
            ("last4", _("Last 4 digits"), self.last4),
            ("expires", _("Expiry month"), self.expires),
        ):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(self.errors[key])
            form.addRow(label, box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(_("Save the new card"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.last4.setFocus()

    def _check_last4(self, text: str) -> None:
        # Refused at once and not even kept in the field: only 4 digits belong here.
        if too_many_digits(text):
            self.last4.clear()
            self.errors["last4"].show_message(
                _("Only the last 4 digits of a card are kept. Type just the last 4 digits.")
            )

    def save(self) -> None:
        card_id, last4, expires = self.card_id, self.last4.text(), self.expires.text()
        self.save_button.setEnabled(False)
        self.state.apply(
            lambda ws: weekly.replace_card(ws, card_id, last4, expires),
            lambda _profile: self.accept(),
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, ProfileError):
            self.state.failed.emit(exc)
            return
        show_problems(exc.problems, self.errors, self.general_error)


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(36)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fit_height(table: QTableWidget) -> None:
    # A short table shows all its rows without a scroll bar of its own.
    table.resizeRowsToContents()
    for row in range(table.rowCount()):
        widget = table.cellWidget(row, table.columnCount() - 1)
        if widget is not None:
            table.setRowHeight(row, max(table.rowHeight(row), widget.sizeHint().height() + 4))
    rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + max(rows, 30) + 2 * table.frameWidth())


def _buttons(*buttons: QPushButton) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(4, 1, 4, 1)
    row.setSpacing(6)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return box


class PaymentsStep(StepPage):
    def __init__(
        self,
        state: AppState,
        account_id: str,
        index: int,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, Step.PAYMENTS, account_id, index, count, parent)
        self.setTitle(_("{account}: cards and payments").format(account=self.account_name()))
        self.card_dialog: ReplaceCardDialog | None = None
        self.confirmed: set[str] = set()
        self.replace_buttons: dict[str, QPushButton] = {}
        self.confirm_buttons: dict[str, QPushButton] = {}
        self.paid_buttons: dict[str, QPushButton] = {}

        box, layout = group(_("Cards and payment methods"), Question.CARDS)
        self.cards = _table(
            [_("Card"), _("Expires"), _("Status"), ""], _("Cards this account pays with")
        )
        self.cards.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.no_cards = muted_label(_("This account pays with no card."))
        self.methods = QLabel()
        self.methods.setWordWrap(True)
        self.methods.setTextFormat(Qt.TextFormat.PlainText)
        for widget in (self.cards, self.no_cards, self.methods):
            layout.addWidget(widget)
        self.body.addWidget(box)

        box, layout = group(
            _("Payments due in the next {days} days").format(days=COMING_UP_DAYS),
            Question.PAYMENTS,
        )
        self.payments = _table(
            [_("Payment"), _("Amount"), _("Due"), _("Card"), ""], _("Payments due soon")
        )
        self.payments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.no_payments = muted_label(
            _("Nothing falls due in the next {days} days.").format(days=COMING_UP_DAYS)
        )
        self.note = muted_label()
        for widget in (self.payments, self.no_payments, self.note):
            layout.addWidget(widget)
        self.body.addWidget(box)
        self.deals_box, layout = group(_("Offers from suppliers"), Question.SUPPLIER_DEALS)
        self.asked_outside = QCheckBox(
            _("This week a supplier asked me to pay outside the platform")
        )
        self.below_market = QCheckBox(_("This week a supplier offered prices far below the market"))
        self.paid_outside = QCheckBox(_("I paid a supplier outside the platform"))
        self.paid_outside.setToolTip(
            _("Recorded as a payment method outside the platform, which the health check counts.")
        )
        self.deals_advice = muted_label(
            _(
                "Pay only through the platform (for example with Trade Assurance), never to a "
                "personal or overseas account a supplier names in a message; report the "
                "supplier to the platform. Far-below-market prices are a common lure."
            )
        )
        for choice in (self.asked_outside, self.below_market, self.paid_outside):
            choice.toggled.connect(self._show_deals_advice)
            layout.addWidget(choice)
        layout.addWidget(self.deals_advice)
        self.body.addWidget(self.deals_box)
        self.error = FieldError()
        self.body.addWidget(self.error)
        self.body.addStretch(1)

    def _show_deals_advice(self) -> None:
        ticked = (self.asked_outside, self.below_market, self.paid_outside)
        self.deals_advice.setVisible(any(box.isChecked() for box in ticked))

    # -- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        account = self.account()
        if account is None:
            return
        profile = self.state.profile
        self._show_cards(profile.cards_of(account))
        cards = {c.id: c for c in profile.cards}
        methods = [method_text(m, cards) for m in account.payment_methods]
        self.methods.setText(
            _("Payment methods: {methods}").format(methods=join_list(methods))
            if methods
            else _("No payment methods recorded.")
        )
        self._show_payments(
            payments_to_confirm(profile, account.id, self.state.today, COMING_UP_DAYS)
        )
        # Only buyers pay suppliers.
        self.deals_box.setVisible(account.role in (Role.BUYER, Role.BOTH))

    def _card_status(self, card: Card) -> tuple[str, QColor | None]:
        result = self.state.result
        account_result = result.assessment.account(self.account_id or "") if result else None
        findings = [
            f
            for f in (account_result.open_findings if account_result else ())
            if f.subject == f"card:{card.id}"
        ]
        if not findings:
            return "✓ " + _("Current"), GREEN
        worst = max(findings, key=lambda f: f.weight)
        return worst.message, RED

    def _show_cards(self, cards: list[Card]) -> None:
        self.cards.setRowCount(0)  # drops the old row buttons at once
        self.cards.setRowCount(len(cards))
        self.replace_buttons.clear()
        for row, card in enumerate(cards):
            self.cards.setItem(row, 0, _item(card_text(card)))
            self.cards.setItem(
                row,
                1,
                _item(
                    format_month(card.expires.year, card.expires.month),
                    _("Valid through {date}").format(date=format_date(card.valid_through)),
                ),
            )
            status, color = self._card_status(card)
            item = _item(status, status)
            if color is not None:
                item.setForeground(color)
            self.cards.setItem(row, 2, item)
            button = QPushButton(_("Replace card…"))
            button.setAccessibleName(_("Replace card {card}").format(card=card.display_name))
            button.setToolTip(_("Enter the new card's last 4 digits and expiry month."))
            button.clicked.connect(lambda _checked=False, c=card: self.replace_card(c))
            self.cards.setCellWidget(row, 3, _buttons(button))
            self.replace_buttons[card.id] = button
        self.cards.setVisible(bool(cards))
        self.no_cards.setVisible(not cards)
        _fit_height(self.cards)

    def _show_payments(self, payments: list[Payment]) -> None:
        today = self.state.today
        cards = {c.id: c for c in self.state.profile.cards}
        self.payments.setRowCount(0)
        self.payments.setRowCount(len(payments))
        self.confirm_buttons.clear()
        self.paid_buttons.clear()
        for row, payment in enumerate(payments):
            # The one amount format of the language, as on the Payments page: ¥12,000.
            amount = (
                format_money(payment.amount, payment.currency)
                if payment.amount is not None
                else "—"
            )
            due = due_words(payment.due, today)
            card = cards.get(payment.card or "")
            self.payments.setItem(row, 0, _item(payment.display_name))
            self.payments.setItem(row, 1, _item(amount))
            due_item = _item(due)
            if days_until(payment.due, today) < 0:
                due_item.setForeground(RED)
            self.payments.setItem(row, 2, due_item)
            self.payments.setItem(row, 3, _item(card.display_name if card else "—"))
            confirm = QPushButton()
            confirm.setToolTip(_("It will be paid on time as it is: nothing changes."))
            confirm.clicked.connect(lambda _checked=False, p=payment.id: self.confirm(p))
            paid = QPushButton(_("Mark paid"))
            paid.setAccessibleName(_("Mark {payment} paid").format(payment=payment.display_name))
            paid.setToolTip(_("Record that it was paid today."))
            paid.clicked.connect(lambda _checked=False, p=payment.id: self.mark_paid(p))
            self._show_confirmed(confirm, payment)
            self.payments.setCellWidget(row, 4, _buttons(confirm, paid))
            self.confirm_buttons[payment.id] = confirm
            self.paid_buttons[payment.id] = paid
        self.payments.setVisible(bool(payments))
        self.no_payments.setVisible(not payments)
        _fit_height(self.payments)

    def _show_confirmed(self, button: QPushButton, payment: Payment) -> None:
        done = payment.id in self.confirmed
        button.setText("✓ " + _("Confirmed") if done else _("Confirm"))
        button.setEnabled(not done)
        button.setAccessibleName(
            _("{payment}: confirmed").format(payment=payment.display_name)
            if done
            else _("Confirm {payment}").format(payment=payment.display_name)
        )

    # -- acting ---------------------------------------------------------------------------

    def replace_card(self, card: Card) -> None:
        self.card_dialog = ReplaceCardDialog(self.state, card, self)
        self.card_dialog.open()

    def confirm(self, payment_id: str) -> None:
        self.confirmed.add(payment_id)
        self.refresh()

    def mark_paid(self, payment_id: str) -> None:
        today = self.state.today
        name = next(
            (p.display_name for p in self.state.profile.payments if p.id == payment_id), payment_id
        )
        self.error.show_message("")

        def done(_profile: object) -> None:
            self.note.setText("✓ " + _("{payment} marked paid today.").format(payment=name))
            self.note.show()

        self.state.apply(lambda ws: editing.mark_paid(ws, payment_id, today), done, self.show_error)

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, ProfileError):
            self.error.show_message("\n".join(str(p).lstrip(": ") for p in exc.problems))
        else:
            self.state.failed.emit(exc)

    # -- answers --------------------------------------------------------------------------

    def reset_answers(self) -> None:
        self.confirmed = set()
        self.note.clear()
        self.note.hide()
        for box in (self.asked_outside, self.below_market, self.paid_outside):
            box.setChecked(False)
        self._show_deals_advice()

    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {"confirmed": sorted(self.confirmed)} if self.confirmed else {}
        for key, box in self._deal_boxes().items():
            if box.isChecked():
                answers[key] = True
        return answers

    def restore(self, answers: Mapping[str, Any]) -> None:
        confirmed = answers.get("confirmed", [])
        if isinstance(confirmed, list):
            self.confirmed = {str(x) for x in confirmed}
        for key, box in self._deal_boxes().items():
            box.setChecked(bool(answers.get(key, False)))

    def _deal_boxes(self) -> dict[str, QCheckBox]:
        return {
            "asked_outside": self.asked_outside,
            "below_market": self.below_market,
            "paid_outside": self.paid_outside,
        }

    def change(self) -> Change | None:
        account = self.account()
        if account is None or not self.paid_outside.isChecked():
            return None
        if any(m.type == PaymentMethodType.OFF_PLATFORM for m in account.payment_methods):
            return None  # already on record
        account_id = account.id
        return lambda ws: weekly.record_paid_off_platform(ws, account_id)
