"""The main window: a navigation list on the left, the chosen page on the right."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from accountwatch import APP_NAME
from accountwatch.i18n import _
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.pages.base import PageWidget
from accountwatch.ui.pages.cards import CardsPage
from accountwatch.ui.pages.company import CompanyPage
from accountwatch.ui.pages.overview import OverviewPage
from accountwatch.ui.pages.payments import PaymentsPage
from accountwatch.ui.pages.settings import SettingsPage
from accountwatch.ui.state import AppState


def icon(name: str) -> QIcon:
    """An SVG icon from the package's resources (sharp at any scale)."""
    return QIcon(str(resources.files("accountwatch") / "resources" / "icons" / f"{name}.svg"))


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, *, demo: bool = False) -> None:
        super().__init__()
        self.state = state
        title = APP_NAME + (" — " + _("demo data") if demo else "")
        self.setWindowTitle(title)
        self.setWindowIcon(icon("accountwatch"))
        self.resize(1180, 780)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Pages"))
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(190)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        pages: list[type[PageWidget]] = [
            OverviewPage,
            AccountsPage,
            CompanyPage,
            CardsPage,
            PaymentsPage,
            SettingsPage,
        ]
        self.pages: dict[Page, PageWidget] = {}
        for number, page_class in enumerate(pages, start=1):
            page = page_class(state, self.go_to)
            self.pages[page.page] = page
            item = QListWidgetItem(icon(page.page.value), page.title())
            item.setData(Qt.ItemDataRole.UserRole, page.page.value)
            item.setToolTip(f"{page.title()} (Ctrl+{number})")
            self.nav.addItem(item)
            self.stack.addWidget(page)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda row=number - 1: self.nav.setCurrentRow(row))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setAccessibleName(_("Working"))
        self.busy.hide()
        self.status_text = QLabel()
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.busy)
        state.busy.connect(self.busy.setVisible)
        state.failed.connect(self.show_error)

    def page(self, page: Page) -> PageWidget:
        return self.pages[page]

    def go_to(self, target: Target) -> None:
        """Show the page of `target` and let it open the item and field."""
        rows = [self.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.nav.count())]
        self.nav.setCurrentRow(rows.index(target.page.value))
        self.pages[target.page].show_target(target)

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.state.tasks.wait()
        super().closeEvent(event)
