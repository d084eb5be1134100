"""The main window: a navigation list on the left, the chosen page on the right."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QIcon, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from accountwatch import APP_NAME
from accountwatch.core import RESOURCES
from accountwatch.i18n import _
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import PageWidget
from accountwatch.ui.state import AppState
from accountwatch.ui.unsaved import may_leave
from accountwatch.ui.widgets.banner import ReminderBanner

# Each page's module loads when the page is first shown: start-up builds only the overview.
_PAGE_CLASSES: dict[Page, str] = {
    Page.OVERVIEW: "overview:OverviewPage",
    Page.ACCOUNTS: "accounts:AccountsPage",
    Page.COMPANY: "company:CompanyPage",
    Page.CARDS: "cards:CardsPage",
    Page.PAYMENTS: "payments:PaymentsPage",
    Page.FINDINGS: "findings:FindingsPage",
    Page.REMINDERS: "reminders:RemindersPage",
    Page.HISTORY: "history:HistoryPage",
    Page.SETTINGS: "settings:SettingsPage",
}


def page_class(page: Page) -> type[PageWidget]:
    module, _sep, name = _PAGE_CLASSES[page].partition(":")
    cls: type[PageWidget] = getattr(import_module(f"accountwatch.ui.pages.{module}"), name)
    return cls


# The window's size when the screen has room for it; on a smaller one, the screen's available area.
PREFERRED_SIZE = QSize(1180, 780)


def initial_geometry(available: QRect, preferred: QSize, frame: QSize) -> QRect:
    """Where the window opens: `preferred` (its inside), shrunk to fit `available` (the screen
    without panels and docks) with the window manager's `frame` around it, centred there."""
    width = max(1, min(preferred.width(), available.width() - frame.width()))
    height = max(1, min(preferred.height(), available.height() - frame.height()))
    x = available.x() + (available.width() - width - frame.width()) // 2
    y = available.y() + (available.height() - height - frame.height()) // 2
    return QRect(x, y, width, height)


def icon(name: str) -> QIcon:
    """An SVG icon from the package's resources (sharp at any scale)."""
    return QIcon(str(RESOURCES / "icons" / f"{name}.svg"))


