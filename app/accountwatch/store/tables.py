"""One column map per stored model type, shared by insert, update and load."""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from accountwatch.core.model import (
    Account,
    AccountStatus,
    Acknowledgement,
    Card,
    CardBrand,
    CardHolder,
    CompanyRecord,
    Listing,
    OtherSite,
    PasswordAnalysis,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Penalty,
    PenaltyKind,
    Platform,
    Recovery,
    Role,
    TwoFactor,
    TwoFactorMethod,
    YearMonth,
)

Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """A model attribute (dotted for a nested one) and its column, with the conversions."""

    name: str
    attr: str
    to_db: Convert | None = None  # None: stored as it is
    from_db: Convert | None = None

    def getter(self) -> Convert:
        get = operator.attrgetter(self.attr) if self.attr else _same
        to_db = self.to_db
        if to_db is None:
            return get

        def stored(item: Any) -> Any:
            value = get(item)
            return None if value is None else to_db(value)

        return stored


def _same(value: Any) -> Any:
    return value


def plain(attr: str, name: str | None = None) -> Column:
    return Column(name or attr, attr)


def flag(attr: str, name: str | None = None) -> Column:
    return Column(name or attr, attr, None, bool)


def day(attr: str, name: str | None = None) -> Column:
    """A date, stored as ISO 8601 text (None stays None both ways, as for every column)."""
    return Column(name or attr, attr, dt.date.isoformat, dt.date.fromisoformat)


def choice(attr: str, kind: type[StrEnum], name: str | None = None) -> Column:
    return Column(name or attr, attr, operator.attrgetter("value"), kind)


@dataclass(frozen=True)
class Table:
    """How one model type is stored: its table, its columns and, for the parts of an account,
    the owning account's column (`owner`) and the item's place in its list (`position`)."""

    name: str
    model: type | None  # None: each row is one plain value (a brand, a fingerprint)
    columns: tuple[Column, ...]
    owner: str | None = None
    ordered: bool = False
    # Columns of constant value, before the others (the company table's one row has id 1).
    fixed: tuple[tuple[str, Any], ...] = ()
    # Dotted attributes build these nested values (`two_factor.method` → TwoFactor(method=…)).
    nested: Mapping[str, type] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        """The stored columns in row order: owner, position, then the model's."""
        head = ((self.owner,) if self.owner else ()) + (("position",) if self.ordered else ())
        return tuple(n for n, _ in self.fixed) + head + tuple(c.name for c in self.columns)

    @property
    def insert_sql(self) -> str:
        marks = ", ".join("?" for _ in self.names)
        return f"INSERT INTO {self.name} ({', '.join(self.names)}) VALUES ({marks})"

    def update_sql(self, key: str) -> str:
        """UPDATE of the model's columns (not the position) of the row whose `key` is given."""
        sets = ", ".join(f"{c.name} = ?" for c in self.columns)
        return f"UPDATE {self.name} SET {sets} WHERE {key} = ?"

    @property
    def select_sql(self) -> str:
        """The model's columns (after the owner, when there is one), in stored order."""
        names = ((self.owner,) if self.owner else ()) + tuple(c.name for c in self.columns)
        order = ", ".join(
            ((self.owner,) if self.owner else ()) + (("position",) if self.ordered else ())
        )
        return f"SELECT {', '.join(names)} FROM {self.name}" + (
            f" ORDER BY {order}" if order else ""
        )

    def values(self, item: Any) -> tuple[Any, ...]:
        return tuple(get(item) for get in self._getters)

    def rows(self, owner: str | None, items: Iterable[Any]) -> Iterable[tuple[Any, ...]]:
        """Insert rows of `items` (of one owner, in order; `owner` None for a top-level table)."""
        for position, item in enumerate(items):
            head = ((owner,) if self.owner else ()) + ((position,) if self.ordered else ())
            yield tuple(v for _, v in self.fixed) + head + self.values(item)

    # Made once per table: a large profile stores and loads tens of thousands of rows.
    @cached_property
    def _getters(self) -> tuple[Convert, ...]:
        return tuple(c.getter() for c in self.columns)

    @cached_property
    def build(self) -> Callable[..., Any]:
        """`build(row, parts={})`: the model value of one row as `select_sql` gives it, with
        attributes kept elsewhere (an account's parts).

        Written out once as code, the way `collections.namedtuple` does: a loop over the columns
        for each of tens of thousands of rows would cost several times the call itself. The
        code fills the new value's attributes in one go, `{"attr": row[0], …, **parts}`, as the
        dataclass's `__init__` would have (see `_fills_directly`): a frozen dataclass's
        `__init__` sets each field through `object.__setattr__`, most of the time of loading a
        large profile's payments and listings."""
        names: dict[str, Any] = {
            "model": self.model,
            "no_parts": _NO_PARTS,
            "new": object.__new__,
            "set_attribute": object.__setattr__,
        }
        values: dict[str, str] = {}
        nested: dict[str, list[str]] = {prefix: [] for prefix in self.nested}
        first = 1 if self.owner else 0  # the owner's id comes first in a selected row
        for i, column in enumerate(self.columns, start=first):
            value = f"row[{i}]"
            if column.from_db is not None:
                names[f"convert{i}"] = column.from_db
                value = f"(None if {value} is None else convert{i}({value}))"
            prefix, _dot, attr = column.attr.rpartition(".")
            if prefix:
                nested[prefix].append(f"{attr}={value}")
            else:
                values[attr] = value
        for prefix, kind in self.nested.items():
            names[f"kind_{prefix}"] = kind
            values[prefix] = f"kind_{prefix}({', '.join(nested[prefix])})"
        if self.model is None:  # a plain value: the one column is all there is
            source = f"def build(row):\n    return {values['']}\n"
        else:
            source = _builder_source(self.model, values, names)
        # Only our own column and attribute names go into the text.
        exec(compile(source, f"<{self.name} builder>", "exec"), names)
        build: Callable[..., Any] = names["build"]
        return build


