"""The profile's rows: read it whole, replace it whole, or write one item touching only its rows."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from accountwatch.core.model import (
    Account,
    Acknowledgement,
    Card,
    CompanyRecord,
    ExtraTerms,
    Language,
    Listing,
    Payment,
    Profile,
    Settings,
    UnreadListing,
    Weekday,
    WeeklyCheck,
)
from accountwatch.core.rules import listing_scanner
from accountwatch.core.rules.terms import TermScanner
from accountwatch.store import tables
from accountwatch.store.tables import ACCOUNT_PARTS, Part, Table

# The key of the scanner that scanned every stored listing (none: some may not be).
LISTING_SCANS = "listing_scans"
# Children first, so deleting everything never trips over a foreign key.
_PROFILE_TABLES = (
    *(part.table.name for part in ACCOUNT_PARTS),
    tables.ACCOUNTS.name,
    tables.COMPANY.name,
    tables.CARDS.name,
    tables.PAYMENTS.name,
    tables.ACKNOWLEDGEMENTS.name,
    "settings",
)


def _settings_rows(settings: Settings) -> list[tuple[str, str]]:
    values: dict[str, object] = {
        "language": settings.language.value if settings.language else None,
        "card_warn_days": list(settings.card_warn_days),
        "payment_warn_days": list(settings.payment_warn_days),
        "weekly_check": {
            "weekday": settings.weekly_check.weekday.value,
            "time": settings.weekly_check.time.isoformat(),
        },
        "password_max_age_days": settings.password_max_age_days,
        "extra_terms": {
            "prohibited": list(settings.extra_terms.prohibited),
            "brands": list(settings.extra_terms.brands),
            "claims": list(settings.extra_terms.claims),
            "unsafe": list(settings.extra_terms.unsafe),
            "inappropriate": list(settings.extra_terms.inappropriate),
            "promotion": list(settings.extra_terms.promotion),
        },
    }
    return [(key, json.dumps(value, ensure_ascii=False)) for key, value in values.items()]


def _settings_from(rows: list[tuple[str, str]]) -> Settings:
    stored = {key: json.loads(value) for key, value in rows}
    # A missing key keeps the default, so settings added later need no migration.
    changes: dict[str, Any] = {}
    if "language" in stored:
        changes["language"] = Language(stored["language"]) if stored["language"] else None
    for key in ("card_warn_days", "payment_warn_days"):
        if key in stored:
            changes[key] = tuple(int(n) for n in stored[key])
    if "weekly_check" in stored:
        weekly = stored["weekly_check"]
        changes["weekly_check"] = WeeklyCheck(
            weekday=Weekday(weekly["weekday"]), time=dt.time.fromisoformat(weekly["time"])
        )
    if "password_max_age_days" in stored:
        changes["password_max_age_days"] = stored["password_max_age_days"]
    if "extra_terms" in stored:
        terms = stored["extra_terms"]
        changes["extra_terms"] = ExtraTerms(
            prohibited=tuple(terms.get("prohibited", ())),
            brands=tuple(terms.get("brands", ())),
            claims=tuple(terms.get("claims", ())),
            unsafe=tuple(terms.get("unsafe", ())),
            inappropriate=tuple(terms.get("inappropriate", ())),
            promotion=tuple(terms.get("promotion", ())),
        )
    return Settings(**changes)


# -- reading ----------------------------------------------------------------------------------


def _all(conn: sqlite3.Connection, table: Table) -> list[Any]:
    build = table.build
    return [build(row) for row in conn.execute(table.select_sql)]


def _by_owner(conn: sqlite3.Connection, part: Part) -> dict[str, Any]:
    """Per account id, its list (or its one value) of this part."""
    build = part.table.build
    found: dict[str, Any] = {}
    if not part.many:
        for row in conn.execute(part.table.select_sql):
            found[row[0]] = build(row)
        return found
    for row in conn.execute(part.table.select_sql):
        of_account = found.get(row[0])
        if of_account is None:  # tens of thousands of rows: no defaultdict call per row
            of_account = found[row[0]] = []
        of_account.append(build(row))
    return found


# Each listing in which a kept scan found terms (or none is kept by that scanner), with its
# index among its account's listings.
_LISTINGS_TO_READ = (
    "SELECT account_id,"
    " (SELECT count(*) FROM listings AS before"
    "  WHERE before.account_id = listing.account_id AND before.position < listing.position),"
    f" {', '.join(c.name for c in tables.LISTINGS.columns)}"
    " FROM listings AS listing WHERE scan IS NOT ?"
)


def _listings_with_terms(conn: sqlite3.Connection, key: str) -> dict[str, list[Listing]]:
    """Per account id, its listings, those whose kept scan by the scanner `key` found nothing
    as one `UnreadListing` (their text is not read)."""
    unread: Listing = UnreadListing()
    object.__setattr__(unread, "scan", key)  # found nothing: the scanner's key alone
    found = {
        account_id: [unread] * count
        for account_id, count in conn.execute(
            "SELECT account_id, count(*) FROM listings GROUP BY account_id"
        )
    }
    build = tables.LISTINGS.build
    for account_id, index, *columns in conn.execute(_LISTINGS_TO_READ, (key,)):
        found[account_id][index] = build((account_id, *columns))
    return found


def read_profile(conn: sqlite3.Connection, *, whole: bool = True) -> Profile:
    """The stored profile (call inside a read transaction, so all tables agree).

    Not `whole`: the listings in which the kept scan of the profile's scanner found nothing are
    read as `UnreadListing`s, a profile for a check to report on and for nothing else."""
    settings = _settings_from(conn.execute("SELECT key, value FROM settings").fetchall())
    companies = _all(conn, tables.COMPANY)
    parts = [
        (
            part,
            _listings_with_terms(conn, listing_scanner(settings).key)
            if not whole and part.table is tables.LISTINGS
            else _by_owner(conn, part),
        )
        for part in ACCOUNT_PARTS
    ]
    accounts = []
    build = tables.ACCOUNTS.build
    key = [column.name for column in tables.ACCOUNTS.columns].index("id")
    for row in conn.execute(tables.ACCOUNTS.select_sql):
        account_id = row[key]
        values: dict[str, Any] = {}
        for part, by_owner in parts:
            found = by_owner.get(account_id)
            if found is not None:
                values[part.attr] = tuple(found) if part.many else found
        accounts.append(build(row, values))
    return Profile(
        company=companies[0] if companies else None,
        accounts=tuple(accounts),
        cards=tuple(_all(conn, tables.CARDS)),
        payments=tuple(_all(conn, tables.PAYMENTS)),
        acknowledged=tuple(_all(conn, tables.ACKNOWLEDGEMENTS)),
        settings=settings,
    )


def read_listings_into(conn: sqlite3.Connection, partial: Profile) -> Profile:
    """`partial` (read not `whole`, in an earlier read transaction that saw what this one
    sees) with every listing read with its text: what `read_profile` gives, without reading
    the rest again. The accounts without listings are the same objects."""
    (listings,) = (part for part in ACCOUNT_PARTS if part.table is tables.LISTINGS)
    by_owner = _by_owner(conn, listings)
    accounts = tuple(
        replace(account, listings=tuple(by_owner[account.id])) if account.listings else account
        for account in partial.accounts
    )
    return replace(partial, accounts=accounts)


# -- writing ----------------------------------------------------------------------------------


class ProfileRows:
    """Writes inside one open transaction; each method touches only the rows it names.

    Listings are written with what `scanner` finds in them (`Listing.scan`): scanned now unless
    they were by this scanner already."""

    def __init__(self, conn: sqlite3.Connection, scanner: TermScanner) -> None:
        self._conn = conn
        self._scanner = scanner

    def replace_profile(self, profile: Profile) -> None:
        """Everything stored about the profile replaced by `profile` (an import)."""
        conn = self._conn
        for name in _PROFILE_TABLES:
            conn.execute(f"DELETE FROM {name}")
        self.put_company(profile.company)
        self._insert_accounts(profile.accounts, start=0)
        self._scanned_all()
        conn.executemany(tables.CARDS.insert_sql, tables.CARDS.rows(None, profile.cards))
        conn.executemany(tables.PAYMENTS.insert_sql, tables.PAYMENTS.rows(None, profile.payments))
        conn.executemany(
            tables.ACKNOWLEDGEMENTS.insert_sql,
            tables.ACKNOWLEDGEMENTS.rows(None, profile.acknowledged),
        )
        self.put_settings(profile.settings)

    # Accounts and their parts

    def _insert_accounts(self, accounts: Iterable[Account], start: int) -> None:
        accounts = tuple(accounts)
        rows = tables.ACCOUNTS.rows(None, accounts)
        self._conn.executemany(
            tables.ACCOUNTS.insert_sql, ((row[0] + start, *row[1:]) for row in rows)
        )
        for part in ACCOUNT_PARTS:
            self._conn.executemany(
                part.table.insert_sql,
                (
                    row
                    for account in accounts
                    for row in part.table.rows(account.id, self._items(part, account))
                ),
            )

    def _delete_parts(self, account_id: str, parts: Iterable[Part] = ACCOUNT_PARTS) -> None:
        for part in parts:
            self._conn.execute(
                f"DELETE FROM {part.table.name} WHERE {part.table.owner} = ?", (account_id,)
            )

    def _insert_parts(self, account: Account, parts: Iterable[Part] = ACCOUNT_PARTS) -> None:
        for part in parts:
            self._conn.executemany(
                part.table.insert_sql, part.table.rows(account.id, self._items(part, account))
            )

    def _items(self, part: Part, account: Account) -> tuple[Any, ...]:
        """The items of an account's part as written: listings with their scan."""
        items = part.items(account)
        if part.table is tables.LISTINGS and items:
            if UnreadListing in set(map(type, items)):
                raise ValueError("a listing read without its text cannot be written")
            self._scanner.scan_listings(items)  # each listing keeps what it found
        return items

    def put_listing_scans(self, accounts: Iterable[Account]) -> None:
        """Write what the scanner finds in each listing beside its text, the stored `accounts`
        being all there are (the scanner changed: the user's own terms, or the app)."""
        for account in accounts:
            if account.listings:
                self._scanner.scan_listings(account.listings)
            self._conn.executemany(
                "UPDATE listings SET scan = ? WHERE account_id = ? AND position = ?",
                ((listing.scan, account.id, i) for i, listing in enumerate(account.listings)),
            )
        self._scanned_all()

    def _scanned_all(self) -> None:
        """Remember that every stored listing was scanned by this scanner: listings written
        since by the same scanner keep that true (see `Repository.keep_listing_scans`)."""
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (LISTING_SCANS, self._scanner.key),
        )

    def put_account(
        self, account: Account, replacing: str | None = None, *, stored: Account | None = None
    ) -> None:
        """Add the account at the end, or write it in place of the account `replacing` (its
        id may change: the account's payments follow it). Given the account as `stored` now,
        the parts it shares with it (the same id, equal items) are left as they are."""
        if replacing is None:
            self._insert_accounts((account,), start=self._next_position(tables.ACCOUNTS))
            return
        parts: tuple[Part, ...] = ACCOUNT_PARTS
        if stored is not None and stored.id == replacing == account.id:
            # Most edits change a field or two: fifty listings need no rewriting for a label.
            parts = tuple(p for p in parts if p.items(stored) != p.items(account))
        self._delete_parts(replacing, parts)
        self._conn.execute(
            tables.ACCOUNTS.update_sql("id"), (*tables.ACCOUNTS.values(account), replacing)
        )
        if account.id != replacing:
            self._conn.execute(
                "UPDATE payments SET account = ? WHERE account = ?", (account.id, replacing)
            )
        self._insert_parts(account, parts)

    def put_account_part(self, account: Account, attr: str) -> None:
        """Rewrite one part of a stored account (its penalties, its listings, …) alone."""
        parts = [part for part in ACCOUNT_PARTS if part.attr == attr]
        if not parts:
            raise ValueError(f"not a part of an account kept on its own: {attr}")
        self._delete_parts(account.id, parts)
        self._insert_parts(account, parts)

    def put_account_fields(self, account: Account) -> None:
        """Rewrite an account's own row (not its parts), the id unchanged."""
        self._conn.execute(
            tables.ACCOUNTS.update_sql("id"), (*tables.ACCOUNTS.values(account), account.id)
        )

    def delete_account(self, account_id: str) -> None:
        """Remove an account, its parts and its payments."""
        self._delete_parts(account_id)
        self._conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
        self._conn.execute("DELETE FROM payments WHERE account = ?", (account_id,))

    # Cards and payments

    def put_card(self, card: Card, replacing: str | None = None) -> None:
        """Add the card at the end, or write it in place of the card `replacing` (a new id is
        carried to the payments and payment methods that use the card)."""
        if replacing is None:
            self._insert(tables.CARDS, card)
            return
        self._conn.execute(tables.CARDS.update_sql("id"), (*tables.CARDS.values(card), replacing))
        if card.id != replacing:
            self._conn.execute("UPDATE payments SET card = ? WHERE card = ?", (card.id, replacing))
            self._conn.execute(
                "UPDATE payment_methods SET card = ? WHERE card = ?", (card.id, replacing)
            )

    def delete_card(self, card_id: str) -> None:
        """Remove a card; its payments keep no card, the payment methods using it go."""
        self._conn.execute("DELETE FROM cards WHERE id = ?", (card_id,))
        self._conn.execute("UPDATE payments SET card = NULL WHERE card = ?", (card_id,))
        self._conn.execute("DELETE FROM payment_methods WHERE card = ?", (card_id,))

    def put_payment(self, payment: Payment, replacing: str | None = None) -> None:
        """Add the payment at the end, or write it in place of the payment `replacing` (its
        paid instalments follow a new id)."""
        if replacing is None:
            self._insert(tables.PAYMENTS, payment)
            return
        self._conn.execute(
            tables.PAYMENTS.update_sql("id"), (*tables.PAYMENTS.values(payment), replacing)
        )
        if payment.id != replacing:
            self._conn.execute(
                "UPDATE payment_history SET payment_id = ? WHERE payment_id = ?",
                (payment.id, replacing),
            )

    def delete_payment(self, payment_id: str) -> None:
        self._conn.execute("DELETE FROM payments WHERE id = ?", (payment_id,))

    def record_payment(self, payment_id: str, due: dt.date, paid_on: dt.date) -> None:
        """Remember that the instalment due on `due` was paid on `paid_on`."""
        self._conn.execute(
            "INSERT INTO payment_history (payment_id, due, paid_on) VALUES (?, ?, ?)",
            (payment_id, due.isoformat(), paid_on.isoformat()),
        )

    # Acknowledgements, the company, settings

    def put_acknowledgement(self, ack: Acknowledgement) -> None:
        """Acknowledge (rule, subject), in place of an earlier acknowledgement of it: the new
        one comes last."""
        self.delete_acknowledgement(ack.rule, ack.subject)
        self._insert(tables.ACKNOWLEDGEMENTS, ack)

    def delete_acknowledgement(self, rule: str, subject: str) -> None:
        self._conn.execute(
            "DELETE FROM acknowledgements WHERE rule = ? AND subject = ?", (rule, subject)
        )

    def put_company(self, company: CompanyRecord | None) -> None:
        self._conn.execute("DELETE FROM company")
        if company is not None:
            self._conn.executemany(tables.COMPANY.insert_sql, tables.COMPANY.rows(None, [company]))

    def put_settings(self, settings: Settings) -> None:
        self._conn.execute("DELETE FROM settings")
        self._conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)", _settings_rows(settings)
        )

    # Helpers

    def _next_position(self, table: Table) -> int:
        (position,) = self._conn.execute(
            f"SELECT coalesce(max(position), -1) + 1 FROM {table.name}"
        ).fetchone()
        return int(position)

    def _insert(self, table: Table, item: Any) -> None:
        """`item` as the last row of a top-level table."""
        (row,) = table.rows(None, [item])
        position = self._next_position(table)
        self._conn.execute(table.insert_sql, (position, *row[1:]))
