"""The Cards page: every card's last digits, expiry, the accounts paying with it and its status."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QWidget

from accountwatch.core.findings import Finding
from accountwatch.core.model import Card, Profile
from accountwatch.i18n import _, format_date, format_month, join_list
from accountwatch.services import collector
from accountwatch.services.status import CardStatus, card_findings, card_status, card_status_words
from accountwatch.services.wording import brand_words
from accountwatch.ui.common import GREEN, GREY, ORANGE, RED, finding_lines
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.page import button_row, page_column, page_header
from accountwatch.ui.widgets.row_model import Made, Row, RowModel, kept_row
from accountwatch.ui.widgets.table import (
    details_box,
    fit_columns,
    item_buttons,
    make_table,
    select_id,
    selected_id,
)

if TYPE_CHECKING:
    from accountwatch.ui.dialogs.card_editor import CardEditor

STATUS_COLOURS = {
    CardStatus.EXPIRED: RED,
    CardStatus.EXPIRING: ORANGE,
    CardStatus.NOT_USED: GREY,
    CardStatus.VALID: GREEN,
}


def last4_text(card: Card) -> str:
    return "…" + card.last4


# What a card's row is made of, by card id, with the row: a row whose card, users and finding
# are the ones it was made of is kept.


def card_status_shown(
    card: Card, finding: Finding | None, used: bool, today: dt.date
) -> tuple[str, QColor]:
    status = card_status(card, finding, used, today)
    colour = STATUS_COLOURS[status]
    if status == CardStatus.EXPIRED and not used:
        colour = GREY  # no charge will fail on it
    return card_status_words(status, card, today), colour


def card_rows(
    profile: Profile, findings: dict[str, Finding], today: dt.date, before: Made | None = None
) -> tuple[list[Row], Made]:
    """The table's rows and what each was made of (pure: made on a worker thread); the rows
    in `before` whose card, users and finding are unchanged are kept as they are."""
    rows = []
    made: Made = {}
    before = before or {}
    for card in profile.cards:
        users = tuple(a.display_name for a in profile.accounts_using_card(card.id))
        finding = findings.get(f"card:{card.id}")
        same, equal = (card, finding), (users, today)
        kept = kept_row(before, card.id, same, equal)
        if kept is not None:
            rows.append(kept)
            made[card.id] = (same, equal, kept)
            continue
        status, colour = card_status_shown(card, finding, bool(users), today)
        used_by = join_list(users) or "—"
        row = Row(
            id=card.id,
            cells=(
                card.display_name,
                brand_words(card.brand),
                last4_text(card),
                # Made when shown: formatting thousands of dates is slow.
                partial(format_month, card.expires.year, card.expires.month),
                partial(format_date, card.valid_through),
                used_by,
                status,
            ),
            sort_keys=(
                card.display_name.casefold(),
                brand_words(card.brand).casefold(),
                card.last4,
                card.valid_through,
                card.valid_through,
                used_by.casefold(),
                card.valid_through,
            ),
            badge=colour,
            tooltips=(
                card.id,
                "",
                "",
                "",
                "",
                used_by,
                partial(getattr, finding, "message") if finding else "",
            ),
        )
        rows.append(row)
        made[card.id] = (same, equal, row)
    return rows, made


class CardsPage(PageWidget):
    page = Page.CARDS

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.editor: CardEditor | None = None
        self._generation = 0  # refreshes asked for; only the latest one's rows are shown
        self._made: Made = {}  # what each row shown was made of
        self._chosen_next: str | None = None  # a card just saved: selected when its row is in
        self._shown_generation = 0  # the refresh whose rows are on screen
        self._target: Target | None = None  # where "Fix…" leads once the rows are in
        self.model = RowModel(
            [
                _("Card"),
                _("Brand"),
                _("Number"),
                _("Expires"),
                _("Valid through"),
                _("Used by"),
                _("Status"),
            ],
            run=state.tasks.run,
        )
        self.table = make_table(self.model, _("Cards"))
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
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.refresh()

    def title(self) -> str:
        return _("Cards")

    def refresh(self) -> None:
        """Make the rows off the GUI thread (thousands of cards), then show them."""
        profile, today, before = self.state.profile, self.state.today, self._made
        result = self.state.result
        self._generation += 1
        generation = self._generation

        def work() -> tuple[list[Row], Made]:
            with collector.spared():  # no full collection holding the GIL on a worker
                # Picked out of every finding (tens of thousands on a large profile) here too.
                findings = card_findings(result.assessment.findings) if result else {}
                return card_rows(profile, findings, today, before)

        def show(made: tuple[list[Row], Made]) -> None:
            if generation != self._generation:  # a later refresh supersedes this one
                return
            rows, self._made = made
            chosen = self._chosen_next or selected_id(self.table)
            self._chosen_next = None

            def shown() -> None:
                if generation == self._generation:  # else the later rows' call comes
                    self._shown(chosen)

            self.model.set_rows(rows, shown)

        self.state.tasks.run(work, show, self.state.failed.emit)

    def _shown(self, chosen: str | None) -> None:
        self._shown_generation = self._generation
        fit_columns(self.table, 5)
        select_id(self.table, chosen)
        self._update_buttons()
        target, self._target = self._target, None
        if target is not None:
            self.show_target(target)

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
        # Loaded when first opened, with the editing use cases: not with the page (tens of
        # milliseconds of its first showing).
        from accountwatch.ui.dialogs.card_editor import CardEditor

        self.editor = CardEditor(self.state, card_id, self, focus=field)
        self.editor.saved.connect(self._select)
        self.editor.open()
        return self.editor

    def _select(self, card_id: str) -> None:
        """Select the card now, and again when rows being made arrive (a new one is in)."""
        self._chosen_next = card_id
        select_id(self.table, card_id)

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
            from accountwatch.services import editing

            self.state.apply(lambda ws: editing.delete_item(ws, "cards", card.id))

    def show_target(self, target: Target) -> None:
        if self._shown_generation != self._generation or self.model.arranging:
            self._target = target  # the rows are still being made: land when they are in
            return
        if target.item and select_id(self.table, target.item):
            self.open_editor(target.item, target.field or "expires")