def _builder_source(model: type, values: dict[str, str], names: dict[str, Any]) -> str:
    """The code of `Table.build` for a dataclass `model`, given each attribute's expression."""
    if not _fills_directly(model, values):
        arguments = ", ".join(f"{attr}={value}" for attr, value in values.items())
        return f"def build(row, parts=no_parts):\n    return model({arguments}, **parts)\n"
    items = []
    for f in fields(model):  # in the order __init__ sets them
        if f.name in values:
            items.append(f"{f.name!r}: {values[f.name]}")
        elif f.default is not MISSING:
            names[f"default_{f.name}"] = f.default
            items.append(f"{f.name!r}: default_{f.name}")
        else:
            names[f"factory_{f.name}"] = f.default_factory
            items.append(f"{f.name!r}: factory_{f.name}()")
    return (
        "def build(row, parts=no_parts):\n"
        "    made = new(model)\n"
        f"    set_attribute(made, '__dict__', {{{', '.join(items)}, **parts}})\n"
        "    return made\n"
    )


def _fills_directly(model: type, values: Mapping[str, str]) -> bool:
    """Whether a value of `model` can be made by filling its `__dict__`: a dataclass whose
    `__init__` only stores its arguments (no `__post_init__`, no slots, every field an argument
    that has a column or a default) does nothing else. Parts given that are not fields would
    pass unnoticed, so `build` is only ever given the parts of `ACCOUNT_PARTS`."""
    return (
        is_dataclass(model)
        and not hasattr(model, "__post_init__")
        and not hasattr(model, "__slots__")
        and all(
            # A field that is no argument (`Listing.scan`) is filled only from its column.
            (f.init or f.name in values)
            and (f.name in values or f.default is not MISSING or f.default_factory is not MISSING)
            for f in fields(model)
        )
    )


_NO_PARTS: Mapping[str, Any] = {}


def _company_columns() -> tuple[Column, ...]:
    """Every field of a company record, each its own column: text, and the two dates."""
    return tuple(
        day(f.name) if "date" in str(f.type) else plain(f.name) for f in fields(CompanyRecord)
    )


COMPANY = Table("company", CompanyRecord, _company_columns(), fixed=(("id", 1),))
REGISTERED_COMPANY = Table(
    "registered_companies", CompanyRecord, _company_columns(), owner="account_id"
)

