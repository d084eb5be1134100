"""The command line in Japanese: argparse's own usage, headings and errors come from our
catalogue, and our error messages carry no English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountwatch import i18n
from accountwatch.cli import main

# What may stay in Latin letters: the program, command and option names, metavars and the
# values the user typed or may type.
NAMES = re.compile(
    r"accountwatch|--?[a-z][a-z-]*|\b(?:DIR|DATE|DATETIME|FILE|FILE\.ics|BAND|N|COMMAND)\b"
    r"|\{[a-z,]+\}|'[^']*'|ja|en|gui|import|export|check|reminders|calendar|report|"
    r"demo-profile|HTML|PDF|JSON|AccountWatch|iCalendar|ID|YYYY-MM-DD(?:THH:MM)?|"
    r"\$ACCOUNTWATCH_DATA_DIR|cron"
)


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    i18n.set_language("en")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's --help and usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", NAMES.sub("", text))


def test_usage_errors_are_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--lang", "ja", "check", "--bogus")
    assert code == 2
    assert err.startswith("使い方: accountwatch ")
    assert "accountwatch: エラー: 不明な引数です: --bogus" in err
    assert english_left(err) == []

    code, _out, err = run(capsys, "--lang", "ja", "check", "--fail-on", "worst")
    assert code == 2
    assert "--fail-on の指定: 'worst' は指定できません" in err
    assert english_left(err) == []

    code, _out, err = run(capsys, "--lang", "ja", "import")
    assert code == 2
    assert "次の引数を指定してください: FILE" in err


def test_help_is_japanese_down_to_the_headings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--lang", "ja", "--help")
    assert code == 0
    assert out.startswith("使い方: accountwatch ")
    assert "\nオプション:\n" in out
    assert "このヘルプを表示して終了する" in out
    assert "バージョン番号を表示して終了する" in out
    code, out, _err = run(capsys, "--lang", "ja", "report", "--help")
    assert code == 0
    assert "\n引数:\n" in out
    assert "show this help" not in out


def test_english_stays_english_after_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--lang", "ja", "check", "--bogus")
    code, _out, err = run(capsys, "--lang", "en", "check", "--bogus")
    assert code == 2
    assert err.startswith("usage: accountwatch ")
    assert "accountwatch: error: unrecognized arguments: --bogus" in err


def test_a_reading_command_on_a_missing_folder_says_so_in_japanese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "--lang", "ja", "check", "--data-dir", str(tmp_path / "none"))
    assert code == 2
    assert "データがありません" in err
