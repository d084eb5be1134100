"""Translations: every string has Japanese, placeholders survive, the catalogue is compiled,
the language is chosen as documented, and dates and amounts read as each language writes them."""

from __future__ import annotations

import datetime as dt
import gettext
import importlib.util
import json
import re
import string
import sys
from collections import Counter
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from babel.messages.catalog import Catalog

from accountwatch import i18n
from accountwatch.cli import main
from accountwatch.core import passwords
from accountwatch.core.demo import demo_profile
from accountwatch.i18n import format_date, format_money, format_number
from accountwatch.services.preferences import stored_language
from accountwatch.store.db import DB_FILENAME

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 29)


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def japanese() -> Catalog:
    catalog: Catalog = tool.read_catalog(tool.po_path("ja"), "ja")
    return catalog


def _ids(message: Any) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message: Any) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


# -- the catalogue ---------------------------------------------------------------------------


def test_every_msgid_in_the_code_has_a_japanese_translation(japanese: Catalog) -> None:
    # Extracted afresh, so a string added to the code without a translation fails here.
    fresh = tool.extract_catalog()
    missing = []
    for message in fresh:
        if not message.id:
            continue
        translated = japanese.get(message.id)
        if translated is None or not all(_strings(translated)) or translated.fuzzy:
            where = ", ".join(sorted({path for path, _line in message.locations}))
            missing.append(f"{_ids(message)[0]!r} ({where})")
    assert not missing, (
        f"{len(missing)} msgids lack Japanese; run `make i18n` and translate:\n"
        + "\n".join(missing)
    )


