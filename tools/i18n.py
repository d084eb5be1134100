"""Maintains the translations with Babel: `python tools/i18n.py extract|update|compile|all`.

extract: app/accountwatch -> resources/locale/accountwatch.pot (every `_`, `N_`, `ngettext`)
update:  merge the template into each language's accountwatch.po (new msgids arrive untranslated)
compile: each accountwatch.po -> accountwatch.mo next to it (committed: the app loads it as is)
merge FILE [LANG]: copy translations from another .po for msgids still untranslated (default ja)
countries: resources/countries.json, every country's name in English and each language, as
         babel's CLDR data gives it (the country list reads it instead of loading locale data)
"""

from __future__ import annotations

import ast
import json
import sys
import tokenize
from collections.abc import Collection, Iterable, Iterator
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from accountwatch.core.iso_codes import COUNTRIES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "app" / "accountwatch"
LOCALE_DIR = PACKAGE / "resources" / "locale"
DOMAIN = "accountwatch"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
LANGUAGES = ("ja",)  # English is the source language: no catalogue
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _fstring_messages(
    token: str, keywords: Collection[str]
) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """`_("...")` calls inside one f-string token: (line within the token, function, strings)."""
    try:
        tree = ast.parse(token.strip(), mode="eval")
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in keywords:
            continue
        strings = tuple(
            arg.value
            for arg in node.args
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        )
        if strings:
            yield node.lineno, node.func.id, strings


def extract_python_and_fstrings(fileobj, keywords, comment_tags, options):  # type: ignore[no-untyped-def]
    """Babel's Python extractor, plus the `_()` calls inside f-strings that it skips before 3.12."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    if sys.version_info >= (3, 12):
        return  # f-strings are tokenised into parts there, and Babel reads them itself
    fileobj.seek(0)
    encoding = options.get("encoding", "utf-8")
    lines = (line.decode(encoding) for line in fileobj)
    for token in tokenize.generate_tokens(lambda: next(lines, "")):
        if token.type != tokenize.STRING:
            continue
        prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
        if "f" not in prefix.lower():
            continue
        for lineno, funcname, strings in _fstring_messages(token.string, keywords):
            message = strings if len(strings) > 1 else strings[0]
            yield token.start[0] + lineno - 1, funcname, message, []


METHOD_MAP = [("**.py", extract_python_and_fstrings)]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract_catalog(package: Path = PACKAGE) -> Catalog:
    """Every marked string of the package, as a fresh template."""
    catalog = Catalog(project="AccountWatch", msgid_bugs_address="", charset="utf-8")
    found = extract_from_dir(package, METHOD_MAP, keywords=KEYWORDS, strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        location = (f"app/accountwatch/{Path(filename).as_posix()}", lineno)
        catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def _write_po(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = BytesIO()
    # No line numbers and no obsolete entries: a moved line does not churn the catalogues.
    write_po(
        buffer, catalog, width=100, include_lineno=False, ignore_obsolete=True, sort_output=True
    )
    path.write_bytes(buffer.getvalue())


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def untranslated(catalog: Catalog) -> list[str]:
    """The msgids (the singular of a plural) that have no translation yet."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id[0] if isinstance(message.id, tuple) else message.id)
    return missing


def untranslated_ids(catalog: Catalog) -> set[object]:
    return {
        message.id
        for message in catalog
        if message.id
        and not all(message.string if isinstance(message.string, tuple) else (message.string,))
    }


def compile_bytes(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def extract() -> None:
    _write_po(TEMPLATE, extract_catalog())
    print(f"wrote {TEMPLATE.relative_to(ROOT)}")


def update(languages: Iterable[str] = LANGUAGES) -> None:
    template = read_catalog(TEMPLATE)
    for language in languages:
        path = po_path(language)
        if path.exists():
            catalog = read_catalog(path, language)
        else:
            catalog = Catalog(locale=language, project="AccountWatch", charset="utf-8", fuzzy=False)
        # No fuzzy matching: a guessed translation of a similar string is worse than none.
        catalog.update(template, no_fuzzy_matching=True)
        _write_po(path, catalog)
        missing = untranslated(catalog)
        print(f"updated {path.relative_to(ROOT)}: {len(missing)} untranslated")


def compile_all(languages: Iterable[str] = LANGUAGES) -> None:
    for language in languages:
        catalog = read_catalog(po_path(language), language)
        mo_path(language).write_bytes(compile_bytes(catalog))
        print(f"wrote {mo_path(language).relative_to(ROOT)}")


def merge(source: Path, language: str = "ja") -> list[str]:
    """Fill untranslated msgids of `language` from `source`; returns the msgids that conflict."""
    incoming = read_catalog(source, language)
    catalog = read_catalog(po_path(language), language)
    conflicts = []
    missing = untranslated_ids(catalog)
    for message in catalog:
        if not message.id:
            continue
        other = incoming.get(message.id)
        if other is None or not other.string or other.fuzzy:
            continue
        if message.id in missing:
            message.string = other.string
        elif other.string != message.string:
            conflicts.append(message.id[0] if isinstance(message.id, tuple) else message.id)
    _write_po(po_path(language), catalog)
    print(f"merged {source}: {len(untranslated(catalog))} untranslated, {len(conflicts)} kept")
    return conflicts


COUNTRIES_FILE = PACKAGE / "resources" / "countries.json"


def country_names(language: str) -> dict[str, str]:
    """Babel's name of every country a profile accepts, in `language` (those it names)."""
    names = Locale.parse(language).territories
    return {code: names[code] for code in sorted(COUNTRIES) if code in names}


def write_countries(languages: Iterable[str] = ("en", *LANGUAGES)) -> None:
    table = {language: country_names(language) for language in languages}
    COUNTRIES_FILE.write_text(
        json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
    )


def main(argv: list[str]) -> int:
    if argv[:1] == ["merge"] and len(argv) in (2, 3):
        for conflict in merge(Path(argv[1]), *argv[2:]):
            print(f"  kept ours: {conflict!r}")
        return 0
    steps = {
        "extract": [extract],
        "update": [update],
        "compile": [compile_all],
        "countries": [write_countries],
    }
    steps["all"] = [extract, update, compile_all, write_countries]
    if len(argv) != 1 or argv[0] not in steps:
        print(__doc__, file=sys.stderr)
        return 2
    for step in steps[argv[0]]:
        step()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