ACCOUNTS = Table(
    "accounts",
    Account,
    (
        plain("id"),
        plain("login_id"),
        choice("platform", Platform),
        plain("label"),
        plain("email"),
        choice("role", Role),
        choice("status", AccountStatus),
        day("password_changed_on"),
        choice("two_factor.method", TwoFactorMethod, "two_factor_method"),
        flag("two_factor.backup_codes_saved", "backup_codes_saved"),
        flag("has_totp_secret"),
        plain("shared_with"),
        day("logins_reviewed_on"),
        day("terms_reviewed_on"),
        plain("orders_90d"),
        plain("cancellations_90d"),
        plain("messages_per_day"),
        flag("incentivized_reviews"),
        day("last_login_on"),
        day("status_since"),
        day("recovery.notice_on", "recovery_notice_on"),
        plain("recovery.case_number", "recovery_case_number"),
        day("recovery.contacted_support_on", "recovery_contacted_support_on"),
        day("recovery.last_follow_up_on", "recovery_last_follow_up_on"),
        day("password_exposed_on"),
    ),
    ordered=True,
    nested={"two_factor": TwoFactor, "recovery": Recovery},
)

PAYMENT_METHODS = Table(
    "payment_methods",
    PaymentMethod,
    (choice("type", PaymentMethodType), plain("card"), flag("approved")),
    owner="account_id",
    ordered=True,
)
AUTHORIZED_BRANDS = Table(
    "authorized_brands", None, (plain("", "brand"),), owner="account_id", ordered=True
)
LISTINGS = Table(
    "listings",
    Listing,
    (plain("title"), plain("description"), plain("scan")),
    owner="account_id",
    ordered=True,
)
PENALTIES = Table(
    "penalties",
    Penalty,
    (
        day("date"),
        plain("points"),
        choice("kind", PenaltyKind),
        flag("serious"),
        plain("note"),
    ),
    owner="account_id",
    ordered=True,
)
PASSWORD_ANALYSES = Table(
    "password_analyses",
    PasswordAnalysis,
    (
        plain("score"),
        plain("guesses_log10"),
        plain("warning"),
        Column(
            "suggestions",
            "suggestions",
            lambda items: json.dumps(list(items), ensure_ascii=False),
            lambda text: tuple(json.loads(text)),
        ),
        plain("fingerprint"),
        day("analysed_on"),
        plain("breach_count"),
        day("breach_checked_on"),
        plain("breach_source"),
    ),
    owner="account_id",
)
OTHER_FINGERPRINTS = Table(
    "other_fingerprints", None, (plain("", "fingerprint"),), owner="account_id", ordered=True
)

OTHER_SITES = Table(
    "other_sites",
    OtherSite,
    (plain("fingerprint"), plain("host")),
    owner="account_id",
    ordered=True,
)


@dataclass(frozen=True)
class Part:
    """A part of an account kept in a table of its own: one value (or None) or a list."""

    attr: str
    table: Table
    many: bool

    def items(self, account: Account) -> tuple[Any, ...]:
        value = getattr(account, self.attr)
        if self.many:
            return tuple(value)
        return () if value is None else (value,)


ACCOUNT_PARTS = (
    Part("registered_company", REGISTERED_COMPANY, many=False),
    Part("payment_methods", PAYMENT_METHODS, many=True),
    Part("authorized_brands", AUTHORIZED_BRANDS, many=True),
    Part("listings", LISTINGS, many=True),
    Part("penalties", PENALTIES, many=True),
    Part("password", PASSWORD_ANALYSES, many=False),
    Part("other_fingerprints", OTHER_FINGERPRINTS, many=True),
    Part("other_sites", OTHER_SITES, many=True),
)

CARDS = Table(
    "cards",
    Card,
    (
        plain("id"),
        plain("last4"),
        Column("expires", "expires", str, YearMonth.parse),
        plain("label"),
        choice("brand", CardBrand),
        choice("holder", CardHolder),
    ),
    ordered=True,
)

PAYMENTS = Table(
    "payments",
    Payment,
    (
        plain("id"),
        plain("account"),
        day("due"),
        plain("description"),
        Column("amount", "amount", str, Decimal),
        plain("currency"),
        day("paid_on"),
        plain("repeat"),
        plain("card"),
        day("repeat_start"),
    ),
    ordered=True,
)

ACKNOWLEDGEMENTS = Table(
    "acknowledgements",
    Acknowledgement,
    (plain("rule"), plain("subject"), plain("reason"), day("until")),
    ordered=True,
)
