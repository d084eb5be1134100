"""Reads, validates and writes the profile file: JSON, format "accountwatch.profile" version 1."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from accountwatch.core import catalogue, dates, iso_codes, jp_numbers
from accountwatch.core.cardnumbers import MIN_DIGITS, find_card_number, masked
from accountwatch.core.error_words import json_error_words, os_error_words
from accountwatch.core.model import (
    COMPANY_IDENTITY_FIELDS,
    MAX_PASSWORD_AGE_DAYS,
    Account,
    AccountStatus,
    Acknowledgement,
    Card,
    CardBrand,
    CardHolder,
    CompanyRecord,
    ExtraTerms,
    Language,
    Listing,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Penalty,
    PenaltyKind,
    Platform,
    Profile,
    Recovery,
    Role,
    Secrets,
    Settings,
    TwoFactor,
    TwoFactorMethod,
    UnreadListing,
    Weekday,
    WeeklyCheck,
    YearMonth,
)
from accountwatch.core.passwords import MAX_OTHER_PASSWORDS
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.core.regular_file import FileTooLargeError, NotRegularFileError, read_regular
from accountwatch.i18n import _

FORMAT = "accountwatch.profile"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024

# Limits that keep later date arithmetic and SQLite integers in range.
MAX_COUNT = 1_000_000_000
MAX_WARN_DAYS = 3660
_MAX_INT_CHARS = 40
_MAX_AMOUNT_CHARS = 40
_MAX_RRULE_CHARS = 200
_SHOWN_CHARS = 40

_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
# What a finding is about (the subjects the rules give): an acknowledgement names one of them.
_SUBJECT = re.compile(
    rf"company|(?:account|card|payment):{_ID.pattern}|listing:{_ID.pattern}:[0-9]+"
)
_DATE = dates.DAY_FORM
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_AMOUNT = re.compile(r"[0-9]+(\.[0-9]+)?")
_LAST4 = re.compile(r"[0-9]{4}")
_CODE = re.compile(r"[A-Za-z]{2,3}")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# C0 controls other than tab, line feed and carriage return (CRLF text pasted from Windows).
# Lists the app has the user type as one text, split at its commas: a card number typed there
# lands in several items.
_TYPED_AS_ONE_TEXT = frozenset({"authorized_brands"})
# Control characters but tab and line ends: C0, DEL and C1 (U+009B starts a terminal's escape
# sequence, as ESC does).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Values never scanned for card numbers nor shown: they are secrets and are never stored.
_PASSWORD_KEYS = frozenset({"password", "other_passwords"})
# Values that may hold a 法人番号: 13 digits that can also pass a card's Luhn check.
_COMPANY_NUMBER_KEYS = frozenset({"registration_number", "corporate_number", "invoice_number"})


def _is_company_number(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    digits = jp_numbers.invoice_digits(value) or value
    return jp_numbers.corporate_number(digits) is not None


E = TypeVar("E", bound=StrEnum)


# --- JSON decoding -------------------------------------------------------------------------


class _Object(dict[str, Any]):
    """A JSON object that remembers keys given more than once (the last value wins)."""

    duplicates: list[str]


def _object_hook(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj and key not in obj.duplicates:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


@dataclass(frozen=True)
class _Constant:
    """NaN or ±Infinity: not JSON, reported where it stands."""

    name: str


@dataclass(frozen=True)
class _HugeInt:
    """An integer literal too long to be anything we keep (and slow or impossible to convert)."""

    text: str


def _parse_int(text: str) -> int | _HugeInt:
    return _HugeInt(text) if len(text) > _MAX_INT_CHARS else int(text)


def _decode(raw: bytes) -> tuple[Any, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [Problem("$", _too_large(len(raw)))]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = _("not UTF-8 text (invalid byte at offset {offset})").format(offset=exc.start)
        return None, [Problem("$", message)]
    if not text.strip():  # an empty file, or a pipe nothing was written into
        return None, [Problem("$", _("the file is empty: a profile is a JSON object"))]
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object_hook,
            parse_constant=_Constant,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as exc:
        message = _("not valid JSON at line {line}, column {column}: {error}").format(
            error=json_error_words(exc.msg), line=exc.lineno, column=exc.colno
        )
        return None, [Problem("$", message)]
    except RecursionError:
        return None, [Problem("$", _("nested too deeply to be a profile"))]
    except ValueError as exc:  # what the standard library raises beyond the checks above
        return None, [
            Problem("$", _("not valid JSON: {error}").format(error=json_error_words(str(exc))))
        ]
    return data, []


def _too_large(size: int) -> str:
    return _("{size} bytes, more than the {limit} MB a profile file may have").format(
        size=size, limit=MAX_BYTES // (1024 * 1024)
    )


# --- Paths and messages --------------------------------------------------------------------


class _Loc:
    """A place in the document: its JSON path as shown, and its position for sorting.

    Built for every value read, so the path text is only made when a problem needs it.
    """

    __slots__ = ("index", "name", "parent")

    def __init__(self, parent: _Loc | None, name: str | None, index: int) -> None:
        self.parent = parent
        self.name = name
        self.index = index

    def key(self, name: str, index: int) -> _Loc:
        return _Loc(self, name, index)

    def item(self, index: int) -> _Loc:
        return _Loc(self, None, index)

    def _chain(self) -> list[_Loc]:
        chain: list[_Loc] = []
        loc: _Loc | None = self
        while loc is not None and loc.parent is not None:
            chain.append(loc)
            loc = loc.parent
        return chain[::-1]

    @property
    def pos(self) -> tuple[int, ...]:
        return tuple(loc.index for loc in self._chain())

    @property
    def text(self) -> str:
        text = ""
        for loc in self._chain():
            if loc.name is None:
                text += f"[{loc.index}]"
            elif not _PLAIN_KEY.fullmatch(loc.name):
                shown = masked(loc.name) or loc.name[:_SHOWN_CHARS]
                text += f"[{json.dumps(shown)}]"
            else:
                text += f".{loc.name}" if text else loc.name
        return text

    @property
    def shown(self) -> str:
        return self.text or "$"


_ROOT = _Loc(None, None, 0)


def _show(text: str) -> str:
    """A user's value quoted for a message: short, escaped, never 13 digits or more."""
    hidden = masked(text)
    if hidden is not None:
        return hidden
    if len(text) > _SHOWN_CHARS:
        text = text[:_SHOWN_CHARS] + "…"
    return repr(text)