def _placeholders(text: str) -> Counter[str]:
    """Every `{name!conv:spec}` field (a malformed brace raises) and every %-style directive."""
    fields: Counter[str] = Counter()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields[
                f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            ] += 1
    fields.update(re.findall(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]", text))
    return fields


def test_translations_keep_every_placeholder(japanese: Catalog) -> None:
    wrong = []
    for message in japanese:
        if not message.id:
            continue
        # Japanese has one plural form: it must carry what the plural msgid carries.
        expected = set().union(*(_placeholders(text) for text in _ids(message)))
        for text in _strings(message):
            if text and set(_placeholders(text)) != expected:
                wrong.append(f"{_ids(message)[0]!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_japanese_catalogue_has_one_plural_form(japanese: Catalog) -> None:
    assert japanese.num_plurals == 1
    assert all(len(_strings(m)) == 1 for m in japanese if m.pluralizable)


def test_the_committed_mo_matches_the_po() -> None:
    # Compiled in memory and compared as catalogues (not bytes): any edit to the .po that was
    # not followed by `make i18n-compile` fails here.
    fresh = gettext.GNUTranslations(
        BytesIO(tool.compile_bytes(tool.read_catalog(tool.po_path("ja"), "ja")))
    )
    with tool.mo_path("ja").open("rb") as handle:
        committed = gettext.GNUTranslations(handle)

    def messages(t: gettext.GNUTranslations) -> dict[Any, str]:
        catalog: dict[Any, str] = t._catalog  # type: ignore[attr-defined]
        return {k: v for k, v in catalog.items() if k != ""}

    assert messages(committed) == messages(fresh)


def test_the_catalogue_is_package_data_found_through_locale_dir() -> None:
    mo = Path(i18n.locale_dir()) / "ja" / "LC_MESSAGES" / "accountwatch.mo"
    assert mo.is_file()
    assert i18n.set_language("ja") == "ja"
    assert i18n._("No findings.") == "指摘事項はありません。"


def test_every_zxcvbn_feedback_text_is_marked_for_translation() -> None:
    # Read from zxcvbn itself, so an upgrade that adds a text fails here.
    import zxcvbn.feedback
    from babel.messages.extract import extract_python

    with Path(zxcvbn.feedback.__file__).open("rb") as handle:
        texts = {m for _line, _f, m, _c in extract_python(handle, {"_": None}, [], {})}
    assert texts == set(passwords.ZXCVBN_FEEDBACK)


def test_zxcvbn_feedback_is_shown_in_japanese() -> None:
    i18n.set_language("ja")
    assert passwords.feedback_text("This is a very common password.") == (
        "非常によく使われているパスワードです。"
    )
    assert passwords.feedback_text("") == ""


# -- formatting ------------------------------------------------------------------------------


def test_japanese_dates_and_amounts() -> None:
    i18n.set_language("ja")
    assert format_date(dt.date(2026, 12, 5)) == "2026年12月5日(土)"
    assert format_money(Decimal("12000"), "JPY") == "¥12,000"
    assert format_money(Decimal("2999.00"), "USD") == "$2,999.00"
    assert format_money(Decimal("88.5"), "CNY") == "88.50元"
    assert format_number(12000) == "12,000"


def test_english_dates_and_amounts() -> None:
    i18n.set_language("en")
    assert format_date(dt.date(2026, 12, 5)) == "Dec 5, 2026"
    assert format_money(Decimal("12000"), "JPY") == "¥12,000"
    assert format_money(Decimal("2999.00"), "USD") == "$2,999.00"
    assert format_money(Decimal("5"), "") == "5"


# -- the command line ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, language: str | None = None
) -> Path:
    doc = demo_profile(DAY)
    if language is not None:
        doc.setdefault("settings", {})["language"] = language
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    data = tmp_path / "data"
    code, _out, err = run(capsys, "--lang", "en", "import", str(source), "--data-dir", str(data))
    assert code == 0, err
    return data


def test_check_lang_ja_prints_japanese_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = _import(capsys, tmp_path)
    code, out, _err = run(
        capsys,
        "check",
        "--lang",
        "ja",
        "--at",
        DAY.isoformat(),
        "--no-record",
        "--data-dir",
        str(data),
    )
    assert code == 0
    assert "総合凍結リスク" in out
    assert "二段階認証" in out
    assert (
        "支払い「1688 代行サービス月額」（¥12,000）は支払期日の2026年11月23日(月)を6日過ぎており"
        in out
    )
    assert "2026-11-23" not in out


def test_check_json_keeps_iso_dates_and_translates_only_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = _import(capsys, tmp_path)
    code, out, _err = run(
        capsys,
        "--lang",
        "ja",
        "check",
        "--json",
        "--at",
        DAY.isoformat(),
        "--no-record",
        "--data-dir",
        str(data),
    )
    doc = json.loads(out)
    assert code == 0 and doc["at"] == "2026-11-29"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", u["date"]) for u in doc["upcoming"])
    assert any("年" in u["message"] for u in doc["upcoming"])


def test_import_errors_are_in_japanese_with_the_json_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    doc = demo_profile(DAY)
    doc["accounts"][0]["two_factor"]["method"] = "totp2"
    bad.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    code, _out, err = run(
        capsys, "--lang", "ja", "import", str(bad), "--data-dir", str(tmp_path / "d")
    )
    assert code == 2
    line = next(
        line for line in err.splitlines() if line.startswith("accounts[0].two_factor.method:")
    )
    assert "のいずれでもありません" in line


def test_accountwatch_lang_environment_variable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCOUNTWATCH_LANG", "ja")
    code, _out, err = run(capsys, "reminders", "--days", "0", "--data-dir", str(tmp_path / "d"))
    assert code == 2  # a data folder that does not exist
    assert "AccountWatch のデータがありません" in err


def test_the_profile_language_applies_without_flag_or_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _import(capsys, tmp_path, language="ja")
    assert stored_language(data) == "ja"
    args = ("check", "--at", DAY.isoformat(), "--no-record", "--data-dir", str(data))
    _code, out, _err = run(capsys, *args)
    assert "総合凍結リスク" in out
    # The flag, then the environment, win over the profile.
    _code, out, _err = run(capsys, "--lang", "en", *args)
    assert "Overall freeze risk" in out
    monkeypatch.setenv("ACCOUNTWATCH_LANG", "en")
    _code, out, _err = run(capsys, *args)
    assert "Overall freeze risk" in out


def test_stored_language_reads_without_creating_anything(tmp_path: Path) -> None:
    assert stored_language(tmp_path / "nowhere") is None
    assert not (tmp_path / "nowhere").exists()
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"not a database at all")
    assert stored_language(folder) is None
    assert sorted(p.name for p in folder.iterdir()) == [DB_FILENAME]


def test_choose_language_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.choose_language("en", "ja") == "en"
    assert i18n.choose_language(None, "ja") == "ja"
    monkeypatch.setenv("ACCOUNTWATCH_LANG", "en")
    assert i18n.choose_language(None, "ja") == "en"
    monkeypatch.setenv("ACCOUNTWATCH_LANG", "fr")
    assert i18n.choose_language(None, None) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locale variables")
def test_the_system_locale_decides_last(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert i18n.set_language(i18n.choose_language(None, None)) == "ja"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_money_matches_babel_for_every_amount_shape(language: str) -> None:
    from decimal import Decimal

    from babel.numbers import format_currency

    i18n.set_language(language)
    try:
        for currency in ("JPY", "USD", "CNY", "EUR", "KRW", "BHD", "XYZ"):
            for amount in ("0", "1", "12000", "2999.00", "0.005", "1234567.891", "0.5", "2.5"):
                value = Decimal(amount)
                try:
                    expected = format_currency(value, currency, locale=language)
                except Exception:
                    expected = None
                shown = i18n.format_money(value, currency)
                if expected is not None and (language, currency) == ("ja", "CNY"):
                    # Written after the amount in Japanese: "12,000.00元", not CLDR's "元12,000.00".
                    assert shown == str(expected).removeprefix("元") + "元", amount
                elif expected is not None:
                    assert shown == str(expected).replace("￥", "¥"), (currency, amount)
    finally:
        i18n.set_language("en")
