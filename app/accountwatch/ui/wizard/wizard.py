"""The weekly health check wizard: four short steps per account, then the verdict; resumable."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget, QWizard

from accountwatch.core import RESOURCES
from accountwatch.core.weekly import ACCOUNT_STEPS, PreviousCheck, Step, WeeklyProgress
from accountwatch.i18n import _, format_date
from accountwatch.services import weekly
from accountwatch.ui.navigation import Target
from accountwatch.ui.pages.base import Navigate
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.fit import open_within_screen
from accountwatch.ui.wizard.access_step import AccessStep
from accountwatch.ui.wizard.base import StepPage, progress_line
from accountwatch.ui.wizard.company_step import CompanyStep
from accountwatch.ui.wizard.conduct_step import ConductStep
from accountwatch.ui.wizard.payments_step import PaymentsStep
from accountwatch.ui.wizard.verdict_page import VerdictPage


def page_id(index: int, step: Step) -> int:
    """Pages are numbered account by account, step by step; the verdict comes last."""
    return index * len(ACCOUNT_STEPS) + int(step) - 1


class ResumeBar(QFrame):
    """Offers to continue a check left unfinished this week, or to start over."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.continue_button = QPushButton(_("Continue where I left off"))
        self.continue_button.setAccessibleName(_("Continue the check where you left off"))
        self.start_over_button = QPushButton(_("Start over"))
        self.start_over_button.setAccessibleName(_("Start the check over"))
        layout.addWidget(self.text, 1)
        layout.addWidget(self.continue_button)
        layout.addWidget(self.start_over_button)
        self.hide()


