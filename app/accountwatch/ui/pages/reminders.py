"""The Reminders page: what comes up, what was delivered and what became of it."""

from __future__ import annotations

import datetime as dt
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.reminders import Kind, Logged, Reminder, State, kind_name
from accountwatch.i18n import _, format_date
from accountwatch.paths import write_private_file
from accountwatch.services import collector, reminders
from accountwatch.services.windows import COMING_UP_DAYS, RECENT_DAYS
from accountwatch.services.workspace import Workspace
from accountwatch.ui import reminder_watch
from accountwatch.ui.common import BLUE, GREEN, GREY, ORANGE, plain_label
from accountwatch.ui.navigation import Page, target_for_reminder
from accountwatch.ui.pages.base import Navigate, PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.banner import snooze_menu
from accountwatch.ui.widgets.page import button_row, page_column, page_header
from accountwatch.ui.widgets.row_model import Row, RowModel
from accountwatch.ui.widgets.table import fit_columns, make_table, selected_id

if TYPE_CHECKING:
    from accountwatch.services.calendar_export import CalendarFile

CALENDAR_FILTER = "iCalendar (*.ics)"
STALE_AFTER = 60.0  # seconds: a page shown again after this reads the schedule again


def when_text(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{format_date(local.date())} {local.strftime('%H:%M')}"


def kind_text(kind: Kind | None) -> str:
    return kind_name(kind) if kind is not None else ""


def state_text(logged: Logged, now: dt.datetime) -> str:
    entry = logged.entry
    if entry.state == State.SNOOZED and entry.until is not None and entry.until > now:
        return _("Snoozed until {when}").format(when=when_text(entry.until))
    if entry.state == State.DISMISSED:
        return _("Dismissed")
    if entry.state == State.SNOOZED:
        return _("Snooze ended")
    return _("Delivered")


def state_colour(logged: Logged) -> QColor:
    return {State.DELIVERED: ORANGE, State.SNOOZED: BLUE, State.DISMISSED: GREY}[logged.entry.state]


def recent_rows(recent: list[Logged], now: dt.datetime) -> list[Row]:
    # Texts are made when first shown: a large profile has tens of thousands of reminders.
    return [
        Row(
            item.entry.reminder_id,
            (
                partial(when_text, item.entry.at),
                partial(kind_text, item.kind),
                item.message,
                partial(state_text, item, now),
            ),
            (item.entry.at, item.kind or "", item.message, item.entry.state),
            badge=state_colour(item),
            tooltips=("", "", item.message, ""),
        )
        for item in recent
    ]


def coming_rows(coming: list[Reminder]) -> list[Row]:
    return [
        Row(
            item.id,
            (
                partial(when_text, item.deliver_at),
                partial(kind_text, item.kind),
                item.message,
                partial(format_date, item.due_date),
            ),
            (item.deliver_at, item.kind, item.message, item.due_date),
            badge=GREEN if item.kind == Kind.WEEKLY_CHECK else BLUE,
            tooltips=("", "", item.message, ""),
        )
        for item in coming
    ]


_Lists = tuple[list[Logged], list[Reminder], list[Row], list[Row]]


class RemindersPage(PageWidget):
    page = Page.REMINDERS
    _snooze_chosen = Signal(object)

    def __init__(self, state: AppState, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(state, navigate, parent)
        self.recent: dict[str, Logged] = {}
        self.coming: dict[str, Reminder] = {}
        self.loads = 0  # finished loads (tests wait on it)
        self.loaded_at = time.monotonic()

        self.export_button = QPushButton(_("Export to calendar…"))
        self.export_button.setToolTip(
            _(
                "Save card expiries, payment due dates, the licence expiry and the weekly check "
                "with alarms as an .ics file for your calendar app or phone"
            )
        )
        self.export_button.clicked.connect(lambda: self.export_calendar())
        self.snooze_all_button = QPushButton(_("Snooze all for today"))
        self.snooze_all_button.setToolTip(
            _("No more reminders today; today's come back tomorrow morning")
        )
        self.snooze_all_button.clicked.connect(self.snooze_all)

        # Sorted off the GUI thread: a large profile has thousands of reminders.
        self.recent_model = RowModel(
            [_("When"), _("Kind"), _("Reminder"), _("State")], run=state.tasks.run
        )
        self.recent_table = make_table(self.recent_model, _("Delivered reminders"))
        self.recent_open = QPushButton(_("Open…"))
        self.recent_snooze = QPushButton(_("Snooze"))
        snooze_menu(self.recent_snooze, self._snooze_chosen)
        self._snooze_chosen.connect(self._snooze_selected)
        self.recent_dismiss = QPushButton(_("Dismiss"))
        self.recent_dismiss.setToolTip(_("Do not remind me of this again"))
        self.recent_open.clicked.connect(lambda: self._open(self.recent_table))
        self.recent_dismiss.clicked.connect(lambda: self._dismiss(self.recent_table))
        self.recent_empty = plain_label(_("No reminder in the last 30 days."), muted=True)

        self.coming_model = RowModel(
            [_("When"), _("Kind"), _("Reminder"), _("Falls on")], run=state.tasks.run
        )
        self.coming_table = make_table(self.coming_model, _("Coming reminders"))
        self.coming_open = QPushButton(_("Open…"))
        self.coming_skip = QPushButton(_("Skip"))
        self.coming_skip.setToolTip(
            _("Do not deliver this reminder (the other lead times still come)")
        )
        self.coming_open.clicked.connect(lambda: self._open(self.coming_table))
        self.coming_skip.clicked.connect(lambda: self._dismiss(self.coming_table))
        self.coming_empty = plain_label(
            _("Nothing falls due in the next {days} days.").format(days=COMING_UP_DAYS), muted=True
        )
        for table in (self.recent_table, self.coming_table):
            table.doubleClicked.connect(lambda _index, t=table: self._open(t))
            table.activated.connect(lambda _index, t=table: self._open(t))
            table.selectionModel().selectionChanged.connect(self._update_buttons)

        layout = page_column(self)
        layout.addWidget(
            page_header(
                _("Reminders"),
                _(
                    "A reminder comes before a card expires, a payment falls due or a review is "
                    "late, in the tray or at the top of this window. Export them to your "
                    "calendar to hear of them when the app is closed."
                ),
            )
        )
        layout.addLayout(button_row(self.export_button, self.snooze_all_button))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(
            self._group(
                _("Delivered in the last {days} days").format(days=RECENT_DAYS),
                self.recent_table,
                self.recent_empty,
                (self.recent_open, self.recent_snooze, self.recent_dismiss),
            )
        )
        splitter.addWidget(
            self._group(
                _("Coming up in the next {days} days").format(days=COMING_UP_DAYS),
                self.coming_table,
                self.coming_empty,
                (self.coming_open, self.coming_skip),
            )
        )
        splitter.setSizes([1, 1])  # halves: what came is acted on (snoozed, dismissed) as often
        layout.addWidget(splitter, 1)
        self.note = plain_label(muted=True)
        layout.addWidget(self.note)
        state.reminders_changed.connect(self._state_changed)
        self._update_buttons()
        # Neither list is known to be empty until it has been read (on a worker).
        self.recent_empty.hide()
        self.coming_empty.hide()
        self.refresh()

    def title(self) -> str:
        return _("Reminders")

    @staticmethod
    def _group(
        title: str, table: QTableView, empty: QWidget, buttons: tuple[QPushButton, ...]
    ) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        # A list's actions above it, as on every page (History's Open…, Cards, Payments).
        layout.addLayout(button_row(*buttons))
        layout.addWidget(table, 1)
        layout.addWidget(empty)
        return box

    def refresh(self) -> None:
        """Read the schedule and the log and make the rows off the GUI thread, then show them."""
        if self.state.result is None:
            return
        now, profile = self.state.clock(), self.state.profile
        tz = None  # the system's zone, as the reminder watch uses

        def work() -> _Lists:
            ws = self.state.ws
            # Tens of thousands of objects made on a worker: a full cyclic collection there
            # holds the GIL for hundreds of milliseconds on a large profile (the GUI stalls).
            with collector.spared():
                return lists(ws)

        def lists(ws: Workspace) -> _Lists:
            recent = reminders.recent(ws, now, RECENT_DAYS, tz, profile=profile)
            coming = reminders.upcoming(ws, now, COMING_UP_DAYS, tz, profile=profile)
            return recent, coming, recent_rows(recent, now), coming_rows(coming)

        self.state.tasks.run(work, self._fill, self.state.failed.emit)

    def _fill(self, lists: _Lists) -> None:
        recent, coming, rows_recent, rows_coming = lists
        self.recent = {item.entry.reminder_id: item for item in recent}
        self.coming = {item.id: item for item in coming}
        if self.loads == 0:  # later loads keep the order the user chose
            self.recent_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
            self.coming_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for table, model, rows, items, empty in (
            (self.recent_table, self.recent_model, rows_recent, recent, self.recent_empty),
            (self.coming_table, self.coming_model, rows_coming, coming, self.coming_empty),
        ):
            empty.setVisible(not items)
            model.set_rows(rows, partial(self._shown, table))
        self._update_buttons()
        self.loads += 1
        self.loaded_at = time.monotonic()

    def _shown(self, table: QTableView) -> None:
        fit_columns(table, 2)
        self._update_buttons()

    def _selected(self, table: QTableView) -> tuple[Kind | None, str, str | None]:
        ident = selected_id(table)
        if ident is None:
            return None, "", None
        if table is self.recent_table and ident in self.recent:
            item = self.recent[ident]
            return item.kind, item.subject, ident
        if ident in self.coming:
            reminder = self.coming[ident]
            return reminder.kind, reminder.subject, ident
        return None, "", ident

    def _update_buttons(self) -> None:
        kind, _subject, ident = self._selected(self.recent_table)
        entry = self.recent[ident].entry if ident in self.recent else None
        self.recent_open.setEnabled(kind is not None)
        active = entry is not None and entry.state != State.DISMISSED
        self.recent_snooze.setEnabled(active)
        self.recent_dismiss.setEnabled(active)
        kind, _subject, ident = self._selected(self.coming_table)
        self.coming_open.setEnabled(kind is not None)
        self.coming_skip.setEnabled(ident is not None)

    def _open(self, table: QTableView) -> None:
        kind, subject, _ident = self._selected(table)
        if kind is not None:
            self.navigate(target_for_reminder(kind, subject))

    def _snooze_selected(self, delay: dt.timedelta) -> None:
        _kind, _subject, ident = self._selected(self.recent_table)
        if ident is not None:
            reminder_watch.snooze(self.state, [ident], delay)

    def _dismiss(self, table: QTableView) -> None:
        _kind, _subject, ident = self._selected(table)
        if ident is not None:
            reminder_watch.dismiss(self.state, [ident])

    def snooze_all(self) -> None:
        reminder_watch.snooze_all_today(
            self.state,
            None,
            lambda until: self.note.setText(
                _("Reminders are quiet until {when}.").format(when=when_text(until))
            ),
        )

    def export_calendar(self, path: str | None = None) -> None:
        """Make the .ics (off the GUI thread), then write it to `path` or where the user
        chooses; with nothing dated to put in it, say so and write no file."""
        # icalendar loads on the first export, not with the app.
        from accountwatch.services import calendar_export

        now, ws = self.state.clock(), self.state.ws

        def made(calendar: CalendarFile) -> None:
            target = self._calendar_target(path)
            if target is not None:
                self._write_calendar(target, calendar)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, calendar_export.EmptyCalendarError):
                self.note.setText(_("{problem} No calendar was written.").format(problem=exc))
            else:
                self.note.setText(_("Could not export the calendar: {error}").format(error=exc))

        self.note.setText("")
        # With the writes: the file is made from what the last export kept.
        self.state.tasks.write(lambda: calendar_export.calendar_file(ws, now), made, failed)

    def _calendar_target(self, path: str | None) -> Path | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export to calendar"),
                str(Path.home() / "accountwatch.ics"),
                CALENDAR_FILTER,
            )
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != ".ics":
            target = target.with_name(target.name + ".ics")
        return target

    def _write_calendar(self, target: Path, calendar: CalendarFile) -> None:
        from accountwatch.services import calendar_export

        ws = self.state.ws

        def work() -> Path:
            # Never a half-written calendar file, and 0600 whatever the umask, like an export.
            write_private_file(target, calendar.data)
            # Only a file written: what it holds is what the next export updates or cancels.
            calendar_export.keep(ws, calendar)
            return target

        def failed(exc: BaseException) -> None:
            self.note.setText(_("Could not write {path}: {error}").format(path=target, error=exc))

        def done(written: Path) -> None:
            self.note.setText(
                _(
                    "Saved {path}. Import it into your calendar; importing it again updates the "
                    "same events."
                ).format(path=written)
            )
            self.state.announce(_("Calendar saved to {file}.").format(file=written), written)

        # A write: the data folder keeps each event's revision (SEQUENCE, cancellation).
        self.state.tasks.write(work, done, failed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # Time moves on even when nothing is delivered: what was coming may have passed.
        if time.monotonic() - self.loaded_at > STALE_AFTER:
            self._stale = True
        super().showEvent(event)
