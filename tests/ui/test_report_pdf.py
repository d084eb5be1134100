"""The report on paper: a real multi-page PDF read back with pypdf, and the export paths."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import stat
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from accountwatch.services import checks
from accountwatch.services.report import report_html, report_title
from accountwatch.services.workspace import Workspace
from accountwatch.ui import report_pdf
from accountwatch.ui.report_cli import write_report
from accountwatch.ui.report_pdf import PdfPages, ReportExport, export_report, write_pdf
from accountwatch.ui.state import AppState
from accountwatch.ui.tasks import TaskRunner

# The fixed clock of the demo fixtures (tests/ui/conftest.py).
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def pdf_text(path: Path) -> tuple[int, str]:
    """(pages, text) with the text folded for comparison: pypdf separates words with tabs and
    breaks lines inside table cells, and Japanese comes out as compatibility ideographs (NFKC
    maps them back), so every kind of whitespace is dropped."""
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), "".join(unicodedata.normalize("NFKC", text).split())


def folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_the_demo_report_is_a_multi_page_pdf_with_accounts_and_messages(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path
) -> None:
    result = checks.run_check(demo_workspace, NOW.date(), record=False, now=NOW)
    path = tmp_path / "report.pdf"

    write_pdf(
        report_html(result.profile, result, generated_at=NOW), path, title=report_title(result)
    )

    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == "AccountWatch report — Nov 29, 2026"
    assert reader.metadata.creator == "AccountWatch"
    pages, text = pdf_text(path)
    assert pages >= 2
    for label in ("Alibaba.com main", "AliExpress store", "1688 仕入れ用", "Sakura Trading K.K."):
        assert folded(label) in text
    for message in (
        "AliExpress store is restricted.",
        "AliExpress store has no two-step verification.",
        "The backup codes of 1688 仕入れ用 have not been saved.",
    ):
        assert folded(message) in text
    # A table row split over two sheets interleaves with the page number; nearly all are whole.
    messages = {f.message for f in result.assessment.findings}
    found = [m for m in messages if folded(m) in text]
    assert len(found) >= 0.8 * len(messages)


def test_write_report_writes_html_or_pdf_and_refuses_other_extensions(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path
) -> None:
    html_path = tmp_path / "week.html"
    write_report(demo_workspace, html_path, NOW.date())
    html = html_path.read_text("utf-8")
    assert "AliExpress store is restricted." in html
    assert demo_workspace.repo.runs() == []  # the report does not record a run

    pdf_path = tmp_path / "week.PDF"
    write_report(demo_workspace, pdf_path, NOW.date())
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert PdfReader(pdf_path).metadata.title == "AccountWatch report — Nov 29, 2026"  # type: ignore[union-attr]

    with pytest.raises(ValueError, match=r"saved as \.html or \.pdf, not “\.txt” \(.*week\.txt\)"):
        write_report(demo_workspace, tmp_path / "week.txt", NOW.date())
    assert not (tmp_path / "week.txt").exists()


def test_export_asks_for_a_file_and_adds_the_chosen_extension(
    qtbot: QtBot,
    demo_state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
) -> None:
    asked: list[str] = []

    def choose(*args: object) -> tuple[str, str]:
        asked.append(str(args[2]))
        return str(tmp_path / "weekly"), "Web page (*.html *.htm)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))

    written = finished(qtbot, export_report(parent, demo_state))

    assert written == tmp_path / "weekly.html"
    assert asked and asked[0].endswith("accountwatch-report-2026-11-29.pdf")
    assert "Alibaba.com main" in written.read_text("utf-8")


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    """The widget an export is started from."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the report: what is left in it is what the export left."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def finished(qtbot: QtBot, export: ReportExport | None) -> Path | None:
    """What the export wrote, once it is done (None: nothing)."""
    assert export is not None
    qtbot.waitUntil(lambda: export.done, timeout=20_000)
    return export.written


def test_export_to_a_given_pdf_path(
    qtbot: QtBot, demo_state: AppState, parent: QWidget, out: Path
) -> None:
    announced: list[str] = []
    demo_state.announced.connect(lambda text, _file: announced.append(text))
    written = finished(qtbot, export_report(parent, demo_state, path=out / "now.pdf"))
    assert written == out / "now.pdf"
    pages, text = pdf_text(written)
    assert pages >= 2
    assert folded("AliExpress store") in text
    assert announced == [f"Report saved to {written}."]
    assert [p.name for p in out.iterdir()] == ["now.pdf"]  # nothing else left beside it


