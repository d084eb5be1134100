"""What every step of the weekly check shares: its place in the check, saving on Next, why lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from accountwatch.core.model import Account
from accountwatch.core.weekly import ACCOUNT_STEPS, Question, Step, why
from accountwatch.i18n import _
from accountwatch.services.workspace import Workspace
from accountwatch.ui.common import set_emphasis
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.page import scrolled

Change = Callable[[Workspace], Any]


def progress_line(index: int, count: int, step: Step) -> str:
    """Where a screen stands among all the check will show: each account's steps, then the
    verdict (13 screens for 3 accounts, not "Step 1 of 5")."""
    screens = count * len(ACCOUNT_STEPS) + 1
    if step == Step.VERDICT:
        return _("All accounts — screen {screen} of {screens}").format(
            screen=screens, screens=screens
        )
    return _("Account {number} of {count} — screen {screen} of {screens}").format(
        number=index + 1,
        count=count,
        screen=index * len(ACCOUNT_STEPS) + ACCOUNT_STEPS.index(step) + 1,
        screens=screens,
    )


def why_label(question: Question) -> QLabel:
    """The question's one line on why it matters, in secondary text."""
    label = QLabel("ⓘ " + why(question))
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setFont(set_emphasis(QFont(label.font())))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # it may quote the user's own words
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def group(title: str, question: Question | None = None) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(12, 10, 12, 12)
    layout.setSpacing(8)
    if question is not None:
        layout.addWidget(why_label(question))
    return box, layout


class StepPage(QWizardPage):
    """One step; what it changes is saved (through `state.apply`) when the user goes on.

    A subclass shows its data in `refresh()` (also after every change while shown), starts its
    inputs from the stored profile in `reset_answers()`, and says what to save in `change()`.
    `answers()` / `restore()` carry inputs not yet saved across a closed and reopened wizard.
    """

    def __init__(
        self,
        state: AppState,
        step: Step,
        account_id: str | None,
        index: int,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.step = step
        self.account_id = account_id
        self.index = index
        self.count = count
        self._restored: Mapping[str, Any] | None = None
        self._waiting = False
        self.setSubTitle(progress_line(index, count, step))
        # A long step scrolls inside the wizard instead of squeezing its rows.
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(4, 4, 12, 4)
        self.body.setSpacing(12)
        scrolled(content, self)
        state.changed.connect(self._state_changed)

    @property
    def key(self) -> str:
        return f"{self.account_id}:{int(self.step)}"

    def account(self) -> Account | None:
        return self.state.profile.account(self.account_id) if self.account_id else None

    def account_name(self) -> str:
        account = self.account()
        return account.display_name if account is not None else (self.account_id or "")

    # -- for subclasses -------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the stored data (read-only parts); keeps what the user is typing."""

    def reset_answers(self) -> None:
        """Put the inputs to what is stored (defaults of an unchanged week)."""

    def answers(self) -> dict[str, Any]:
        """Inputs given but not saved yet, as JSON values."""
        return {}

    def restore(self, answers: Mapping[str, Any]) -> None:
        """Put inputs back from `answers()` of an earlier session."""

    def change(self) -> Change | None:
        """The write that going on makes, None when there is nothing to save."""
        return None

    def show_error(self, exc: BaseException) -> None:
        self.state.failed.emit(exc)

    def saved(self, value: object) -> None:
        """After `change()` was saved; `value` is what the change returned."""

    # -- the wizard's protocol ------------------------------------------------------------

    def restore_later(self, answers: Mapping[str, Any]) -> None:
        """Answers to put back when the page is next shown."""
        self._restored = answers

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.reset_answers()
        if self._restored is not None:
            self.restore(self._restored)
            self._restored = None
        self.refresh()

    def _state_changed(self) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            self.refresh()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self._waiting:
            return False
        change = self.change()
        if change is None:
            return True
        outcome: list[bool] = []

        def done(value: object) -> None:
            self.saved(value)
            outcome.append(True)
            if self._waiting:  # the write finished after validatePage returned: go on now
                self._set_waiting(False)
                self._go_on()

        def failed(exc: BaseException) -> None:
            outcome.append(False)
            self._set_waiting(False)
            self.show_error(exc)

        self.state.apply(change, done, failed)
        if outcome:
            return outcome[0]
        self._set_waiting(True)
        return False

    def _set_waiting(self, waiting: bool) -> None:
        self._waiting = waiting
        wizard = self.wizard()
        if wizard is not None:
            for button in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
                wizard.button(button).setEnabled(not waiting)

    def _go_on(self) -> None:
        wizard = self.wizard()
        if self.isFinalPage():
            wizard.accept()
        else:
            wizard.next()
