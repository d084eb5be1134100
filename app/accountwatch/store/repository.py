"""Loads and saves the profile and the history of health checks in the database."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from decimal import Decimal
from typing import Any

from accountwatch.core.model import (
    Account,
    AccountStatus,
    Acknowledgement,
    Card,
    CardBrand,
    CompanyRecord,
    ExtraTerms,
    Language,
    Listing,
    PasswordAnalysis,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Penalty,
    PenaltyKind,
    Platform,
    Profile,
    Role,
    Settings,
    TwoFactor,
    TwoFactorMethod,
    Weekday,
    WeeklyCheck,
    YearMonth,
)
from accountwatch.core.reminders import LogEntry, State
from accountwatch.store.db import Database
from accountwatch.store.runs import RecordedRun, RunAccount, RunFinding, RunSummary

__all__ = ["RecordedRun", "Repository", "RunAccount", "RunFinding", "RunSummary"]

_COMPANY_COLUMNS = (
    "name",
    "name_local",
    "registration_number",
    "country",
    "address",
    "representative",
    "phone",
    "email",
    "website",
    "license_expires",
    "verified_on",
)
_COMPANY_LIST = ", ".join(_COMPANY_COLUMNS)
_COMPANY_MARKS = ", ".join("?" for _ in _COMPANY_COLUMNS)

_ACCOUNT_COLUMNS = (
    "id",
    "position",
    "login_id",
    "platform",
    "label",
    "email",
    "role",
    "status",
    "password_changed_on",
    "two_factor_method",
    "backup_codes_saved",
    "has_totp_secret",
    "shared_with",
    "logins_reviewed_on",
    "terms_reviewed_on",
    "orders_90d",
    "cancellations_90d",
    "messages_per_day",
    "incentivized_reviews",
)

# Children first, so the replace never trips over a foreign key.
_PROFILE_TABLES = (
    "registered_companies",
    "payment_methods",
    "authorized_brands",
    "listings",
    "penalties",
    "password_analyses",
    "other_fingerprints",
    "accounts",
    "company",
    "cards",
    "payments",
    "acknowledgements",
    "settings",
)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _required_day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _company_values(record: CompanyRecord) -> tuple[Any, ...]:
    return (
        record.name,
        record.name_local,
        record.registration_number,
        record.country,
        record.address,
        record.representative,
        record.phone,
        record.email,
        record.website,
        _iso(record.license_expires),
        _iso(record.verified_on),
    )


def _company_from(row: sqlite3.Row | tuple[Any, ...]) -> CompanyRecord:
    values = dict(zip(_COMPANY_COLUMNS, row, strict=True))
    return CompanyRecord(
        **{k: v for k, v in values.items() if k not in ("license_expires", "verified_on")},
        license_expires=_day(values["license_expires"]),
        verified_on=_day(values["verified_on"]),
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
        )
    return Settings(**changes)


def _utc_text(moment: dt.datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"recorded_at must be timezone-aware, got {moment!r}")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class Repository:
    """The profile and the check history of one database."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # The profile as last read or written, and the database state it belongs to: reading
        # a large profile takes tenths of a second, and an edit would read it twice.
        self._cached: tuple[tuple[int, int], Profile] | None = None

    # -- profile -----------------------------------------------------------------------------

    def save_profile(self, profile: Profile) -> None:
        """Replace everything stored about the profile with `profile`, in one transaction."""
        with self._db.held():
            self._cached = None
            self._write_profile(profile)
            # Reading it back gives an equal profile; not so inside a transaction that may yet
            # roll back.
            if not self._db.connection.in_transaction:
                self._cached = (self._db.state_token(), profile)

    def _write_profile(self, profile: Profile) -> None:
        with self._db.transaction() as conn:
            for table in _PROFILE_TABLES:
                conn.execute(f"DELETE FROM {table}")
            if profile.company is not None:
                conn.execute(
                    f"INSERT INTO company (id, {_COMPANY_LIST}) VALUES (1, {_COMPANY_MARKS})",
                    _company_values(profile.company),
                )
            self._insert_accounts(conn, profile.accounts)
            conn.executemany(
                "INSERT INTO cards (id, position, last4, expires, label, brand)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (c.id, i, c.last4, str(c.expires), c.label, c.brand.value)
                    for i, c in enumerate(profile.cards)
                ),
            )
            conn.executemany(
                "INSERT INTO payments (id, position, account, due, description, amount, currency,"
                " paid_on, repeat, card, repeat_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        p.id,
                        i,
                        p.account,
                        p.due.isoformat(),
                        p.description,
                        None if p.amount is None else str(p.amount),
                        p.currency,
                        _iso(p.paid_on),
                        p.repeat,
                        p.card,
                        _iso(p.repeat_start),
                    )
                    for i, p in enumerate(profile.payments)
                ),
            )
            conn.executemany(
                "INSERT INTO acknowledgements (position, rule, subject, reason, until)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    (i, a.rule, a.subject, a.reason, _iso(a.until))
                    for i, a in enumerate(profile.acknowledged)
                ),
            )
            conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?)", _settings_rows(profile.settings)
            )

    def _insert_accounts(self, conn: sqlite3.Connection, accounts: tuple[Account, ...]) -> None:
        columns = ", ".join(_ACCOUNT_COLUMNS)
        marks = ", ".join("?" for _ in _ACCOUNT_COLUMNS)
        conn.executemany(
            f"INSERT INTO accounts ({columns}) VALUES ({marks})",
            (
                (
                    a.id,
                    i,
                    a.login_id,
                    a.platform.value,
                    a.label,
                    a.email,
                    a.role.value,
                    a.status.value,
                    _iso(a.password_changed_on),
                    a.two_factor.method.value,
                    a.two_factor.backup_codes_saved,
                    a.has_totp_secret,
                    a.shared_with,
                    _iso(a.logins_reviewed_on),
                    _iso(a.terms_reviewed_on),
                    a.orders_90d,
                    a.cancellations_90d,
                    a.messages_per_day,
                    a.incentivized_reviews,
                )
                for i, a in enumerate(accounts)
            ),
        )
        conn.executemany(
            f"INSERT INTO registered_companies (account_id, {_COMPANY_LIST})"
            f" VALUES (?, {_COMPANY_MARKS})",
            (
                (a.id, *_company_values(a.registered_company))
                for a in accounts
                if a.registered_company is not None
            ),
        )
        conn.executemany(
            "INSERT INTO payment_methods (account_id, position, type, card, approved)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (a.id, i, m.type.value, m.card, m.approved)
                for a in accounts
                for i, m in enumerate(a.payment_methods)
            ),
        )
        conn.executemany(
            "INSERT INTO authorized_brands (account_id, position, brand) VALUES (?, ?, ?)",
            ((a.id, i, b) for a in accounts for i, b in enumerate(a.authorized_brands)),
        )
        conn.executemany(
            "INSERT INTO listings (account_id, position, title, description) VALUES (?, ?, ?, ?)",
            (
                (a.id, i, listing.title, listing.description)
                for a in accounts
                for i, listing in enumerate(a.listings)
            ),
        )
        conn.executemany(
            "INSERT INTO penalties (account_id, position, date, points, kind, serious, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (a.id, i, p.date.isoformat(), p.points, p.kind.value, p.serious, p.note)
                for a in accounts
                for i, p in enumerate(a.penalties)
            ),
        )
        conn.executemany(
            "INSERT INTO password_analyses (account_id, score, guesses_log10, warning,"
            " suggestions, fingerprint, analysed_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    a.id,
                    a.password.score,
                    a.password.guesses_log10,
                    a.password.warning,
                    json.dumps(list(a.password.suggestions), ensure_ascii=False),
                    a.password.fingerprint,
                    _iso(a.password.analysed_on),
                )
                for a in accounts
                if a.password is not None
            ),
        )
        conn.executemany(
            "INSERT INTO other_fingerprints (account_id, position, fingerprint) VALUES (?, ?, ?)",
            ((a.id, i, f) for a in accounts for i, f in enumerate(a.other_fingerprints)),
        )

    def load_profile(self) -> Profile:
        """The stored profile; an empty database gives an empty profile with default settings.

        The same (immutable) object again while nothing has been written in between.
        """
        with self._db.snapshot() as conn:
            token = self._db.state_token()
            cached = self._cached
            if cached is not None and cached[0] == token:
                return cached[1]
            profile = self._read_profile(conn)
            self._cached = (token, profile)
        return profile

    def _read_profile(self, conn: sqlite3.Connection) -> Profile:
        row = conn.execute(f"SELECT {_COMPANY_LIST} FROM company WHERE id = 1").fetchone()
        company = None if row is None else _company_from(row)
        accounts = self._load_accounts(conn)
        cards = tuple(
            Card(
                id=r[0],
                last4=r[1],
                expires=YearMonth.parse(r[2]),
                label=r[3],
                brand=CardBrand(r[4]),
            )
            for r in conn.execute(
                "SELECT id, last4, expires, label, brand FROM cards ORDER BY position"
            )
        )
        # Tens of thousands of rows in a large profile: dates are parsed inline.
        day = dt.date.fromisoformat
        payments = tuple(
            Payment(
                id=payment_id,
                account=account,
                due=day(due),
                description=description,
                amount=None if amount is None else Decimal(amount),
                currency=currency,
                paid_on=None if paid_on is None else day(paid_on),
                repeat=repeat,
                card=card,
                repeat_start=None if repeat_start is None else day(repeat_start),
            )
            for (
                payment_id,
                account,
                due,
                description,
                amount,
                currency,
                paid_on,
                repeat,
                card,
                repeat_start,
            ) in conn.execute(
                "SELECT id, account, due, description, amount, currency, paid_on, repeat,"
                " card, repeat_start FROM payments ORDER BY position"
            )
        )
        acknowledged = tuple(
            Acknowledgement(rule=r[0], subject=r[1], reason=r[2], until=_day(r[3]))
            for r in conn.execute(
                "SELECT rule, subject, reason, until FROM acknowledgements ORDER BY position"
            )
        )
        settings = _settings_from(conn.execute("SELECT key, value FROM settings").fetchall())
        return Profile(
            company=company,
            accounts=accounts,
            cards=cards,
            payments=payments,
            acknowledged=acknowledged,
            settings=settings,
        )

    def _load_accounts(self, conn: sqlite3.Connection) -> tuple[Account, ...]:
        registered = {
            r[0]: _company_from(r[1:])
            for r in conn.execute(f"SELECT account_id, {_COMPANY_LIST} FROM registered_companies")
        }
        methods: defaultdict[str, list[PaymentMethod]] = defaultdict(list)
        for r in conn.execute(
            "SELECT account_id, type, card, approved FROM payment_methods"
            " ORDER BY account_id, position"
        ):
            methods[r[0]].append(
                PaymentMethod(type=PaymentMethodType(r[1]), card=r[2], approved=bool(r[3]))
            )
        brands: defaultdict[str, list[str]] = defaultdict(list)
        for r in conn.execute(
            "SELECT account_id, brand FROM authorized_brands ORDER BY account_id, position"
        ):
            brands[r[0]].append(r[1])
        listings: dict[str, list[Listing]] = {}
        for owner, title, description in conn.execute(
            "SELECT account_id, title, description FROM listings ORDER BY account_id, position"
        ):
            of_account = listings.get(owner)
            if of_account is None:  # tens of thousands of rows: no defaultdict call per row
                of_account = listings[owner] = []
            of_account.append(Listing(title=title, description=description))
        penalties: defaultdict[str, list[Penalty]] = defaultdict(list)
        for r in conn.execute(
            "SELECT account_id, date, points, kind, serious, note FROM penalties"
            " ORDER BY account_id, position"
        ):
            penalties[r[0]].append(
                Penalty(
                    date=_required_day(r[1]),
                    points=r[2],
                    kind=PenaltyKind(r[3]),
                    serious=bool(r[4]),
                    note=r[5],
                )
            )
        analyses = {
            r[0]: PasswordAnalysis(
                score=r[1],
                guesses_log10=r[2],
                warning=r[3],
                suggestions=tuple(json.loads(r[4])),
                fingerprint=r[5],
                analysed_on=_day(r[6]),
            )
            for r in conn.execute(
                "SELECT account_id, score, guesses_log10, warning, suggestions, fingerprint,"
                " analysed_on FROM password_analyses"
            )
        }
        fingerprints: defaultdict[str, list[str]] = defaultdict(list)
        for r in conn.execute(
            "SELECT account_id, fingerprint FROM other_fingerprints ORDER BY account_id, position"
        ):
            fingerprints[r[0]].append(r[1])
        columns = ", ".join(_ACCOUNT_COLUMNS)
        accounts = []
        for r in conn.execute(f"SELECT {columns} FROM accounts ORDER BY position"):
            row = dict(zip(_ACCOUNT_COLUMNS, r, strict=True))
            account_id: str = row["id"]
            accounts.append(
                Account(
                    id=account_id,
                    login_id=row["login_id"],
                    platform=Platform(row["platform"]),
                    label=row["label"],
                    email=row["email"],
                    role=Role(row["role"]),
                    status=AccountStatus(row["status"]),
                    password_changed_on=_day(row["password_changed_on"]),
                    two_factor=TwoFactor(
                        method=TwoFactorMethod(row["two_factor_method"]),
                        backup_codes_saved=bool(row["backup_codes_saved"]),
                    ),
                    has_totp_secret=bool(row["has_totp_secret"]),
                    shared_with=row["shared_with"],
                    logins_reviewed_on=_day(row["logins_reviewed_on"]),
                    terms_reviewed_on=_day(row["terms_reviewed_on"]),
                    registered_company=registered.get(account_id),
                    payment_methods=tuple(methods.get(account_id, ())),
                    orders_90d=row["orders_90d"],
                    cancellations_90d=row["cancellations_90d"],
                    messages_per_day=row["messages_per_day"],
                    incentivized_reviews=bool(row["incentivized_reviews"]),
                    authorized_brands=tuple(brands.get(account_id, ())),
                    listings=tuple(listings.get(account_id, ())),
                    penalties=tuple(penalties.get(account_id, ())),
                    password=analyses.get(account_id),
                    other_fingerprints=tuple(fingerprints.get(account_id, ())),
                )
            )
        return tuple(accounts)

    # -- history of health checks --------------------------------------------------------------

    def record_run(self, run: RecordedRun) -> int:
        """Store a health check (its `id` is ignored) and return the id it got."""
        recorded_at = _utc_text(run.recorded_at)
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (recorded_at, evaluated_on, score, band) VALUES (?, ?, ?, ?)",
                (recorded_at, run.evaluated_on.isoformat(), run.score, run.band),
            )
            run_id = cursor.lastrowid
            assert run_id is not None  # an INSERT into a rowid table always sets it
            conn.executemany(
                "INSERT INTO run_accounts (run_id, position, account_id, score, band)"
                " VALUES (?, ?, ?, ?, ?)",
                ((run_id, i, a.account_id, a.score, a.band) for i, a in enumerate(run.accounts)),
            )
            conn.executemany(
                "INSERT INTO run_findings (run_id, account_position, position, rule, category,"
                " subject, weight, message, action, why, acknowledged, ack_reason, ack_until)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        run_id,
                        i,
                        j,
                        f.rule,
                        f.category,
                        f.subject,
                        f.weight,
                        f.message,
                        f.action,
                        f.why,
                        f.acknowledged,
                        f.ack_reason,
                        _iso(f.ack_until),
                    )
                    for i, a in enumerate(run.accounts)
                    for j, f in enumerate(a.findings)
                ),
            )
        return run_id

    def runs(self) -> list[RunSummary]:
        """Every recorded run, newest first."""
        with self._db.snapshot() as conn:
            rows = conn.execute(
                "SELECT r.id, r.recorded_at, r.evaluated_on, r.score, r.band,"
                " (SELECT count(*) FROM run_accounts a WHERE a.run_id = r.id),"
                " (SELECT count(*) FROM run_findings f WHERE f.run_id = r.id"
                "  AND NOT f.acknowledged)"
                " FROM runs r ORDER BY r.recorded_at DESC, r.id DESC"
            ).fetchall()
        return [
            RunSummary(
                id=r[0],
                recorded_at=dt.datetime.fromisoformat(r[1]),
                evaluated_on=_required_day(r[2]),
                score=r[3],
                band=r[4],
                account_count=r[5],
                open_findings=r[6],
            )
            for r in rows
        ]

    def run(self, run_id: int) -> RecordedRun | None:
        with self._db.snapshot() as conn:
            head = conn.execute(
                "SELECT id, recorded_at, evaluated_on, score, band FROM runs WHERE id = ?",
                (run_id,),
            ).fetchone()
            if head is None:
                return None
            findings: defaultdict[int, list[RunFinding]] = defaultdict(list)
            for r in conn.execute(
                "SELECT account_position, rule, category, subject, weight, message, action, why,"
                " acknowledged, ack_reason, ack_until FROM run_findings WHERE run_id = ?"
                " ORDER BY account_position, position",
                (run_id,),
            ):
                findings[r[0]].append(
                    RunFinding(
                        rule=r[1],
                        category=r[2],
                        subject=r[3],
                        weight=r[4],
                        message=r[5],
                        action=r[6],
                        why=r[7],
                        acknowledged=bool(r[8]),
                        ack_reason=r[9],
                        ack_until=_day(r[10]),
                    )
                )
            accounts = tuple(
                RunAccount(
                    account_id=r[1], score=r[2], band=r[3], findings=tuple(findings.get(r[0], ()))
                )
                for r in conn.execute(
                    "SELECT position, account_id, score, band FROM run_accounts"
                    " WHERE run_id = ? ORDER BY position",
                    (run_id,),
                )
            )
        return RecordedRun(
            id=head[0],
            recorded_at=dt.datetime.fromisoformat(head[1]),
            evaluated_on=_required_day(head[2]),
            score=head[3],
            band=head[4],
            accounts=accounts,
        )

    def last_run(self) -> RecordedRun | None:
        with self._db.snapshot() as conn:
            row = conn.execute(
                "SELECT id FROM runs ORDER BY recorded_at DESC, id DESC LIMIT 1"
            ).fetchone()
        return None if row is None else self.run(row[0])

    def record_payment(self, payment_id: str, due: dt.date, paid_on: dt.date) -> None:
        """Remember that the instalment due on `due` was paid on `paid_on`."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO payment_history (payment_id, due, paid_on) VALUES (?, ?, ?)",
                (payment_id, due.isoformat(), paid_on.isoformat()),
            )

    def payment_history(self, payment_id: str) -> list[tuple[dt.date, dt.date]]:
        """(due, paid on) of the instalments paid so far, newest first."""
        with self._db.snapshot() as conn:
            rows = conn.execute(
                "SELECT due, paid_on FROM payment_history WHERE payment_id = ?"
                " ORDER BY due DESC, id DESC",
                (payment_id,),
            ).fetchall()
        return [(dt.date.fromisoformat(d), dt.date.fromisoformat(p)) for d, p in rows]

    # -- reminders -------------------------------------------------------------------------

    def reminder_log(self) -> list[LogEntry]:
        """What became of each reminder, oldest first."""
        with self._db.snapshot() as conn:
            rows = conn.execute(
                "SELECT reminder_id, state, at, until FROM reminder_log ORDER BY at, reminder_id"
            ).fetchall()
        return [
            LogEntry(
                reminder_id=r[0],
                state=State(r[1]),
                at=dt.datetime.fromisoformat(r[2]),
                until=None if r[3] is None else dt.datetime.fromisoformat(r[3]),
            )
            for r in rows
        ]

    def _set_reminder_state(
        self, ids: list[str], state: State, at: dt.datetime, until: dt.datetime | None
    ) -> None:
        values = [
            (i, state.value, _utc_text(at), None if until is None else _utc_text(until))
            for i in ids
        ]
        with self._db.transaction() as conn:
            conn.executemany(
                "INSERT INTO reminder_log (reminder_id, state, at, until) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (reminder_id) DO UPDATE SET state = excluded.state,"
                " at = excluded.at, until = excluded.until"
                # A dismissed reminder stays dismissed.
                " WHERE reminder_log.state != 'dismissed' OR excluded.state = 'dismissed'",
                values,
            )

    def record_reminder_delivery(self, ids: list[str], at: dt.datetime) -> None:
        self._set_reminder_state(ids, State.DELIVERED, at, None)

    def snooze_reminders(self, ids: list[str], at: dt.datetime, until: dt.datetime) -> None:
        self._set_reminder_state(ids, State.SNOOZED, at, until)

    def dismiss_reminders(self, ids: list[str], at: dt.datetime) -> None:
        self._set_reminder_state(ids, State.DISMISSED, at, None)

    def forget_reminders_before(self, before: dt.datetime) -> int:
        """Drop log entries older than `before` (their reminders are long past); how many."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "DELETE FROM reminder_log WHERE at < ? AND (until IS NULL OR until < ?)",
                (_utc_text(before), _utc_text(before)),
            )
        return cursor.rowcount
