"""The first-run checklist: the company, a first account, cards and payments, a first check."""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from accountwatch.core.model import Profile
from accountwatch.i18n import _


class Step(StrEnum):
    COMPANY = "company"
    ACCOUNT = "account"
    MONEY = "cards-and-payments"
    WEEKLY_CHECK = "weekly-check"


def steps_done(profile: Profile, checks_recorded: int) -> dict[Step, bool]:
    """Which steps of getting started are behind the user: the company named, an account,
    a card or a payment (a 1688 buyer may pay by Alipay only), a check on record."""
    return {
        Step.COMPANY: profile.company is not None and bool(profile.company.name.strip()),
        Step.ACCOUNT: bool(profile.accounts),
        Step.MONEY: bool(profile.cards or profile.payments),
        Step.WEEKLY_CHECK: checks_recorded > 0,
    }


@dataclass(frozen=True)
class _Words:
    """A first-run step's words: its title, why it matters and its button."""

    title: str
    why: str
    button: str


def _words(step: Step) -> _Words:
    words = {
        Step.COMPANY: _Words(
            _("Your company"),
            _(
                "Its name, address and registration as they really are: each platform's record "
                "is compared with them."
            ),
            _("Enter company details…"),
        ),
        Step.ACCOUNT: _Words(
            _("Your first marketplace account"),
            _("Alibaba.com, 1688, AliExpress…: its sign-in, two-factor method and status."),
            _("Add your first account"),
        ),
        Step.MONEY: _Words(
            _("Cards and payments"),
            _(
                "The cards the accounts pay with (brand, last 4 digits, expiry) and the fees "
                "that fall due: an expired card or an unpaid fee gets accounts frozen."
            ),
            _("Add cards…"),
        ),
        Step.WEEKLY_CHECK: _Words(
            _("Your first weekly check"),
            _("A few minutes, account by account; it records the score you will improve on."),
            _("Start the weekly check…"),
        ),
    }
    return words[step]


class StartHere(QGroupBox):
    """Four steps, each ticked once done, each with a button to the place that does it."""

    chosen = Signal(str)  # a Step's value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Start here"), parent)
        self.setAccessibleName(_("Start here: four steps to set up AccountWatch"))
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.marks: dict[Step, QLabel] = {}
        self.buttons: dict[Step, QPushButton] = {}
        self._titles: dict[Step, QLabel] = {}
        self._done: dict[Step, bool] = dict.fromkeys(Step, False)
        for row, step in enumerate(Step):
            words = _words(step)
            mark = QLabel()
            mark.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            mark.setMinimumWidth(24)
            title = QLabel()
            title.setWordWrap(True)
            title.setTextFormat(Qt.TextFormat.RichText)
            title.setText(f"<b>{html.escape(words.title)}</b><br>{html.escape(words.why)}")
            button = QPushButton(words.button)
            button.clicked.connect(lambda _checked=False, s=step: self.chosen.emit(s.value))
            grid.addWidget(mark, row, 0)
            grid.addWidget(title, row, 1)
            grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
            self.marks[step], self._titles[step], self.buttons[step] = mark, title, button
        self.set_done(self._done)

    def set_done(self, done: dict[Step, bool]) -> None:
        self._done = dict(done)
        for number, step in enumerate(Step, start=1):
            finished = self._done.get(step, False)
            mark = self.marks[step]
            # A tick for what is done, the step's number for what is still to do.
            mark.setText("✔" if finished else f"{number}.")
            mark.setForegroundRole(
                QPalette.ColorRole.Link if finished else QPalette.ColorRole.WindowText
            )
            self._titles[step].setEnabled(not finished)
            state = _("done") if finished else _("to do")
            self.buttons[step].setAccessibleName(f"{_words(step).button} ({state})")
        # The weekly check walks through accounts: there must be one first.
        self.buttons[Step.WEEKLY_CHECK].setEnabled(self._done.get(Step.ACCOUNT, False))
        self.buttons[Step.WEEKLY_CHECK].setToolTip(
            "" if self._done.get(Step.ACCOUNT) else _("Add an account first")
        )

    def is_done(self, step: Step) -> bool:
        return self._done.get(step, False)

    def all_done(self) -> bool:
        return all(self._done.get(step, False) for step in Step)
