"""Renders the README's screenshots from the demo profile: `python tools/screenshots.py [en|ja]`.

Runs offscreen; Japanese needs a CJK font (Debian: fonts-noto-cjk). Writes docs/screenshots/LANG/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Screenshots must not touch the user's keyring; the demo needs none.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from accountwatch import i18n
from accountwatch.core.demo import demo_profile
from accountwatch.core.model import Acknowledgement
from accountwatch.services import editing, profiles
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


def record_a_month_of_checks(state: AppState) -> None:
    """Four weekly checks with real changes between them, so the history has a story."""
    steps = [
        lambda ws: None,
        lambda ws: editing.mark_paid(ws, "1688-service", (NOW - dt.timedelta(days=14)).date()),
        lambda ws: editing.set_acknowledgement(
            ws, Acknowledgement("SEC-ACCOUNT-SHARED", "account:1688-shop", "sub-accounts ordered")
        ),
        lambda ws: None,
    ]
    for weeks_ago, step in zip((3, 2, 1, 0), steps, strict=True):
        at = NOW - dt.timedelta(weeks=weeks_ago)
        state.clock = lambda at=at: at
        state.apply(step)
        state.run_health_check()
    state.clock = lambda: NOW


def main() -> None:
    language = sys.argv[1] if len(sys.argv) > 1 else "en"
    i18n.set_language(language)
    app = QApplication(sys.argv[:1])
    install_qt_translations(app, language)
    use_language_font(app)
    out = ROOT / "docs" / "screenshots" / language
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "demo.json"
        source.write_text(json.dumps(demo_profile(NOW.date()), ensure_ascii=False), "utf-8")
        ws = Workspace.open(Path(tmp) / "data")
        profiles.import_profile(
            ws, profiles.read_import(source), replace_all=True, today=NOW.date()
        )
        state = AppState(ws, TaskRunner(synchronous=True), clock=lambda: NOW)
        record_a_month_of_checks(state)
        window = MainWindow(state, demo=True)
        window.resize(1180, 800)
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
            (Page.CARDS, "cards"),
            (Page.PAYMENTS, "payments"),
            (Page.FINDINGS, "findings"),
            (Page.HISTORY, "history"),
        ):
            window.go_to(Target(page))
            save(window, out, name)

        # Reminders as on a machine without a tray: delivered into the banner, then the page.
        watch = ReminderWatch(state, parent=window)
        Tray(window, state, watch, available=False)
        watch.start()
        window.go_to(Target(Page.REMINDERS))
        save(window, out, "reminders")
        window.banner.clear()

        wizard = WeeklyCheckWizard(state, window)
        wizard.resize(900, 680)
        wizard.open()
        while wizard.currentPage() is not None and not wizard.currentPage().isFinalPage():
            wizard.next()
        save(wizard, out, "weekly-verdict")
        wizard.reject()
        window.close()
        ws.close()
    del app


if __name__ == "__main__":
    main()
