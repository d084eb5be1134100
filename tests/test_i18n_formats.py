"""Dates and amounts written without babel are what babel (CLDR) writes: every day of whole
years (leap years too) and the calendar's ends in both languages, as a day, a month and a day
without its year, and every currency shape the app keeps written out."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from accountwatch import i18n
from accountwatch.core import dates


def _days() -> list[dt.date]:
    years = [1900, 1999, 2000, 2023, 2024, 2026, 2100, 2199]
    whole = [
        dt.date(year, 1, 1) + dt.timedelta(days=n)
        for year in years
        for n in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)
    ]
    rng = random.Random(17)
    spread = [dates.EARLIEST + dt.timedelta(days=rng.randrange(110_000)) for _ in range(500)]
    ends = [dates.EARLIEST, dates.LATEST, dt.date.min, dt.date(999, 3, 4), dt.date.max]
    return whole + spread + ends


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_dates_are_written_as_babel_writes_them(language: str) -> None:
    for day in _days():
        assert i18n._format_date(day, language) == i18n._babel_date(day, language), day


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_months_and_short_dates_are_written_as_babel_writes_them(language: str) -> None:
    for day in _days():
        month = i18n.MONTH_FORMATS[language]
        assert i18n._format_month(day.year, day.month, language) == i18n._babel_pattern(
            day, month, language
        ), day
        short = i18n.SHORT_DATE_FORMATS[language]
        assert i18n._format_short_date(day, language) == i18n._babel_pattern(
            day, short, language
        ), day


@pytest.mark.parametrize(("language", "currency"), sorted(i18n._MONEY_SHAPES))
def test_each_currency_written_out_is_babels(language: str, currency: str) -> None:
    assert i18n._MONEY_SHAPES[(language, currency)] == i18n._babel_money_shape(currency, language)


def test_every_language_has_the_same_currencies_written_out() -> None:
    by_language = {
        language: {c for lang, c in i18n._MONEY_SHAPES if lang == language}
        for language in i18n.LANGUAGES
    }
    assert by_language["ja"] == by_language["en"]
    assert {"USD", "JPY", "CNY", "EUR"} <= by_language["ja"]


def test_a_currency_not_written_out_is_still_asked_of_babel() -> None:
    assert ("en", "BRL") not in i18n._MONEY_SHAPES
    assert i18n._money_shape("BRL", "en") == i18n._babel_money_shape("BRL", "en")
    assert i18n._money_shape("BRL", "en") is not None
