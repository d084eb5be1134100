"""The Accounts page: every marketplace account with its security and freeze risk at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from accountwatch.i18n import _, ngettext
from accountwatch.ui.common import show_placeholder_whole
from accountwatch.ui.dialogs.account_section import muted
from accountwatch.ui.models_accounts import ID_ROLE, AccountsModel, Column
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.page import button_row, empty_state, page_column
from accountwatch.ui.widgets.table import (
    fit_columns,
    select_source_row,
    selected_id,
    style_table,
)

if TYPE_CHECKING:
    from accountwatch.ui.dialogs.account_editor import AccountEditor
    from accountwatch.ui.dialogs.why_score import WhyScoreDialog


class AccountsPage(PageWidget):
    page = Page.ACCOUNTS

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None):
        super().__init__(state, navigate, parent)
        self.editor: AccountEditor | None = None
        self.model = AccountsModel()

        heading = QLabel(self.title())
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        self.count = QLabel()
        muted(self.count)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filter accounts…"))
        self.search.setAccessibleName(_("Filter accounts"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(260)
        show_placeholder_whole(self.search)
        self.search.textChanged.connect(self._filter)

        self.table = QTableView()
        self.table.setModel(self.model)
        style_table(self.table, _("Accounts"))
        self.table.sortByColumn(Column.SCORE, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(90)
        self.table.doubleClicked.connect(self._activated)
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.add_button = QPushButton(_("Add…"))
        self.add_button.setAccessibleName(_("Add account"))
        self.add_button.setToolTip(_("Add a marketplace account"))
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setAccessibleName(_("Edit account"))
        self.edit_button.setToolTip(_("Edit the selected account (Enter)"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setAccessibleName(_("Delete account"))
        self.delete_button.setToolTip(_("Delete the selected account and its payments"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.why_button = QPushButton(_("&Why this score?"))
        self.why_button.setAccessibleName(_("Why this score? The points each finding adds"))
        self.why_button.setToolTip(_("Which findings make the selected account's score (Alt+W)"))
        self.why_button.clicked.connect(self.explain_selected)

        self.empty = self._empty_state()
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.empty)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(8)
        top.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.search)
        buttons = button_row(self.add_button, self.edit_button, self.delete_button, self.why_button)
        layout = page_column(self)
        layout.addLayout(top)
        # A page's actions sit above its list, as on Cards, Payments, Reminders and History.
        layout.addLayout(buttons)
        layout.addWidget(self.views, 1)
        self.refresh()

    def title(self) -> str:
        return _("Accounts")

    def _empty_state(self) -> QWidget:
        self.empty_add = QPushButton(_("Add your first account…"))
        self.empty_add.setAccessibleName(_("Add your first account"))
        self.empty_add.clicked.connect(lambda: self.open_editor(None))
        return empty_state(
            _("No accounts yet"),
            _(
                "Add each marketplace account you sign in to (Alibaba.com, 1688, AliExpress) "
                "to see how likely it is to be frozen and what to fix."
            ),
            self.empty_add,
        )

    # --- showing -----------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_id()
        assessment = self.state.result.assessment if self.state.result else None
        self.model.set_data(self.state.profile, assessment)
        self._fit_columns()
        total = len(self.state.profile.accounts)
        self.count.setText(ngettext("{n} account", "{n} accounts", total).format(n=total))
        self.views.setCurrentWidget(self.table if total else self.empty)
        self.search.setVisible(bool(total))
        self.count.setVisible(bool(total))
        if selected is not None:
            self.select(selected)
        self._selection_changed()

    def _fit_columns(self) -> None:
        # Sized to the widest word shown, as resizing to contents would, without asking every
        # row for its size (thousands of calls on a large profile, at every change).
        fit_columns(self.table, Column.LABEL, self.model.widest_row, air=0)

    def selected_id(self) -> str | None:
        return selected_id(self.table, ID_ROLE)

    def select(self, account_id: str) -> bool:
        if not self.model.has(account_id):
            return False
        if not select_source_row(self.table, self.model.row_of(account_id)):  # filtered out
            self.search.clear()
            select_source_row(self.table, self.model.row_of(account_id))
        return True

    def _filter(self, text: str) -> None:
        chosen = self.selected_id()
        self.model.set_filter(text)
        self._fit_columns()
        if chosen is not None:  # kept when it is still shown
            select_source_row(self.table, self.model.row_of(chosen))
        self._selection_changed()

    def _selection_changed(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.why_button.setEnabled(has and self.state.result is not None)

    # --- editing -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.edit_selected()
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        self.open_editor(str(index.data(ID_ROLE)))

    def edit_selected(self) -> None:
        account_id = self.selected_id()
        if account_id is not None:
            self.open_editor(account_id)

    def open_editor(self, account_id: str | None, field: str | None = None) -> AccountEditor | None:
        """Show the editor window-modally (not blocking) and return it; None when it opens a
        moment later, once the profile's listings are read whole (just after start-up)."""
        if account_id is not None and not self.state.whole:
            self.state.with_whole_profile(self, lambda: self.open_editor(account_id, field))
            return None
        if self.editor is not None:
            if not self.editor.close():  # the user kept its unsaved edits
                return self.editor
            self.editor.deleteLater()
        # Loaded when first opened, with the profile format it edits through: tens of
        # milliseconds of the page's first showing, for a dialog not opened every time.
        from accountwatch.ui.dialogs.account_editor import AccountEditor

        editor = AccountEditor(self.state, account_id, self)
        editor.accepted.connect(lambda: self._saved(editor))
        self.editor = editor
        editor.open()
        if field:
            editor.focus_field(field)
        return editor

    def _saved(self, editor: AccountEditor) -> None:
        if editor.saved_id is not None:
            self.select(editor.saved_id)
        self.table.setFocus()

    def explain_selected(self) -> WhyScoreDialog | None:
        """Open "Why this score?" on the selected account."""
        account_id = self.selected_id()
        if account_id is None:
            return None
        # Loaded when first asked for: its tree and delegate cost the page's first showing 15 ms.
        from accountwatch.ui.dialogs.why_score import show_why_score

        return show_why_score(self, self.state, self.navigate, account_id)

    def delete_selected(self) -> None:
        account_id = self.selected_id()
        account = self.state.profile.account(account_id) if account_id else None
        if account is None:
            return
        payments = len(self.state.profile.payments_of(account.id))
        text = _("Delete the account {name}?").format(name=account.display_name)
        if payments:
            text += "\n\n" + ngettext(
                "Its {n} payment is deleted with it.",
                "Its {n} payments are deleted with it.",
                payments,
            ).format(n=payments)
        answer = QMessageBox.question(
            self,
            _("Delete account"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        name, account_id = account.display_name, account.id

        def removed(notes: tuple[str, ...]) -> None:
            # What the keyring could not do yet (a secret removed later) is said, not dropped.
            said = _("Account “{account}” deleted.").format(account=name)
            self.state.announce(" ".join((said, *notes)))

        from accountwatch.services import editing

        # remove_account also removes the account's secrets from the keyring.
        self.state.apply(lambda ws: editing.remove_account(ws, account_id), removed)

    def show_target(self, target: Target) -> None:
        if target.item is None or not self.select(target.item):
            return
        self.open_editor(target.item, target.field)
