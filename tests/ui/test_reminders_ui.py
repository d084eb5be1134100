"""Reminders in the app with a fake clock: the watch, the banner fallback, the Reminders page."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSplitter
from pytestqt.qtbot import QtBot

from accountwatch.core.reminders import Kind, Reminder, State
from accountwatch.services import editing, reminders
from accountwatch.services.workspace import Workspace
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.cards import CardsPage
from accountwatch.ui.pages.reminders import RemindersPage
from accountwatch.ui.reminder_watch import TICK_MS, ReminderWatch, timer_interval
from accountwatch.ui.state import AppState
from accountwatch.ui.tray import Tray
from accountwatch.ui.widgets.table import select_id
from conftest import NOW, FakeClock, make_state, threaded_state

CARD_REMINDER = "card-expiry:card:visa:2026-12-31:60"


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The system zone is UTC here, as the fake clock: times on the page read as expected."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def app_window(
    qtbot: QtBot, ws: Workspace, clock: FakeClock, *, tray: bool = False
) -> tuple[AppState, MainWindow, ReminderWatch, Tray]:
    state = make_state(ws)
    state.clock = clock.now
    window = MainWindow(state)
    qtbot.addWidget(window)
    watch = ReminderWatch(state, tz=dt.UTC, monotonic=clock.monotonic, parent=window)
    # No tray on the offscreen platform: the banner path (the tray itself: test_tray_x11.py).
    tray_ = Tray(window, state, watch, available=tray, messages=tray)
    window.show()
    return state, window, watch, tray_


def test_timer_waits_at_most_a_tick() -> None:
    now = NOW
    # A QTimer's milliseconds are a signed 32-bit count: 40 days would overflow it.
    assert timer_interval(now, now + dt.timedelta(days=40)) == TICK_MS
    assert timer_interval(now, now + dt.timedelta(seconds=20)) == 20_000
    assert timer_interval(now, now - dt.timedelta(seconds=5)) == 0
    assert timer_interval(now, None) == TICK_MS


def test_a_due_card_shows_in_the_banner_and_open_goes_to_the_card(
    qtbot: QtBot, card_workspace: Workspace
) -> None:
    clock = FakeClock(NOW)
    state, window, watch, _tray = app_window(qtbot, card_workspace, clock)
    with qtbot.waitSignal(watch.delivered) as delivered:
        watch.start()
    [reminder] = delivered.args[0]
    assert reminder.id == CARD_REMINDER
    banner = window.banner
    assert banner.isVisible()
    assert banner.heading.text() == "Card expiry"
    assert "Company Visa (…4242) expires on Dec 31, 2026." in banner.lines.text()
    # Recorded: a restart does not deliver it again.
    assert reminders.due_now(state.ws, NOW, dt.UTC) == []

    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    cards = window.page(Page.CARDS)
    assert isinstance(cards, CardsPage)
    assert window.stack.currentWidget() is cards
    assert cards.editor is not None and cards.editor.isVisible()
    assert cards.editor.item_id == "visa"


def test_the_next_reminder_comes_on_time_from_the_precise_timer(
    qtbot: QtBot, card_workspace: Workspace
) -> None:
    # The 30-day tier of the card is due on Dec 1 at 09:00.
    tier_30 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    clock = FakeClock(tier_30 - dt.timedelta(hours=1))
    _state, window, watch, _tray = app_window(qtbot, card_workspace, clock)
    reminders.mark_delivered(_state.ws, [CARD_REMINDER], NOW)
    watch.start()
    assert not window.banner.isVisible()
    assert watch.next_at == tier_30 and watch.precise.interval() == TICK_MS  # an hour away

    clock.wall = tier_30 - dt.timedelta(milliseconds=300)
    clock.running_since = time.monotonic()
    watch.on_tick()  # the minute's tick finds it 0.3 s away and sets the timer to it
    assert watch.next_at == tier_30
    assert 0 < watch.precise.interval() <= 300
    with qtbot.waitSignal(watch.delivered, timeout=3000) as delivered:
        pass
    assert [r.id for r in delivered.args[0]] == ["card-expiry:card:visa:2026-12-31:30"]
    assert clock.now() >= tier_30


def test_a_clock_jump_is_noticed_and_delivers_what_fell_due(
    qtbot: QtBot, card_workspace: Workspace
) -> None:
    clock = FakeClock(dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.UTC))
    state, window, watch, _tray = app_window(qtbot, card_workspace, clock)
    reminders.mark_delivered(state.ws, [CARD_REMINDER], NOW)
    watch.start()
    # The laptop sleeps through the night: the wall clock moves 12 hours, the monotonic one not.
    clock.wall += dt.timedelta(hours=12)
    with qtbot.waitSignal(watch.clock_jumped), qtbot.waitSignal(watch.delivered) as delivered:
        watch.on_tick()
    assert [r.tier for r in delivered.args[0]] == ["30"]
    assert window.banner.isVisible()
    # An ordinary minute is no jump.
    clock.advance(dt.timedelta(minutes=1))
    with qtbot.assertNotEmitted(watch.clock_jumped):
        watch.on_tick()


def test_snooze_from_the_banner_survives_a_restart(
    qtbot: QtBot, card_workspace: Workspace, tmp_path: Path
) -> None:
    clock = FakeClock(NOW)
    _state, window, watch, _tray = app_window(qtbot, card_workspace, clock)
    watch.start()
    banner = window.banner
    menu = banner.snooze_button.menu()
    assert menu is not None
    [hour, day, week] = menu.actions()
    assert (hour.text(), day.text(), week.text()) == ("For 1 hour", "For 1 day", "For 1 week")
    day.trigger()
    assert not banner.isVisible()
    card_workspace.close()
    with Workspace.open(tmp_path / "data") as ws:
        [entry] = [e for e in reminders.log(ws) if e.reminder_id == CARD_REMINDER]
        assert entry.state == State.SNOOZED and entry.until == NOW + dt.timedelta(days=1)
        assert reminders.due_now(ws, NOW + dt.timedelta(hours=23), dt.UTC) == []
        back = reminders.due_now(ws, NOW + dt.timedelta(days=1), dt.UTC)
        assert [r.id for r in back] == [CARD_REMINDER]


def test_dismiss_from_the_banner_is_final(qtbot: QtBot, card_workspace: Workspace) -> None:
    clock = FakeClock(NOW)
    state, window, watch, _tray = app_window(qtbot, card_workspace, clock)
    watch.start()
    qtbot.mouseClick(window.banner.dismiss_button, Qt.MouseButton.LeftButton)
    box = window.banner.confirm_box
    assert box is not None
    [dismiss] = [b for b in box.buttons() if b.text() == "Dismiss"]
    dismiss.click()
    window.banner.undo_timer.timeout.emit()  # the chance to undo passes
    assert not window.banner.isVisible()
    states = {e.reminder_id: e.state for e in reminders.log(state.ws)}
    assert states[CARD_REMINDER] == State.DISMISSED
    clock.advance(dt.timedelta(days=1))
    with qtbot.assertNotEmitted(watch.delivered):
        watch.on_tick()


def test_an_edit_that_silences_the_card_is_seen_at_once(
    qtbot: QtBot, card_workspace: Workspace
) -> None:
    clock = FakeClock(NOW)
    state, window, watch, _tray = app_window(qtbot, card_workspace, clock)
    watch.start()
    window.banner.clear()
    # Unchanged, the card would be recalled within two days...
    coming = reminders.upcoming(state.ws, NOW, 2)
    assert any(r.subject == "card:visa" for r in coming)
    # ...but it is replaced by one valid for years: the next tier never comes.
    renewed = {"id": "visa", "label": "Company Visa", "brand": "visa", "last4": "4242"}
    with qtbot.assertNotEmitted(watch.delivered):
        state.apply(
            lambda ws: editing.put_item(
                ws, "cards", {**renewed, "expires": "2030-12"}, replacing="visa"
            )
        )
        clock.advance(dt.timedelta(days=2))
        watch.on_tick()


def test_the_reminder_pass_waits_while_the_profile_is_assessed(
    qtbot: QtBot, card_workspace: Workspace
) -> None:
    """Asked while the profile is being assessed (at start, the recorded check shown, the
    fresh one under way) the watch starts no work of its own: two threads of Python work would
    starve the GUI thread of the GIL. The `changed` that ends the assessment brings it back."""
    clock = FakeClock(NOW)
    state, _window, watch, _tray = app_window(qtbot, card_workspace, clock)
    watch.tick.start()  # started, as watch.start() does, before its first pass
    delivered: list[list[Reminder]] = []
    watch.delivered.connect(delivered.append)
    during: list[list[list[Reminder]]] = []

    def change(ws: Workspace) -> None:
        watch.evaluate()  # a tick, a clock jump: while the state is being worked out
        during.append(list(delivered))

    state.apply(change)
    assert during == [[]]
    assert [[r.id for r in batch] for batch in delivered] == [[CARD_REMINDER]]


def test_several_reminders_at_once_lead_to_the_reminders_page(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    clock = FakeClock(NOW)
    _state, window, watch, _tray = app_window(qtbot, demo_workspace, clock)
    with qtbot.waitSignal(watch.delivered) as delivered:
        watch.start()
    count = len(delivered.args[0])
    assert count > 3
    # The most urgent first: the demo's overdue payment.
    assert window.banner.heading.text() == f"{count} reminders — Payment overdue"
    assert f"…and {count - 3} more" in window.banner.lines.text()
    qtbot.mouseClick(window.banner.open_button, Qt.MouseButton.LeftButton)
    assert isinstance(window.stack.currentWidget(), RemindersPage)


def test_closing_keeps_the_app_in_the_tray_only_when_chosen(
    qtbot: QtBot, card_workspace: Workspace
) -> None:
    clock = FakeClock(NOW)
    _state, window, _watch, _tray = app_window(qtbot, card_workspace, clock)
    hidden: list[bool] = []
    window.keep_in_tray = lambda: True
    window.hidden_to_tray = lambda: hidden.append(True)
    window.close()
    assert not window.isVisible() and hidden == [True]
    window.show()
    window.keep_in_tray = lambda: False
    window.close()
    assert not window.isVisible() and hidden == [True]


def page_of(window: MainWindow) -> RemindersPage:
    page = window.page(Page.REMINDERS)
    assert isinstance(page, RemindersPage)
    return page


def rows(page: RemindersPage, recent: bool) -> dict[str, list[str]]:
    table = page.recent_table if recent else page.coming_table
    model = table.model()
    return {
        str(model.index(r, 0).data(Qt.ItemDataRole.UserRole)): [
            str(model.index(r, c).data()) for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select(page: RemindersPage, recent: bool, ident: str) -> None:
    assert select_id(page.recent_table if recent else page.coming_table, ident)


def test_the_reminders_page_lists_delivered_and_coming(
    qtbot: QtBot, card_workspace: Workspace
) -> None:
    clock = FakeClock(NOW)
    _state, window, watch, _tray = app_window(qtbot, card_workspace, clock)
    watch.start()
    page = page_of(window)
    window.go_to(Target(Page.REMINDERS))
    delivered = rows(page, recent=True)
    assert delivered[CARD_REMINDER][1:] == [
        "Card expiry",
        "Card Company Visa (…4242) expires on Dec 31, 2026.",
        "Delivered",
    ]
    coming = rows(page, recent=False)
    assert "card-expiry:card:visa:2026-12-31:30" in coming
    assert "card-expiry:card:visa:2026-12-31:7" in coming
    assert any(i.startswith(f"{Kind.WEEKLY_CHECK}:") for i in coming)
    assert page.recent_empty.isHidden() and page.coming_empty.isHidden()

    # Snooze the delivered one for an hour: its state says until when.
    select(page, True, CARD_REMINDER)
    menu = page.recent_snooze.menu()
    assert menu is not None
    menu.actions()[0].trigger()
    assert rows(page, recent=True)[CARD_REMINDER][3].startswith("Snoozed until ")

    # Skip a coming tier: it leaves the list and never comes.
    select(page, False, "card-expiry:card:visa:2026-12-31:30")
    click(qtbot, page.coming_skip)
    assert "card-expiry:card:visa:2026-12-31:30" not in rows(page, recent=False)
    assert rows(page, recent=True)["card-expiry:card:visa:2026-12-31:30"][3] == "Dismissed"

    # Open leads to the card's editor.
    select(page, False, "card-expiry:card:visa:2026-12-31:7")
    click(qtbot, page.coming_open)
    cards = window.page(Page.CARDS)
    assert isinstance(cards, CardsPage) and cards.editor is not None


def test_an_empty_profile_has_nothing_to_remind(qtbot: QtBot, state: AppState) -> None:
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    page = page_of(window)
    assert rows(page, True) == {} and rows(page, False) == {}
    assert not page.recent_empty.isHidden() and not page.coming_empty.isHidden()


def test_neither_list_says_it_is_empty_before_it_has_been_read(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = threaded_state(qtbot, workspace)
    release = threading.Event()
    read = reminders.upcoming

    def held(*args: object, **kwargs: object) -> list[Reminder]:
        assert release.wait(10)
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reminders, "upcoming", held)
    page = RemindersPage(state, lambda _target: None)
    qtbot.addWidget(page)
    page.show()
    try:
        qtbot.wait(50)
        # Being read: "No reminder…" and "Nothing falls due…" would be untrue for now.
        assert page.recent_empty.isHidden() and page.coming_empty.isHidden()
    finally:
        release.set()
    qtbot.waitUntil(lambda: page.loads == 1, timeout=10_000)
    assert not page.recent_empty.isHidden() and not page.coming_empty.isHidden()


def test_calendar_export_from_the_page(
    qtbot: QtBot, card_workspace: Workspace, tmp_path: Path
) -> None:
    clock = FakeClock(NOW)
    _state, window, _watch, _tray = app_window(qtbot, card_workspace, clock)
    page = page_of(window)
    page.export_calendar(str(tmp_path / "due dates"))  # the extension is added
    written = tmp_path / "due dates.ics"
    calendar = Calendar.from_ical(written.read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    [card] = [e for s, e in events.items() if "4242" in s]
    assert card.decoded("DTSTART") == dt.date(2026, 12, 31)
    assert len(card.walk("VALARM")) == 3
    assert str(written) in page.note.text()
    assert not list(tmp_path.glob("*.part"))


def test_a_calendar_that_cannot_be_written_says_so(
    qtbot: QtBot, card_workspace: Workspace, tmp_path: Path
) -> None:
    clock = FakeClock(NOW)
    _state, window, _watch, _tray = app_window(qtbot, card_workspace, clock)
    page = page_of(window)
    page.export_calendar(str(tmp_path / "missing-folder" / "due.ics"))
    assert page.note.text().startswith("Could not write ")
    assert not (tmp_path / "missing-folder").exists()


def test_snooze_all_for_today_quiets_until_tomorrow_morning(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    clock = FakeClock(NOW)
    _state, window, watch, _tray = app_window(qtbot, demo_workspace, clock)
    watch.start()
    page = page_of(window)
    window.go_to(Target(Page.REMINDERS))
    click(qtbot, page.snooze_all_button)
    assert "quiet until Nov 30, 2026 09:00" in page.note.text()
    states = {row[3] for row in rows(page, recent=True).values()}
    assert states == {"Snoozed until Nov 30, 2026 09:00"}
    clock.advance(dt.timedelta(hours=5))
    with qtbot.assertNotEmitted(watch.delivered):
        watch.on_tick()
    clock.wall = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    with qtbot.waitSignal(watch.delivered):
        watch.on_tick()


def test_the_weekly_check_reminder_opens_the_wizard(qtbot: QtBot, demo_state: AppState) -> None:
    from PySide6.QtWidgets import QWizard

    from accountwatch.ui.navigation import target_for_reminder

    window = MainWindow(demo_state)
    qtbot.addWidget(window)
    window.show()
    window.go_to(target_for_reminder(Kind.WEEKLY_CHECK, "weekly-check"))
    wizards = [w for w in window.findChildren(QWizard) if w.isVisible()]
    assert len(wizards) == 1
    wizards[0].reject()


def test_coming_back_to_the_app_looks_at_once(qtbot: QtBot, card_workspace: Workspace) -> None:
    from PySide6.QtWidgets import QApplication

    clock = FakeClock(dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.UTC))
    state, _window, watch, _tray = app_window(qtbot, card_workspace, clock)
    reminders.mark_delivered(state.ws, [CARD_REMINDER], NOW)
    watch.start()
    clock.wall += dt.timedelta(hours=12)  # asleep overnight; the next tick is up to a minute off
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with qtbot.waitSignal(watch.clock_jumped), qtbot.waitSignal(watch.delivered):
        app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)


def test_the_export_button_asks_where_and_writes_the_calendar(
    qtbot: QtBot, card_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    # The native save dialog is modal and cannot be driven here: it answers with a path.
    chosen = tmp_path / "mine.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    clock = FakeClock(NOW)
    _state, window, _watch, _tray = app_window(qtbot, card_workspace, clock)
    window.go_to(Target(Page.REMINDERS))
    page = page_of(window)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert Calendar.from_ical(chosen.read_bytes()).walk("VEVENT")
    assert str(chosen) in page.note.text()


@pytest.mark.parametrize("quick_pass_items", [500, 1])
def test_a_small_profiles_pass_runs_at_once_a_large_ones_once_the_window_is_idle(
    qtbot: QtBot,
    card_workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    quick_pass_items: int,
) -> None:
    # A pass over a few items is over in milliseconds: it need not wait for the window to draw.
    # Over many, Python on a worker beside the drawing would stall it: the pass waits.
    monkeypatch.setattr(reminders, "QUICK_PASS_ITEMS", quick_pass_items)
    state = threaded_state(qtbot, card_workspace)
    profile = state.profile
    items = len(profile.accounts) + len(profile.cards) + len(profile.payments)
    assert 1 < items <= 500
    window = MainWindow(state)
    qtbot.addWidget(window)
    watch = ReminderWatch(state, tz=dt.UTC, parent=window)
    idle_calls: list[object] = []
    monkeypatch.setattr(state.tasks, "when_idle", idle_calls.append)
    with qtbot.waitSignal(watch.passed, raising=False, timeout=1_000) as passed:
        watch.start()
    if quick_pass_items >= items:
        assert passed.signal_triggered and idle_calls == []
    else:
        assert not passed.signal_triggered and idle_calls == [watch.evaluate]


def test_the_two_lists_share_the_page_evenly(qtbot: QtBot, card_workspace: Workspace) -> None:
    # In a small window the delivered reminders, the ones to snooze or dismiss, showed two rows.
    _state, window, _watch, _tray = app_window(qtbot, card_workspace, FakeClock(NOW))
    window.resize(1100, 700)
    window.go_to(Target(Page.REMINDERS))
    page = page_of(window)
    qtbot.waitUntil(lambda: page.recent_table.isVisible() and page.coming_table.isVisible())
    splitter = page.findChild(QSplitter)
    assert splitter is not None
    recent, coming = splitter.sizes()
    assert abs(recent - coming) <= 2, (recent, coming)
