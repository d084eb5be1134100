"""The accounts table's model and the words the account views show for enum values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from accountwatch.core.findings import Band
from accountwatch.core.model import (
    Account,
    AccountStatus,
    PaymentMethodType,
    PenaltyKind,
    Platform,
    Profile,
    Role,
    TwoFactorMethod,
)
from accountwatch.core.passwords import feedback_text
from accountwatch.core.risk import Assessment
from accountwatch.i18n import N_, _
from accountwatch.services.wording import account_status_words, platform_words, strength_words
from accountwatch.ui.common import RED, band_color, band_text

# Sorting by these roles keeps numbers numeric and "not checked" below "very weak".
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_ModelIndex = QModelIndex | QPersistentModelIndex


def platform_text(platform: Platform) -> str:
    # The report names the platforms too: one set of names for both.
    return platform_words(platform)


# Words asked for in every row of a large table: only the one shown is translated.
_ROLE_WORDS = {
    Role.BUYER: N_("Buyer"),
    Role.SELLER: N_("Seller"),
    Role.BOTH: N_("Buyer and seller"),
}
_TWO_FACTOR_WORDS = {
    TwoFactorMethod.NONE: N_("Off"),
    TwoFactorMethod.SMS: N_("SMS code"),
    TwoFactorMethod.EMAIL: N_("E-mail code"),
    TwoFactorMethod.TOTP: N_("Authenticator app"),
    TwoFactorMethod.SECURITY_KEY: N_("Security key"),
}


def role_text(role: Role) -> str:
    return _(_ROLE_WORDS[role])


def two_factor_text(method: TwoFactorMethod) -> str:
    return _(_TWO_FACTOR_WORDS[method])


def payment_type_text(kind: PaymentMethodType) -> str:
    return {
        PaymentMethodType.CARD: _("Card"),
        PaymentMethodType.BANK_TRANSFER: _("Bank transfer"),
        PaymentMethodType.ALIPAY: _("Alipay"),
        PaymentMethodType.TRADE_ASSURANCE: _("Trade Assurance"),
        PaymentMethodType.PAYPAL: _("PayPal"),
        PaymentMethodType.OFF_PLATFORM: _("Off-platform"),
        PaymentMethodType.OTHER: _("Other"),
    }[kind]


def penalty_kind_text(kind: PenaltyKind) -> str:
    return {
        PenaltyKind.IPR: _("Intellectual property"),
        PenaltyKind.GENERAL: _("General"),
        PenaltyKind.TRADE: _("Trade"),
    }[kind]


def strength_text(account: Account) -> str:
    """A password's zxcvbn score (0–4) in words; the password itself is never kept."""
    if account.password is None:
        return _("Not checked")
    return strength_words(account.password.score)


def score_text(score: int, band: Band) -> str:
    return _("{score} · {band}").format(score=score, band=band_text(band))


class Column(IntEnum):
    LABEL = 0
    PLATFORM = 1
    ROLE = 2
    TWO_FACTOR = 3
    PASSWORD = 4
    STATUS = 5
    SCORE = 6


def _display(account: Account, score: int | None, band: Band | None, column: Column) -> str:
    match column:
        case Column.LABEL:
            return account.display_name
        case Column.PLATFORM:
            return platform_text(account.platform)
        case Column.ROLE:
            return role_text(account.role)
        case Column.TWO_FACTOR:
            return two_factor_text(account.two_factor.method)
        case Column.PASSWORD:
            return strength_text(account)
        case Column.STATUS:
            return account_status_words(account.status)
        case Column.SCORE:
            return "—" if score is None or band is None else score_text(score, band)


def _sort_key(
    account: Account, score: int | None, column: Column, text: Callable[[int], str]
) -> Any:
    if column == Column.PASSWORD:
        return -1 if account.password is None else account.password.score
    if column == Column.SCORE:
        return -1 if score is None else score
    if column == Column.STATUS:
        return list(AccountStatus).index(account.status)
    if column == Column.TWO_FACTOR:
        return list(TwoFactorMethod).index(account.two_factor.method)
    return text(column).casefold()


_COLUMNS = len(Column)
# Each column by its number, without the enum's lookup: asked for every cell of a large table.
_COLUMN = tuple(Column)


@dataclass(eq=False)
class _Row:
    """An account's row; its texts and sort keys are made when first asked for (a large
    profile has thousands of rows, of which a screenful is shown)."""

    account: Account
    score: int | None
    band: Band | None
    texts: list[str | None] = field(default_factory=lambda: [None] * _COLUMNS)
    keys: dict[int, Any] = field(default_factory=dict)
    folded: tuple[str, ...] | None = None  # every text, casefolded, for the filter

    def text(self, column: int) -> str:
        made = self.texts[column]
        if made is None:
            made = self.texts[column] = _display(
                self.account, self.score, self.band, _COLUMN[column]
            )
        return made

    def key(self, column: int) -> Any:
        if column not in self.keys:
            self.keys[column] = _sort_key(self.account, self.score, _COLUMN[column], self.text)
        return self.keys[column]

    def matches(self, needle: str) -> bool:
        if self.folded is None:
            self.folded = tuple(self.text(column).casefold() for column in Column)
        return any(needle in text for text in self.folded)