def test_a_pdf_is_laid_out_an_account_per_turn_of_the_event_loop(
    qtbot: QtBot,
    demo_state: AppState,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    out: Path,
) -> None:
    # A report of a thousand accounts takes half a minute to lay out: the window answers all
    # along (each account is one turn), and the file is there under its name only at the end.
    order: list[str] = []
    add = PdfPages.add

    def logged(pages: PdfPages, html: str) -> None:
        order.append("account")
        add(pages, html)

    monkeypatch.setattr(PdfPages, "add", logged)
    ticker = QTimer()
    ticker.timeout.connect(lambda: order.append("turn"))
    ticker.start(0)
    target = out / "now.pdf"
    export = export_report(parent, demo_state, path=target)
    assert export is not None and not export.done and not target.exists()
    written = finished(qtbot, export)
    ticker.stop()
    laid = [i for i, step in enumerate(order) if step == "account"]
    assert len(laid) == 3  # the demo's three accounts, each a document of its own
    assert all("turn" in order[a:b] for a, b in itertools.pairwise(laid)), order
    assert written == target and pdf_text(target)[0] >= 2


def test_cancelling_a_pdf_export_leaves_no_file(
    qtbot: QtBot,
    demo_state: AppState,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    out: Path,
) -> None:
    target = out / "kept.pdf"
    target.write_bytes(b"an earlier report")
    add = PdfPages.add
    exports: list[ReportExport] = []

    def cancel_after_first(pages: PdfPages, html: str) -> None:
        add(pages, html)
        exports[0].progress.canceled.emit()  # type: ignore[union-attr] - what Cancel sends

    monkeypatch.setattr(PdfPages, "add", cancel_after_first)
    export = export_report(parent, demo_state, path=target)
    assert export is not None and export.progress is not None
    assert export.progress.labelText() == "Preparing the report…"
    exports.append(export)
    assert finished(qtbot, export) is None
    assert target.read_bytes() == b"an earlier report"  # the file there before is kept
    assert sorted(p.name for p in out.iterdir()) == ["kept.pdf"]  # no partial file


def test_quitting_during_a_pdf_export_leaves_no_partial_file(
    qtbot: QtBot,
    demo_state: AppState,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    out: Path,
) -> None:
    add = PdfPages.add

    def quit_after_first(pages: PdfPages, html: str) -> None:
        add(pages, html)
        QCoreApplication.instance().aboutToQuit.emit()  # type: ignore[union-attr]

    monkeypatch.setattr(PdfPages, "add", quit_after_first)
    export = export_report(parent, demo_state, path=out / "report.pdf")
    assert finished(qtbot, export) is None
    assert list(out.iterdir()) == []


def test_a_part_too_long_for_a_pdf_is_said_and_no_file_is_left(
    qtbot: QtBot,
    demo_state: AppState,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    out: Path,
) -> None:
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _parent, _title, text: told.append(text))
    )
    monkeypatch.setattr("accountwatch.ui.report_pdf._LAYOUT_LIMIT", 10)
    export = export_report(parent, demo_state, path=out / "report.pdf")
    assert finished(qtbot, export) is None
    assert len(told) == 1 and "too long for a PDF" in told[0] and "report.pdf" in told[0]
    assert list(out.iterdir()) == []


def test_cancelling_while_the_file_is_written_keeps_the_earlier_one(
    qtbot: QtBot,
    demo_state: AppState,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    out: Path,
) -> None:
    # The last step mends the text layer on a worker and renames the file into place: a cancel
    # (the dialog closed, the app quitting) while it runs must not leave the new file under the
    # name, nor a partial one beside it. The worker is held in the middle of that step here.
    target = out / "kept.pdf"
    target.write_bytes(b"an earlier report")
    state = AppState(demo_state.ws, TaskRunner(), clock=demo_state.clock)
    state.reload()
    qtbot.waitUntil(lambda: state.idle, timeout=10_000)
    writing, release = threading.Event(), threading.Event()
    fix = report_pdf.fix_text_layer

    def held(path: Path, *args: Any) -> None:
        # As the real one does, the file read whole first and written whole later.
        fix(path, *args)
        data = path.read_bytes()
        writing.set()
        release.wait(10)
        path.write_bytes(data)

    monkeypatch.setattr(report_pdf, "fix_text_layer", held)
    export = export_report(parent, state, path=target)
    assert export is not None
    qtbot.waitUntil(writing.is_set, timeout=20_000)
    export.cancel()
    release.set()
    assert state.tasks.wait()
    qtbot.wait(50)  # what the worker hands back reaches the GUI thread
    assert export.done and export.written is None
    assert target.read_bytes() == b"an earlier report"
    assert sorted(p.name for p in out.iterdir()) == ["kept.pdf"]


def test_a_pdf_export_into_a_named_pipe_writes_into_it(
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, parent: QWidget
) -> None:
    # As an HTML export does: the pipe stays a pipe, whoever reads it gets the whole PDF.
    pipe = tmp_path / "report.pdf"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    written = finished(qtbot, export_report(parent, demo_state, path=pipe))
    reader.join(10)
    assert written == pipe and stat.S_ISFIFO(pipe.stat().st_mode)
    assert got and got[0].startswith(b"%PDF") and got[0].rstrip().endswith(b"%%EOF")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".aw-")) == []
