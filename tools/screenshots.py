"""Renders the README's screenshots from the demo of a language at 1000×600 (the smallest window the
app is made for): `python tools/screenshots.py [en|ja]`.

Runs offscreen; Japanese needs a CJK font (Debian: fonts-noto-cjk). Writes docs/screenshots/LANG/.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Screenshots must not touch the user's keyring; the demo needs none.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from accountwatch import i18n
from accountwatch.services import demo as demo_service
from accountwatch.services.workspace import Workspace
from accountwatch.ui.app import install_qt_translations, use_language_font
from accountwatch.ui.dialogs.password_dialog import PasswordDialog
from accountwatch.ui.main_window import MainWindow
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.accounts import AccountsPage
from accountwatch.ui.pages.overview import OverviewPage
from accountwatch.ui.reminder_watch import ReminderWatch
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner
from accountwatch.ui.tray import Tray
from accountwatch.ui.wizard import WeeklyCheckWizard

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 29, 10, 0).astimezone()


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, folder: Path, name: str) -> None:
    settle()
    widget.grab().save(str(folder / f"{name}.png"))
    print(folder / f"{name}.png")


# The size every screenshot of the main window is taken at: the smallest the app is made for.
WINDOW = QSize(1000, 600)


def start_here(folder: Path, out: Path) -> None:
    """The Overview of an empty data folder: the welcome and the "Start here" checklist."""
    ws = Workspace.open(folder)
    state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
    window = MainWindow(state)
    window.resize(WINDOW)
    window.show()
    state.reload()
    save(window, out, "start-here")
    window.close()
    ws.close()


def main() -> None:
    language = sys.argv[1] if len(sys.argv) > 1 else "en"
    i18n.set_language(language)
    app = QApplication(sys.argv[:1])
    install_qt_translations(app, language)
    use_language_font(app)
    out = ROOT / "docs" / "screenshots" / language
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        start_here(Path(tmp) / "empty", out)
        # The demo as `accountwatch --demo --lang LANG` opens it: the company of the language,
        # eight weeks of recorded checks, its secrets in memory.
        ws = Workspace.open(Path(tmp) / "data", memory_secrets=True)
        demo_service.import_demo(ws, NOW.date(), language)
        state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
        window = MainWindow(state, demo=True)
        window.resize(WINDOW)
        window.show()
        state.reload()
        save(window, out, "overview")
        overview = window.page(Page.OVERVIEW)
        assert isinstance(overview, OverviewPage)
        why = overview.explain_score()
        save(why, out, "why-score")
        why.reject()

        accounts = window.page(Page.ACCOUNTS)
        assert isinstance(accounts, AccountsPage)
        window.go_to(Target(Page.ACCOUNTS))
        save(window, out, "accounts")
        editor = accounts.open_editor("alibaba-main", "registered_company")
        save(editor, out, "account-editor")
        editor.reject()

        dialog = PasswordDialog(state, "aliexpress-store", window)
        dialog.show()
        dialog.password.setText("Sakura2024!")
        settle(600)
        save(dialog, out, "password-dialog")
        dialog.reject()

        for page, name in (
            (Page.COMPANY, "company"),
            (Page.CARDS, "cards"),
            (Page.PAYMENTS, "payments"),
            (Page.FINDINGS, "findings"),
            (Page.HISTORY, "history"),
            (Page.SETTINGS, "settings"),
        ):
            window.go_to(Target(page))
            save(window, out, name)
        # The restricted store: its recovery steps, support contacts and appeal under the list.
        window.go_to(Target(Page.FINDINGS, "aliexpress-store"))
        save(window, out, "findings-recovery")

        # Reminders as on a machine without a tray: delivered into the banner, then the page.
        watch = ReminderWatch(state, parent=window)
        Tray(window, state, watch, available=False)
        watch.start()
        window.go_to(Target(Page.REMINDERS))
        save(window, out, "reminders")
        window.banner.clear()

        wizard = WeeklyCheckWizard(state, window)
        wizard.resize(WINDOW)
        wizard.open()
        while wizard.currentPage() is not None and not wizard.currentPage().isFinalPage():
            wizard.next()
        save(wizard, out, "weekly-verdict")
        wizard.reject()
        window.close()
        ws.forget_secrets()
        ws.close()
    del app


if __name__ == "__main__":
    main()