class AccountsModel(QAbstractTableModel):
    """One row per account with its score and band from the latest assessment.

    It sorts and filters itself in Python, once per change, with no proxy (a proxy would call
    `data()` back for every comparison and every row), and keeps the rows of accounts nothing
    changed in: a refresh after one edit changes that row in place.
    """

    def __init__(self) -> None:
        super().__init__()
        self._every: list[_Row] = []  # every account's row, in the order of the last sort
        self._rows: list[_Row] = []  # the rows shown: filtered and sorted
        self._positions: dict[str, int] = {}
        self._order: tuple[int, Qt.SortOrder] | None = None
        self._needle = ""
        self._headers = {
            Column.LABEL: _("Account"),
            Column.PLATFORM: _("Platform"),
            Column.ROLE: _("Role"),
            Column.TWO_FACTOR: _("Two-factor"),
            Column.PASSWORD: _("Password"),
            Column.STATUS: _("Status"),
            Column.SCORE: _("Freeze risk"),
        }

    def set_data(self, profile: Profile, assessment: Assessment | None) -> None:
        results = {r.account_id: r for r in assessment.accounts} if assessment else {}
        before = {row.account.id: row for row in self._every}
        rows = []
        for account in profile.accounts:
            result = results.get(account.id)
            score = result.score if result else None
            band = result.band if result else None
            kept = before.get(account.id)
            if (
                kept is None
                or kept.account is not account
                or (kept.score, kept.band)
                != (
                    score,
                    band,
                )
            ):
                kept = _Row(account, score, band)
            rows.append(kept)
        self._every = rows
        self._sort_every()
        shown = self._filtered()
        if [row.account.id for row in shown] != [row.account.id for row in self._rows]:
            self._reset(shown)
            return
        changed = [number for number, row in enumerate(shown) if row is not self._rows[number]]
        self._rows = shown
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], _COLUMNS - 1))

    def set_filter(self, text: str) -> None:
        """Show the accounts with `text` in any column (case-insensitive; empty: all)."""
        needle = text.casefold()
        if needle != self._needle:
            self._needle = needle
            self._reset(self._filtered())

    def _filtered(self) -> list[_Row]:
        needle = self._needle
        if not needle:
            return list(self._every)
        return [row for row in self._every if row.matches(needle)]

    def _sort_every(self) -> None:
        # In place and stable: accounts that tie keep the order of the sort before, as with
        # the QSortFilterProxyModel this replaces.
        if self._order is not None:
            column, order = self._order
            self._every.sort(
                key=lambda row: row.key(column), reverse=order == Qt.SortOrder.DescendingOrder
            )

    def _reset(self, shown: list[_Row]) -> None:
        self.beginResetModel()
        self._rows = shown
        self._positions = {row.account.id: number for number, row in enumerate(shown)}
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < _COLUMNS:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[index.row()].account.id for index in before]
        self._order = (column, order)
        self._sort_every()
        self._rows = self._filtered()
        self._positions = {row.account.id: number for number, row in enumerate(self._rows)}
        after = [
            self.index(self._positions[account_id], index.column())
            for account_id, index in zip(ids, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def account_id(self, row: int) -> str:
        return self._rows[row].account.id

    def row_of(self, account_id: str | None) -> int | None:
        """Where the account's row is shown (None: not shown, filtered out or unknown)."""
        return self._positions.get(account_id) if account_id is not None else None

    def widest_row(self, column: int, width: Callable[[str], int]) -> int | None:
        """The shown row whose text in `column` is widest (`width`: a text's in pixels)."""
        first: dict[str, int] = {}  # few distinct words: each measured once
        for number, row in enumerate(self._rows):
            first.setdefault(row.text(column), number)
        if not first:
            return None
        return max(first.items(), key=lambda item: width(item[0]))[1]

    def has(self, account_id: str) -> bool:
        """Whether the account has a row, shown or hidden by the filter."""
        return account_id in self._positions or any(
            row.account.id == account_id for row in self._every
        )

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(  # noqa: N802 - Qt's name
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[Column(section)]
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text(column)
        if role == SORT_ROLE:
            return row.key(column)
        if role == ID_ROLE:
            return row.account.id
        if role == Qt.ItemDataRole.DecorationRole and column == Column.SCORE and row.band:
            return band_color(row.band)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == Column.STATUS
            and row.account.status != AccountStatus.ACTIVE
        ):
            return RED
        return None

    def _tooltip(self, row: _Row, column: int) -> str | None:
        account = row.account
        if column == Column.LABEL:
            return _("{label} — id {id}, sign-in {login}").format(
                label=account.display_name, id=account.id, login=account.login_id
            )
        if column == Column.PASSWORD and account.password and account.password.warning:
            return feedback_text(account.password.warning)
        return None
