"""The Payments page: what is due when, its status, "Mark paid" and the paid instalments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.dates import next_due_after
from accountwatch.core.findings import Finding
from accountwatch.core.model import Payment, Profile
from accountwatch.i18n import _, format_date, format_money, ngettext
from accountwatch.services import collector
from accountwatch.services.status import (
    PaymentStatus,
    payment_findings,
    payment_status,
    payment_status_words,
)
from accountwatch.ui.common import (
    BLUE,
    GREEN,
    ORANGE,
    RED,
    FieldError,
    combo_width,
    field_box,
    finding_lines,
    plain_label,
)
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.date_input import DateInput
from accountwatch.ui.widgets.page import page_column, page_header
from accountwatch.ui.widgets.row_model import Made, Row, RowModel, kept_row
from accountwatch.ui.widgets.table import (
    MiddleElideDelegate,
    fit_columns,
    item_buttons,
    make_table,
    select_id,
    selected_id,
)

if TYPE_CHECKING:
    from accountwatch.ui.dialogs.payment_editor import PaymentEditor

ALL = ""


STATUS_COLORS = {
    PaymentStatus.OVERDUE: RED,
    PaymentStatus.DUE_SOON: ORANGE,
    PaymentStatus.UPCOMING: BLUE,
}


def status_color(status: PaymentStatus) -> QColor:
    return STATUS_COLORS.get(status, GREEN)


def repeat_words(rule: str | None) -> str:
    """Plain words for the common rules ("Monthly", "Every 3 months"); the RRULE otherwise."""
    if not rule:
        return _("Once")
    parts = dict(part.partition("=")[::2] for part in rule.upper().split(";") if part)
    if not set(parts) <= {"FREQ", "INTERVAL"} or not parts.get("INTERVAL", "1").isdigit():
        return rule
    every = int(parts.get("INTERVAL", "1"))
    words = {
        "DAILY": (_("Daily"), ngettext("Every {n} day", "Every {n} days", every)),
        "WEEKLY": (_("Weekly"), ngettext("Every {n} week", "Every {n} weeks", every)),
        "MONTHLY": (_("Monthly"), ngettext("Every {n} month", "Every {n} months", every)),
        "YEARLY": (_("Yearly"), ngettext("Every {n} year", "Every {n} years", every)),
    }.get(parts.get("FREQ", ""))
    if words is None:
        return rule
    return words[0] if every == 1 else words[1].format(n=every)


def amount_text(payment: Payment) -> str:
    if payment.amount is None:
        return "—"
    return format_money(payment.amount, payment.currency)


def due_text(due: dt.date, paid_on: dt.date | None) -> str:
    if paid_on is None:
        return format_date(due)
    return _("{date} (paid {paid})").format(date=format_date(due), paid=format_date(paid_on))


def payment_filter(status: str, account: str) -> Callable[[Row], bool] | None:
    """Which rows show for one status and one account (ALL: any; None: every row)."""
    if status == ALL and account == ALL:
        return None

    def accepts(row: Row) -> bool:
        return status in (ALL, row.extra["status"]) and account in (ALL, row.extra["account"])

    return accepts


class MarkPaidDialog(QDialog):
    """Asks the day a payment was paid (default today) and says what happens next."""

    def __init__(self, payment: Payment, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mark paid"))
        # Paid today unless told otherwise; a payment is not paid in the future.
        self.date = DateInput(
            _("Paid on"),
            lambda: today,
            optional=False,
            today_button=False,
            latest=lambda: today,
        )
        self.date.set_date(today)
        self.date_error = FieldError()
        self.date.edit.textChanged.connect(self._check_date)
        intro = QLabel(
            _("“{payment}”, due on {date}.").format(
                payment=payment.display_name, date=format_date(payment.due)
            )
        )
        intro.setWordWrap(True)
        following = next_due_after(payment, payment.due) if payment.repeat else None
        if following is not None:
            note = _("It repeats: it will next be due on {date}.").format(
                date=format_date(following)
            )
        else:
            note = _("It does not repeat: it will be shown as paid.")
        after = QLabel(note)
        after.setWordWrap(True)
        after.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form = QFormLayout()
        form.addRow(_("Paid on"), field_box(self.date, self.date_error)[0])
        # Inside the dialog from the start: a default set on a button not yet in its dialog is
        # lost when the dialog is shown (Qt then picks the first button, Cancel).
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(
            _("Mark paid"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(after)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.date.setFocus()

    def _check_date(self) -> None:
        problem = self.date.problem()
        self.date_error.show_message(problem or "")
        self.ok_button.setEnabled(problem is None)

    def paid_on(self) -> dt.date:
        day = self.date.date()
        assert day is not None  # Mark paid is enabled only for a day
        return day


# What a payment's row is made of, by payment id, with the row: a row whose payment, names
# and finding are the ones it was made of is kept (an edit changes a few of 20,000).


def payment_rows(
    profile: Profile, findings: dict[str, Finding], before: Made | None = None
) -> tuple[list[Row], Made]:
    """The table's rows and what each was made of (pure: made on a worker thread); the rows
    in `before` whose payment, names and finding are unchanged are kept as they are."""
    rows = []
    made: Made = {}
    before = before or {}
    # Few distinct rules and statuses among thousands of payments: word each once.
    repeats: dict[str | None, str] = {}
    statuses = {status: payment_status_words(status) for status in PaymentStatus}
    ranks = {status: rank for rank, status in enumerate(PaymentStatus)}
    # Each account's and card's name made once, not once per payment (20,000 of them).
    account_names = {account.id: account.display_name for account in profile.accounts}
    card_names = {card.id: f"{card.display_name} …{card.last4}" for card in profile.cards}
    for payment in profile.payments:
        account_name = account_names.get(payment.account, payment.account)
        card_name = card_names.get(payment.card, "—") if payment.card else "—"
        finding = findings.get(f"payment:{payment.id}")
        same, equal = (payment, finding), (account_name, card_name)
        kept = kept_row(before, payment.id, same, equal)
        if kept is not None:
            rows.append(kept)
            made[payment.id] = (same, equal, kept)
            continue
        status = payment_status(payment, finding)
        row = Row(
            id=payment.id,
            cells=(
                # Made when shown: formatting 20,000 dates is slow.
                partial(due_text, payment.due, payment.paid_on),
                account_name,
                payment.display_name,
                partial(amount_text, payment),
                repeats.get(payment.repeat)
                or repeats.setdefault(payment.repeat, repeat_words(payment.repeat)),
                card_name,
                statuses[status],
            ),
            sort_keys=(
                payment.due,
                account_name.casefold(),
                payment.display_name.casefold(),
                # Amounts only compare within a currency.
                (payment.currency, payment.amount if payment.amount is not None else -1),
                payment.repeat or "",
                card_name.casefold(),
                ranks[status],
            ),
            badge=status_color(status),
            tooltips=(
                "",
                "",
                payment.id,
                "",
                payment.repeat or "",
                "",
                # Rendered when shown: the texts of thousands of findings are not read.
                partial(getattr, finding, "message") if finding else "",
            ),
            extra={"status": status.value, "account": payment.account},
        )
        rows.append(row)
        made[payment.id] = (same, equal, row)
    return rows, made


CARD_COLUMN = 5


class PaymentsPage(PageWidget):
    page = Page.PAYMENTS

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.editor: PaymentEditor | None = None
        self.mark_dialog: MarkPaidDialog | None = None
        self._generation = 0  # refreshes asked for; only the latest one's rows are shown
        self._chosen_next: str | None = None
        self._shown_generation = 0  # the refresh whose rows are on screen
        self._target: Target | None = None  # where "Fix…" leads once the rows are in
        self._made: Made = {}  # what each row shown was made of
        self._filter_accounts: list[tuple[str, str]] | None = None  # the account filter's items
        self.model = RowModel(
            [
                _("Due"),
                _("Account"),
                _("Description"),
                _("Amount"),
                _("Repeats"),
                _("Card"),
                _("Status"),
            ],
            right_aligned=(3,),
            run=state.tasks.run,
        )
        self.table = make_table(self.model, _("Payments"))
        # Narrowed before the description is: "Company Visa …4242" keeps its digits.
        self.table.setItemDelegateForColumn(CARD_COLUMN, MiddleElideDelegate(self.table))

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Show payments with status"))
        self.status_filter.addItem(_("All"), ALL)
        for status in PaymentStatus:
            self.status_filter.addItem(payment_status_words(status), status.value)
        self.account_filter = QComboBox()
        self.account_filter.setAccessibleName(_("Show payments of account"))
        # Room for "All accounts" whole (Japanese characters are three x's wide, which Qt
        # counts the contents length in), and for a label's first words: the toolbar must fit
        # a 1000 px window (the list opens as wide as the longest label).
        self.account_filter.setMinimumContentsLength(8)
        self.account_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.account_filter.addItem(_("All accounts"), ALL)
        self.account_filter.setMinimumWidth(combo_width(self.account_filter, _("All accounts")))
        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.account_filter.currentIndexChanged.connect(self._apply_filters)

        self.add_button, self.edit_button, self.delete_button = item_buttons(
            self.table,
            _("Add payment…"),
            (_("Add a payment"), _("Edit the selected payment"), _("Delete the selected payment")),
            self.add,
            self.edit,
            self.delete,
        )
        self.mark_button = QPushButton(_("Mark paid…"))
        self.mark_button.setAccessibleName(_("Mark the selected payment paid"))
        self.mark_button.setToolTip(_("Mark the selected payment paid"))
        self.mark_button.clicked.connect(self.mark_paid)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.delete_button)
        tools.addSpacing(12)
        tools.addWidget(self.mark_button)
        tools.addStretch(1)
        show_label = QLabel(_("Show:"))
        show_label.setBuddy(self.status_filter)
        tools.addWidget(show_label)
        tools.addWidget(self.status_filter)
        # "Show: [All] [All accounts]": one label for both filters leaves the account filter
        # room for its "All accounts" whole (in Japanese too) within a 1000 px window.
        tools.addWidget(self.account_filter)

        self.history = QTableWidget(0, 2)
        self.history.setHorizontalHeaderLabels([_("Instalment due"), _("Paid on")])
        self.history.setAccessibleName(_("Paid instalments"))
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().hide()
        self.history.setShowGrid(False)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.setMinimumHeight(90)
        self.history_note = QLabel()
        self.history_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.details = plain_label()
        history_heading = QLabel(_("Paid instalments"))
        bold = QFont(history_heading.font())
        bold.setBold(True)
        history_heading.setFont(bold)
        self.history_box = QGroupBox(_("Details"))
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.details)
        history_layout.addSpacing(4)
        history_layout.addWidget(history_heading)
        history_layout.addWidget(self.history_note)
        history_layout.addWidget(self.history, 100)
        history_layout.addStretch(1)  # packs the box's lines at the top when there is no table

        self.message = QLabel()
        self.message.setObjectName("paymentsMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(_("Last action"))
        self.message.hide()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = page_column(self)
        layout.addWidget(
            page_header(
                _("Payments"),
                _(
                    "Membership fees, service charges and deposits: paying late is one of the main "
                    "reasons accounts are frozen. Mark each one paid when it is; a repeating "
                    "payment moves on to its next due date."
                ),
            )
        )
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.refresh()
        self._selection_changed()

    def title(self) -> str:
        return _("Payments")

    def refresh(self) -> None:
        """Make the rows off the GUI thread (thousands of payments), then show them."""
        profile = self.state.profile
        result = self.state.result
        findings = payment_findings(result.assessment.findings) if result else {}
        self._fill_account_filter(profile)
        self._generation += 1
        generation = self._generation

        before = self._made

        def show(made: tuple[list[Row], Made]) -> None:
            if generation == self._generation:  # a later refresh supersedes this one
                rows, self._made = made
                self._show_rows(rows)

        def work() -> tuple[list[Row], Made]:
            # Twenty thousand rows made on a worker: a full cyclic collection there would hold
            # the GIL (and stall the GUI) for hundreds of milliseconds on a large profile.
            with collector.spared():
                return payment_rows(profile, findings, before)

        self.state.tasks.run(work, show, self.state.failed.emit)

    def _select(self, item_id: str) -> None:
        """Select the payment now, and again when rows being made arrive (a new one is in)."""
        self._chosen_next = item_id
        select_id(self.table, item_id)

    def _show_rows(self, rows: list[Row]) -> None:
        generation = self._generation

        def shown() -> None:
            # Sorted and filtered off the GUI thread too: the rows are in once that is done.
            chosen = self._chosen_next or selected_id(self.table)
            self._chosen_next = None
            self._shown_generation = generation
            fit_columns(self.table, 2)
            select_id(self.table, chosen)
            self._selection_changed()
            target, self._target = self._target, None
            if target is not None:
                self.show_target(target)

        self.model.set_rows(rows, shown)

    def _fill_account_filter(self, profile: Profile) -> None:
        accounts = [(account.id, account.display_name) for account in profile.accounts]
        if accounts == self._filter_accounts:  # a thousand items: not made again for nothing
            return
        self._filter_accounts = accounts
        current = self.account_filter.currentData() or ALL
        self.account_filter.blockSignals(True)
        self.account_filter.clear()
        self.account_filter.addItem(_("All accounts"), ALL)
        for account_id, name in accounts:
            self.account_filter.addItem(name, account_id)
        self.account_filter.setCurrentIndex(max(0, self.account_filter.findData(current)))
        self.account_filter.blockSignals(False)
        self.model.accepts = self._filter()

    def _filter(self) -> Callable[[Row], bool] | None:
        return payment_filter(
            str(self.status_filter.currentData() or ALL),
            str(self.account_filter.currentData() or ALL),
        )

    def _apply_filters(self) -> None:
        chosen = selected_id(self.table)

        def shown() -> None:
            select_id(self.table, chosen)  # when it is still shown
            self._selection_changed()
            target, self._target = self._target, None
            if target is not None:
                self.show_target(target)

        self.model.set_filter(self._filter(), shown)

    def selected_payment(self) -> Payment | None:
        payment_id = selected_id(self.table)
        return self.state.profile.payment(payment_id) if payment_id is not None else None

    def _selection_changed(self) -> None:
        payment = self.selected_payment()
        self.edit_button.setEnabled(payment is not None)
        self.delete_button.setEnabled(payment is not None)
        self.mark_button.setEnabled(payment is not None and not payment.is_paid)
        self.load_history()

    def load_history(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            self.history_box.setTitle(_("Details"))
            self.details.setText(_("Select a payment to see what the check says about it."))
            self._show_history(None, [])
            return
        self.history_box.setTitle(_("About “{payment}”").format(payment=payment.display_name))
        lines = finding_lines(self.state, f"payment:{payment.id}")
        self.details.setText("\n".join(lines) or _("Nothing to fix for this payment."))
        ws = self.state.ws

        def history() -> list[tuple[dt.date, dt.date]]:
            # The editing use cases load on the worker, not with the page (see `open_editor`).
            from accountwatch.services import editing

            return editing.payment_history(ws, payment.id)

        self.state.tasks.run(history, lambda found: self._show_history(payment.id, found))

    def _show_history(self, payment_id: str | None, history: list[tuple[dt.date, dt.date]]) -> None:
        if payment_id != selected_id(self.table):  # the selection moved on meanwhile
            return
        self.history.setRowCount(len(history))
        for row, (due, paid_on) in enumerate(history):
            self.history.setItem(row, 0, QTableWidgetItem(format_date(due)))
            self.history.setItem(row, 1, QTableWidgetItem(format_date(paid_on)))
        if payment_id is None:
            self.history_note.setText(_("Select a payment to see the instalments paid so far."))
        elif not history:
            self.history_note.setText(_("No instalment marked paid yet."))
        self.history_note.setVisible(payment_id is None or not history)
        self.history.setVisible(bool(history))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def open_editor(self, payment_id: str | None, field: str | None = None) -> PaymentEditor:
        """Open the payment editor (not blocking); the page redraws when it saves."""
        if self.editor is not None and not self.editor.close():
            return self.editor  # the user kept its unsaved edits
        # Loaded when first opened, with the editing use cases: not with the page (tens of
        # milliseconds of its first showing).
        from accountwatch.ui.dialogs.payment_editor import PaymentEditor

        self.editor = PaymentEditor(self.state, payment_id, self, focus=field)
        self.editor.saved.connect(self._select)
        self.editor.open()
        return self.editor

    def add(self) -> None:
        if not self.state.profile.accounts:
            QMessageBox.information(
                self, _("Add payment"), _("Add an account first: every payment belongs to one.")
            )
            return
        self.open_editor(None)

    def edit(self) -> None:
        payment_id = selected_id(self.table)
        if payment_id is not None:
            self.open_editor(payment_id)

    def delete(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            return
        answer = QMessageBox.question(
            self,
            _("Delete payment"),
            _("Delete the payment “{payment}”? Its paid instalments stay in the history.").format(
                payment=payment.display_name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            from accountwatch.services import editing

            self.state.apply(lambda ws: editing.delete_item(ws, "payments", payment.id))

    def mark_paid(self) -> MarkPaidDialog | None:
        """Ask the day it was paid, then record it (not blocking)."""
        payment = self.selected_payment()
        if payment is None or payment.is_paid:
            return None
        dialog = MarkPaidDialog(payment, self.state.today, self)
        dialog.accepted.connect(lambda: self._record_paid(payment, dialog.paid_on()))
        self.mark_dialog = dialog
        dialog.open()
        return dialog

    def _record_paid(self, payment: Payment, paid_on: dt.date) -> None:
        def done(profile: Profile) -> None:
            updated = profile.payment(payment.id)
            text = _("“{payment}” marked paid on {date}.").format(
                payment=payment.display_name, date=format_date(paid_on)
            )
            if updated is not None and not updated.is_paid:
                text += " " + _("Next due: {date}.").format(date=format_date(updated.due))
            self.show_message(text)
            self.state.announce(text)
            self._select(payment.id)
            self.load_history()

        from accountwatch.services import editing

        self.state.apply(lambda ws: editing.mark_paid(ws, payment.id, paid_on), done)

    def show_target(self, target: Target) -> None:
        if not target.item:
            return
        if self._shown_generation != self._generation or self.model.arranging:
            self._target = target  # the rows are still being made: land when they are in
            return
        if not select_id(self.table, target.item):
            if self.status_filter.currentIndex() == 0 and self.account_filter.currentIndex() == 0:
                return  # not in the table
            # Filtered out: every row is shown again, off the GUI thread, then it is selected.
            self._target = target
            self.status_filter.setCurrentIndex(0)
            self.account_filter.setCurrentIndex(0)
            return
        if target.field == "paid_on":
            self.mark_button.setFocus()
        elif target.field:
            self.open_editor(target.item, target.field)
        else:
            self.table.setFocus()
