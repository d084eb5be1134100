"""Step 5: the verdict — score and band per account, what changed, the to-do list, when next."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from accountwatch.core.findings import Band
from accountwatch.core.weekly import (
    AccountVerdict,
    Noted,
    PreviousCheck,
    Step,
    TodoItem,
    next_weekly_check,
    riskiest,
    todo_list,
    verdicts,
    with_changes,
)
from accountwatch.i18n import _, format_date, join_list, ngettext
from accountwatch.services import weekly
from accountwatch.services.checks import CheckResult
from accountwatch.ui.common import band_color, band_text, link_coloured
from accountwatch.ui.dialogs.why_score import show_why_score
from accountwatch.ui.pages.base import Navigate
from accountwatch.ui.state import AppState
from accountwatch.ui.wizard.base import Change, StepPage, group, muted_label

GREEN = QColor("#2e7d32")
TODO_SHOWN = 12
# Accounts given a row of their own: a row each for 1,000 accounts took seconds to lay out,
# and a page that long is read by nobody. The riskiest are shown; the rest are counted.
ACCOUNTS_SHOWN = 20


def delta_text(delta: int | None) -> str:
    if delta is None:
        return _("first check")
    if delta == 0:
        return _("no change")
    # A lower score is better: say so in words, not only with the arrow.
    if delta < 0:
        return "▼ " + _("{points} lower (better)").format(points=-delta)
    return "▲ " + _("{points} higher (worse)").format(points=delta)


def _rich(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _noted_list(items: tuple[Noted, ...], mark: str) -> str:
    return "".join(f"<div>{mark} {html.escape(n.message)}</div>" for n in items)


class VerdictPage(StepPage):
    def __init__(
        self,
        state: AppState,
        count: int,
        previous: Callable[[], PreviousCheck | None],
        navigate: Navigate | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, Step.VERDICT, None, count, count, parent)
        self.navigate = navigate  # where "Why this score?" opens a finding (None: nowhere)
        self.setTitle(_("The verdict"))
        self.setFinalPage(True)
        self._previous = previous
        self.finished: weekly.Finished | None = None
        self.shown: list[AccountVerdict] = []
        self._working = False  # verdicts being worked out off the GUI thread
        self._stale = False  # ... and the profile changed since they were started
        self._drawn = 0  # how many verdicts were drawn: a step left for a later turn is of the last
        self.score_labels: dict[str, QLabel] = {}
        self.delta_labels: dict[str, QLabel] = {}

        self.overall = _rich(QLabel())
        font = QFont(self.overall.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.overall.setFont(font)

        scores_box, scores_layout = group(_("Score per account"))
        self.scores = QGridLayout()
        self.scores.setHorizontalSpacing(18)
        self.scores.setVerticalSpacing(6)
        self.scores.setColumnStretch(3, 1)
        scores_layout.addLayout(self.scores)
        self.scores_more = muted_label()
        scores_layout.addWidget(self.scores_more)

        changes_box, self.changes_layout = group(_("What changed since the last check"))
        self.changes = _rich(QLabel())
        self.changes_layout.addWidget(self.changes)

        todo_box, todo_layout = group(_("To do, most important first"))
        self.todo = _rich(QLabel())
        todo_layout.addWidget(self.todo)

        self.next_check = muted_label()
        self.finish_hint = muted_label(
            _("Finish records this check in the history and sets the next weekly reminder.")
        )

        for widget in (self.overall, scores_box, changes_box, todo_box, self.next_check):
            self.body.addWidget(widget)
        self.body.addWidget(self.finish_hint)
        self.body.addStretch(1)

    def refresh(self) -> None:
        result = self.state.result
        if result is None:
            return
        if self._working:  # one at a time; the newest result is shown when that one is done
            self._stale = True
            return
        previous = self._previous()
        self._working = True

        def work() -> tuple[list[AccountVerdict], list[TodoItem]]:
            # Off the GUI thread: a tenth of a second each on 1,000 accounts, and it runs again
            # after every change while the verdict is shown.
            assessment, change = result.assessment, result.change
            assert change is not None  # the app's checks compare with the previous run
            return verdicts(assessment, change, previous), todo_list(assessment.findings)

        def failed(exc: BaseException) -> None:
            self._working = False
            self.state.failed.emit(exc)

        self.state.tasks.run(work, lambda done: self._computed(result, previous, *done), failed)

    def _computed(
        self,
        result: CheckResult,
        previous: PreviousCheck | None,
        shown: list[AccountVerdict],
        todo: list[TodoItem],
    ) -> None:
        self._working = False
        if self._stale:
            self._stale = False
            self.refresh()
            return
        self.shown = shown
        profile = self.state.profile
        assessment = result.assessment
        names = {a.id: a.display_name for a in profile.accounts}

        band = assessment.band
        color = band_color(band).name()
        overall = _("Overall: {score} — {band}").format(
            score=f"<b>{assessment.score}</b>",
            band=f"<span style='color:{color}; font-weight:600'>■ {band_text(band)}</span>",
        )
        if previous is not None:
            since = _("{change} since the last check on {date}").format(
                change=delta_text(assessment.score - previous.score),
                date=format_date(previous.evaluated_on),
            )
            overall += "<br><small>" + html.escape(since[:1].upper() + since[1:]) + "</small>"
        else:
            overall += (
                "<br><small>"
                + html.escape(_("Your first recorded check: next week's will show what changed."))
                + "</small>"
            )
        self.overall.setText(overall)
        self._show_scores(names)
        # What changed and what to do follow on the next turn of the event loop: the rows of
        # scores and their long texts laid out and painted at once stalled the window.
        self._drawn += 1
        drawn = self._drawn

        def rest() -> None:
            if drawn == self._drawn:  # not drawn over by a newer verdict since
                self._show_changes(names, previous is not None)
                self._show_todo(names, todo)

        self.state.tasks.next_turn(self, rest)
        following = next_weekly_check(profile.settings.weekly_check, self.state.clock())
        self.next_check.setText(
            _("Next weekly check: {day} at {time}.").format(
                # The date as the language writes it (Japanese with its weekday), never the
                # C library's English weekday name.
                day=format_date(following.date()),
                time=following.strftime("%H:%M"),
            )
        )

    def _show_scores(self, names: dict[str, str]) -> None:
        while self.scores.count():
            item = self.scores.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleted later: hidden now so it does not linger under the new
                widget.deleteLater()
        self.score_labels = {}
        self.delta_labels = {}
        listed = riskiest(self.shown, ACCOUNTS_SHOWN)
        more = len(self.shown) - len(listed)
        self.scores_more.setText(
            ngettext(
                "…and the score of {count} more account on the Accounts page.",
                "…and the scores of {count} more accounts on the Accounts page.",
                more,
            ).format(count=more)
        )
        self.scores_more.setVisible(more > 0)
        for row, verdict in enumerate(listed):
            band: Band = verdict.band
            name = QLabel(names.get(verdict.account_id, verdict.account_id))
            name.setTextFormat(Qt.TextFormat.PlainText)
            score = _rich(QLabel())
            score.setWordWrap(False)
            score.setText(
                f"<span style='font-size:large; font-weight:600'>{verdict.score}</span>"
                f" <span style='color:{band_color(band).name()}; font-weight:600'>"
                f"■ {html.escape(band_text(band))}</span>"
            )
            score.setAccessibleName(
                _("{account}: score {score}, {band}").format(
                    account=name.text(), score=verdict.score, band=band_text(band)
                )
            )
            delta = QLabel(delta_text(verdict.delta))
            counts = muted_label(
                _("{new} new · {resolved} resolved · {unchanged} unchanged").format(
                    new=len(verdict.new),
                    resolved=len(verdict.resolved),
                    unchanged=len(verdict.unchanged),
                )
            )
            counts.setWordWrap(False)
            why = QPushButton(_("Why?"))
            why.setFlat(True)
            link_coloured(why)
            why.setAccessibleName(
                _("Why is the score of {account} {score}?").format(
                    account=name.text(), score=verdict.score
                )
            )
            why.clicked.connect(
                lambda _checked=False, account_id=verdict.account_id: show_why_score(
                    self, self.state, self.navigate, account_id
                )
            )
            for column, widget in enumerate((name, score, delta, counts, why)):
                self.scores.addWidget(widget, row, column)
            self.score_labels[verdict.account_id] = score
            self.delta_labels[verdict.account_id] = delta

    def _show_changes(self, names: dict[str, str], compared: bool) -> None:
        if not compared:
            self.changes.setText(
                html.escape(_("Nothing to compare with yet: this check becomes the baseline."))
            )
            return
        parts = []
        # Each account has its line while they are few; of many, those where something changed.
        changed = self.shown if len(self.shown) <= ACCOUNTS_SHOWN else with_changes(self.shown)
        if not changed:
            self.changes.setText(html.escape(_("No new or resolved findings in any account.")))
            return
        for verdict in changed[:ACCOUNTS_SHOWN]:
            name = html.escape(names.get(verdict.account_id, verdict.account_id))
            if not verdict.new and not verdict.resolved:
                parts.append(
                    f"<p><b>{name}</b>: " + html.escape(_("no new or resolved findings.")) + "</p>"
                )
                continue
            parts.append(f"<p><b>{name}</b></p>")
            if verdict.resolved:
                parts.append(
                    f"<div style='color:{GREEN.name()}'>"
                    + _noted_list(verdict.resolved, "✓ " + html.escape(_("Resolved:")))
                    + "</div>"
                )
            if verdict.new:
                parts.append(_noted_list(verdict.new, "● " + html.escape(_("New:"))))
        more = len(changed) - ACCOUNTS_SHOWN
        if more > 0:
            parts.append(
                "<p>"
                + html.escape(
                    ngettext(
                        "…and new or resolved findings in {count} more account.",
                        "…and new or resolved findings in {count} more accounts.",
                        more,
                    ).format(count=more)
                )
                + "</p>"
            )
        self.changes.setText("".join(parts))

    def _show_todo(self, names: dict[str, str], items: list[TodoItem]) -> None:
        if not items:
            self.todo.setText(html.escape(_("Nothing to fix. Well done.")))
            return
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        lines = []
        for item in items[:TODO_SHOWN]:
            who = join_list(names.get(a, a) for a in item.accounts)
            lines.append(
                "<li style='margin-bottom:4px'>"
                f"<b>{html.escape(item.finding.message)}</b><br>"
                f"{html.escape(item.finding.action)} "
                f"<span style='color:{muted}'>({html.escape(who)})</span>"
                "</li>"
            )
        more = len(items) - TODO_SHOWN
        tail = (
            "<p>"
            + html.escape(
                ngettext(
                    "…and {count} more on the Findings page.",
                    "…and {count} more on the Findings page.",
                    more,
                ).format(count=more)
            )
            + "</p>"
            if more > 0
            else ""
        )
        self.todo.setText("<ol style='margin-left:-20px'>" + "".join(lines) + "</ol>" + tail)

    # -- finishing ------------------------------------------------------------------------

    def change(self) -> Change | None:
        if self.finished is not None:
            return None
        today, now = self.state.today, self.state.clock()
        return lambda ws: weekly.finish(ws, today, now)

    def saved(self, value: object) -> None:
        if isinstance(value, weekly.Finished):
            self.finished = value
