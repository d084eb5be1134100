"""The accounts table's model and the words the account views show for enum values."""

from __future__ import annotations

from dataclasses import dataclass
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
from accountwatch.i18n import _
from accountwatch.services.wording import account_status_words, platform_words
from accountwatch.ui.common import RED, band_color, band_text

# Sorting by these roles keeps numbers numeric and "not checked" below "very weak".
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_ModelIndex = QModelIndex | QPersistentModelIndex


def platform_text(platform: Platform) -> str:
    # The report names the platforms too: one set of names for both.
    return platform_words(platform)


def role_text(role: Role) -> str:
    return {Role.BUYER: _("Buyer"), Role.SELLER: _("Seller"), Role.BOTH: _("Buyer and seller")}[
        role
    ]


def two_factor_text(method: TwoFactorMethod) -> str:
    return {
        TwoFactorMethod.NONE: _("Off"),
        TwoFactorMethod.SMS: _("SMS code"),
        TwoFactorMethod.EMAIL: _("E-mail code"),
        TwoFactorMethod.TOTP: _("Authenticator app"),
        TwoFactorMethod.SECURITY_KEY: _("Security key"),
    }[method]


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


def strength_words(score: int) -> str:
    """A zxcvbn score (0–4) in words."""
    words = [_("Very weak"), _("Weak"), _("Fair"), _("Good"), _("Strong")]
    return words[max(0, min(score, len(words) - 1))]


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


def _sort_key(account: Account, score: int | None, column: Column, texts: tuple[str, ...]) -> Any:
    if column == Column.PASSWORD:
        return -1 if account.password is None else account.password.score
    if column == Column.SCORE:
        return -1 if score is None else score
    if column == Column.STATUS:
        return list(AccountStatus).index(account.status)
    if column == Column.TWO_FACTOR:
        return list(TwoFactorMethod).index(account.two_factor.method)
    return texts[column].casefold()


_COLUMNS = len(Column)


@dataclass(frozen=True)
class _Row:
    account: Account
    score: int | None
    band: Band | None
    # Computed once per refresh: views ask for these many times (sorting, column sizes).
    texts: tuple[str, ...]
    keys: tuple[Any, ...]


class AccountsModel(QAbstractTableModel):
    """One row per account with its score and band from the latest assessment."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_Row] = []
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
        self.beginResetModel()
        self._rows = []
        for account in profile.accounts:
            result = results.get(account.id)
            score = result.score if result else None
            band = result.band if result else None
            texts = tuple(_display(account, score, band, column) for column in Column)
            keys = tuple(_sort_key(account, score, column, texts) for column in Column)
            self._rows.append(_Row(account, score, band, texts, keys))
        self.endResetModel()

    def account_id(self, row: int) -> str:
        return self._rows[row].account.id

    def row_of(self, account_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.account.id == account_id), None)

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
            return row.texts[column]
        if role == SORT_ROLE:
            return row.keys[column]
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