class MainWindow(QMainWindow):
    # The tray learnt how reminders reach the user (`notification_route` says it anew).
    notification_route_changed = Signal()

    def __init__(self, state: AppState, *, demo: bool = False) -> None:
        super().__init__()
        self.state = state
        self.demo = demo
        title = APP_NAME + (" — " + _("demo data") if demo else "")
        self.setWindowTitle(title)
        self.setWindowIcon(icon("accountwatch"))
        self._fit_to_screen()
        self._framed = False  # fitted again once the window manager has put its frame on

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Pages"))
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(190)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self.banner = ReminderBanner()  # before the first page is chosen: it sets its height
        self.pages: dict[Page, PageWidget] = {}
        self._row = -1  # the row shown; the list's row differs while the user is asked to leave
        self._order = [page for page, _title in self._page_titles()]
        for number, (page, title) in enumerate(self._page_titles(), start=1):
            item = QListWidgetItem(icon(page.value), title)
            item.setData(Qt.ItemDataRole.UserRole, page.value)
            item.setToolTip(f"{title} (Ctrl+{number})")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # the page itself is built when first shown
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda row=number - 1: self.nav.setCurrentRow(row))
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(body)
        # Set by the tray when there is one: whether closing keeps the app running there.
        self.keep_in_tray: Callable[[], bool] = lambda: False
        self.hidden_to_tray: Callable[[], None] = lambda: None
        # Set by the tray: how reminders reach the user, in words (Settings shows it).
        self.notification_route: Callable[[], str] | None = None
        self.quitting = False

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setAccessibleName(_("Working"))
        self.busy.hide()
        self.status_text = QLabel()
        self.status_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(_("Open folder"))
        self.open_folder_button.setAccessibleName(_("Open the folder of the file written"))
        self.open_folder_button.clicked.connect(self._open_folder)
        self.open_folder_button.hide()
        self._folder: Path | None = None
        self.statusBar().addWidget(self.status_text)
        self.statusBar().addWidget(self.open_folder_button)
        self.statusBar().addWidget(QWidget(), 1)  # keeps the button beside the text
        self.statusBar().addPermanentWidget(self.busy)
        state.busy.connect(self.busy.setVisible)
        state.announced.connect(self.show_done)
        state.failed.connect(self.show_error)

    def _fit_to_screen(self) -> None:
        """Open within the screen's available area: on a 1000×600 screen all of it."""
        screen = self.screen()
        # Zero until the window manager has framed the window; it is known on a later call.
        frame = self.frameGeometry().size() - self.geometry().size()
        self._fitted = initial_geometry(screen.availableGeometry(), PREFERRED_SIZE, frame)
        self.setGeometry(self._fitted)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._framed:
            self._framed = True
            # The frame (a title bar) is known only once the window manager has framed the
            # shown window: a window that now reaches past the free area is fitted again.
            QTimer.singleShot(250, self, self._fit_with_frame)

    def _fit_with_frame(self) -> None:
        # Only a window still where it was put: not one resized or moved since (by the user,
        # or grown to a page's minimum).
        if self.geometry() != self._fitted:
            return
        if not self.screen().availableGeometry().contains(self.frameGeometry()):
            self._fit_to_screen()

    @staticmethod
    def _page_titles() -> list[tuple[Page, str]]:
        return [
            (Page.OVERVIEW, _("Overview")),
            (Page.ACCOUNTS, _("Accounts")),
            (Page.COMPANY, _("Company")),
            (Page.CARDS, _("Cards")),
            (Page.PAYMENTS, _("Payments")),
            (Page.FINDINGS, _("Findings")),
            (Page.REMINDERS, _("Reminders")),
            (Page.HISTORY, _("History")),
            (Page.SETTINGS, _("Settings")),
        ]

    def page(self, page: Page) -> PageWidget:
        """The page, built on first use: start-up builds only the overview."""
        if page not in self.pages:
            widget = page_class(page)(self.state, self.go_to)
            self.pages[page] = widget
            row = self._order.index(page)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
        return self.pages[page]

    def _show_row(self, row: int) -> None:
        if row == self._row:
            return
        self._select_row(self._row)  # the list shows the page shown until it may be left
        if not self._may_leave_page(lambda: self.nav.setCurrentRow(row)):
            return
        self._select_row(row)
        self._row = row
        self.stack.setCurrentWidget(self.page(self._order[row]))
        # The banner takes a single row over every page but the Overview.
        self.banner.set_compact(self._order[row] != Page.OVERVIEW)

    def _select_row(self, row: int) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    def _may_leave_page(self, then: Callable[[], object]) -> bool:
        """Whether the page shown may be left now; with unsaved edits the user decides (after
        Save, `then` runs once they are stored)."""
        page = self.stack.currentWidget()
        if not isinstance(page, PageWidget) or not page.has_unsaved_changes():
            return True
        if may_leave(self, page.unsaved_question(), lambda: page.save_changes(then)):
            page.discard_changes()
            return True
        return False

    def go_to(self, target: Target) -> None:
        """Show the page of `target` and let it open the item and field."""
        row = self._order.index(target.page)
        if row != self._row and not self._may_leave_page(lambda: self.go_to(target)):
            return
        self.nav.setCurrentRow(row)
        self.page(target.page).show_target(target)

    def show_done(self, text: str, file: Path | None) -> None:
        """Say what an action did; where it wrote a file, offer to open its folder."""
        self.statusBar().clearMessage()
        self.status_text.setText(text)
        self._folder = file.parent if file is not None else None
        self.open_folder_button.setVisible(file is not None)

    def _open_folder(self) -> None:
        if self._folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))

    def show_error(self, exc: BaseException) -> None:
        QMessageBox.critical(self, APP_NAME, _("Something went wrong: {error}").format(error=exc))

    def bring_to_front(self) -> None:
        """A second launch asked for this window."""
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.show()
        self.raise_()
        self.activateWindow()

    def hide_to_tray(self) -> None:
        self.hide()
        self.hidden_to_tray()

    def quit_app(self) -> None:
        """Quit for real, also when closing would only hide the window in the tray."""
        self.quitting = True
        if not self.close():  # the user stayed to keep unsaved edits
            self.quitting = False
            return
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.quitting and self.keep_in_tray():
            event.ignore()
            self.hide_to_tray()
            return
        if not self._may_leave_page(self.quit_app if self.quitting else self.close):
            event.ignore()
            return
        self.state.tasks.wait()
        super().closeEvent(event)
        if not QApplication.quitOnLastWindowClosed():
            QApplication.quit()  # the tray kept the app alive on purpose; now it ends
