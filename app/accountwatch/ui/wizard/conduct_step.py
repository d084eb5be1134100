"""Step 4: conduct — penalty notices since the last check, listings, messages, reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.model import PenaltyKind
from accountwatch.core.problems import ProfileError
from accountwatch.core.weekly import PreviousCheck, Question, Step
from accountwatch.i18n import _
from accountwatch.services import weekly
from accountwatch.ui.common import FieldError, format_date, show_problems, text_line
from accountwatch.ui.dialogs.account_editor import AccountEditor
from accountwatch.ui.dialogs.account_tables import with_row
from accountwatch.ui.models_accounts import penalty_kind_text
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.account_fields import MAX_COUNT, CountField, EnumCombo
from accountwatch.ui.widgets.date_input import DateInput, cell_width
from accountwatch.ui.wizard.base import Change, StepPage, group, muted_label, why_label

DATE, POINTS, KIND, SERIOUS, NOTE = range(5)


class PenaltyRows(QWidget):
    """New penalty notices, one row each: date, points, kind, serious, note."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._serious: list[QCheckBox] = []  # each row's box (its cell holds a centring frame)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(_("New penalty notices"))
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("Points"), _("Kind"), _("Serious"), _("Note")]
        )
        # Every cell is an input of its own: a selected row would only paint behind them.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        for column, width in (
            (DATE, cell_width(self.fontMetrics())),
            (POINTS, 80),
            (KIND, 200),
            (SERIOUS, 80),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("Add a notice"))
        self.add_button.setAccessibleName(_("Add a penalty notice"))
        self.add_button.clicked.connect(lambda: self.add_row({}))
        self.remove_button = QPushButton(_("Remove the last"))
        self.remove_button.setAccessibleName(_("Remove the last notice"))
        self.remove_button.clicked.connect(self.remove_row)
        self.error = FieldError()
        layout = QHBoxLayout()
        layout.addWidget(self.add_button)
        layout.addWidget(self.remove_button)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.table)
        outer.addWidget(self.error)
        outer.addLayout(layout)
        self._update()

    def _update(self) -> None:
        rows = self.table.rowCount()
        self.table.setVisible(rows > 0)
        self.remove_button.setEnabled(rows > 0)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + max(1, rows) * 34 + 4
        )

    def add_row(self, values: Mapping[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        date = DateInput(
            _("Date of the notice"), lambda: self._today, today_button=False, show_words=False
        )
        date.set_date(str(values.get("date", self._today.isoformat())))
        points = QSpinBox()
        points.setRange(0, MAX_COUNT)
        points.setAccessibleName(_("Points"))
        points.setValue(int(values.get("points", 0)))
        kind = EnumCombo(_("Penalty kind"), PenaltyKind, penalty_kind_text)
        kind.set_value(values.get("kind", PenaltyKind.GENERAL.value))
        serious = QCheckBox()
        serious.setAccessibleName(_("Serious infringement"))
        serious.setToolTip(_("A serious infringement (a strike), as the notice calls it"))
        serious.setChecked(bool(values.get("serious", False)))
        centred = QWidget()
        centring = QHBoxLayout(centred)
        centring.setContentsMargins(0, 0, 0, 0)
        centring.addWidget(serious, 0, Qt.AlignmentFlag.AlignCenter)
        note = text_line(str(values.get("note", "")))
        note.setAccessibleName(_("Note"))
        note.setPlaceholderText(_("what the notice says"))
        for column, widget in enumerate((date, points, kind, centred, note)):
            self.table.setCellWidget(row, column, widget)
        self._serious.append(serious)
        self._update()
        if not values:
            date.setFocus()

    def remove_row(self) -> None:
        if self._serious:
            self.table.removeRow(self.table.rowCount() - 1)
            self._serious.pop()
        self._update()

    def clear(self) -> None:
        self.table.setRowCount(0)
        self._serious.clear()
        self.error.show_message("")
        self._update()

    def rows(self) -> list[dict[str, Any]]:
        """The notices as typed, in profile-file form."""
        result = []
        for row in range(self.table.rowCount()):
            date, points, kind, note = (
                self.table.cellWidget(row, c) for c in (DATE, POINTS, KIND, NOTE)
            )
            serious = self._serious[row]
            assert isinstance(date, DateInput) and isinstance(points, QSpinBox)
            assert isinstance(kind, EnumCombo) and isinstance(note, QLineEdit)
            value: dict[str, Any] = {
                "date": date.text().strip(),
                "points": points.value(),
                "kind": kind.value(),
                "serious": serious.isChecked(),
            }
            if note.text().strip():
                value["note"] = note.text().strip()
            result.append(value)
        return result


class ConductStep(StepPage):
    def __init__(
        self,
        state: AppState,
        account_id: str,
        index: int,
        count: int,
        previous: Callable[[], PreviousCheck | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, Step.CONDUCT, account_id, index, count, parent)
        self.setTitle(_("{account}: conduct").format(account=self.account_name()))
        self._previous = previous
        self.account_editor: AccountEditor | None = None

        box, layout = group(_("Penalty notices since the last check"), Question.PENALTIES)
        self.since = muted_label()
        self.penalties = PenaltyRows(state.today)
        layout.addWidget(self.since)
        layout.addWidget(self.penalties)
        self.body.addWidget(box)

        box, layout = group(_("Listings"), Question.LISTINGS)
        row = QHBoxLayout()
        self.listings_changed = QCheckBox(_("Listings were added or changed since the last check"))
        self.listings_changed.setAccessibleName(_("Listings changed"))
        self.edit_listings = QPushButton(_("Edit listings…"))
        self.edit_listings.setAccessibleName(_("Edit this account's listings"))
        self.edit_listings.setToolTip(
            _("Put the new titles and descriptions in the account, so they are checked.")
        )
        self.edit_listings.clicked.connect(self.open_listings)
        self.listings_changed.toggled.connect(self._update_listings_hint)
        row.addWidget(self.listings_changed, 1)
        row.addWidget(self.edit_listings)
        layout.addLayout(row)
        self.listings_hint = muted_label(
            _(
                "Update them in the account's listings: titles and descriptions are checked "
                "for counterfeit and unsafe goods, protected brands, inappropriate wording, "
                "absolute claims and excessive promotion."
            )
        )
        layout.addWidget(self.listings_hint)
        self.body.addWidget(box)

        box, layout = group(_("Messages and reviews"))
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.messages = CountField(_("Messages sent per day"), optional=True)
        self.messages_error = FieldError()
        caption = QLabel(_("Messages sent per day:"))
        caption.setBuddy(self.messages)
        form.addRow(caption, self.messages)
        layout.addLayout(form)
        layout.addWidget(self.messages_error)
        layout.addWidget(why_label(Question.MESSAGES))
        self.reviews = QCheckBox(
            _("This account gives incentives for reviews, or reviews its own products")
        )
        self.reviews.setAccessibleName(_("Incentivised reviews"))
        layout.addWidget(self.reviews)
        layout.addWidget(why_label(Question.REVIEWS))
        self.body.addWidget(box)
        self.general_error = FieldError()
        self.body.addWidget(self.general_error)
        self.body.addStretch(1)

    def _update_listings_hint(self) -> None:
        self.listings_hint.setVisible(self.listings_changed.isChecked())
        self.edit_listings.setDefault(self.listings_changed.isChecked())

    def refresh(self) -> None:
        previous = self._previous()
        if previous is not None:
            self.since.setText(
                _("Any notice the platform sent since your last check on {date}?").format(
                    date=format_date(previous.evaluated_on)
                )
            )
        else:
            self.since.setText(_("Any notice the platform sent in the past week?"))

    def reset_answers(self) -> None:
        account = self.account()
        self.penalties.clear()
        self.listings_changed.setChecked(False)
        self.messages.set_count(account.messages_per_day if account else None)
        self.reviews.setChecked(bool(account and account.incentivized_reviews))
        self._update_listings_hint()
        self._errors_shown([])

    def answers(self) -> dict[str, Any]:
        return {
            "penalties": self.penalties.rows(),
            "listings_changed": self.listings_changed.isChecked(),
            "messages_per_day": self.messages.count(),
            "incentivized_reviews": self.reviews.isChecked(),
        }

    def restore(self, answers: Mapping[str, Any]) -> None:
        for row in answers.get("penalties", []):
            if isinstance(row, dict):
                self.penalties.add_row(row)
        self.listings_changed.setChecked(bool(answers.get("listings_changed", False)))
        if "messages_per_day" in answers:
            self.messages.set_count(answers["messages_per_day"])
        if "incentivized_reviews" in answers:
            self.reviews.setChecked(bool(answers["incentivized_reviews"]))
        self._update_listings_hint()

    def change(self) -> Change | None:
        account = self.account()
        if account is None:
            return None
        rows = self.penalties.rows()
        messages = self.messages.count()
        reviews = self.reviews.isChecked()
        if (
            not rows
            and messages == account.messages_per_day
            and reviews == account.incentivized_reviews
        ):
            return None
        account_id = account.id

        def save(ws: Any) -> object:
            return weekly.record_conduct(
                ws,
                account_id,
                new_penalties=rows,
                messages_per_day=messages,
                incentivized_reviews=reviews,
            )

        return save

    def saved(self, value: object) -> None:
        self.penalties.clear()

    def _errors_shown(self, problems: list[Any]) -> None:
        show_problems(
            [with_row(p) for p in problems],
            {
                "penalties": self.penalties.error,
                "messages_per_day": self.messages_error,
            },
            self.general_error,
        )

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, ProfileError):
            self._errors_shown(exc.problems)
        else:
            self.state.failed.emit(exc)

    def open_listings(self) -> None:
        if self.account_id is not None:
            # Just after start-up, once the listings are read whole: an editor could not
            # save them without their text.
            self.state.with_whole_profile(self, self._open_account_editor)

    def _open_account_editor(self) -> None:
        self.account_editor = AccountEditor(self.state, self.account_id, self)
        self.account_editor.focus_field("listings")
        self.account_editor.setWindowModality(Qt.WindowModality.WindowModal)
        self.account_editor.open()
