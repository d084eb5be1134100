"""The domain model: a user's company, marketplace accounts, cards, payments and settings."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from itertools import compress, repeat
from operator import is_, is_not
from typing import Any


class Platform(StrEnum):
    ALIBABA = "alibaba.com"
    P1688 = "1688"
    ALIEXPRESS = "aliexpress"
    OTHER = "other"


class Role(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    BOTH = "both"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    RESTRICTED = "restricted"
    FROZEN = "frozen"


class TwoFactorMethod(StrEnum):
    NONE = "none"
    SMS = "sms"
    EMAIL = "email"
    TOTP = "totp"
    SECURITY_KEY = "security_key"


class PaymentMethodType(StrEnum):
    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    ALIPAY = "alipay"
    TRADE_ASSURANCE = "trade_assurance"
    PAYPAL = "paypal"
    OFF_PLATFORM = "off_platform"
    OTHER = "other"


class CardBrand(StrEnum):
    VISA = "visa"
    MASTERCARD = "mastercard"
    JCB = "jcb"
    AMEX = "amex"
    UNIONPAY = "unionpay"
    DINERS = "diners"
    DISCOVER = "discover"
    OTHER = "other"


class CardHolder(StrEnum):
    """Whose name is on a card: platforms expect the company's own (the guide: 他人名義のカード)."""

    COMPANY = "company"
    REPRESENTATIVE = "representative"
    EMPLOYEE = "employee"
    OTHER = "other"


class PenaltyKind(StrEnum):
    IPR = "ipr"
    GENERAL = "general"
    TRADE = "trade"