def _number(value: int) -> str:
    """An integer from the file for a message, never 13 digits or more."""
    return masked(str(value)) or str(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | _HugeInt):
        return _("integer")
    if isinstance(value, float):
        return _("number")
    if isinstance(value, _Constant):
        return value.name
    if isinstance(value, str):
        return _("string")
    if isinstance(value, list):
        return _("list")
    return _("object")


def _expected(what: str, value: Any) -> str:
    return _("expected {expected}, got {got}").format(expected=what, got=_kind(value))


def _currencies() -> frozenset[str]:
    return iso_codes.CURRENCIES  # babel's, written out: no locale data to load (iso_codes.py)


def _countries() -> frozenset[str]:
    return iso_codes.COUNTRIES


def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes a profile accepts (for choosers in the app)."""
    return _countries()


# --- Validation ----------------------------------------------------------------------------


class _Bad:
    """A value that was reported as a problem; the field is left at its default."""


_BAD = _Bad()
Handler = Callable[[Any, _Loc], Any]


@dataclass
class _Fields:
    """The checked fields of one JSON object."""

    loc: _Loc
    values: dict[str, Any]
    locs: dict[str, _Loc]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass(frozen=True)
class KnownIds:
    """Ids already stored, which a file merged into them may name without giving them (a
    payment added to a stored account, a stored card as an account's payment method)."""

    accounts: frozenset[str] = frozenset()
    cards: frozenset[str] = frozenset()
    # What is stored could not be read (a damaged database): every name passes for now, and
    # the import, which then opens the folder, says what is wrong with it or checks again.
    unread: bool = False


@dataclass
class _Reader:
    """Walks a decoded document, collecting every problem and building the model."""

    problems: list[tuple[tuple[int, ...], Problem]] = field(default_factory=list)
    # Valid ids and where each was first given, to name the other place of a duplicate.
    account_ids: dict[str, str] = field(default_factory=dict)
    card_ids: dict[str, str] = field(default_factory=dict)
    payment_ids: dict[str, str] = field(default_factory=dict)
    # Every id given, valid or not, so that one bad id does not also break each reference to it.
    named_accounts: set[str] = field(default_factory=set)
    named_cards: set[str] = field(default_factory=set)
    account_refs: list[tuple[_Loc, str]] = field(default_factory=list)
    card_refs: list[tuple[_Loc, str]] = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)
    other_passwords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    totp_secrets: dict[str, str] = field(default_factory=dict)
    # The settings the file gave (by name; a block's parts as "block.part").
    settings_given: frozenset[str] = frozenset()
    block_parts: dict[str, frozenset[str]] = field(default_factory=dict)
    # The ids stored, asked for only when a reference names none of the file's own.
    known: Callable[[], KnownIds] | None = None

    def report(self, loc: _Loc, message: str) -> _Bad:
        self.problems.append((loc.pos, Problem(loc.shown, message)))
        return _BAD

    # Objects and lists

    def fields(
        self,
        value: Any,
        loc: _Loc,
        handlers: Mapping[str, Handler],
        required: Iterable[str] = (),
        nullable: Iterable[str] = (),
    ) -> _Fields | None:
        if not isinstance(value, dict):
            self.report(loc, _expected(_("an object"), value))
            return None
        found = _Fields(loc, {}, {})
        for index, (key, item) in enumerate(value.items()):
            key_loc = loc.key(key, index)
            handler = handlers.get(key)
            if handler is None:
                self.report(key_loc, _unknown_key(key, handlers))
                continue
            found.locs[key] = key_loc
            if item is None and key not in nullable:
                if key in required:
                    self.report(key_loc, _("required"))
                continue
            result = handler(item, key_loc)
            if result is not _BAD:
                found.values[key] = result
        for key in required:
            if key not in value:
                self.report(loc.key(key, len(value)), _("required"))
        return found

    def list_of(self, handler: Handler) -> Handler:
        def check(value: Any, loc: _Loc) -> Any:
            if not isinstance(value, list):
                return self.report(loc, _expected(_("a list"), value))
            items = [handler(item, loc.item(i)) for i, item in enumerate(value)]
            return tuple(item for item in items if item is not _BAD)

        return check

    # Scalars

    def text(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a string"), value))
        return value

    def required_text(self, value: Any, loc: _Loc) -> Any:
        result = self.text(value, loc)
        if isinstance(result, str) and not result.strip():
            return self.report(loc, _("required"))
        return result

    def terms(self, value: Any, loc: _Loc) -> Any:
        """A list of keywords; an empty one would match every text."""
        return self.list_of(self.required_text)(value, loc)

    def boolean(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, bool):
            return self.report(loc, _expected(_("true or false"), value))
        return value

    def integer(self, value: Any, loc: _Loc, low: int, high: int) -> Any:
        if isinstance(value, _HugeInt):
            return self.report(loc, _("number too large"))
        if isinstance(value, bool) or not isinstance(value, int):
            return self.report(loc, _expected(_("an integer"), value))
        if value < low:
            if low == 0:
                return self.report(loc, _("{value} is negative").format(value=_number(value)))
            return self.report(
                loc, _("{value} is less than {low}").format(value=_number(value), low=low)
            )
        if value > high:
            return self.report(
                loc,
                _("{value} is too large (at most {high})").format(value=_number(value), high=high),
            )
        return value

    def count(self, value: Any, loc: _Loc) -> Any:
        return self.integer(value, loc, 0, MAX_COUNT)

    def warn_days(self, value: Any, loc: _Loc) -> Any:
        return self.list_of(lambda v, at: self.integer(v, at, 0, MAX_WARN_DAYS))(value, loc)

    def max_age(self, value: Any, loc: _Loc) -> Any:
        if value is None:  # null switches the check off; absent means the default
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            return self.report(
                loc,
                _("{value}: give a number of days from 1, or null for no limit").format(
                    value=_number(value)
                ),
            )
        return self.integer(value, loc, 1, MAX_PASSWORD_AGE_DAYS)

    def enum(self, kind: type[E]) -> Handler:
        def check(value: Any, loc: _Loc) -> Any:
            if not isinstance(value, str):
                return self.report(loc, _expected(_("a string"), value))
            try:
                return kind(value)
            except ValueError:
                choices = ", ".join(member.value for member in kind)
                return self.report(
                    loc,
                    _("{value} is not one of {choices}").format(
                        value=_show(value), choices=choices
                    ),
                )

        return check

    def date(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a date (YYYY-MM-DD)"), value))
        if _DATE.fullmatch(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                in_range = dates.EARLIEST <= day <= dates.LATEST
                return day if in_range else self.out_of_range(loc, value)
        return self.report(
            loc, _("{value} is not a valid date (YYYY-MM-DD)").format(value=_show(value))
        )

    def month(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a month (YYYY-MM)"), value))
        if _MONTH.fullmatch(value):
            try:
                month = YearMonth.parse(value)
            except ValueError:
                pass
            else:
                # The card is valid through the month's last day, which must be in the range.
                in_range = dates.EARLIEST <= month.valid_through <= dates.LATEST
                return month if in_range else self.out_of_range(loc, value)
        return self.report(
            loc, _("{value} is not a valid month (YYYY-MM)").format(value=_show(value))
        )

    def out_of_range(self, loc: _Loc, value: str) -> _Bad:
        return self.report(
            loc,
            _("{value} is outside the dates accepted, {earliest} to {latest}").format(
                value=_show(value),
                earliest=dates.EARLIEST.isoformat(),
                latest=dates.LATEST.isoformat(),
            ),
        )

    def time(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a time (HH:MM)"), value))
        match = _TIME.fullmatch(value)
        if match is None:
            return self.report(
                loc, _("{value} is not a valid time (HH:MM)").format(value=_show(value))
            )
        return dt.time(int(match[1]), int(match[2]))

    def identifier(self, seen: dict[str, str], named: set[str] | None = None) -> Handler:
        def check(value: Any, loc: _Loc) -> Any:
            result = self.required_text(value, loc)
            if result is _BAD:
                return result
            if named is not None:
                named.add(value)
            if not _ID.fullmatch(value):
                return self.report(
                    loc,
                    _(
                        "{value} is not a valid id (lower-case letters a–z, digits, '.', '_', "
                        "'-'; starts with a letter or digit; at most 64 characters)"
                    ).format(value=_show(value)),
                )
            if value in seen:
                return self.report(
                    loc,
                    _("duplicate id {value} (also {other})").format(
                        value=_show(value), other=seen[value]
                    ),
                )
            seen[value] = loc.text.rsplit(".", 1)[0]
            return value

        return check

    def reference(self, refs: list[tuple[_Loc, str]]) -> Handler:
        def check(value: Any, loc: _Loc) -> Any:
            result = self.required_text(value, loc)
            if isinstance(result, str):
                refs.append((loc, result))
            return result

        return check

    def email(self, value: Any, loc: _Loc) -> Any:
        result = self.text(value, loc)
        if isinstance(result, str) and result:
            local, at, domain = result.partition("@")
            if not at or not local.strip() or not domain.strip() or "@" in domain:
                return self.report(
                    loc, _("{value} is not an email address").format(value=_show(result))
                )
        return result

    def country(self, value: Any, loc: _Loc) -> Any:
        result = self.text(value, loc)
        if not isinstance(result, str) or not result or result in _countries():
            return result
        if result.upper() in _countries():
            message = _("{value} is not an ISO 3166-1 country code (did you mean '{code}'?)")
            return self.report(loc, message.format(value=_show(result), code=result.upper()))
        message = _("{value} is not an ISO 3166-1 country code (two capital letters, e.g. 'JP')")
        return self.report(loc, message.format(value=_show(result)))

    def currency(self, value: Any, loc: _Loc) -> Any:
        result = self.text(value, loc)
        if not isinstance(result, str) or not result or result in _currencies():
            return result
        if _CODE.fullmatch(result) and result.upper() in _currencies():
            message = _("{value} is not an ISO 4217 currency code (did you mean '{code}'?)")
            return self.report(loc, message.format(value=_show(result), code=result.upper()))
        message = _("{value} is not an ISO 4217 currency code (three capital letters, e.g. 'USD')")
        return self.report(loc, message.format(value=_show(result)))

    def amount(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_('a decimal string such as "2999.00"'), value))
        if len(value) > _MAX_AMOUNT_CHARS or not _AMOUNT.fullmatch(value):
            return self.report(
                loc,
                _(
                    '{value} is not an amount (digits and an optional decimal point: "2999.00")'
                ).format(value=_show(value)),
            )
        return Decimal(value)

    def last4(self, value: Any, loc: _Loc) -> Any:
        result = self.text(value, loc)
        if isinstance(result, str) and not _LAST4.fullmatch(result):
            # The value is not echoed: a full card number is the likeliest mistake here.
            return self.report(loc, _("must be exactly the last 4 digits of the card"))
        return result

    # Secrets: never echoed in a message.

    def password(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a string"), value))
        if not value:
            return self.report(loc, _("must not be empty (leave the key out instead)"))
        return value

    def password_list(self, value: Any, loc: _Loc) -> Any:
        result = self.list_of(self.password)(value, loc)
        if isinstance(result, tuple | list):
            distinct = len({p for p in result if isinstance(p, str)})
            if distinct > MAX_OTHER_PASSWORDS:
                return self.report(
                    loc,
                    _("at most {limit} different passwords (this list has {count})").format(
                        limit=_number(MAX_OTHER_PASSWORDS), count=_number(distinct)
                    ),
                )
        return result

    # Objects of the format

    def company(self, value: Any, loc: _Loc, *, name_required: bool = True) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "name": self.required_text if name_required else self.text,
                "name_local": self.text,
                "registration_number": self.text,
                "country": self.country,
                "address": self.text,
                "representative": self.text,
                "phone": self.text,
                "email": self.email,
                "website": self.text,
                "license_expires": self.date,
                "verified_on": self.date,
                "postal_code": self.text,
                "region": self.text,
                "corporate_number": self.corporate_number,
                "invoice_number": self.invoice_number,
                "contact_person": self.text,
                "contact_phone": self.text,
            },
            required=("name",) if name_required else (),
        )
        if found is None:
            return _BAD
        values = found.values
        if values.get("postal_code") and values.get("country") == "JP":
            code = jp_numbers.postal_code(values["postal_code"])
            if code is None:
                self.report(
                    found.locs["postal_code"],
                    _("{value} is not a Japanese postal code (NNN-NNNN)").format(
                        value=_show(values["postal_code"])
                    ),
                )
                del values["postal_code"]
            else:
                values["postal_code"] = code
        corporate, invoice = values.get("corporate_number"), values.get("invoice_number")
        # A corporation's invoice number is its 法人番号 after the T; a sole proprietor's is
        # not, but a sole proprietor has no 法人番号 to compare with.
        if corporate and invoice and invoice[1:] != corporate:
            self.report(
                found.locs["invoice_number"],
                _("{value} does not match the corporate number {number}").format(
                    value=_show(invoice), number=corporate
                ),
            )
        return CompanyRecord(**values)

    def corporate_number(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a string"), value))
        if not value.strip():
            return ""
        number = jp_numbers.corporate_number(value)
        if number is None:
            return self.report(
                loc,
                _("{value} is not a valid corporate number (13 digits and its check digit)").format(
                    value=_show(value)
                ),
            )
        return number

    def invoice_number(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a string"), value))
        if not value.strip():
            return ""
        digits = jp_numbers.invoice_digits(value)
        if digits is None:
            return self.report(
                loc,
                _("{value} is not a valid invoice registration number (T and 13 digits)").format(
                    value=_show(value)
                ),
            )
        return "T" + digits

    def registered_company(self, value: Any, loc: _Loc) -> Any:
        # What a platform has on file may be incomplete: that is a finding, not a bad file.
        return self.company(value, loc, name_required=False)

    def two_factor(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "method": self.enum(TwoFactorMethod),
                "backup_codes_saved": self.boolean,
                "totp_secret": self.totp_secret,
            },
        )
        if found is None:
            return _BAD
        method = found.get("method", TwoFactorMethod.NONE)
        secret = found.get("totp_secret")
        method_known = "method" in found.values or "method" not in found.locs
        if secret is not None and method_known and method != TwoFactorMethod.TOTP:
            self.report(
                found.locs["totp_secret"],
                _("totp_secret given but method is '{method}'").format(method=method.value),
            )
        return (
            TwoFactor(method=method, backup_codes_saved=found.get("backup_codes_saved", False)),
            secret,
        )

    def totp_secret(self, value: Any, loc: _Loc) -> Any:
        if not isinstance(value, str):
            return self.report(loc, _expected(_("a string"), value))
        from accountwatch.core import twofactor  # pyotp: only for a profile that brings secrets

        try:
            return twofactor.normalize_secret(value)
        except ValueError as exc:
            return self.report(
                loc, _("not a valid TOTP secret: {reason}").format(reason=_(str(exc)))
            )

    def recovery(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "notice_on": self.date,
                "case_number": self.text,
                "contacted_support_on": self.date,
                "last_follow_up_on": self.date,
            },
        )
        if found is None:
            return _BAD
        values = found.values
        first, last = values.get("contacted_support_on"), values.get("last_follow_up_on")
        if first is not None and last is not None and last < first:
            self.report(
                found.locs["last_follow_up_on"],
                _("{last} is before the first contact with support ({first})").format(
                    last=last.isoformat(), first=first.isoformat()
                ),
            )
        return Recovery(**values)

    def payment_method(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "type": self.enum(PaymentMethodType),
                "card": self.reference(self.card_refs),
                "approved": self.boolean,
            },
            required=("type",),
        )
        if found is None or "type" not in found.values:
            return _BAD
        kind = found.values["type"]
        card = found.get("card")
        if kind == PaymentMethodType.CARD and "card" not in found.locs:
            self.report(found.loc.key("card", len(value)), _("required when type is 'card'"))
        elif kind != PaymentMethodType.CARD and card is not None:
            self.report(
                found.locs["card"],
                _("only a payment method of type 'card' names a card (type is '{type}')").format(
                    type=kind.value
                ),
            )
        approved = found.get("approved", _default_approval(kind))
        return PaymentMethod(type=kind, card=card, approved=approved)

    def listing(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(value, loc, {"title": self.text, "description": self.text})
        return _BAD if found is None else Listing(**found.values)

    def penalty(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "date": self.date,
                "points": self.count,
                "kind": self.enum(PenaltyKind),
                "serious": self.boolean,
                "note": self.text,
            },
            required=("date",),
        )
        if found is None or "date" not in found.values:
            return _BAD
        return Penalty(**found.values)

    def account(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "id": self.identifier(self.account_ids, self.named_accounts),
                "platform": self.enum(Platform),
                "label": self.text,
                "login_id": self.required_text,
                "email": self.email,
                "role": self.enum(Role),
                "status": self.enum(AccountStatus),
                "password": self.password,
                "other_passwords": self.password_list,
                "password_changed_on": self.date,
                "two_factor": self.two_factor,
                "shared_with": self.count,
                "logins_reviewed_on": self.date,
                "terms_reviewed_on": self.date,
                "registered_company": self.registered_company,
                "payment_methods": self.list_of(self.payment_method),
                "orders_90d": self.count,
                "cancellations_90d": self.count,
                "messages_per_day": self.count,
                "incentivized_reviews": self.boolean,
                "authorized_brands": self.terms,
                "listings": self.list_of(self.listing),
                "penalties": self.list_of(self.penalty),
                "last_login_on": self.date,
                "status_since": self.date,
                "recovery": self.recovery,
                "password_exposed_on": self.date,
            },
            required=("id", "login_id"),
        )
        if found is None:
            return _BAD
        values = found.values
        orders, cancellations = values.get("orders_90d"), values.get("cancellations_90d")
        if orders is not None and cancellations is not None and cancellations > orders:
            self.report(
                found.locs["cancellations_90d"],
                _("more cancellations ({cancellations}) than orders ({orders})").format(
                    cancellations=_number(cancellations), orders=_number(orders)
                ),
            )
        if "id" not in values or "login_id" not in values:
            return _BAD
        account_id = values["id"]
        if "password" in values:
            self.passwords[account_id] = values.pop("password")
        if "other_passwords" in values:
            self.other_passwords[account_id] = values.pop("other_passwords")
        two_factor, secret = values.pop("two_factor", (TwoFactor(), None))
        if secret is not None:
            self.totp_secrets[account_id] = secret
        return Account(**values, two_factor=two_factor, has_totp_secret=secret is not None)

    def card(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "id": self.identifier(self.card_ids, self.named_cards),
                "label": self.text,
                "brand": self.enum(CardBrand),
                "last4": self.last4,
                "expires": self.month,
                "holder": self.enum(CardHolder),
            },
            # Without its last digits and expiry month a card cannot be recognised or checked.
            required=("id", "last4", "expires"),
        )
        if found is None or not {"id", "last4", "expires"} <= found.values.keys():
            return _BAD
        return Card(**found.values)

    def payment(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "id": self.identifier(self.payment_ids),
                "account": self.reference(self.account_refs),
                "description": self.text,
                "amount": self.amount,
                "currency": self.currency,
                "due": self.date,
                "paid_on": self.date,
                "repeat": self.required_text,
                "repeat_start": self.date,
                "card": self.reference(self.card_refs),
            },
            required=("id", "account", "due"),
        )
        if found is None:
            return _BAD
        values = found.values
        repeat = values.get("repeat")
        start = values.get("repeat_start", values.get("due"))
        if repeat is not None and start is not None:
            self.check_repeat(repeat, start, found.locs["repeat"])
        if not {"id", "account", "due"} <= values.keys():
            return _BAD
        return Payment(**values)

    def check_repeat(self, repeat: str, start: dt.date, loc: _Loc) -> None:
        if len(repeat) > _MAX_RRULE_CHARS:
            self.report(loc, _("not a usable RRULE (e.g. FREQ=MONTHLY)"))
            return
        try:
            dates.validate_repeat(repeat, start)
        except dates.RecurrenceError as exc:
            # The error quotes the rule; one with a long number (a UTC UNTIL has 14 digits, and
            # any may be a card number) is left out, its reason kept.
            if masked(repeat) is None:
                self.report(loc, str(exc))
            else:
                self.report(loc, _("not a usable RRULE: {reason}").format(reason=exc.reason))

    def acknowledgement(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "rule": self.rule_id,
                "subject": self.subject,
                "reason": self.text,
                "until": self.date,
            },
            required=("rule", "subject"),
        )
        if found is None or not {"rule", "subject"} <= found.values.keys():
            return _BAD
        return Acknowledgement(**found.values)

    def subject(self, value: Any, loc: _Loc) -> Any:
        result = self.required_text(value, loc)
        if result is _BAD or _SUBJECT.fullmatch(value):
            return result
        return self.report(
            loc,
            _(
                "{value} is not what a finding is about (account:ID, card:ID, payment:ID, "
                "listing:ACCOUNT-ID:N or company)"
            ).format(value=_show(value)),
        )

    def rule_id(self, value: Any, loc: _Loc) -> Any:
        result = self.required_text(value, loc)
        if result is _BAD or value in catalogue.rule_ids():
            return result
        close = _closest(value.upper(), catalogue.rule_ids())
        if close:
            message = _("unknown rule {value} (did you mean '{rule}'?)")
            return self.report(loc, message.format(value=_show(value), rule=close[0]))
        return self.report(loc, _("unknown rule {value}").format(value=_show(value)))

    def acknowledgements(self, value: Any, loc: _Loc) -> Any:
        result = self.list_of(self.acknowledgement)(value, loc)
        if result is _BAD:
            return result
        seen: dict[tuple[str, str], int] = {}
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                continue
            rule, subject = item.get("rule"), item.get("subject")
            if not isinstance(rule, str) or not isinstance(subject, str):
                continue
            if (rule, subject) in seen:
                self.report(
                    loc.item(index),
                    _("duplicate acknowledgement of {rule} for {subject} (also {other})").format(
                        rule=_show(rule),
                        subject=_show(subject),
                        other=loc.item(seen[rule, subject]).shown,
                    ),
                )
            else:
                seen[rule, subject] = index
        return result

    def weekly_check(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(value, loc, {"weekday": self.enum(Weekday), "time": self.time})
        if found is None:
            return _BAD
        self.block_parts["weekly_check"] = frozenset(found.values)
        return WeeklyCheck(**found.values)

    def extra_terms(self, value: Any, loc: _Loc) -> Any:
        lists = ("prohibited", "brands", "claims", "unsafe", "inappropriate", "promotion")
        found = self.fields(value, loc, dict.fromkeys(lists, self.terms))
        if found is None:
            return _BAD
        self.block_parts["extra_terms"] = frozenset(found.values)
        return ExtraTerms(**found.values)

    def settings(self, value: Any, loc: _Loc) -> Any:
        found = self.fields(
            value,
            loc,
            {
                "language": self.enum(Language),
                "card_warn_days": self.warn_days,
                "payment_warn_days": self.warn_days,
                "weekly_check": self.weekly_check,
                "password_max_age_days": self.max_age,
                "extra_terms": self.extra_terms,
            },
            nullable=("password_max_age_days",),
        )
        if found is None:
            return _BAD
        # A block's parts as "block.part": a merge takes those and keeps the block's others.
        parts = {f"{block}.{part}" for block, given in self.block_parts.items() for part in given}
        self.settings_given = frozenset(found.values) | parts
        return Settings(**found.values)

    def format_name(self, value: Any, loc: _Loc) -> Any:
        if value != FORMAT:
            shown = _show(value) if isinstance(value, str) else _kind(value)
            return self.report(
                loc,
                _("{value} is not an AccountWatch profile (expected '{format}')").format(
                    value=shown, format=FORMAT
                ),
            )
        return value

    def version(self, value: Any, loc: _Loc) -> Any:
        result = self.integer(value, loc, -sys.maxsize, sys.maxsize)
        if result is _BAD or result == VERSION:
            return result
        return self.report(
            loc,
            _("unsupported version {version} (this AccountWatch reads version {supported})").format(
                version=_number(result), supported=VERSION
            ),
        )

    def profile(self, value: Any) -> Profile | None:
        if not isinstance(value, dict):
            self.report(_ROOT, _expected(_("an object at the top level"), value))
            return None
        handlers: dict[str, Handler] = {
            "format": self.format_name,
            "version": self.version,
            "company": self.company,
            "accounts": self.list_of(self.account),
            "cards": self.list_of(self.card),
            "payments": self.list_of(self.payment),
            "acknowledged": self.acknowledgements,
            "settings": self.settings,
        }
        version = value.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            # A newer file's fields would only produce a wall of misleading problems.
            handlers = {"format": self.format_name, "version": self.version}
            value = {key: value[key] for key in handlers if key in value}
        found = self.fields(value, _ROOT, handlers, required=("format", "version"))
        if found is None:
            return None
        self.check_references()
        return Profile(**{k: v for k, v in found.values.items() if k not in ("format", "version")})

    def check_references(self) -> None:
        accounts = [(loc, i) for loc, i in self.account_refs if i not in self.named_accounts]
        cards = [(loc, i) for loc, i in self.card_refs if i not in self.named_cards]
        if (accounts or cards) and self.known is not None:
            known = self.known()
            if known.unread:
                return
            accounts = [(loc, i) for loc, i in accounts if i not in known.accounts]
            cards = [(loc, i) for loc, i in cards if i not in known.cards]
        for loc, account_id in accounts:
            self.report(loc, _no_account(account_id))
        for loc, card_id in cards:
            self.report(loc, _no_card(card_id))

    # The whole document, whatever its shape

    def scan(self, document: Any, at: _Loc = _ROOT) -> None:
        """Problems any value can have: duplicate keys, bad characters, card numbers."""
        stack: list[tuple[Any, _Loc, bool]] = [(document, at, False)]
        while stack:
            value, loc, secret = stack.pop()
            if isinstance(value, dict):
                keys = list(value)
                for name in getattr(value, "duplicates", ()):
                    self.report(
                        loc.key(name, keys.index(name)),
                        _("key {key} appears more than once").format(key=_show(name)),
                    )
                for index, (key, item) in enumerate(value.items()):
                    if key in _COMPANY_NUMBER_KEYS and _is_company_number(item):
                        continue  # 13 digits with their own check digit, not a card's
                    if key in _TYPED_AS_ONE_TEXT and isinstance(item, list):
                        self.scan_joined(item, loc.key(key, index))
                    stack.append((item, loc.key(key, index), secret or key in _PASSWORD_KEYS))
            elif isinstance(value, list):
                stack.extend((item, loc.item(i), secret) for i, item in enumerate(value))
            elif isinstance(value, str):
                self.scan_text(value, loc, secret)
            elif isinstance(value, int) and not isinstance(value, bool):
                self.scan_text(str(value), loc, secret)

    def scan_text(self, text: str, loc: _Loc, secret: bool) -> None:
        control = _CONTROL.search(text)
        if control:
            self.report(
                loc,
                _("contains a control character (U+{code:04X})").format(code=ord(control[0])),
            )
        if _SURROGATE.search(text):
            self.report(loc, _("contains an invalid character (a lone surrogate)"))
        # Short ASCII text cannot hold 13 digits (NFKC can turn one symbol into several digits).
        if (
            not secret
            and (len(text) >= MIN_DIGITS or not text.isascii())
            and find_card_number(text)
        ):
            self.report(
                loc,
                _("looks like a full card number; only the last 4 digits of a card are kept"),
            )

    def scan_joined(self, items: list[Any], loc: _Loc) -> None:
        """A card number split over a list's items (the account editor's "4111, 1111, 1111,
        1111" split at its commas), which no item shows alone. Only for the lists typed as one
        text (_TYPED_AS_ONE_TEXT): other lists of numbers join into Luhn-valid runs by chance
        (warning days 120, 90, 60, 45, 30, 14, 7, 3, 1 do)."""
        texts = [item for item in items if isinstance(item, str)]
        if len(texts) < 2 or not find_card_number(" ".join(texts)):
            return
        if not any(find_card_number(text) for text in texts):  # else that item is named
            self.report(
                loc,
                _("looks like a full card number; only the last 4 digits of a card are kept"),
            )

    def secrets(self) -> Secrets:
        return Secrets(
            passwords=self.passwords,
            other_passwords=self.other_passwords,
            totp_secrets=self.totp_secrets,
            settings_given=self.settings_given,
        )

    def sorted_problems(self) -> list[Problem]:
        # Stable: problems at the same place keep the order they were found in.
        return [problem for _pos, problem in sorted(self.problems, key=lambda p: p[0])]


def _closest(word: str, choices: Iterable[str]) -> list[str]:
    """The choice `word` is likely a misspelling of, if any."""
    import difflib  # loaded here: only a misspelt name needs it, not every profile read

    return difflib.get_close_matches(word, list(choices), n=1)


def _unknown_key(key: str, handlers: Mapping[str, Handler]) -> str:
    close = _closest(key, handlers)
    if close:
        return _("unknown key (did you mean '{key}'?)").format(key=close[0])
    return _("unknown key")


def _default_approval(kind: PaymentMethodType) -> bool:
    return kind != PaymentMethodType.OFF_PLATFORM


# --- Public API ----------------------------------------------------------------------------


def parse_profile(
    raw: bytes, known: Callable[[], KnownIds] | None = None
) -> tuple[Profile, Secrets]:
    """The profile and its secrets; `ProfileError` listing every problem if the file is bad.
    Its references may name the ids `known()` gives besides its own (a file merged into those
    stored; asked only when a reference names none of the file's own)."""
    document, problems = _decode(raw)
    if problems:
        raise ProfileError(problems)
    reader = _Reader(known=known)
    profile = reader.profile(document)
    reader.scan(document)
    if reader.problems or profile is None:
        raise ProfileError(reader.sorted_problems())
    return profile, reader.secrets()


def reference_problems(profile: Profile, known: KnownIds) -> list[Problem]:
    """The references of a read profile that name neither its own ids nor the `known` ones,
    placed as parse_profile places them: the same check, made again against the ids stored
    when a merge is written (another import may have removed some since the file was read)."""
    accounts = {a.id for a in profile.accounts} | known.accounts
    cards = {c.id for c in profile.cards} | known.cards
    problems = []
    for i, account in enumerate(profile.accounts):
        for j, method in enumerate(account.payment_methods):
            if method.card is not None and method.card not in cards:
                where = f"accounts[{i}].payment_methods[{j}].card"
                problems.append(Problem(where, _no_card(method.card)))
    for i, payment in enumerate(profile.payments):
        if payment.account not in accounts:
            problems.append(Problem(f"payments[{i}].account", _no_account(payment.account)))
        if payment.card is not None and payment.card not in cards:
            problems.append(Problem(f"payments[{i}].card", _no_card(payment.card)))
    return problems


def _no_account(account_id: str) -> str:
    return _("no account with id {value}").format(value=_show(account_id))


def _no_card(card_id: str) -> str:
    return _("no card with id {value}").format(value=_show(card_id))


# The top-level keys of the collections, at their places in a profile document (for sorting).
_COLLECTIONS = ("accounts", "cards", "payments")
# An item larger than this is read within its whole profile (which checks the file's size limit).
_MAX_ITEM_BYTES = 256 * 1024


def parse_item(
    context: Profile, collection: str, index: int, item: Any
) -> Account | Card | Payment | None:
    """One item of a collection, read exactly as it would be at `index` in `context` (in place of
    the item there, or added at the end), without reading all the others again: an edit of a large
    profile takes milliseconds instead of seconds.

    ProfileError lists the item's problems, with the paths the whole document would give. None
    when only the whole document can tell (the item takes a new id, or another item's, or it is
    unusually large): read that instead. The size limit of a whole profile file is not checked:
    one edit adds at most `_MAX_ITEM_BYTES`.
    """
    raw = json.dumps(item, ensure_ascii=False).encode("utf-8")
    document, problems = _decode(raw) if len(raw) <= _MAX_ITEM_BYTES else (None, [])
    if problems or not isinstance(document, dict):
        return None
    items: tuple[Account | Card | Payment, ...] = getattr(context, collection)
    given = document.get("id")
    if index < len(items) and given != items[index].id:
        return None  # a new id: references to the old one may dangle, elsewhere in the document
    if _given_elsewhere(context, collection, items, index, given):
        return None  # a duplicate: the whole document says which of the two it reports
    reader = _Reader()
    reader.named_accounts = context.account_ids()
    reader.named_cards = context.card_ids()
    at = _ROOT.key(collection, _COLLECTIONS.index(collection)).item(index)
    handler = {"accounts": reader.account, "cards": reader.card, "payments": reader.payment}
    result: Account | Card | Payment = _read_piece(reader, handler[collection], document, at)
    return result


def _given_elsewhere(
    context: Profile, collection: str, items: Sequence[Any], index: int, given: Any
) -> bool:
    """Whether an item other than the one at `index` has the id `given` (the ids of a stored
    profile are unique: the profile's index finds it without a walk over thousands)."""
    if not isinstance(given, str):
        return False  # no id at all: the item's reader says so
    find = {"accounts": context.account, "cards": context.card, "payments": context.payment}
    found = find[collection](given)
    return found is not None and (index >= len(items) or found is not items[index])


def parse_piece(path: Piece, item: Any) -> Any:
    """A part of a profile that refers to no id (the company record, the settings, one
    acknowledgement, one penalty or listing of an account), read as it would be at `path` in
    a whole document; ProfileError lists its problems with the paths that document would give.

    `path` is ("company",), ("settings",), ("acknowledged", i) or ("accounts", i, "penalties"
    | "listings", j).
    """
    document, problems = _decode(json.dumps(item, ensure_ascii=False).encode("utf-8"))
    if problems:
        raise ProfileError(problems)
    reader = _Reader()
    top = ("format", "version", "company", "accounts", "cards", "payments", "acknowledged")
    at = _ROOT.key(str(path[0]), (*top, "settings").index(str(path[0])))
    handler: Handler
    match path:
        case ("company",):
            handler = reader.company
        case ("settings",):
            handler = reader.settings
        case ("acknowledged", int(index)):
            at, handler = at.item(index), reader.acknowledgement
        case ("accounts", int(index), "penalties" | "listings" as part, int(item_index)):
            at = at.item(index).key(part, 0).item(item_index)
            handler = reader.penalty if part == "penalties" else reader.listing
        case _:
            raise ValueError(f"not a part of a profile read on its own: {path!r}")
    return _read_piece(reader, handler, document, at)


Piece = tuple[str] | tuple[str, int] | tuple[str, int, str, int]


def _read_piece(reader: _Reader, handler: Handler, document: Any, at: _Loc) -> Any:
    value = handler(document, at)
    reader.check_references()
    reader.scan(document, at)
    if reader.problems or value is _BAD:
        raise ProfileError(reader.sorted_problems())
    return value


def read_profile_file(
    path: Path | str, known: Callable[[], KnownIds] | None = None
) -> tuple[Profile, Secrets]:
    """Read and parse a profile file ("-": standard input), refusing files over `MAX_BYTES`
    (`known`: as parse_profile)."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        return parse_profile(raw, known)
    file = Path(path)
    try:
        raw = read_regular(file, MAX_BYTES, pipes=True)
    except FileTooLargeError as exc:
        raise ProfileError([Problem("file", _too_large(exc.size))]) from None
    except NotRegularFileError as exc:
        words = (
            _("{path} is a folder, not a file")
            if exc.folder
            else _("{path} is not a regular file (a device cannot be imported)")
        )
        raise ProfileError([Problem("file", words.format(path=file))]) from None
    except FileNotFoundError:
        raise ProfileError(
            [Problem("file", _("{path} does not exist").format(path=file))]
        ) from None
    except IsADirectoryError:
        raise ProfileError(
            [Problem("file", _("{path} is a folder, not a file").format(path=file))]
        ) from None
    except PermissionError:
        raise ProfileError(
            [Problem("file", _("{path} cannot be read: permission denied").format(path=file))]
        ) from None
    except OSError as exc:
        raise ProfileError(
            [
                Problem(
                    "file",
                    _("cannot read {path}: {error}").format(path=file, error=os_error_words(exc)),
                )
            ]
        ) from None
    return parse_profile(raw, known)


def _put(target: dict[str, Any], key: str, value: Any, default: Any = None) -> None:
    """Write `value` unless it is what reading the key's absence would give back."""
    if value != default:
        target[key] = value


def _company_to_dict(record: CompanyRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in COMPANY_IDENTITY_FIELDS:
        _put(out, name, getattr(record, name), "")
    for name in ("license_expires", "verified_on"):
        day = getattr(record, name)
        if day is not None:
            out[name] = day.isoformat()
    return out


def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _account_to_dict(account: Account, secret: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": account.id, "platform": account.platform.value}
    _put(out, "label", account.label, "")
    out["login_id"] = account.login_id
    _put(out, "email", account.email, "")
    _put(out, "role", account.role.value, Role.BUYER.value)
    _put(out, "status", account.status.value, AccountStatus.ACTIVE.value)
    _put(out, "password_changed_on", _date(account.password_changed_on))
    if account.two_factor != TwoFactor() or secret is not None:
        two_factor: dict[str, Any] = {"method": account.two_factor.method.value}
        _put(two_factor, "backup_codes_saved", account.two_factor.backup_codes_saved, False)
        _put(two_factor, "totp_secret", secret)
        out["two_factor"] = two_factor
    _put(out, "shared_with", account.shared_with, 0)
    _put(out, "logins_reviewed_on", _date(account.logins_reviewed_on))
    _put(out, "terms_reviewed_on", _date(account.terms_reviewed_on))
    if account.registered_company is not None:
        out["registered_company"] = _company_to_dict(account.registered_company)
    if account.payment_methods:
        methods = []
        for method in account.payment_methods:
            item: dict[str, Any] = {"type": method.type.value}
            _put(item, "card", method.card)
            _put(item, "approved", method.approved, _default_approval(method.type))
            methods.append(item)
        out["payment_methods"] = methods
    _put(out, "orders_90d", account.orders_90d)
    _put(out, "cancellations_90d", account.cancellations_90d)
    _put(out, "messages_per_day", account.messages_per_day)
    _put(out, "incentivized_reviews", account.incentivized_reviews, False)
    _put(out, "authorized_brands", list(account.authorized_brands), [])
    if account.listings:
        listings = []
        for listing in account.listings:
            if isinstance(listing, UnreadListing):
                raise ValueError("a listing read without its text cannot be written out")
            entry: dict[str, Any] = {}
            _put(entry, "title", listing.title, "")
            _put(entry, "description", listing.description, "")
            listings.append(entry)
        out["listings"] = listings
    if account.penalties:
        out["penalties"] = [_penalty_to_dict(penalty) for penalty in account.penalties]
    _put(out, "last_login_on", _date(account.last_login_on))
    _put(out, "status_since", _date(account.status_since))
    if account.recovery != Recovery():
        recovery: dict[str, Any] = {}
        _put(recovery, "notice_on", _date(account.recovery.notice_on))
        _put(recovery, "case_number", account.recovery.case_number, "")
        _put(recovery, "contacted_support_on", _date(account.recovery.contacted_support_on))
        _put(recovery, "last_follow_up_on", _date(account.recovery.last_follow_up_on))
        out["recovery"] = recovery
    _put(out, "password_exposed_on", _date(account.password_exposed_on))
    return out


def _penalty_to_dict(penalty: Penalty) -> dict[str, Any]:
    out: dict[str, Any] = {
        "date": penalty.date.isoformat(),
        "points": penalty.points,
        "kind": penalty.kind.value,
    }
    _put(out, "serious", penalty.serious, False)
    _put(out, "note", penalty.note, "")
    return out


def _card_to_dict(card: Card) -> dict[str, Any]:
    out: dict[str, Any] = {"id": card.id}
    _put(out, "label", card.label, "")
    out["brand"] = card.brand.value
    out["last4"] = card.last4
    out["expires"] = str(card.expires)
    _put(out, "holder", card.holder.value, CardHolder.COMPANY.value)
    return out


def _payment_to_dict(payment: Payment) -> dict[str, Any]:
    out: dict[str, Any] = {"id": payment.id, "account": payment.account}
    _put(out, "description", payment.description, "")
    if payment.amount is not None:
        # "f": never an exponent, which the reader would refuse.
        out["amount"] = format(payment.amount, "f")
    _put(out, "currency", payment.currency, "")
    out["due"] = payment.due.isoformat()
    _put(out, "paid_on", _date(payment.paid_on))
    _put(out, "repeat", payment.repeat)
    if payment.repeat_start is not None and payment.repeat_start != payment.due:
        out["repeat_start"] = payment.repeat_start.isoformat()
    _put(out, "card", payment.card)
    return out


def acknowledgement_to_dict(ack: Acknowledgement) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": ack.rule, "subject": ack.subject}
    _put(out, "reason", ack.reason, "")
    _put(out, "until", _date(ack.until))
    return out


def _settings_to_dict(settings: Settings) -> dict[str, Any]:
    default = Settings()
    out: dict[str, Any] = {}
    if settings.language is not None:
        out["language"] = settings.language.value
    _put(out, "card_warn_days", list(settings.card_warn_days), list(default.card_warn_days))
    _put(
        out, "payment_warn_days", list(settings.payment_warn_days), list(default.payment_warn_days)
    )
    if settings.weekly_check != default.weekly_check:
        out["weekly_check"] = {
            "weekday": settings.weekly_check.weekday.value,
            "time": settings.weekly_check.time.strftime("%H:%M"),
        }
    if settings.password_max_age_days != default.password_max_age_days:
        out["password_max_age_days"] = settings.password_max_age_days  # None: null, "off"
    terms: dict[str, Any] = {}
    _put(terms, "prohibited", list(settings.extra_terms.prohibited), [])
    _put(terms, "brands", list(settings.extra_terms.brands), [])
    _put(terms, "claims", list(settings.extra_terms.claims), [])
    _put(terms, "unsafe", list(settings.extra_terms.unsafe), [])
    _put(terms, "inappropriate", list(settings.extra_terms.inappropriate), [])
    _put(terms, "promotion", list(settings.extra_terms.promotion), [])
    if terms:
        out["extra_terms"] = terms
    return out


def item_to_dict(item: Account | Card | Payment) -> dict[str, Any]:
    """One account (without its secret), card or payment as a profile file holds it."""
    if isinstance(item, Account):
        return _account_to_dict(item, None)
    if isinstance(item, Card):
        return _card_to_dict(item)
    return _payment_to_dict(item)


def section_to_dict(profile: Profile, key: str) -> dict[str, Any] | None:
    """The company record or the settings as a profile file holds them (None: not written)."""
    if key == "company":
        return None if profile.company is None else _company_to_dict(profile.company)
    return _settings_to_dict(profile.settings) or None


def profile_to_dict(
    profile: Profile, totp_secrets: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The profile as format version 1; passwords never, TOTP secrets only those given.

    A secret is written only for an account whose method is TOTP: anything else would make a
    file this reader refuses.
    """
    secrets = totp_secrets or {}
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    company = section_to_dict(profile, "company")
    if company is not None:
        out["company"] = company
    if profile.accounts:
        out["accounts"] = [
            _account_to_dict(
                account,
                secrets.get(account.id)
                if account.two_factor.method == TwoFactorMethod.TOTP
                else None,
            )
            for account in profile.accounts
        ]
    if profile.cards:
        out["cards"] = [_card_to_dict(card) for card in profile.cards]
    if profile.payments:
        out["payments"] = [_payment_to_dict(payment) for payment in profile.payments]
    # An acknowledgement kept before subjects were checked, of no finding ("aliexpress-store"
    # for "account:aliexpress-store"), applied to nothing and would make the file unreadable.
    acknowledged = [a for a in profile.acknowledged if _SUBJECT.fullmatch(a.subject)]
    if acknowledged:
        out["acknowledged"] = [acknowledgement_to_dict(ack) for ack in acknowledged]
    settings = section_to_dict(profile, "settings")
    if settings is not None:
        out["settings"] = settings
    return out


def dump_profile(profile: Profile, totp_secrets: Mapping[str, str] | None = None) -> str:
    """The profile file's text: indented JSON, UTF-8 characters kept, ending with a newline."""
    return json.dumps(profile_to_dict(profile, totp_secrets), indent=2, ensure_ascii=False) + "\n"
