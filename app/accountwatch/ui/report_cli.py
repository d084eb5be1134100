"""`accountwatch report FILE.html|FILE.pdf`: the report from a terminal (Qt only for PDF)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from accountwatch.i18n import _
from accountwatch.paths import private_output, write_private_file
from accountwatch.services import checks
from accountwatch.services.report import (
    report_documents,
    report_format,
    report_html,
    report_title,
    unknown_extension,
)
from accountwatch.services.workspace import Workspace


def write_report(ws: Workspace, path: Path, at: dt.date) -> None:
    """Check the profile as of `at` (without recording the run) and write the report to `path`:
    HTML for .html/.htm, PDF for .pdf; ValueError for any other extension."""
    kind = report_format(path)
    if kind is None:
        raise ValueError(unknown_extension(path))
    now = dt.datetime.now(dt.UTC)
    result = checks.run_check(ws, at, record=False, now=now, compare=False)  # no change shown
    if kind == "html":
        html = report_html(result.profile, result, generated_at=now)
        write_private_file(path, html.encode("utf-8"))  # 0600 like an export, whatever the umask
        return
    documents = report_documents(result.profile, result, generated_at=now)
    app = _gui_application()  # held until the PDF is written
    from accountwatch.ui.report_pdf import write_pdf  # Qt is loaded only for a PDF

    # A report too long for a PDF is a ValueError (ReportTooLongError): exit status 2, no file.
    with private_output(path) as written:
        write_pdf(documents, written, title=report_title(result))
    del app


def _gui_application() -> Any:
    """The running QGuiApplication, or a new one (offscreen when there is no display)."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication([sys.argv[0] if sys.argv else "accountwatch"])
    elif not isinstance(app, QGuiApplication):
        raise RuntimeError(_("A PDF report needs a graphical Qt application."))
    return app
