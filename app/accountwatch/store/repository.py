"""Loads and saves the profile and the history of health checks in the database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from accountwatch.core.model import Profile
from accountwatch.core.reminders import LogEntry, State
from accountwatch.core.rules import listing_scanner
from accountwatch.store.db import Database
from accountwatch.store.profile_rows import (
    LISTING_SCANS,
    ProfileRows,
    read_listings_into,
    read_profile,
)
from accountwatch.store.runs import (
    RecordedRun,
    RunAccount,
    RunFinding,
    RunKeys,
    RunSummary,
    run_finding,
)

__all__ = [
    "ProfileRows",
    "RecordedRun",
    "Repository",
    "RunAccount",
    "RunFinding",
    "RunSummary",
]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _required_day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# The meta key counting the profile's writes.
_GENERATION = "profile_generation"


def _generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_GENERATION,)).fetchone()
    return 0 if row is None else int(row[0])


# The newest recorded run: of the latest moment, the later recorded of two alike.
_NEWEST_RUN = "FROM runs ORDER BY recorded_at DESC, id DESC LIMIT 1"


def _run_keys(
    conn: sqlite3.Connection, run_id: int
) -> tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]:
    """Per account of a recorded run, in order, the keys of its findings in order."""
    keys: dict[int, list[tuple[str, str, str]]] = {}
    ids = conn.execute(
        "SELECT position, account_id FROM run_accounts WHERE run_id = ? ORDER BY position",
        (run_id,),
    ).fetchall()
    owners = dict(ids)
    for position, rule, subject in conn.execute(
        "SELECT account_position, rule, subject FROM run_findings WHERE run_id = ?"
        " ORDER BY account_position, position",
        (run_id,),
    ):
        found = keys.get(position)
        if found is None:
            found = keys[position] = []
        found.append((owners[position], rule, subject))
    return tuple((account_id, tuple(keys.get(position, ()))) for position, account_id in ids)


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
        self._cached: tuple[tuple[int, int], Profile, int] | None = None
        self._last_run: RecordedRun | None = None
        self._last_keys: RunKeys | None = None

    # -- profile -----------------------------------------------------------------------------

    def save_profile(self, profile: Profile) -> None:
        """Replace everything stored about the profile with `profile`, in one transaction."""
        with self.changing(profile) as rows:
            rows.replace_profile(profile)

    @contextmanager
    def changing(self, result: Profile) -> Iterator[ProfileRows]:
        """One transaction of item-level writes that leave the stored profile equal to
        `result`, which is handed out again by `load_profile` afterwards (while nothing else
        writes). Each such transaction counts as a new generation of the profile."""
        with self._db.held():
            self._cached = None
            with self._db.transaction() as conn:
                yield ProfileRows(conn, listing_scanner(result.settings))
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key)"
                    " DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                    (_GENERATION,),
                )
            # Reading it back gives an equal profile; not so inside a transaction that may yet
            # roll back.
            if not self._db.connection.in_transaction:
                self._cached = (self._db.state_token(), result, _generation(self._db.connection))

    def keep_listing_scans(self, profile: Profile, generation: int) -> None:
        """Store what the scanner found in each listing of `profile` (the stored profile of
        that generation, just checked), unless every stored listing is already kept scanned by
        that scanner: after the app or the user's terms changed. Not a change of the profile
        (its generation stays); nothing is written if the profile changed meanwhile."""
        scanner = listing_scanner(profile.settings)
        if self._db.get_meta(LISTING_SCANS) == scanner.key:
            return  # nearly always: one small read
        with self._db.transaction() as conn:
            if _generation(conn) == generation:
                ProfileRows(conn, scanner).put_listing_scans(profile.accounts)

    def load_profile(self) -> Profile:
        """The stored profile; an empty database gives an empty profile with default settings.

        The same (immutable) object again while nothing has been written in between.
        """
        return self.load_versioned()[0]

    def complete(self, partial: Profile, generation: int) -> Profile | None:
        """`partial` (what `load_versioned(whole=False)` gave at `generation`) with its listings
        read whole: the profile this repository keeps from now on. None when the stored profile
        has changed since (its generation moved on)."""
        with self._db.snapshot() as conn:
            token = self._db.state_token()
            if _generation(conn) != generation:
                return None
            cached = self._cached
            # Equal generations: an equal profile, whole if kept here (read meanwhile).
            if cached is not None and cached[2] == generation:
                profile = cached[1]
            else:
                profile = read_listings_into(conn, partial)
            self._cached = (token, profile, generation)
        return profile

    def keeps(self, profile: Profile) -> bool:
        """Whether `profile` is the one this repository keeps (read whole, or written) and
        hands out while nothing else writes."""
        cached = self._cached
        return cached is not None and cached[1] is profile

    def load_versioned(self, *, whole: bool = True) -> tuple[Profile, int]:
        """The stored profile and its generation, which every write of the profile (by any
        process) moves on: equal generations mean an equal profile.

        Not `whole` (for a check that only reports): the listings in which no term was found
        may come without their text (see `read_profile`); such a profile is not kept."""
        with self._db.snapshot() as conn:
            token = self._db.state_token()
            cached = self._cached
            if not whole and (cached is None or cached[0] != token):
                return read_profile(conn, whole=False), _generation(conn)
            if cached is None or cached[0] != token:
                generation = _generation(conn)
                if cached is not None and cached[0][0] == token[0] and cached[2] == generation:
                    # Only this connection wrote, and not the profile (a reminder delivered, a
                    # check recorded, a preference): its profile writes all go through
                    # `changing`, which moves the generation on. Reading the profile again took
                    # a large profile's tenths of a second, on a worker holding the GIL while
                    # the window waited. Another connection's commit is read again whatever it
                    # wrote.
                    cached = self._cached = (token, cached[1], generation)
                else:
                    cached = self._cached = (token, read_profile(conn), generation)
        return cached[1], cached[2]

    # -- history of health checks --------------------------------------------------------------

    def record_run(self, run: RecordedRun) -> int:
        """Store a health check (its `id` is ignored) and return the id it got."""
        recorded_at = _utc_text(run.recorded_at)
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (recorded_at, evaluated_on, score, band, profile_state)"
                " VALUES (?, ?, ?, ?, ?)",
                (recorded_at, run.evaluated_on.isoformat(), run.score, run.band, run.profile_state),
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
                "SELECT id, recorded_at, evaluated_on, score, band, profile_state FROM runs"
                " WHERE id = ?",
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
                    run_finding(
                        r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9], _day(r[10])
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
            profile_state=head[5],
        )

    def last_run_state(self) -> tuple[dt.date, str | None, int] | None:
        """The day the newest recorded run assessed, the profile state it recorded, and the
        stored profile's generation now, read together (None: no run yet): whether that run
        is still the result, without reading it."""
        with self._db.snapshot() as conn:
            row = conn.execute(f"SELECT evaluated_on, profile_state {_NEWEST_RUN}").fetchone()
            if row is None:
                return None
            return _required_day(row[0]), row[1], _generation(conn)

    def last_run_keys(self) -> RunKeys | None:
        """The keys of the newest recorded run's findings, without their texts (kept once
        read, as `last_run`: a check compares itself with them at every start and edit)."""
        with self._db.snapshot() as conn:
            head = conn.execute(f"SELECT id, score {_NEWEST_RUN}").fetchone()
            if head is None:
                return None
            kept = self._last_keys
            if kept is None or kept.id != head[0]:
                accounts = _run_keys(conn, head[0])
                kept = self._last_keys = RunKeys(id=head[0], score=head[1], accounts=accounts)
        return kept

    def last_run(self) -> RecordedRun | None:
        """The newest recorded run (kept once read: a recorded run never changes, and a check
        after every edit compares itself with it)."""
        with self._db.snapshot() as conn:
            row = conn.execute(f"SELECT id {_NEWEST_RUN}").fetchone()
        if row is None:
            return None
        kept = self._last_run
        if kept is None or kept.id != row[0]:
            kept = self._last_run = self.run(row[0])
        return kept

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

    def restore_reminders(self, ids: list[str], entries: list[LogEntry]) -> None:
        """Put back exactly `entries` for `ids` (a dismissal undone: the one way out of
        'dismissed'); an id without an entry leaves the log."""
        wanted = set(ids)
        with self._db.transaction() as conn:
            conn.executemany("DELETE FROM reminder_log WHERE reminder_id = ?", [(i,) for i in ids])
            conn.executemany(
                "INSERT INTO reminder_log (reminder_id, state, at, until) VALUES (?, ?, ?, ?)",
                [
                    (
                        e.reminder_id,
                        e.state.value,
                        _utc_text(e.at),
                        None if e.until is None else _utc_text(e.until),
                    )
                    for e in entries
                    if e.reminder_id in wanted
                ],
            )

    def forget_reminders_before(self, before: dt.datetime) -> int:
        """Drop log entries older than `before` (their reminders are long past); how many."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "DELETE FROM reminder_log WHERE at < ? AND (until IS NULL OR until < ?)",
                (_utc_text(before), _utc_text(before)),
            )
        return cursor.rowcount

    def account_scores(self, limit: int | None = None) -> list[tuple[dt.date, dict[str, int]]]:
        """(date evaluated, {account id: score}) of the recorded runs (the newest `limit`),
        oldest first, in one query."""
        with self._db.snapshot() as conn:
            rows = conn.execute(
                "WITH chosen AS (SELECT id, recorded_at, evaluated_on FROM runs"
                "  ORDER BY recorded_at DESC, id DESC LIMIT ?)"
                " SELECT c.id, c.evaluated_on, a.account_id, a.score FROM chosen c"
                " LEFT JOIN run_accounts a ON a.run_id = c.id"
                " ORDER BY c.recorded_at, c.id, a.position",
                (-1 if limit is None else limit,),
            ).fetchall()
        runs: dict[int, tuple[dt.date, dict[str, int]]] = {}
        for run_id, evaluated_on, account_id, score in rows:
            _evaluated, scores = runs.setdefault(run_id, (_required_day(evaluated_on), {}))
            if account_id is not None:  # a run that assessed no account
                scores[account_id] = score
        return list(runs.values())
