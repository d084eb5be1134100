"""The PDF report's text layer, read by poppler's `pdftotext` as search and copy see it: Japanese
without Kangxi radicals, English without ligature code points, /Lang, one font per language."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.services import checks
from accountwatch.services.checks import CheckResult
from accountwatch.services.report import report_html, report_title
from accountwatch.services.workspace import Workspace
from accountwatch.ui.report_pdf import write_pdf

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)

RADICALS = range(0x2E80, 0x2FE0)
LIGATURES = range(0xFB00, 0xFB07)


@pytest.fixture
def pdftotext() -> str:
    """poppler's pdftotext; CI (ACCOUNTWATCH_REQUIRE_KEYRING=1) must have it, so it fails there."""
    found = shutil.which("pdftotext")
    if found is None:
        reason = "pdftotext (Debian poppler-utils, tools/install-system-deps) is not installed"
        if os.environ.get("ACCOUNTWATCH_REQUIRE_KEYRING") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture(params=["ja", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


def write_report(ws: Workspace, path: Path) -> CheckResult:
    result = checks.run_check(ws, NOW.date(), record=False, now=NOW)
    write_pdf(
        report_html(result.profile, result, generated_at=NOW), path, title=report_title(result)
    )
    return result


def extracted(pdftotext: str, path: Path) -> str:
    return subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def unspaced(text: str) -> str:
    """Without whitespace: pdftotext breaks lines inside table cells. No other folding."""
    return "".join(text.split())


def test_the_japanese_report_extracts_as_written(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path, pdftotext: str
) -> None:
    i18n.set_language("ja")
    try:
        path = tmp_path / "report.pdf"
        result = write_report(demo_workspace, path)
    finally:
        i18n.set_language("en")

    text = extracted(pdftotext, path)
    assert "支払" in text
    assert "日付" in text
    assert [c for c in text if ord(c) in RADICALS] == []
    # The report's own sentences come back character for character (not merely after NFKC).
    whole = unspaced(text)
    messages = {f.message for f in result.assessment.findings}
    found = [m for m in messages if unspaced(m) in whole]
    assert len(found) >= 0.8 * len(messages)
    assert "さくら貿易株式会社" in whole


def test_the_english_report_extracts_without_ligatures(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path, pdftotext: str
) -> None:
    path = tmp_path / "report.pdf"
    write_report(demo_workspace, path)

    text = extracted(pdftotext, path)
    assert "findings" in text
    assert [c for c in text if ord(c) in LIGATURES] == []
    assert "Open findings" in text


def test_the_pdf_names_its_language_and_uses_one_font_family(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path, language: str
) -> None:
    path = tmp_path / "report.pdf"
    write_report(demo_workspace, path)

    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == language
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    if language == "ja":
        # Noto Sans CJK JP for kana, kanji and Latin alike (no DejaVu digits beside kanji),
        # and no oblique face: Japanese has no italics.
        assert fonts and all(f.lstrip("/").startswith("NotoSansCJKjp") for f in fonts)
        assert not [f for f in fonts if "Oblique" in f or "Italic" in f]


@pytest.mark.parametrize(
    "sentence",
    [
        "出品3「Wireless earbuds — No.1 sound quality」",  # 0 and 1 in a Latin run
        "100% guaranteed、1:1 mirror",
        "12,000円を2026年10月1日までに",
        "許認可・登記書類の有効期限",  # ・ shares its glyph with ‧ (U+2027)
        "日付と支払期日",  # 日 and 支 share theirs with Kangxi radicals
    ],
)
def test_japanese_sentences_extract_character_for_character(
    qtbot: QtBot, tmp_path: Path, pdftotext: str, sentence: str
) -> None:
    i18n.set_language("ja")
    try:
        path = tmp_path / "sentence.pdf"
        write_pdf(f"<p>{sentence}</p>", path)
    finally:
        i18n.set_language("en")
    assert sentence in extracted(pdftotext, path)
