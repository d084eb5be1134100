"""Full garbage collections wait for the user to leave the window (ui/quiet_collection.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accountwatch.ui import quiet_collection
from accountwatch.ui.quiet_collection import QuietCollection


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """Each full (generation 2) collection that starts, as it starts."""
    seen: list[int] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(2)

    gc.callbacks.append(watch)
    try:
        yield seen
    finally:
        gc.callbacks.remove(watch)


@pytest.fixture
def collection(qapp: QApplication) -> Iterator[tuple[QuietCollection, Clock]]:
    clock = Clock()
    made = QuietCollection(qapp, monotonic=clock)
    made.start()
    try:
        yield made, clock
    finally:
        made.stop()


def _outlive_the_young_generations(count: int = 400_000) -> list[list[int]]:
    """Many new objects that stay alive: what makes Python start a full collection itself."""
    kept = [[i] for i in range(count)]
    for _ in range(50):
        gc.collect(1)  # what Python's young collections do as objects are made, at once
        [[i] for i in range(2_000)]
    return kept


def test_python_would_make_a_full_collection_on_its_own(full_collections: list[int]) -> None:
    # The control: without QuietCollection the same allocations set off a full collection.
    young, middle, _oldest = gc.get_threshold()
    gc.collect()
    full_collections.clear()
    kept = _outlive_the_young_generations()
    assert full_collections, "Python made no full collection of its own: the test proves nothing"
    assert len(kept) == 400_000
    assert gc.get_threshold()[:2] == (young, middle)


def test_no_full_collection_of_its_own_while_the_window_is_in_use(
    collection: tuple[QuietCollection, Clock], full_collections: list[int]
) -> None:
    gc.collect()
    full_collections.clear()
    kept = _outlive_the_young_generations()
    assert full_collections == []
    assert len(kept) == 400_000
    assert gc.get_threshold()[2] == quiet_collection.NEVER


def test_stop_gives_python_its_own_schedule_back(qapp: QApplication) -> None:
    before = gc.get_threshold()
    made = QuietCollection(qapp)
    made.start()
    assert gc.get_threshold() != before
    made.stop()
    assert gc.get_threshold() == before


def test_leaving_the_app_collects_once_a_minute_has_passed(
    collection: tuple[QuietCollection, Clock], full_collections: list[int]
) -> None:
    made, clock = collection
    clock.now += quiet_collection.SHORTEST_BETWEEN - 1
    made._application_state(Qt.ApplicationState.ApplicationInactive)
    assert made.collections == 0 and full_collections == []
    clock.now += 2
    made._application_state(Qt.ApplicationState.ApplicationHidden)
    assert made.collections == 1 and full_collections == [2]
    # Coming back collects nothing; leaving again at once neither.
    made._application_state(Qt.ApplicationState.ApplicationActive)
    made._application_state(Qt.ApplicationState.ApplicationInactive)
    assert made.collections == 1


def test_a_window_in_use_for_long_is_collected_all_the_same(
    collection: tuple[QuietCollection, Clock], full_collections: list[int], qapp: QApplication
) -> None:
    made, clock = collection
    active = qapp.applicationState() == Qt.ApplicationState.ApplicationActive
    clock.now += quiet_collection.SHORTEST_BETWEEN + 1
    made._check()
    # Offscreen no window may be active: then the app counts as left, and a minute is enough.
    assert made.collections == (0 if active else 1)
    clock.now += quiet_collection.LONGEST_WITHOUT
    made._check()
    assert made.collections == (1 if active else 2)
    assert full_collections == [2] * made.collections
