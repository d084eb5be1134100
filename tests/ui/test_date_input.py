"""The one date, month and country inputs: typed, picked from the calendar, shown in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from accountwatch import i18n
from accountwatch.core.model import YearMonth
from accountwatch.ui.widgets.country_input import CountryInput
from accountwatch.ui.widgets.date_input import DateInput, parse_day
from accountwatch.ui.widgets.month_input import MonthInput, parse_month

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def make(qtbot: QtBot, **options: object) -> tuple[DateInput, list[str]]:
    field = DateInput("Paid on", lambda: TODAY, **options)  # type: ignore[arg-type]
    qtbot.addWidget(field)
    field.show()
    edits: list[str] = []
    field.edit.textEdited.connect(edits.append)
    return field, edits


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-12-07", dt.date(2026, 12, 7)),
        ("2026/12/7", dt.date(2026, 12, 7)),
        ("２０２６／１２／０７", dt.date(2026, 12, 7)),
        ("2026年12月7日", dt.date(2026, 12, 7)),
        ("2026-02-30", None),
        ("07/12/2026", None),
        ("", None),
    ],
)
def test_what_is_read_as_a_day(typed: str, day: dt.date | None) -> None:
    assert parse_day(typed) == day


def test_a_typed_day_is_written_back_as_iso_and_shown_in_words(qtbot: QtBot) -> None:
    field, edits = make(qtbot)
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "2026/12/7")
    assert field.words.isVisible() and field.words.text() == "Dec 7, 2026"
    field.edit.editingFinished.emit()
    assert field.text() == "2026-12-07" and field.date() == dt.date(2026, 12, 7)
    assert edits[-1] == "2026-12-07"  # a form watching the field sees the change


def test_the_words_follow_the_language(qtbot: QtBot, japanese: None) -> None:
    field, _edits = make(qtbot)
    field.set_date(dt.date(2026, 12, 7))
    assert field.words.text().startswith("2026年12月7日")


def test_alt_down_opens_the_calendar_and_enter_picks_the_day(qtbot: QtBot) -> None:
    field, edits = make(qtbot)
    field.set_date("2026-12-07")
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(field.popup.isVisible)
    assert field.calendar.selectedDate() == QDate(2026, 12, 7)  # opens on the typed day
    grid = field.calendar.focusProxy()  # the day grid takes the keys
    assert grid is not None
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert not field.popup.isVisible()
    assert field.text() == "2026-12-08" and edits == ["2026-12-08"]


def test_an_empty_field_opens_the_calendar_on_today(qtbot: QtBot) -> None:
    field, _edits = make(qtbot)
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(field.popup.isVisible)
    assert field.calendar.selectedDate() == QDate(2026, 11, 29)
    field.popup.close()


def test_today_and_empty(qtbot: QtBot) -> None:
    field, edits = make(qtbot)
    assert field.problem() is None and field.date() is None  # optional: empty is fine
    assert field.today_button is not None
    qtbot.mouseClick(field.today_button, Qt.MouseButton.LeftButton)
    assert field.text() == "2026-11-29" and edits == ["2026-11-29"]

    required, _ = make(qtbot, optional=False, today_button=False, latest=lambda: TODAY)
    assert required.today_button is None
    assert required.problem() == "Enter the day as YYYY-MM-DD."
    required.set_date("2026-11-30")
    assert required.problem() == "The day cannot be after Nov 29, 2026."
    required.set_date("2026-13-01")
    assert required.problem() == "Write the day as YYYY-MM-DD, e.g. 2027-03-31."


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("2028-04", YearMonth(2028, 4)),
        ("04/28", YearMonth(2028, 4)),
        ("4/2028", YearMonth(2028, 4)),
        ("2028/4", YearMonth(2028, 4)),
        ("2028-13", None),
        ("13/28", None),
        ("April", None),
    ],
)
def test_what_is_read_as_a_month(typed: str, month: YearMonth | None) -> None:
    assert parse_month(typed) == month


def test_a_month_as_printed_on_the_card(qtbot: QtBot) -> None:
    month = MonthInput("Expiry month")
    qtbot.addWidget(month)
    month.show()
    edits: list[str] = []
    month.edit.textEdited.connect(edits.append)
    qtbot.keyClicks(month.edit, "04/28")
    assert month.words.text() == "Valid through Apr 30, 2028"
    month.edit.editingFinished.emit()
    assert month.text() == "2028-04" and edits[-1] == "2028-04"


def test_the_country_list_keeps_a_code_it_lacks(qtbot: QtBot, japanese: None) -> None:
    country = CountryInput("Country")
    qtbot.addWidget(country)
    assert country.code() == ""
    country.set_code("JP")
    assert country.code() == "JP" and country.currentText() == "日本 (JP)"
    count = country.count()
    country.set_code("QQ")  # not a country: an old file's value still shows and is kept
    assert country.code() == "QQ" and country.currentText() == "QQ"
    assert country.count() == count + 1
