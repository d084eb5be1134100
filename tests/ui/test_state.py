"""The app's state at start-up: an edit made while the first assessment runs is never undone
by it, and the two are assessed one after the other, not side by side; its result is on
screen before the listings' text is read."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from accountwatch.core.model import UnreadListing
from accountwatch.services import checks, collector, editing, edits
from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import collect_once_started
from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from accountwatch.ui.wizard.conduct_step import ConductStep
from conftest import NOW


@pytest.mark.parametrize("recorded_on", [NOW.date() - dt.timedelta(days=1), NOW.date()])
def test_an_edit_made_while_the_first_assessment_runs_stays_on_screen(
    qtbot: QtBot,
    demo_workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    recorded_on: dt.date,
) -> None:
    # A run of an earlier day: the fresh assessment at start; of today: the recorded check is
    # read whole. The first is held until the edit has been asked for; on a large profile it
    # takes half a second, and an edit landing first was then overwritten by it.
    checks.run_check(demo_workspace, recorded_on, record=True, now=NOW)
    held_name = "last_recorded" if recorded_on == NOW.date() else "run_check"
    held = getattr(checks, held_name)
    entered, release = threading.Event(), threading.Event()
    running = [0, 0]  # now, most at once
    lock = threading.Lock()

    def counted(call: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with lock:
                running[0] += 1
                running[1] = max(running)
            try:
                found = call(*args, **kwargs)
                if call is held and not entered.is_set():  # held once it has read the profile
                    entered.set()
                    release.wait(10)
                return found
            finally:
                with lock:
                    running[0] -= 1

        return wrapper

    monkeypatch.setattr(checks, "run_check", counted(checks.run_check))
    if held_name == "last_recorded":
        monkeypatch.setattr(checks, "last_recorded", counted(checks.last_recorded))
    state = AppState(demo_workspace, TaskRunner(), clock=lambda: NOW)
    state.reload()
    qtbot.waitUntil(entered.is_set, timeout=10_000)
    profile = demo_workspace.repo.load_profile()
    card = editing.item_document(profile, "cards", profile.cards[0].id)
    card = {**card, "expires": "2031-07"}
    state.apply(lambda ws: edits.apply(ws, edits.PutItem("cards", card, card["id"])))
    qtbot.wait(300)  # time enough for the edit, were it assessed beside the first one
    release.set()
    qtbot.waitUntil(lambda: state.idle, timeout=20_000)
    qtbot.wait(100)
    shown = next(c for c in state.profile.cards if c.id == card["id"])
    assert str(shown.valid_through)[:7] == "2031-07"
    assert state.result is not None and state.result.profile is state.profile
    assert running[1] == 1  # one assessment at a time: two would starve the window


def test_the_collector_held_at_the_entry_is_back_on_once_the_first_result_is_in(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    state = AppState(demo_workspace, TaskRunner(), clock=lambda: NOW)
    collector.hold_for_start()
    try:
        collect_once_started(state)
        assert not gc.isenabled()
        with qtbot.waitSignal(state.changed, timeout=10_000):
            state.reload()
        assert gc.isenabled()
        qtbot.waitUntil(lambda: state.idle, timeout=10_000)
    finally:
        collector._held = False
        gc.enable()


@pytest.fixture
def held_completion(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The read of the listings' text after the first check, held until released: (entered,
    release)."""
    entered, release = threading.Event(), threading.Event()
    completed = checks.completed

    def held(ws: Workspace, result: checks.CheckResult) -> checks.CheckResult | None:
        entered.set()
        release.wait(10)
        return completed(ws, result)

    monkeypatch.setattr(checks, "completed", held)
    return entered, release


def test_the_first_check_is_on_screen_before_the_listings_text_is_read(
    qtbot: QtBot,
    demo_workspace: Workspace,
    held_completion: tuple[threading.Event, threading.Event],
) -> None:
    # A workspace opened afresh keeps no profile: the first check reads the listings in which
    # no term was found without their text, and the text once the result is on screen.
    store = "aliexpress-store"
    stored = demo_workspace.repo.load_profile().account(store)
    assert stored is not None and len(stored.listings) == 3
    entered, release = held_completion
    with Workspace.open(demo_workspace.data_dir) as ws:
        state = AppState(ws, TaskRunner(), clock=lambda: NOW)
        page = AccountsPage(state, lambda _target: None)
        qtbot.addWidget(page)
        drawn: list[bool] = []
        state.changed.connect(lambda: drawn.append(state.whole))
        state.reload()
        qtbot.waitUntil(entered.is_set, timeout=10_000)
        assert drawn == [False] and not state.idle
        unread = state.profile.account(store)
        assert unread is not None and any(isinstance(x, UnreadListing) for x in unread.listings)
        # An editor opened now could not save the listings: it opens once they are read.
        assert page.open_editor(store) is None
        step = ConductStep(state, store, 0, 1, lambda: None)
        qtbot.addWidget(step)
        step.open_listings()  # the weekly check's "Edit listings…"

        def editors() -> tuple[AccountEditor | None, AccountEditor | None]:
            return page.editor, step.account_editor

        assert editors() == (None, None)
        release.set()
        qtbot.waitUntil(lambda: None not in editors(), timeout=10_000)
        qtbot.waitUntil(lambda: state.idle, timeout=10_000)
        assert state.whole and state.profile is ws.repo.load_profile()
        assert drawn == [False]  # the same profile, read whole: nothing on screen to redraw
        for editor in editors():
            assert editor is not None
            table = editor.listings.table
            items = [table.item(row, 0) for row in range(table.rowCount())]
            titles = [item.text() for item in items if item is not None]
            assert titles == [x.title for x in stored.listings]
        wizard_editor, editor = step.account_editor, page.editor
        assert wizard_editor is not None and editor is not None
        wizard_editor.reject()
        editor.save()  # as opened: the listings are written back with their text
        qtbot.waitUntil(lambda: state.idle and len(drawn) == 2, timeout=10_000)
        after = ws.repo.load_profile().account(store)
        assert after is not None and after.listings == stored.listings


def test_a_profile_changed_elsewhere_before_the_text_is_read_is_assessed_again(
    qtbot: QtBot,
    demo_workspace: Workspace,
    held_completion: tuple[threading.Event, threading.Event],
) -> None:
    entered, release = held_completion
    with Workspace.open(demo_workspace.data_dir) as ws:
        state = AppState(ws, TaskRunner(), clock=lambda: NOW)
        state.reload()
        qtbot.waitUntil(entered.is_set, timeout=10_000)
        with Workspace.open(demo_workspace.data_dir) as other:  # the command line, say
            edits.apply(other, edits.PutSettings({"extra_terms": {"prohibited": ["tea bowl"]}}))
        release.set()
        qtbot.waitUntil(lambda: state.idle, timeout=10_000)
        assert state.whole and state.profile is ws.repo.load_profile()
        assert state.profile.settings.extra_terms.prohibited == ("tea bowl",)