class WeeklyCheckWizard(QWizard):
    """The weekly routine. Finishing records the run and schedules the next weekly check;
    closing halfway keeps the progress (in the database) for the rest of the week."""

    checked = Signal(object)  # services.weekly.Finished, once the run is recorded

    def __init__(
        self, state: AppState, parent: QWidget | None = None, navigate: Navigate | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.navigate = navigate
        self.setWindowTitle(_("Weekly health check"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Continue later"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Finish and record"))
        self.button(QWizard.WizardButton.CancelButton).setToolTip(
            _("Close the check; it continues where you left off when you open it this week.")
        )
        icon = QIcon(str(RESOURCES / "icons" / "weekly-check.svg"))
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, icon.pixmap(48, 48))
        self.setWindowIcon(icon)
        # Each step scrolls: on a 1000×600 screen the wizard opens smaller, Next in sight.
        self.setMinimumSize(640, 420)
        open_within_screen(self, QSize(900, 720))

        self.previous: PreviousCheck | None = None
        self.offered: WeeklyProgress | None = None
        self.started_on = state.today
        self.account_ids = [a.id for a in state.profile.accounts]
        # Pages are made when the check reaches them (Qt asks for the next one as a page is
        # shown): four per account made up front froze the window for seconds on a large
        # profile, for screens most of which are never reached in one sitting.
        self.step_pages: dict[int, StepPage] = {}
        count = len(self.account_ids)
        self.verdict_id = page_id(count, Step.COMPANY)
        self.verdict = VerdictPage(
            state, count, lambda: self.previous, self.leave_for if navigate else None
        )
        self._add(self.verdict_id, self.verdict)

        self.resume_bar = ResumeBar()
        self.resume_bar.continue_button.clicked.connect(self.resume)
        self.resume_bar.start_over_button.clicked.connect(self.start_over)
        self.page_at(0).body.insertWidget(0, self.resume_bar)
        self.setStartId(0)

        self.currentIdChanged.connect(self._page_changed)
        self.accepted.connect(self._finished)
        # Read once the wizard is drawn: reading the last check's findings meanwhile (a
        # tenth of a second of Python on a large profile) made its first paint stall.
        state.tasks.when_idle(self._load)

    def _load(self) -> None:
        today, ws = self.state.today, self.state.ws
        self.state.tasks.run(
            lambda: (weekly.previous_check(ws), weekly.load_progress(ws, today)), self._loaded
        )

    def _add(self, number: int, page: StepPage) -> None:
        self.setPage(number, page)
        self.step_pages[number] = page

    def page_at(self, number: int) -> StepPage:
        """The page numbered `number`, made now if the check has not come to it yet."""
        page = self.step_pages.get(number)
        if page is not None:
            return page
        index, offset = divmod(number, len(ACCOUNT_STEPS))
        account_id, count = self.account_ids[index], len(self.account_ids)
        step = ACCOUNT_STEPS[offset]
        if step == Step.COMPANY:
            page = CompanyStep(self.state, account_id, index, count)
        elif step == Step.ACCESS:
            page = AccessStep(self.state, account_id, index, count)
        elif step == Step.PAYMENTS:
            page = PaymentsStep(self.state, account_id, index, count)
        else:
            page = ConductStep(self.state, account_id, index, count, lambda: self.previous)
        self._add(number, page)
        return page

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        # Qt's own choice is the next page already added; here the next is made on demand.
        current = self.currentId()
        if current < 0 or current >= self.verdict_id:
            return -1
        self.page_at(current + 1)
        return current + 1

    def page_of(self, account_id: str, step: Step) -> StepPage | None:
        if step == Step.VERDICT:
            return self.verdict
        if account_id not in self.account_ids:
            return None
        return self.page_at(page_id(self.account_ids.index(account_id), step))

    # -- resuming -------------------------------------------------------------------------

    def _loaded(self, loaded: tuple[PreviousCheck | None, WeeklyProgress | None]) -> None:
        self.previous, progress = loaded
        page = self.currentPage()
        if isinstance(page, StepPage):
            page.refresh()
        if progress is None or self.currentId() not in (-1, 0):
            return
        self.offered = progress
        self.started_on = progress.started_on
        where = (
            _("the verdict")
            if progress.step == Step.VERDICT
            else progress_line(progress.account_index, len(self.account_ids), progress.step)
        )
        self.resume_bar.text.setText(
            _("You started this week's check on {date} and stopped at {where}.").format(
                date=format_date(progress.started_on), where=where
            )
        )
        self.resume_bar.show()
        self.resume_bar.continue_button.setFocus()

    def resume(self) -> None:
        """Go to the account and step where the offered progress stopped, answers restored."""
        progress = self.offered
        self.offered = None
        self.resume_bar.hide()
        if progress is None:
            return
        if progress.account_id in self.account_ids:
            index = self.account_ids.index(progress.account_id)
        else:
            index = min(progress.account_index, max(0, len(self.account_ids) - 1))
        target = self.verdict_id if progress.step == Step.VERDICT else page_id(index, progress.step)
        for key, answers in progress.answers.items():
            account_id, _sep, step = key.rpartition(":")
            page = self.page_of(account_id, Step(int(step))) if step.isdigit() else None
            if page is self.currentPage() and page is not None:
                page.restore(answers)
            elif page is not None:
                page.restore_later(answers)
        # Start again at the first step of that account and walk to the step, so Back leads
        # through the account's steps before it. Walking from the very first page would
        # make and save every page of every account before it: minutes on a large profile.
        first = page_id(min(index, target // len(ACCOUNT_STEPS)), Step.COMPANY)
        if first > self.currentId():
            self.page_at(first)
            self.setStartId(first)
            self.restart()
        while self.currentId() < target:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break

    def start_over(self) -> None:
        self.offered = None
        self.resume_bar.hide()
        self.started_on = self.state.today
        ws = self.state.ws
        # Like saving it (`_save_progress`): not a change of the profile.
        self.state.tasks.write(lambda: weekly.clear_progress(ws), on_error=self.state.failed.emit)

    # -- keeping the progress -------------------------------------------------------------

    def progress(self) -> WeeklyProgress | None:
        """Where the check stands now, with the current page's answers not yet saved."""
        page = self.currentPage()
        if not isinstance(page, StepPage):
            return None
        index = page.index if page.step != Step.VERDICT else max(0, len(self.account_ids) - 1)
        account_id = page.account_id or (self.account_ids[-1] if self.account_ids else "")
        answers = page.answers()
        return WeeklyProgress(
            started_on=self.started_on,
            account_index=index,
            account_id=account_id,
            step=page.step,
            answers={page.key: answers} if answers else {},
        )

    def _save_progress(self) -> None:
        progress = self.progress()
        if progress is None:
            return

        ws = self.state.ws
        # Not part of the profile: nothing to assess again, no page to redraw (each Next had
        # the pages, the banner and the reminders go through a large profile again).
        self.state.tasks.write(
            lambda: weekly.save_progress(ws, progress), on_error=self.state.failed.emit
        )

    def _page_changed(self, number: int) -> None:
        if number <= 0:
            return
        # Moving on answers the offer: this is a fresh check.
        if self.offered is not None:
            self.offered = None
            self.resume_bar.hide()
        self._save_progress()

    def leave_for(self, target: Target) -> None:
        """Close the check, kept to resume this week, and show `target` in the window."""
        self.reject()
        if self.navigate is not None:
            self.navigate(target)

    def reject(self) -> None:
        at_start = self.currentId() in (-1, 0)
        page = self.currentPage()
        nothing_typed = not isinstance(page, StepPage) or not page.answers()
        # An open offer stays for next time; an untouched first page is not worth resuming.
        if self.offered is None and not (at_start and nothing_typed):
            self._save_progress()
        super().reject()

    def _finished(self) -> None:
        if self.verdict.finished is not None:
            self.checked.emit(self.verdict.finished)
