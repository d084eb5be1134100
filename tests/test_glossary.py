"""The Japanese catalogue follows the glossary (resources/glossary.toml): no forbidden variant of
a term, Japanese typography, and no Latin letters beyond names, units and what is typed as is."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "app" / "accountwatch" / "resources" / "glossary.toml"

# Inserted values, printf conversions, keyboard mnemonics and shortcuts, command-line options,
# Latin quoted as typed ('…' or 「…」 holding only Latin) and codes such as T1234567890123:
# none of them is prose.
_NOT_PROSE = re.compile(
    r"\{[^{}]*\}|%\([a-z_]+\)[sdr]|%[sdr]|\(&[A-Za-z]\)|&[A-Za-z]|(?<![\w-])--?[a-z][a-z-]*"
    r"|'[^']*'|「[ -~…]*」|https?://\S+|\S+@\S+|\b(?:Ctrl|Alt|Shift)\+\w|\b[A-Z]{1,3}\d{4,}\b"
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9._+-]*[A-Za-z0-9]|[A-Za-z]")


def _load_tool() -> Any:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def glossary() -> dict[str, Any]:
    return tomllib.loads(GLOSSARY.read_text("utf-8"))


@pytest.fixture(scope="module")
def japanese() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every translated Japanese string (each plural form on its own)."""
    tool = _load_tool()
    catalog = tool.read_catalog(tool.po_path("ja"), "ja")
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(msgid, s) for s in strings if s]
    return pairs


def forbidden_uses(pairs: list[tuple[str, str]], patterns: list[str]) -> list[str]:
    compiled = [re.compile(p) for p in patterns]
    return [
        f"{p.pattern!r} in {msgstr!r} ({msgid!r})"
        for msgid, msgstr in pairs
        for p in compiled
        if p.search(msgstr)
    ]


def test_every_term_has_both_languages_and_its_variants_compile(glossary: dict[str, Any]) -> None:
    for term in glossary["term"]:
        assert term["en"] and term["ja"] and term["forbidden"], term
        for pattern in term["forbidden"]:
            assert not re.search(pattern, term["ja"]), (pattern, term["ja"])


def test_no_japanese_string_uses_a_forbidden_variant(
    glossary: dict[str, Any], japanese: list[tuple[str, str]]
) -> None:
    patterns = [p for term in glossary["term"] for p in term["forbidden"]]
    found = forbidden_uses(japanese, patterns)
    assert not found, "use the glossary's term:\n" + "\n".join(found)


def test_japanese_typography(glossary: dict[str, Any], japanese: list[tuple[str, str]]) -> None:
    found = forbidden_uses(japanese, glossary["typography"]["forbidden"])
    why = "no space beside a value, a number, % or a closing bracket; no full-width colon:\n"
    assert not found, why + "\n".join(found)


def latin_words(msgstr: str, allowed: set[str]) -> list[str]:
    prose = _NOT_PROSE.sub(" ", msgstr)
    return [w for w in _LATIN_WORD.findall(prose) if w not in allowed]


def test_japanese_strings_hold_no_latin_letters_beyond_the_allow_list(
    glossary: dict[str, Any], japanese: list[tuple[str, str]]
) -> None:
    allowed = set(glossary["latin"]["words"])
    found = [
        f"{words} in {msgstr!r}"
        for _msgid, msgstr in japanese
        if (words := latin_words(msgstr, allowed))
    ]
    assert not found, "translate, or add a name to [latin] in glossary.toml:\n" + "\n".join(found)


def test_the_checks_catch_what_they_are_for(glossary: dict[str, Any]) -> None:
    # The examples the issue found: each one is caught, and its fix is not.
    terms = [p for term in glossary["term"] for p in term["forbidden"]]
    typography = glossary["typography"]["forbidden"]
    bad = [("", "二段階認証のシークレットは保管できません"), ("", "参考記事でも勧めています")]
    assert len(forbidden_uses(bad, terms)) == 2
    good = [("", "二段階認証のシークレットキー"), ("", "法人番号とインボイス登録番号")]
    assert forbidden_uses(good, terms) == []
    for text in ("{day} の {time}", "3.8 %", "「支払い」 を", "過去 30 日間", "削除："):
        assert forbidden_uses([("", text)], typography), text
    assert forbidden_uses([("", "{day}の{time}、3.8%、「支払い」を、過去30日間")], typography) == []
    allowed = set(glossary["latin"]["words"])
    assert latin_words("対応言語: English", allowed) == ["English"]
    assert latin_words("{account} の ID(&I): --data-dir 'card' AccountWatch", allowed) == []
