"""Translation of the app's own strings through gettext (`_()` at use, `N_()` at import time)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import locale
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from accountwatch.core import RESOURCES

DOMAIN = "accountwatch"
LANGUAGES = ("ja", "en")
LANGUAGE_ENV = "ACCOUNTWATCH_LANG"

# How a date reads inside a sentence: 2026年12月5日(土) / Dec 5, 2026 (Japanese business
# writing gives the weekday); a month alone, as of a card's expiry: 2026年10月 / Oct 2026.
DATE_FORMATS = {"ja": "y年M月d日(E)", "en": "medium"}
MONTH_FORMATS = {"ja": "y年M月", "en": "MMM y"}
# A day without its year, where the width is short (a chart's axis): 10月4日 / Oct 4.
SHORT_DATE_FORMATS = {"ja": "M月d日", "en": "MMM d"}
# Between the items of a list inside a sentence.
LIST_SEPARATORS = {"ja": "、", "en": ", "}
# Between items that hold commas themselves ("Nov 9, 2026: 40"): English needs a semicolon.
CLAUSE_SEPARATORS = {"ja": "、", "en": "; "}

# The one font family of each language, Latin letters and digits included: Japanese set in a
# CJK font with Latin from another sits on two baselines. Not listed: the platform's own font.
FONT_FAMILIES = {"ja": "Noto Sans CJK JP"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def locale_dir() -> str:
    """The folder of the compiled catalogues (`<lang>/LC_MESSAGES/accountwatch.mo`).

    A real folder for a checkout, an installed wheel and the frozen app alike (the catalogues
    are package data); gettext needs a path, not a resource reader.
    """
    return str(RESOURCES / "locale")


def system_language() -> str:
    """The first supported language of the environment, English when none is."""
    candidates = [
        os.environ.get(name, "") for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    ]
    with contextlib.suppress(ValueError):
        candidates.append(locale.getlocale()[0] or "")
    for value in candidates:
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
    return "en"


def choose_language(flag: str | None, stored: str | None = None) -> str | None:
    """--lang, else $ACCOUNTWATCH_LANG, else the profile's setting; None: the system's."""
    for candidate in (flag, os.environ.get(LANGUAGE_ENV), stored):
        if candidate in LANGUAGES:
            return candidate
    return None


def set_language(language: str | None) -> str:
    """Switch every later `_()` to `language` (None: the system's); returns the one in use."""
    global _translations, _language
    chosen = language if language in LANGUAGES else system_language()
    _translations = gettext.translation(DOMAIN, locale_dir(), languages=[chosen], fallback=True)
    _language = chosen
    return chosen


def current_language() -> str:
    return _language


def font_family() -> str | None:
    """The current language's font family, None for the platform's default."""
    return FONT_FAMILIES.get(_language)


def italics_allowed() -> bool:
    """Japanese has no italic: a slanted kanji is a synthetic oblique, hard to read."""
    return _language != "ja"


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def format_date(day: dt.date) -> str:
    """A date as the current language writes it in a sentence: 2026年12月5日 / Dec 5, 2026."""
    return _format_date(day, _language)


@functools.lru_cache(maxsize=4096)
def _format_date(day: dt.date, language: str) -> str:
    # Cached: a large profile's reminders repeat the same few hundred days thousands of times.
    if language == "en":
        return f"{_EN_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if language == "ja":
        return f"{day.year}年{day.month}月{day.day}日({_JA_WEEKDAYS[day.weekday()]})"
    return _babel_date(day, language)


def _babel_date(day: dt.date, language: str) -> str:
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format=DATE_FORMATS.get(language, "medium"), locale=language))


# What babel (CLDR) makes of DATE_FORMATS and of the currency patterns for the two languages,
# written out: formatting a date or an amount in a common currency then loads no babel and no
# locale data (a few tens of milliseconds at each `check`, megabytes in the app).
# tests/test_i18n_formats.py holds every entry to what babel gives.
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_JA_WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")  # Monday first, as date.weekday()
_MONEY_SHAPES: dict[tuple[str, str], tuple[str, str, int]] = {
    **{
        (language, currency): shape
        for language in LANGUAGES
        for currency, shape in {
            "USD": ("$", "", 2),
            "JPY": ("¥", "", 0),
            "EUR": ("€", "", 2),
            "GBP": ("£", "", 2),
            "HKD": ("HK$", "", 2),
            "TWD": ("NT$", "", 2),
            "KRW": ("₩", "", 0),
            "SGD": ("SGD", "", 2),
            "AUD": ("A$", "", 2),
            "CAD": ("CA$", "", 2),
            "THB": ("THB", "", 2),
            "VND": ("₫", "", 0),
            "INR": ("₹", "", 2),
            "MYR": ("MYR", "", 2),
            "IDR": ("IDR", "", 0),
            "CHF": ("CHF", "", 2),
            "NZD": ("NZ$", "", 2),
        }.items()
    },
    ("en", "CNY"): ("CN¥", "", 2),
    ("ja", "CNY"): ("", "元", 2),
    ("en", "PHP"): ("₱", "", 2),
    ("ja", "PHP"): ("PHP", "", 2),
}


