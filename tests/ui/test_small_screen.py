"""The main window works at 1000×600 (100 % scale) in English and Japanese: no page needs more,
nothing is cut off (pages scroll instead), and it opens within the screen's available area; so
does every dialog, its buttons in sight."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QScrollArea,
    QTableView,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.core.reminders import Kind, Reminder
from accountwatch.services import demo as demo_service
from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import use_language_font
from accountwatch.ui.main_window import MainWindow, initial_geometry
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from accountwatch.ui.widgets import fit
from accountwatch.ui.widgets.fit import size_within
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
        demo_service.import_demo(ws, NOW.date(), language)
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


# -- dialogs on a 1000×600 screen ------------------------------------------------------------

# The room a dialog has on that screen once the window manager's title bar is on.
ROOM = size_within(SMALL, QSize(10_000, 10_000))


@pytest.fixture
def small_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs open as on a 1000×600 screen (the test platform's screen is another size)."""
    monkeypatch.setattr(fit, "available_size", lambda window: QSize(SMALL))


def _scrolls(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _buttons_in_sight(dialog: QWidget) -> list[str]:
    """The dialog's buttons (its button box, or a wizard's) that are hidden or past its edge."""
    if isinstance(dialog, QWizard):
        names = [QWizard.WizardButton.CancelButton]
        page = dialog.currentPage()
        last = page is not None and page.isFinalPage()
        names.append(QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton)
        buttons = [dialog.button(name) for name in names]
    else:
        # Not a form's own Save at the end of what scrolls: the dialog's buttons, which stay.
        boxes = [box for box in dialog.findChildren(QDialogButtonBox) if not _scrolls(box)]
        buttons = [b for box in boxes for b in box.buttons()]
    assert buttons, type(dialog).__name__
    out = []
    for button in buttons:
        if not button.isVisibleTo(dialog):
            continue  # hidden on purpose (a Save bar before an edit)
        place = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        if not dialog.rect().contains(place):
            out.append(button.text())
    return out


def _fits(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    name = type(dialog).__name__
    for size in (dialog.size(), dialog.minimumSize(), dialog.minimumSizeHint()):
        assert size.width() <= ROOM.width() and size.height() <= ROOM.height(), (name, size)
    assert _buttons_in_sight(dialog) == [], name


def _dialogs(state: AppState) -> Iterator[QWidget]:
    from accountwatch.services import history
    from accountwatch.ui.dialogs.account_editor import AccountEditor
    from accountwatch.ui.dialogs.acknowledge import AcknowledgeDialog
    from accountwatch.ui.dialogs.card_editor import CardEditor
    from accountwatch.ui.dialogs.password_dialog import PasswordDialog
    from accountwatch.ui.dialogs.payment_editor import PaymentEditor
    from accountwatch.ui.dialogs.twofactor_dialog import TwoFactorDialog
    from accountwatch.ui.dialogs.why_score import WhyScoreDialog
    from accountwatch.ui.pages.history import RunDialog
    from accountwatch.ui.pages.payments import MarkPaidDialog
    from accountwatch.ui.wizard.company_step import CompanyDialog

    profile = state.profile
    account = profile.accounts[0].id
    yield AccountEditor(state, account)
    yield AccountEditor(state, None)
    recorded = history.run(state.ws, state.runs[0].id)
    assert recorded is not None
    yield RunDialog(state, recorded)
    yield CompanyDialog(state)
    yield PasswordDialog(state, account)
    yield TwoFactorDialog(state, account)
    yield CardEditor(state, profile.cards[0].id)
    yield PaymentEditor(state, profile.payments[0].id)
    yield MarkPaidDialog(profile.payments[0], NOW.date())
    yield WhyScoreDialog(state, None, account)
    assert state.result is not None
    yield AcknowledgeDialog(state, state.result.assessment.findings[0])


def test_every_dialog_fits_a_1000_by_600_screen(
    qtbot: QtBot, demo_window: MainWindow, small_screen: None
) -> None:
    for dialog in _dialogs(demo_window.state):
        _fits(qtbot, dialog)
        dialog.close()


def test_the_weekly_check_keeps_next_and_finish_in_sight_at_1000_by_600(
    qtbot: QtBot, demo_window: MainWindow, small_screen: None
) -> None:
    from accountwatch.ui.wizard.wizard import WeeklyCheckWizard

    wizard = WeeklyCheckWizard(demo_window.state)
    _fits(qtbot, wizard)
    pages = 1
    while not wizard.currentPage().isFinalPage():
        wizard.next()
        QApplication.processEvents()
        assert _buttons_in_sight(wizard) == [], wizard.currentId()
        pages += 1
    assert pages == 4 * len(demo_window.state.profile.accounts) + 1
    wizard.reject()


def test_a_dialog_opens_within_the_free_area() -> None:
    assert size_within(QSize(1920, 1080), QSize(900, 720)) == QSize(900, 720)
    assert size_within(SMALL, QSize(900, 720)) == QSize(900, 600 - fit.FRAME_ALLOWANCE.height())


# -- important text not cut short ------------------------------------------------------------


def test_payment_descriptions_and_the_account_filter_are_whole_at_1000(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    from accountwatch.ui.common import combo_width
    from accountwatch.ui.pages.payments import PaymentsPage

    demo_window.go_to(Target(Page.PAYMENTS))
    QApplication.processEvents()
    page = demo_window.page(Page.PAYMENTS)
    assert isinstance(page, PaymentsPage)
    table, model = page.table, page.table.model()
    measure = table.fontMetrics().horizontalAdvance
    # The description stretches; the card's long name gives way first (was 「1688 代行…」).
    for row in range(model.rowCount()):
        text = model.index(row, 2).data()
        assert measure(text) + 8 <= table.columnWidth(2), text
    combo = page.account_filter
    assert combo.itemText(0) == i18n._("All accounts")
    assert combo.width() >= combo_width(combo, combo.itemText(0))  # was 「すべてのアカウ」


def test_placeholders_are_not_cut_off(qtbot: QtBot, demo_window: MainWindow) -> None:
    from accountwatch.ui.dialogs.acknowledge import AcknowledgeDialog
    from accountwatch.ui.pages.accounts import AccountsPage

    demo_window.go_to(Target(Page.ACCOUNTS))
    QApplication.processEvents()
    page = demo_window.page(Page.ACCOUNTS)
    assert isinstance(page, AccountsPage)
    state = demo_window.state
    assert state.result is not None
    dialog = AcknowledgeDialog(state, state.result.assessment.findings[0])
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    for edit in (page.search, dialog.reason):  # were 「アカウントを絞…」 and a cut-off example
        room = edit.width() - edit.sizeHint().height() * edit.isClearButtonEnabled() - 8
        assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room


def test_the_widest_columns_give_way_to_the_stretching_one() -> None:
    from accountwatch.ui.widgets.table import share_width

    # Enough room: nothing changes.
    assert share_width([80, 120, 220], [40, 40, 40], keep=200, room=700) == [80, 120, 220]
    # 40 px short: the widest (a card's 220) is cut first, to 180; the date keeps its 80.
    assert share_width([80, 120, 220], [40, 40, 40], keep=200, room=580) == [80, 120, 180]
    # Far too little: the widest are cut alike, never below their headers.
    assert share_width([80, 120, 220], [40, 60, 40], keep=200, room=300) == [40, 60, 40]


def test_status_badges_are_whole_at_1000(qtbot: QtBot, demo_window: MainWindow) -> None:
    # The Cards page's "Expires in 59 days" lost its last letters: the other columns give way.
    from accountwatch.ui.widgets.table import BadgeDelegate

    for page in (Page.ACCOUNTS, Page.CARDS, Page.PAYMENTS, Page.REMINDERS, Page.HISTORY):
        demo_window.go_to(Target(page))
        QApplication.processEvents()
        for table in demo_window.page(page).findChildren(QTableView):
            model = table.model()
            column = model.columnCount() - 1
            delegate = table.itemDelegateForColumn(column)
            if not isinstance(delegate, BadgeDelegate) or not table.isVisible():
                continue
            for row in range(model.rowCount()):
                index = model.index(row, column)
                wanted = table.sizeHintForIndex(index).width()
                assert table.columnWidth(column) >= wanted, (page, index.data())