class Language(StrEnum):
    JA = "ja"
    EN = "en"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in `datetime.date.weekday()`."""
        return list(Weekday).index(self)


@dataclass(frozen=True, order=True)
class YearMonth:
    """A card's expiry month; the card is valid through the month's last day."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise ValueError(f"not a valid month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        year, month = text.split("-")
        return cls(int(year), int(month))

    # Cached (the instance is immutable): a large profile's rules ask this of every card often.
    @cached_property
    def valid_through(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class CompanyRecord:
    """A company's details: as they really are, or as a platform has them on file."""

    name: str = ""
    name_local: str = ""
    registration_number: str = ""
    country: str = ""
    address: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    license_expires: dt.date | None = None
    verified_on: dt.date | None = None
    postal_code: str = ""
    region: str = ""
    corporate_number: str = ""
    invoice_number: str = ""
    contact_person: str = ""
    contact_phone: str = ""


# The fields of a company record that describe the company (not our bookkeeping about it).
COMPANY_IDENTITY_FIELDS: tuple[str, ...] = (
    "name",
    "name_local",
    "registration_number",
    "country",
    "address",
    "representative",
    "phone",
    "email",
    "website",
    "postal_code",
    "region",
    "corporate_number",
    "invoice_number",
    "contact_person",
    "contact_phone",
)


@dataclass(frozen=True)
class TwoFactor:
    """How an account's sign-in is guarded beyond its password."""

    method: TwoFactorMethod = TwoFactorMethod.NONE
    backup_codes_saved: bool = False


@dataclass(frozen=True)
class Recovery:
    """Where getting a restricted or frozen account back stands: notice, case and contacts."""

    notice_on: dt.date | None = None
    case_number: str = ""
    contacted_support_on: dt.date | None = None
    last_follow_up_on: dt.date | None = None

    @property
    def last_contact_on(self) -> dt.date | None:
        """The latest day support heard from the user, if ever."""
        days = [d for d in (self.contacted_support_on, self.last_follow_up_on) if d is not None]
        return max(days, default=None)


@dataclass(frozen=True)
class PaymentMethod:
    """A way an account pays the platform: a card (by id) or another method."""

    type: PaymentMethodType
    card: str | None = None
    approved: bool = True

    @property
    def platform_approved(self) -> bool:
        """Whether the platform allows paying this way (never off the platform)."""
        return self.type != PaymentMethodType.OFF_PLATFORM and self.approved


@dataclass(frozen=True)
class Listing:
    """One of an account's product listings: its title and description."""

    title: str = ""
    description: str = ""
    # What the keyword scanner found in the text, written by `core.rules.terms` (which alone
    # reads it) and stored beside the text: a pure function of the text and the scanner, which
    # the value names, so it is kept once worked out. Not a field of the listing's value: it is
    # not given (`replace` drops it with the old text) and not compared.
    scan: str | None = field(default=None, init=False, compare=False, repr=False)


class UnreadListing(Listing):
    """A stored listing read without its text, because its kept scan found no term in it: all a
    check needs of it is that it is there. Never written or exported (both refuse it); it
    equals no listing read whole."""


@dataclass(frozen=True)
class Penalty:
    """Points (or a serious strike) the platform gave an account on a day."""

    date: dt.date
    points: int = 0
    kind: PenaltyKind = PenaltyKind.GENERAL
    serious: bool = False
    note: str = ""


@dataclass(frozen=True)
class PasswordAnalysis:
    """What is kept of a password: its strength and a keyed fingerprint, never the password."""

    score: int
    guesses_log10: float
    warning: str = ""
    suggestions: tuple[str, ...] = ()
    fingerprint: str = ""
    analysed_on: dt.date | None = None
    # The offline breach check (a Pwned Passwords file): how often the password was seen in
    # breaches (None: not looked up), when, and in which file; never the hash itself.
    breach_count: int | None = None
    breach_checked_on: dt.date | None = None
    breach_source: str = ""


@dataclass(frozen=True)
class OtherSite:
    """A password used on another site, as a password manager's export showed it: its keyed
    fingerprint and the site's host name, never the password."""

    fingerprint: str
    host: str = ""


@dataclass(frozen=True)
class Account:
    """A marketplace account: its sign-in and guards, payments, listings, penalties, status."""

    id: str
    login_id: str
    platform: Platform = Platform.OTHER
    label: str = ""
    email: str = ""
    role: Role = Role.BUYER
    status: AccountStatus = AccountStatus.ACTIVE
    password_changed_on: dt.date | None = None
    two_factor: TwoFactor = field(default_factory=TwoFactor)
    has_totp_secret: bool = False
    shared_with: int = 0
    logins_reviewed_on: dt.date | None = None
    terms_reviewed_on: dt.date | None = None
    registered_company: CompanyRecord | None = None
    payment_methods: tuple[PaymentMethod, ...] = ()
    orders_90d: int | None = None
    cancellations_90d: int | None = None
    messages_per_day: int | None = None
    incentivized_reviews: bool = False
    authorized_brands: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    password: PasswordAnalysis | None = None
    # Keyed fingerprints of passwords the user marked as used on other services.
    other_fingerprints: tuple[str, ...] = ()
    # The other sites of the last password manager export analysed (fingerprint and host).
    other_sites: tuple[OtherSite, ...] = ()
    last_login_on: dt.date | None = None
    # When the account became restricted or frozen (unknown: None).
    status_since: dt.date | None = None
    recovery: Recovery = field(default_factory=Recovery)
    # The day the password was entered after a link in a mail or on a look-alike site.
    password_exposed_on: dt.date | None = None

    @property
    def display_name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Card:
    """A payment card: its last four digits and expiry month, never its number."""

    id: str
    last4: str
    expires: YearMonth
    label: str = ""
    brand: CardBrand = CardBrand.OTHER
    holder: CardHolder = CardHolder.COMPANY

    @cached_property
    def valid_through(self) -> dt.date:
        return self.expires.valid_through

    @property
    def display_name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Payment:
    """A fee or invoice an account owes the platform, due on a day."""

    id: str
    account: str
    due: dt.date
    description: str = ""
    amount: Decimal | None = None
    currency: str = ""
    paid_on: dt.date | None = None
    repeat: str | None = None
    card: str | None = None
    # First due date of a recurring series (RRULE DTSTART); keeps "the 31st" across short months.
    repeat_start: dt.date | None = None

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def display_name(self) -> str:
        return self.description or self.id


@dataclass(frozen=True)
class Acknowledgement:
    """A finding the user accepts for a reason, until a day or for good."""

    rule: str
    subject: str
    reason: str = ""
    until: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        return self.until is None or day <= self.until


@dataclass(frozen=True)
class WeeklyCheck:
    """When the weekly health check is due: a weekday and a time."""

    weekday: Weekday = Weekday.MON
    time: dt.time = dt.time(9, 0)


@dataclass(frozen=True)
class ExtraTerms:
    """Keywords the user adds to the shipped lists."""

    prohibited: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    unsafe: tuple[str, ...] = ()
    inappropriate: tuple[str, ...] = ()
    promotion: tuple[str, ...] = ()


# Passwords older than this are reported, unless the user turns the limit off.
DEFAULT_PASSWORD_MAX_AGE_DAYS = 365
# The longest limit taken: a century keeps later date arithmetic in range.
MAX_PASSWORD_AGE_DAYS = 36500


@dataclass(frozen=True)
class Settings:
    """The user's settings: language, warning days, weekly check, own terms."""

    language: Language | None = None
    card_warn_days: tuple[int, ...] = (60, 30, 7)
    payment_warn_days: tuple[int, ...] = (7, 3, 1, 0)
    weekly_check: WeeklyCheck = field(default_factory=WeeklyCheck)
    password_max_age_days: int | None = DEFAULT_PASSWORD_MAX_AGE_DAYS
    extra_terms: ExtraTerms = field(default_factory=ExtraTerms)


@dataclass(frozen=True)
class Profile:
    """All the user keeps here: the company, accounts, cards, payments and settings."""

    company: CompanyRecord | None = None
    accounts: tuple[Account, ...] = ()
    cards: tuple[Card, ...] = ()
    payments: tuple[Payment, ...] = ()
    acknowledged: tuple[Acknowledgement, ...] = ()
    settings: Settings = field(default_factory=Settings)

    # Indexes are built once per (immutable) profile: rules ask these questions per account.
    @cached_property
    def _accounts_by_id(self) -> dict[str, Account]:
        return {a.id: a for a in self.accounts}

    @cached_property
    def _cards_by_id(self) -> dict[str, Card]:
        return {c.id: c for c in self.cards}

    @cached_property
    def _payments_by_id(self) -> dict[str, Payment]:
        return {p.id: p for p in self.payments}

    @cached_property
    def _payments_by_account(self) -> dict[str, list[Payment]]:
        index: dict[str, list[Payment]] = {}
        for payment in self.payments:
            index.setdefault(payment.account, []).append(payment)
        return index

    @cached_property
    def _accounts_by_card(self) -> dict[str, list[Account]]:
        index: dict[str, list[Account]] = {}
        for account in self.accounts:
            for card in self.cards_of(account):
                index.setdefault(card.id, []).append(account)
        return index

    def account(self, account_id: str) -> Account | None:
        return self._accounts_by_id.get(account_id)

    def card(self, card_id: str) -> Card | None:
        return self._cards_by_id.get(card_id)

    def payment(self, payment_id: str) -> Payment | None:
        return self._payments_by_id.get(payment_id)

    def payments_of(self, account_id: str) -> list[Payment]:
        return self._payments_by_account.get(account_id, [])

    # Filled as asked: several rules ask it of every account, the Cards page of only a few.
    @cached_property
    def _cards_of_accounts(self) -> dict[str, list[Card]]:
        return {}

    def cards_of(self, account: Account) -> list[Card]:
        """The cards an account pays with, through its payment methods or its payments."""
        if self._accounts_by_id.get(account.id) is not account:
            return self._cards_of(account)  # an account not (or no longer) of this profile
        known = self._cards_of_accounts.get(account.id)
        if known is None:
            known = self._cards_of_accounts[account.id] = self._cards_of(account)
        return known

    def _cards_of(self, account: Account) -> list[Card]:
        ids = [m.card for m in account.payment_methods if m.card]
        ids += [p.card for p in self.payments_of(account.id) if p.card]
        cards = (self.card(card_id) for card_id in dict.fromkeys(ids))
        return [card for card in cards if card is not None]

    def accounts_using_card(self, card_id: str) -> list[Account]:
        return self._accounts_by_card.get(card_id, [])

    def account_ids(self) -> set[str]:
        """The ids of the accounts (a new set)."""
        return set(self._accounts_by_id)

    def card_ids(self) -> set[str]:
        """The ids of the cards (a new set)."""
        return set(self._cards_by_id)

    def changed(self, **changes: Any) -> Profile:
        """`dataclasses.replace(self, **changes)`, keeping the indexes built so far from the
        parts it leaves as they are, and bringing up to date those of a part where a few items
        were put in place of others or added at the end: an edit changes one item of a profile
        whose indexes cover tens of thousands."""
        result = replace(self, **changes)
        built, kept = self.__dict__, result.__dict__
        for index, parts in _INDEX_PARTS.items():
            if index in built and all(getattr(result, p) is getattr(self, p) for p in parts):
                kept[index] = built[index]
        places: dict[str, Any] = {}  # per part, worked out once
        for index, part, update in _UPDATED_INDEXES:
            if index in built and index not in kept:
                if part not in places:
                    places[part] = _changed_places(getattr(self, part), getattr(result, part))
                changed = places[part]
                updated = None if changed is None else update(built[index], *changed)
                if updated is not None:
                    kept[index] = updated
        # Which accounts use which card is as it was when only cards changed, each keeping
        # its id (a card relabelled, or its expiry corrected).
        uses = "_accounts_by_card"
        if (
            uses in built
            and uses not in kept
            and result.accounts is self.accounts
            and result.payments is self.payments
        ):
            changed = places.get("cards") or _changed_places(self.cards, result.cards)
            if changed is not None and not changed[1] and all(o.id == n.id for o, n in changed[0]):
                kept[uses] = built[uses]
        return result


def place_of(items: tuple[Any, ...], item: Any) -> int:
    """Where `item` (the very object) is in `items`, compared by identity in C (`index`
    would compare thousands of dataclasses field by field)."""
    return list(map(is_, items, repeat(item))).index(True)


# The parts of a profile each index is built from.
_INDEX_PARTS = {
    "_accounts_by_id": ("accounts",),
    "_cards_by_id": ("cards",),
    "_payments_by_id": ("payments",),
    "_payments_by_account": ("payments",),
    "_accounts_by_card": ("accounts", "cards", "payments"),
}
# More than this many items changed: an index is built anew (as quick).
_FEW = 16


def _changed_places(before: tuple[Any, ...], after: tuple[Any, ...]) -> tuple[Any, Any] | None:
    """(old, new) of each item `after` puts in place of one of `before`, and the items it adds
    at the end; None when it removes some or changes many. The comparisons are of identity and
    run in C."""
    if len(after) < len(before):
        return None
    places = list(compress(range(len(before)), map(is_not, after, before)))
    if len(places) + len(after) - len(before) > _FEW:
        return None
    return [(before[i], after[i]) for i in places], after[len(before) :]


def _by_id_after(
    index: dict[str, Any], replaced: list[tuple[Any, Any]], added: tuple[Any, ...]
) -> dict[str, Any] | None:
    updated = dict(index)
    for old, new in replaced:
        if old.id != new.id:
            return None  # a new id: other items may refer to either
        updated[new.id] = new
    for item in added:
        updated[item.id] = item
    return updated


def _payments_index_after(
    index: dict[str, list[Payment]],
    replaced: list[tuple[Payment, Payment]],
    added: tuple[Payment, ...],
) -> dict[str, list[Payment]] | None:
    updated = dict(index)
    for old, new in replaced:
        if old.account != new.account:
            return None
        payments = updated[new.account] = list(updated[new.account])
        payments[next(i for i, p in enumerate(payments) if p is old)] = new
    for payment in added:
        updated[payment.account] = [*updated.get(payment.account, []), payment]
    return updated


# Indexes brought up to date after a few changes: (index, the part it covers, how).
_UPDATED_INDEXES = (
    ("_accounts_by_id", "accounts", _by_id_after),
    ("_cards_by_id", "cards", _by_id_after),
    ("_payments_by_id", "payments", _by_id_after),
    ("_payments_by_account", "payments", _payments_index_after),
)


@dataclass(frozen=True)
class Secrets:
    """Secret inputs of an imported profile; they pass through memory only. With them, the one
    thing the profile cannot say either: which settings the file gave (a merge keeps the
    others, and a given value equal to the default is still given)."""

    passwords: dict[str, str] = field(default_factory=dict)
    other_passwords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    totp_secrets: dict[str, str] = field(default_factory=dict)
    settings_given: frozenset[str] = frozenset()