def format_moment(moment: dt.datetime) -> str:
    """A moment on the local clock in a sentence: 2026年11月22日(日) 09:00 / Nov 22, 2026 09:00."""
    local = moment.astimezone()
    return _("{date} {time}").format(date=format_date(local.date()), time=local.strftime("%H:%M"))


def format_month(year: int, month: int) -> str:
    """A month as the current language writes it in a sentence: 2026年10月 / Oct 2026."""
    return _format_month(year, month, _language)


@functools.lru_cache(maxsize=1024)
def _format_month(year: int, month: int, language: str) -> str:
    # Written out as dates are: a table of cards formats one month per row.
    if language == "en":
        return f"{_EN_MONTHS[month - 1]} {year}"
    if language == "ja":
        return f"{year}年{month}月"
    return _babel_pattern(dt.date(year, month, 1), MONTH_FORMATS.get(language, "MMM y"), language)


def format_short_date(day: dt.date) -> str:
    """A day without its year, where there is little room (a chart's axis): 10月4日 / Oct 4."""
    return _format_short_date(day, _language)


@functools.lru_cache(maxsize=1024)
def _format_short_date(day: dt.date, language: str) -> str:
    if language == "en":
        return f"{_EN_MONTHS[day.month - 1]} {day.day}"
    if language == "ja":
        return f"{day.month}月{day.day}日"
    return _babel_pattern(day, SHORT_DATE_FORMATS.get(language, "MMM d"), language)


def _babel_pattern(day: dt.date, pattern: str, language: str) -> str:
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format=pattern, locale=language))


def language_name(code: str) -> str:
    """A language's name in the current language: 英語 / English (the code when unknown)."""
    from babel import Locale

    return str(Locale.parse(_language).languages.get(code, code))


def join_list(items: Iterable[str]) -> str:
    """Items of a list inside a sentence: 名称、住所 / name, address."""
    return LIST_SEPARATORS.get(_language, ", ").join(items)


def join_clauses(items: Iterable[str]) -> str:
    """Items that may hold commas, in a list: 2026年11月9日(月): 40、… / Nov 9, 2026: 40; …."""
    return CLAUSE_SEPARATORS.get(_language, "; ").join(items)


def format_money(amount: Decimal, currency: str) -> str:
    """An amount in its currency for the current language: ¥12,000, $2,999.00."""
    return _format_money(amount, currency, _language)


def _format_money(amount: Decimal, currency: str, language: str) -> str:
    if not currency:
        return format_number(amount)
    shape = _money_shape(currency, language)
    if shape is None:
        return _babel_money(amount, currency, language)
    prefix, suffix, digits = shape
    return f"{prefix}{amount:,.{digits}f}{suffix}"


# Amounts written with the unit after them: CLDR gives Japanese "元12,000.00" for yuan, which
# reads oddly; Japanese invoices and 1688 orders write "12,000.00元".
_WRITTEN_AFTER = {("ja", "CNY"): "元"}


@functools.lru_cache(maxsize=256)
def _money_shape(currency: str, language: str) -> tuple[str, str, int] | None:
    """(text before, text after, decimals) of the language's currency pattern, when the pattern
    is the plain `¤#,##0.00` kind with "," and "." (as for ja and en); None to ask babel.

    Asking babel for every amount costs about 100 µs, tens of thousands of times per check on a
    large profile; the shape is the same for every amount of a currency.
    """
    known = _MONEY_SHAPES.get((language, currency))
    return known if known is not None else _babel_money_shape(currency, language)


def _babel_money_shape(currency: str, language: str) -> tuple[str, str, int] | None:
    """`_money_shape` as babel's locale data gives it."""
    from babel.numbers import (
        UnknownCurrencyError,
        get_currency_precision,
        get_currency_symbol,
        get_decimal_symbol,
        get_group_symbol,
    )

    locale = _locale(language)
    pattern = locale.currency_formats["standard"].pattern
    if ";" in pattern or get_group_symbol(locale) != "," or get_decimal_symbol(locale) != ".":
        return None
    number = pattern.strip("¤ \xa0")
    if number not in ("#,##0.00", "#,##0"):
        return None
    try:
        symbol = get_currency_symbol(currency, locale)
    except UnknownCurrencyError:
        return None
    # CLDR's Japanese yen sign is the full-width ￥; Japanese business writing uses ¥.
    symbol = symbol.replace("￥", "¥")
    if (language, currency) in _WRITTEN_AFTER:
        return "", _WRITTEN_AFTER[(language, currency)], get_currency_precision(currency)
    before, _, after = pattern.partition(number)
    return (
        before.replace("¤", symbol),
        after.replace("¤", symbol),
        get_currency_precision(currency),
    )


def _babel_money(amount: Decimal, currency: str, language: str) -> str:
    from babel.numbers import UnknownCurrencyError, format_currency

    try:
        text = str(format_currency(amount, currency, locale=_locale(language)))
    except (UnknownCurrencyError, ValueError):
        return f"{format_number(amount)} {currency}".strip()
    return text.replace("￥", "¥")


@functools.lru_cache(maxsize=8)
def _locale(language: str) -> Any:
    from babel import Locale

    return Locale.parse(language)


def format_number(number: int | float | Decimal) -> str:
    """A number with the current language's grouping: 12,000."""
    from babel.numbers import format_decimal

    return str(format_decimal(number, locale=_locale(_language)))
