"""The overview: overall score, a tile per account, what to fix first, what is coming up, trend."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from accountwatch import i18n
from accountwatch.core.findings import Band, Finding
from accountwatch.core.obligations import title
from accountwatch.core.upcoming import Kind, Upcoming
from accountwatch.i18n import _, format_date, format_moment, ngettext
from accountwatch.services.checks import CheckResult
from accountwatch.services.windows import COMING_UP_DAYS
from accountwatch.services.wording import open_findings_words, platform_words
from accountwatch.ui.common import band_color, band_text, link_coloured
from accountwatch.ui.navigation import WEEKLY_CHECK, Page, Target, target_for
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.gauge import RiskGauge
from accountwatch.ui.widgets.page import scrolled
from accountwatch.ui.widgets.start_here import StartHere, Step, steps_done
from accountwatch.ui.widgets.trend import TrendChart

if TYPE_CHECKING:  # the weekly check (and the editing it pulls in) loads when first opened
    from PySide6.QtWidgets import QWizard

    from accountwatch.services.weekly import Finished
    from accountwatch.ui.dialogs.why_score import WhyScoreDialog

MAX_TILES = 9
# How wide the band's colour runs down a tile's left edge, in pixels.
BAND_EDGE = 5
TILE_COLUMNS = 3  # three in a row fit a 1000 px window
MAX_COMING = 12


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setBold(True)
    label.setFont(font)
    return label


class AccountTile(QFrame):
    """One account: platform, label, score and band, its worst finding. Click opens it."""

    clicked = Signal(str)
    why = Signal(str)  # "Why this score?" of the tile's account

    def __init__(self, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account_id = account_id
        self._color = ""
        self._shown: tuple[object, ...] = ()  # what set_content last showed
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(200)  # three in a row fit a 1000 px window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        self.platform = QLabel()
        self.platform.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.label = QLabel()
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.score = QLabel()
        self.worst = QLabel()
        self.worst.setWordWrap(True)
        self.worst.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user data
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.why_button = QPushButton(_("Why this score?"))
        self.why_button.setFlat(True)
        link_coloured(self.why_button)
        self.why_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.why_button.clicked.connect(lambda: self.why.emit(self.account_id))
        for widget in (self.platform, self.label, self.score, self.worst):
            layout.addWidget(widget)
        # A row of tiles is as tall as its tallest: the text stays on top, the button at the foot.
        layout.addStretch(1)
        layout.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self._color:  # the band's colour down the left edge (the band is also in words)
            painter = QPainter(self)
            painter.fillRect(QRect(0, 0, BAND_EDGE, self.height()), QColor(self._color))
            painter.end()

    def set_content(self, platform: str, label: str, score: int, band: Band, worst: str) -> None:
        shown = (platform, label, score, band, worst, i18n.current_language())
        if shown == self._shown:  # a rich text set again is laid out again: ~1 ms a tile
            return
        self._shown = shown
        self.platform.setText(platform_words(platform))
        self.label.setText(label)
        color = band_color(band).name()
        self.score.setText(
            f"<span style='font-size:x-large; font-weight:600'>{score}</span> "
            f"<span style='color:{color}; font-weight:600'>■ {band_text(band)}</span>"
        )
        self.worst.setText(worst or _("Nothing to fix."))
        if color != self._color:
            self._color = color
            self.update()
        self.setAccessibleName(
            _("{account}: score {score}, {band}").format(
                account=label, score=score, band=band_text(band)
            )
        )
        self.setAccessibleDescription(worst)
        self.why_button.setAccessibleName(
            _("Why is the score of {account} {score}?").format(account=label, score=score)
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.account_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.account_id)
            return
        super().keyPressEvent(event)


class FixRow(QFrame):
    """One of "what to fix first": the finding, what to do, how many accounts, "Fix…"."""

    fix = Signal(object)  # the Finding whose fix was asked for

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding: Finding | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        texts = QVBoxLayout()
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user data
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        self.action = QLabel()
        self.action.setTextFormat(Qt.TextFormat.PlainText)
        self.action.setWordWrap(True)
        self.concerns = QLabel()
        for label in (self.message, self.action, self.concerns):
            texts.addWidget(label)
        layout.addLayout(texts, 1)
        self.button = QPushButton(_("Fix…"))
        self.button.clicked.connect(self._fix)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def _fix(self) -> None:
        if self.finding is not None:
            self.fix.emit(self.finding)

    def set_content(self, finding: Finding, accounts: int, account_name: str = "") -> None:
        """The finding, how many accounts it concerns and, when it concerns one, that account's
        name (said only when the message does not say it: a payment's message names the
        payment, and with many accounts the user cannot tell whose it is)."""
        self.finding = finding
        self.message.setText(finding.message)
        self.action.setText(finding.action)
        if accounts > 1:
            concerns = ngettext("Concerns {n} account.", "Concerns {n} accounts.", accounts).format(
                n=accounts
            )
        elif account_name and account_name not in finding.message:
            concerns = _("Account: {account}").format(account=account_name)
        else:
            concerns = ""
        self.concerns.setVisible(bool(concerns))
        self.concerns.setText(concerns)
        self.button.setAccessibleName(_("Fix: {message}").format(message=finding.message))


def coming_text(item: Upcoming) -> str:
    """What comes up, after its day in bold, without saying the day again (the messages say
    it, 「…の支払期日は2026年12月8日(火)です」 under 2026年12月8日(火)); the weekly check by its
    time."""
    if item.kind == Kind.WEEKLY_CHECK and item.time is not None:
        return _("Weekly health check at {time}.").format(time=item.time.strftime("%H:%M"))
    return title(item.kind, item.names) or item.message


class OverviewPage(PageWidget):
    page = Page.OVERVIEW

    # Offered by the empty state; the main window wires them to its actions.
    add_first_account: Callable[[], None] | None = None
    import_profile: Callable[[], None] | None = None
    try_demo: Callable[[], None] | None = None

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        # The last recorded score is drawn from the history's summary before the profile loads.
        state.recalled.connect(self._state_changed)
        body = QWidget()
        scrolled(body, self)
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(24, 18, 24, 18)
        self.layout_.setSpacing(16)

        # While the stored profile is read and assessed (a second on a large one).
        self.loading = QLabel(_("Reading your profile and checking it…"))
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.loading.setMinimumHeight(120)
        self.layout_.addWidget(self.loading)
        # The first run's welcome and "Start here" are made when first shown (see `empty` and
        # `start_here`): most starts never show them, and they took a tenth of the window's
        # making.
        self._empty: QWidget | None = None
        self._start_here: StartHere | None = None
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(16)
        self.layout_.addWidget(self.content)
        self.layout_.addStretch(1)

        # Score, verdict and the check button.
        header = QHBoxLayout()
        self.gauge = RiskGauge()
        self.why_button = QPushButton(_("Why this score?"))
        self.why_button.setAccessibleName(_("Why this score? The points each finding adds"))
        self.why_button.setToolTip(
            _("Which findings make the score, and how many points each adds")
        )
        self.why_button.clicked.connect(lambda: self.explain_score())
        gauge_column = QVBoxLayout()
        gauge_column.addWidget(self.gauge)
        gauge_column.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignHCenter)
        header.addLayout(gauge_column)
        verdict = QVBoxLayout()
        self.verdict = _heading("")
        self.verdict.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.last_check = QLabel()
        self.last_check.setWordWrap(True)  # a narrow window wraps it rather than scrolling
        # While a recorded check is shown and the profile, changed since, is checked again.
        self.as_of = QLabel()
        self.as_of.setWordWrap(True)
        self.as_of.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.run_button = QPushButton(_("Run health check"))
        self.run_button.setAccessibleName(_("Run health check"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self._run_check)
        self.findings_button = QPushButton(_("All findings"))
        self.findings_button.clicked.connect(lambda: self.navigate(Target(Page.FINDINGS)))
        self.export_button = QPushButton(_("Export report…"))
        self.export_button.clicked.connect(self._export)
        self.weekly_button = QPushButton(_("Weekly check…"))
        self.weekly_button.setToolTip(_("The guided weekly routine, account by account"))
        self.weekly_button.clicked.connect(self.open_weekly_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.weekly_button)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.findings_button)
        buttons.addWidget(self.export_button)
        self.routine_buttons = buttons
        buttons.addStretch(1)
        verdict.addStretch(1)
        for widget in (self.verdict, self.summary, self.last_check, self.as_of):
            # Never squeezed to a word a line beside the gauge and the trend (a narrow window
            # scrolls instead, as it does for the tiles).
            widget.setMinimumWidth(220)
            verdict.addWidget(widget)
        verdict.addStretch(1)
        header.addLayout(verdict, 1)
        self.trend = TrendChart()
        self.trend.setMinimumWidth(260)
        header.addWidget(self.trend, 1)
        content.addLayout(header)
        # The routine's buttons get a row of their own: their labels run long in Japanese.
        content.addLayout(buttons)

        # Shown while the recorded score is on screen and its accounts and findings load.
        self.details_loading = QLabel(_("Reading your profile…"))
        self.details_loading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        content.addWidget(self.details_loading)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(16)
        content.addWidget(self.details)
        details.addWidget(_heading(_("Accounts")))
        self.tiles_box = QWidget()
        self.tiles = QGridLayout(self.tiles_box)
        self.tiles.setContentsMargins(0, 0, 0, 0)
        self.tiles.setSpacing(10)
        for column in range(TILE_COLUMNS):
            # Equal columns: else a tile with a long unbroken (Japanese) line takes a wider one.
            self.tiles.setColumnStretch(column, 1)
        details.addWidget(self.tiles_box)
        self._tiles: list[AccountTile] = []
        self.more_button = QPushButton()
        self.more_button.setFlat(True)
        self.more_button.clicked.connect(lambda: self.navigate(Target(Page.ACCOUNTS)))
        self.more_button.hide()
        # Under the last row of tiles, across the three columns.
        self.tiles.addWidget(self.more_button, -(-MAX_TILES // TILE_COLUMNS), 0, 1, TILE_COLUMNS)

        # What to fix first and what is coming up, side by side.
        self.columns = QWidget()
        columns = QHBoxLayout(self.columns)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        self.fix_box = QGroupBox(_("What to fix first"))
        self.fix_list = QVBoxLayout(self.fix_box)
        self.nothing_to_fix = QLabel(_("Nothing to fix. Well done!"))
        self.fix_list.addWidget(self.nothing_to_fix)
        self._fix_rows: list[FixRow] = []
        self.coming_box = QGroupBox(
            _("Coming up in the next {days} days").format(days=COMING_UP_DAYS)
        )
        self.coming_list = QVBoxLayout(self.coming_box)
        self.nothing_coming = QLabel(
            _("Nothing falls due in the next {days} days.").format(days=COMING_UP_DAYS)
        )
        self.coming_list.addWidget(self.nothing_coming)
        # What the box has no room for is said, with the way to all of it.
        self.more_coming = QPushButton()
        self.more_coming.setFlat(True)
        self.more_coming.clicked.connect(lambda: self.navigate(Target(Page.REMINDERS)))
        self.more_coming.hide()
        self.coming_list.addWidget(self.more_coming, 0, Qt.AlignmentFlag.AlignLeft)
        self.coming_list.addStretch(1)
        self._coming: list[QLabel] = []
        columns.addWidget(self.fix_box, 3)
        columns.addWidget(self.coming_box, 2)
        details.addWidget(self.columns)
        self._fill_due = False  # a first fill waits for the next turns of the loop
        self.refresh()

    def title(self) -> str:
        return _("Overview")

    @property
    def empty(self) -> QWidget:
        """The first run's welcome, with its import and demo buttons."""
        if self._empty is None:
            self._empty = self._build_empty_state()
            self._empty.hide()
            self.layout_.insertWidget(self.layout_.indexOf(self.loading) + 1, self._empty)
        return self._empty

    @property
    def start_here(self) -> StartHere:
        """Until the company, an account, a card or payment and a check are in: what to do
        next."""
        if self._start_here is None:
            self._start_here = StartHere()
            self._start_here.chosen.connect(self._start_step)
            self._start_here.hide()
            self.layout_.insertWidget(self.layout_.indexOf(self.content), self._start_here)
        return self._start_here

    @property
    def add_button(self) -> QPushButton:
        return self.start_here.buttons[Step.ACCOUNT]

    def _build_empty_state(self) -> QWidget:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(14)
        title = _heading(_("Welcome to AccountWatch"))
        text = QLabel(
            _(
                "Add the marketplace accounts you use (Alibaba.com, 1688, AliExpress…). "
                "AccountWatch checks them once a week for what gets accounts frozen — weak or "
                "reused passwords, expiring cards, unpaid fees, outdated company details, risky "
                "listings — and tells you exactly what to fix. Everything stays on this computer."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(text)
        row = QHBoxLayout()
        self.import_button = QPushButton(_("Import a profile…"))
        self.import_button.clicked.connect(lambda: self.import_profile and self.import_profile())
        self.demo_button = QPushButton(_("Try the demo"))
        self.demo_button.clicked.connect(lambda: self.try_demo and self.try_demo())
        for button in (self.import_button, self.demo_button):
            button.setAccessibleName(button.text())
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _add_first(self) -> None:
        if self.add_first_account is not None:
            self.add_first_account()
        else:
            self.navigate(Target(Page.ACCOUNTS))

    def _start_step(self, value: str) -> None:
        """A step of "Start here": the page or dialog that does it."""
        step = Step(value)
        if step is Step.COMPANY:
            self.navigate(Target(Page.COMPANY))
        elif step is Step.ACCOUNT:
            self._add_first()
        elif step is Step.MONEY:
            self.navigate(Target(Page.CARDS))
        elif self.state.profile.accounts:
            self.open_weekly_check()

    def show_target(self, target: Target) -> None:
        if target.field == WEEKLY_CHECK and self.state.profile.accounts:
            self.open_weekly_check()

    def open_weekly_check(self) -> QWizard:
        # Loaded on demand: keeps the wizard's pages out of start-up.
        from accountwatch.ui.wizard import WeeklyCheckWizard

        wizard = WeeklyCheckWizard(self.state, self.window(), self.navigate)
        wizard.checked.connect(self._weekly_done)
        wizard.open()
        return wizard

    def _weekly_done(self, finished: Finished) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            message = _("Check recorded. Next weekly check: {when}").format(
                when=format_moment(finished.next_check)
            )
            window.statusBar().showMessage(message, 15_000)

    def explain_score(self, account_id: str | None = None) -> WhyScoreDialog:
        """Open "Why this score?" on the account (None: the riskiest, whose score is the
        overall score)."""
        # Loaded when first asked for: not needed for the first paint.
        from accountwatch.ui.dialogs.why_score import show_why_score

        return show_why_score(
            self, self.state, self.navigate, account_id, overall=account_id is None
        )

    def _export(self) -> None:
        # Loaded on demand: keeps the PDF writer out of start-up.
        from accountwatch.ui.report_pdf import export_report

        export_report(self, self.state)

    def _run_check(self) -> None:
        self.run_button.setEnabled(False)
        self.state.run_health_check(self._checked)

    def _checked(self, result: CheckResult) -> None:
        self.run_button.setEnabled(True)
        assessment = result.assessment
        self.state.announce(
            _("Health check recorded: overall freeze risk {band} ({score}).").format(
                band=band_text(assessment.band), score=assessment.score
            )
        )

    def refresh(self) -> None:
        result = self.state.result
        # Before the profile is read, the history's newest run says what was last recorded.
        recorded = self.state.runs[0] if result is None and self.state.runs else None
        if result is not None:
            has_accounts = bool(self.state.profile.accounts)
        else:
            has_accounts = recorded is not None and recorded.account_count > 0
        # Until the stored profile is read, whether it has accounts is unknown: a large profile
        # must not greet its owner as a first-time user while it loads.
        self.loading.setVisible(not has_accounts and result is None)
        welcome = result is not None and not has_accounts
        if welcome or self._empty is not None:
            self.empty.setVisible(welcome)
        self.content.setVisible(has_accounts)
        done = steps_done(self.state.profile, len(self.state.runs))
        steps = result is not None and not all(done.values())
        if steps or self._start_here is not None:
            self.start_here.set_done(done)
            self.start_here.setVisible(steps)
        # What they act on (the profile, its findings) is not read yet.
        for button in (
            self.why_button,
            self.run_button,
            self.weekly_button,
            self.findings_button,
            self.export_button,
        ):
            button.setEnabled(result is not None)
        if not has_accounts:
            self.details.hide()
            return
        as_of: dt.datetime | None
        if result is None:
            assert recorded is not None
            open_count, account_count = recorded.open_findings, recorded.account_count
            score, band, as_of = recorded.score, Band(recorded.band), recorded.recorded_at
        else:
            assessment = result.assessment
            open_count = assessment.open_count
            account_count = len(assessment.accounts)
            score, band = assessment.score, assessment.band
            as_of = result.recorded_at if result.stale else None
        self.gauge.set_score(score, band)
        self.verdict.setText(_("Overall freeze risk: {band}").format(band=band_text(band)))
        self.summary.setText(open_findings_words(open_count, account_count))
        last = self.state.runs[0] if self.state.runs else None
        self.last_check.setText(
            _("Last recorded check: {when}").format(when=format_moment(last.recorded_at))
            if last
            else _("No health check recorded yet.")
        )
        # The recorded result is marked as such, with its date, until the fresh one replaces it.
        self.as_of.setVisible(as_of is not None)
        if as_of is not None:
            self.as_of.setText(
                _("Shown as recorded on {when}; checking your profile again…").format(
                    when=format_moment(as_of)
                )
            )
        self.trend.set_points([(r.evaluated_on, r.score) for r in reversed(self.state.runs)])
        self.details_loading.setVisible(result is None)
        if result is None:
            self.details.hide()
            return
        new_tiles = min(len(result.assessment.accounts), MAX_TILES) > len(self._tiles)
        new_rows = len(result.fix_first) > len(self._fix_rows)
        new_lines = min(len(result.upcoming), MAX_COMING) > len(self._coming)
        if self.isVisible() and (new_tiles or new_rows or new_lines):
            # Tiles, rows and lines not made yet are polished, laid out and painted on the next
            # turns of the event loop, the tiles on one, the two columns on the next (with a
            # single row of tiles, on the same): not all in the same long turn as the score (at
            # start-up on a busy machine that one turn would take 70 ms and more; each of these
            # takes about a third).
            self.tiles_box.hide()
            self.columns.hide()
            if not self._fill_due:
                self._fill_due = True
                self.state.tasks.next_turn(self, self._fill_tiles_later)
        else:
            self._fill_tiles(result)
            self._fill_columns()
        # Shown once filled: widgets first shown inside a hidden box are laid out together,
        # not one by one as each appears.
        self.details.show()

    def _fill_tiles_later(self) -> None:
        result = self.state.result
        if result is None:
            self._fill_due = False
            return
        self._fill_tiles(result)
        if len(result.assessment.accounts) <= TILE_COLUMNS:
            # One row of tiles is quickly drawn: the columns come in the same turn, laid out
            # and painted once with it (a layout and a paint more, 9 ms of the demo's start).
            self._fill_columns()
            return
        self.state.tasks.next_turn(self, self._fill_columns)

    def _fill_columns(self) -> None:
        self._fill_due = False
        result = self.state.result
        if result is None:
            return
        self._fill_fixes(result)
        self._fill_coming(result)
        self.columns.show()

    # The tiles, rows and lines below are made once and reused: a refresh only sets their texts.
    # Widgets made anew at every result would each be polished and shown again by Qt (tens of
    # milliseconds on the GUI thread, twice at start-up: the recorded result, the fresh one).

    def _fill_tiles(self, result: CheckResult) -> None:
        labels = {a.id: a.display_name for a in self.state.profile.accounts}
        accounts = list(result.assessment.accounts)
        if len(accounts) > MAX_TILES:
            # Hundreds of tiles help no one (and take seconds to build): the riskiest first.
            accounts = sorted(accounts, key=lambda a: -a.score)[:MAX_TILES]
        while len(self._tiles) < len(accounts):
            tile = AccountTile("")
            tile.clicked.connect(
                lambda account_id: self.navigate(Target(Page.ACCOUNTS, account_id))
            )
            tile.why.connect(self.explain_score)
            place = len(self._tiles)
            self.tiles.addWidget(tile, place // TILE_COLUMNS, place % TILE_COLUMNS)
            self._tiles.append(tile)
        for tile, account in zip(self._tiles, accounts, strict=False):
            worst = next((f for f in account.findings if not f.acknowledged), None)
            tile.account_id = account.account_id
            tile.set_content(
                str(account.platform),
                labels.get(account.account_id, account.account_id),
                account.score,
                account.band,
                worst.message if worst else "",
            )
            tile.show()
        for tile in self._tiles[len(accounts) :]:
            tile.hide()
        hidden = len(result.assessment.accounts) - len(accounts)
        self.tiles_box.show()
        self.more_button.setVisible(bool(hidden))
        if hidden:
            self.more_button.setText(
                ngettext(
                    "{n} more account — see all on the Accounts page",
                    "{n} more accounts — see all on the Accounts page",
                    hidden,
                ).format(n=hidden)
            )

    def _fill_fixes(self, result: CheckResult) -> None:
        fixes = result.fix_first  # worked out with the result, off the GUI thread
        self.nothing_to_fix.setVisible(not fixes)
        while len(self._fix_rows) < len(fixes):
            row = FixRow()
            row.fix.connect(lambda f: self.navigate(target_for(f, self.state.profile)))
            self.fix_list.addWidget(row)
            self._fix_rows.append(row)
        for row, (finding, accounts) in zip(self._fix_rows, fixes, strict=False):
            account = self.state.profile.account(finding.account)
            row.set_content(finding, accounts, account.display_name if account else "")
            row.show()
        for row in self._fix_rows[len(fixes) :]:
            row.hide()

    def _fill_coming(self, result: CheckResult) -> None:
        # The check lists what comes up in the same window as this box.
        items = result.upcoming[:MAX_COMING]
        self.nothing_coming.setVisible(not items)
        while len(self._coming) < len(items):
            label = QLabel()
            label.setWordWrap(True)
            # Above the "more" line and the stretch that keeps the lines at the top of the box.
            self.coming_list.insertWidget(self.coming_list.indexOf(self.more_coming), label)
            self._coming.append(label)
        for label, item in zip(self._coming, items, strict=False):
            # The day as the message beside it writes days: one date style on the page.
            day = html.escape(format_date(item.date))
            label.setText(f"<b>{day}</b>&nbsp;&nbsp;{html.escape(coming_text(item))}")
            label.show()
        for label in self._coming[len(items) :]:
            label.hide()
        hidden = len(result.upcoming) - len(items)
        self.more_coming.setVisible(hidden > 0)
        if hidden > 0:
            self.more_coming.setText(
                ngettext(
                    "{n} more — see all on the Reminders page",
                    "{n} more — see all on the Reminders page",
                    hidden,
                ).format(n=hidden)
            )
