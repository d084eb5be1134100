"""The report's HTML says its language and sets it in the language's one font family."""

from __future__ import annotations

import datetime as dt

from accountwatch import i18n
from accountwatch.services import checks
from accountwatch.services.report import report_html
from accountwatch.services.workspace import Workspace

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def html_in(ws: Workspace, language: str) -> str:
    i18n.set_language(language)
    try:
        result = checks.run_check(ws, NOW.date(), record=False, now=NOW)
        return report_html(result.profile, result, generated_at=NOW)
    finally:
        i18n.set_language("en")


def test_the_japanese_report_is_marked_ja_in_noto_sans_cjk_jp_without_italics(
    ws: Workspace,
) -> None:
    html = html_in(ws, "ja")
    assert '<html lang="ja">' in html
    assert 'font-family: "Noto Sans CJK JP"' in html
    assert "<i>" not in html
    assert "font-style: italic" not in html


def test_the_english_report_is_marked_en_and_keeps_its_italic_notes(ws: Workspace) -> None:
    html = html_in(ws, "en")
    assert '<html lang="en">' in html
    assert "font-family" not in html
    assert ".note { font-style: italic; }" in html
    assert '<span class="note">Acknowledged: ' in html
