"""The Cards page: every card's last digits, expiry, the accounts paying with it and its status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QWidget

from accountwatch.core.findings import Finding
from accountwatch.core.model import Card
from accountwatch.i18n import _, join_list
from accountwatch.services import editing
from accountwatch.services.status import CardStatus, card_findings, card_status, card_status_words
from accountwatch.ui.common import GREEN, GREY, ORANGE, RED, finding_lines
from accountwatch.ui.dialogs.card_editor import CardEditor, brand_name
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.page import button_row, page_column, page_header
from accountwatch.ui.widgets.table import (
    Row,
    RowModel,
    details_box,
    fit_columns,
    item_buttons,
    make_table,
    select_id,
    selected_id,
)

STATUS_COLOURS = {
    CardStatus.EXPIRED: RED,
    CardStatus.EXPIRING: ORANGE,
    CardStatus.NOT_USED: GREY,
    CardStatus.VALID: GREEN,
}


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
        self.add_button, self.edit_button, self.delete_button = item_buttons(
            self.table,
            _("Add card…"),
            (_("Add a card"), _("Edit the selected card"), _("Delete the selected card")),
            self.add,
            self.edit,
            self.delete,
        )
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = button_row(self.add_button, self.edit_button, self.delete_button)

        layout = page_column(self)
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
        today = self.state.today
        status = card_status(card, finding, used, today)
        colour = STATUS_COLOURS[status]
        if status == CardStatus.EXPIRED and not used:
            colour = GREY  # no charge will fail on it
        return card_status_words(status, card, today), colour

    def refresh(self) -> None:
        chosen = selected_id(self.table)
        profile = self.state.profile
        result = self.state.result
        findings = card_findings(result.assessment.findings) if result else {}
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
        if self.editor is not None and not self.editor.close():
            return self.editor  # the user kept its unsaved edits
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
            ).format(accounts=join_list(a.display_name for a in users))
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
