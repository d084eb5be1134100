"""The main window works at 1000×600 (100 % scale) in English and Japanese: no page needs more,
nothing is cut off (pages scroll instead), and it opens within the screen's available area."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.core.reminders import Kind, Reminder
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import use_language_font
from accountwatch.ui.main_window import MainWindow, initial_geometry
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from conftest import NOW

SMALL = QSize(1000, 600)


@pytest.fixture(params=["en", "ja"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = QFont(app.font())
    i18n.set_language(request.param)
    use_language_font(app)  # Japanese in Noto Sans CJK JP, as the app starts it
    yield request.param
    i18n.set_language("en")
    app.setFont(font)


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path, language: str) -> Iterator[MainWindow]:
    """The demo in the language (the Japanese company for Japanese), a banner of reminders."""
    with Workspace.open(tmp_path / "demo", memory_secrets=True) as ws:
        profiles.import_demo(ws, NOW.date(), language)
        state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
        state.reload()
        window = MainWindow(state, demo=True)
        qtbot.addWidget(window)
        window.resize(SMALL)
        window.show()
        reminder = Reminder(
            "payment-due:payment:1688-service:2026-11-23:overdue-6",
            Kind.PAYMENT_DUE,
            "payment:1688-service",
            NOW.date(),
            "overdue-6",
            NOW,
            "Payment “1688 代行サービス月額” (¥12,000) was due on Nov 23, 2026 and is unpaid.",
        )
        window.banner.show_reminders([reminder])
        yield window
        window.close()


def _clipped_scroll_areas(window: MainWindow) -> list[str]:
    """Page-level scroll areas that need a horizontal scroll bar: something was too wide."""
    page = window.stack.currentWidget()
    return [
        area.objectName() or type(area.widget()).__name__
        for area in page.findChildren(QScrollArea)
        if area.isVisible() and area.horizontalScrollBar().isVisible()
    ]


def test_no_page_needs_more_than_1000_by_600(qtbot: QtBot, demo_window: MainWindow) -> None:
    for page in Page:
        demo_window.go_to(Target(page))
        QApplication.processEvents()
        hint = demo_window.minimumSizeHint()
        assert hint.width() <= SMALL.width() and hint.height() <= SMALL.height(), (page, hint)
        assert demo_window.size() == SMALL, page
        assert _clipped_scroll_areas(demo_window) == [], page


def test_the_recovery_panel_fits_beside_the_findings_at_1000(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    demo_window.go_to(Target(Page.FINDINGS, "aliexpress-store"))
    QApplication.processEvents()
    assert _clipped_scroll_areas(demo_window) == []


def test_findings_are_not_cut_to_a_few_characters_at_1000(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    from accountwatch.ui.pages.findings import FindingsPage

    demo_window.go_to(Target(Page.FINDINGS))
    QApplication.processEvents()
    page = demo_window.page(Page.FINDINGS)
    assert isinstance(page, FindingsPage)
    # The message column holds 36 characters or more beside its indent (was ~15 in Japanese).
    metrics = page.tree.fontMetrics()
    assert page.tree.columnWidth(0) >= metrics.averageCharWidth() * 36 + 60


@pytest.mark.parametrize("width", [1000, 1280, 1400, 1600])
def test_the_recovery_panel_is_never_cut_off_at_the_right(
    qtbot: QtBot, demo_window: MainWindow, width: int
) -> None:
    from accountwatch.ui.pages.findings import FindingsPage

    demo_window.resize(width, 800)
    demo_window.go_to(Target(Page.FINDINGS, "aliexpress-store"))
    QApplication.processEvents()
    page = demo_window.page(Page.FINDINGS)
    assert isinstance(page, FindingsPage)
    panel = page.recovery_panels["aliexpress-store"]
    assert panel.isVisible()
    # The details' scroll area never scrolls sideways: what it shows must fit its width.
    assert page.detail_scroll.viewport().width() >= page.detail.minimumSizeHint().width()
    assert panel.width() >= panel.minimumSizeHint().width()


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (QRect(0, 0, 1920, 1080), QRect(370, 150, 1180, 780)),  # the preferred size, centred
        (QRect(0, 0, 1000, 600), QRect(0, 0, 1000, 600)),  # the whole of a small screen
        (QRect(0, 32, 1024, 568), QRect(0, 32, 1024, 568)),  # under a top panel
        (QRect(1920, 0, 1280, 800), QRect(1970, 10, 1180, 780)),  # a second screen
    ],
)
def test_the_window_opens_within_the_available_area(available: QRect, expected: QRect) -> None:
    assert initial_geometry(available, QSize(1180, 780), QSize(0, 0)) == expected
