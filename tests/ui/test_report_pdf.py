"""The report on paper: a real multi-page PDF read back with pypdf, and the export paths."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from accountwatch.services import checks
from accountwatch.services.report import report_html, report_title
from accountwatch.services.workspace import Workspace
from accountwatch.ui.report_cli import write_report
from accountwatch.ui.report_pdf import export_report, write_pdf
from accountwatch.ui.state import AppState

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
    qtbot: QtBot, demo_state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[str] = []

    def choose(*args: object) -> tuple[str, str]:
        asked.append(str(args[2]))
        return str(tmp_path / "weekly"), "Web page (*.html *.htm)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))

    written = export_report(parent, demo_state)

    assert written == tmp_path / "weekly.html"
    assert asked and asked[0].endswith("accountwatch-report-2026-11-29.pdf")
    assert "Alibaba.com main" in written.read_text("utf-8")


def test_export_to_a_given_pdf_path(qtbot: QtBot, demo_state: AppState, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    written = export_report(parent, demo_state, path=tmp_path / "now.pdf")
    assert written is not None
    pages, text = pdf_text(written)
    assert pages >= 2
    assert folded("AliExpress store") in text
