"""The sections that edit the profile's settings — language, reminders, passwords — each loading
its fields from the settings and putting what is typed into the settings document."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QTimeEdit, QWidget

from accountwatch.core.model import (
    DEFAULT_PASSWORD_MAX_AGE_DAYS,
    MAX_PASSWORD_AGE_DAYS,
    Language,
    Settings,
    Weekday,
)
from accountwatch.core.problems import Problem
from accountwatch.i18n import _
from accountwatch.ui.common import text_line
from accountwatch.ui.pages.settings_sections.form import FormGroup, muted
from accountwatch.ui.widgets.page import inline

DAY_ITEM = re.compile(r"(card_warn_days|payment_warn_days)\[(\d+)\]")


def weekday_names() -> dict[Weekday, str]:
    return {
        Weekday.MON: _("Monday"),
        Weekday.TUE: _("Tuesday"),
        Weekday.WED: _("Wednesday"),
        Weekday.THU: _("Thursday"),
        Weekday.FRI: _("Friday"),
        Weekday.SAT: _("Saturday"),
        Weekday.SUN: _("Sunday"),
    }


def parse_days(text: str) -> list[int | str]:
    """Comma-separated days as typed: whole numbers become ints, anything else stays text so
    the profile reader names it in its error."""
    pieces = [piece.strip() for piece in text.replace("、", ",").split(",")]
    return [_whole_number(p) for p in pieces if p]


def _whole_number(piece: str) -> int | str:
    # "²" and "①" are digits to str.isdigit() but not to int(), and 5,000 nines exceed what
    # int() converts: those stay text, which the reader refuses with the field's name.
    if len(piece) > 9 or not piece.lstrip("-").isdigit():
        return piece
    try:
        return int(piece)
    except ValueError:
        return piece


class SettingsSection(FormGroup):
    """A group of the settings document's fields, `changed` when the user edits one. Each says
    which widget edits which setting (`fields`), shows the stored settings (`load`) and writes
    what is typed into the settings document (`put`)."""

    changed = Signal()


class LanguageSection(SettingsSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Language"), parent)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("System default"), "")
        self.language.addItem("日本語", Language.JA.value)
        self.language.addItem("English", Language.EN.value)
        self.language.activated.connect(self.changed)
        self.row(
            "language",
            _("&Language:"),
            self.language,
            muted(_("Takes effect after a restart.")),
        )

    def fields(self) -> dict[str, QWidget]:
        return {"language": self.language}

    def load(self, settings: Settings) -> None:
        language = settings.language.value if settings.language else ""
        self.language.setCurrentIndex(max(0, self.language.findData(language)))

    def put(self, doc: dict[str, Any]) -> None:
        language = self.language.currentData()
        if language:
            doc["language"] = language
        else:
            doc.pop("language", None)


class RemindersSection(SettingsSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Reminders"), parent)
        self.card_warn_days = self._days_edit(
            _("Card warnings"), _("Days before a card expires, e.g. 60, 30, 7")
        )
        self.payment_warn_days = self._days_edit(
            _("Payment warnings"), _("Days before a payment is due, e.g. 7, 3, 1, 0 (the day)")
        )
        self.weekday = QComboBox()
        self.weekday.setAccessibleName(_("Weekly check day"))
        for day, name in weekday_names().items():
            self.weekday.addItem(name, day.value)
        self.weekday.activated.connect(self.changed)
        self.check_time = QTimeEdit()
        self.check_time.setDisplayFormat("HH:mm")
        self.check_time.setAccessibleName(_("Weekly check time"))
        self.check_time.timeChanged.connect(self.changed)
        self.row(
            "card_warn_days",
            _("&Card expiry warnings:"),
            self.card_warn_days,
            muted(_("Days before a card expires, separated by commas.")),
        )
        self.row(
            "payment_warn_days",
            _("&Payment warnings:"),
            self.payment_warn_days,
            muted(_("Days before a payment is due; 0 is the due day itself.")),
        )
        weekly = inline(self.weekday, QLabel(_("at")), self.check_time)
        self.row("weekly_check", _("&Weekly check:"), weekly, buddy=self.weekday)

    def _days_edit(self, name: str, tooltip: str) -> QLineEdit:
        edit = text_line()
        edit.setAccessibleName(name)
        edit.setToolTip(tooltip)
        edit.setPlaceholderText(_("none"))
        edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0" * 24))
        edit.textEdited.connect(self.changed)
        return edit

    def fields(self) -> dict[str, QWidget]:
        return {
            "card_warn_days": self.card_warn_days,
            "payment_warn_days": self.payment_warn_days,
            "weekly_check": self.weekday,
        }

    def load(self, settings: Settings) -> None:
        self.card_warn_days.setText(", ".join(str(d) for d in settings.card_warn_days))
        self.payment_warn_days.setText(", ".join(str(d) for d in settings.payment_warn_days))
        self.weekday.setCurrentIndex(self.weekday.findData(settings.weekly_check.weekday.value))
        time = settings.weekly_check.time
        self.check_time.setTime(QTime(time.hour, time.minute))

    def put(self, doc: dict[str, Any]) -> None:
        doc["card_warn_days"] = parse_days(self.card_warn_days.text())
        doc["payment_warn_days"] = parse_days(self.payment_warn_days.text())
        doc["weekly_check"] = {
            "weekday": self.weekday.currentData(),
            "time": self.check_time.time().toString("HH:mm"),
        }

    def explain(self, problem: Problem) -> Problem:
        """The reader's "expected an integer" for a typed day, said in the field's own words."""
        match = DAY_ITEM.fullmatch(problem.path)
        if match is None:
            return problem
        edit = self.card_warn_days if match[1] == "card_warn_days" else self.payment_warn_days
        days = parse_days(edit.text())
        index = int(match[2])
        if index < len(days) and isinstance(days[index], str):
            message = _("“{value}” is not a whole number of days.").format(value=days[index])
            return Problem(problem.path, message)
        return problem


class PasswordsSection(SettingsSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Passwords"), parent)
        self.max_age = QSpinBox()
        self.max_age.setRange(1, MAX_PASSWORD_AGE_DAYS)
        self.max_age.setSuffix(_(" days"))  # Japanese: 365日, no space
        self.max_age.setAccessibleName(_("Password maximum age in days"))
        self.max_age.valueChanged.connect(self.changed)
        self.max_age_off = QCheckBox(_("Off"))
        self.max_age_off.setAccessibleName(_("No maximum password age"))
        self.max_age_off.setToolTip(_("Never remind me to change a password because of its age"))
        self.max_age_off.toggled.connect(self._max_age_toggled)
        self.row(
            "password_max_age_days",
            _("Change passwords &after:"),
            inline(self.max_age, self.max_age_off),
            muted(_("An older password is reported so that you change it.")),
            buddy=self.max_age,
        )

    def _max_age_toggled(self, off: bool) -> None:
        self.max_age.setEnabled(not off)
        self.changed.emit()

    def fields(self) -> dict[str, QWidget]:
        return {"password_max_age_days": self.max_age}

    def load(self, settings: Settings) -> None:
        age = settings.password_max_age_days
        # Turned off, the box still offers the default for when it is turned on again.
        self.max_age.setValue(age if age is not None else DEFAULT_PASSWORD_MAX_AGE_DAYS)
        self.max_age.setEnabled(age is not None)
        self.max_age_off.setChecked(age is None)

    def put(self, doc: dict[str, Any]) -> None:
        doc["password_max_age_days"] = (
            None if self.max_age_off.isChecked() else self.max_age.value()
        )
