"""What the app's start leaves unloaded until it is used (time and memory at every start)."""

from __future__ import annotations

import subprocess
import sys


def test_start_up_loads_neither_asyncio_nor_the_why_score_dialog() -> None:
    # A fresh interpreter: this test process has loaded everything already.
    code = (
        "import sys\n"
        "import accountwatch.ui.app, accountwatch.ui.notifiers, accountwatch.ui.pages.overview\n"
        "import accountwatch.ui.reminder_watch, accountwatch.ui.tray\n"
        "print(sorted(m for m in ('asyncio', 'accountwatch.ui.native_notifier',\n"
        "    'accountwatch.ui.dialogs.why_score') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    # asyncio is desktop-notifier's (Windows and macOS); the dialog opens on demand.
    assert out.strip() == "[]"
