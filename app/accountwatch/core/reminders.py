"""The reminder schedule: what to tell the user now and what comes later, from the profile."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from accountwatch.core.model import Acknowledgement, Profile
from accountwatch.core.obligations import (
    FolderStart,
    Obligation,
    card_expiries,
    company_confirmation,
    frozen_warnings,
    licence_expiry,
    payments_due,
    penalty_lapses,
    recovery_follow_ups,
    terms_reviews,
    warn_days,
    weekly_checks,
)
from accountwatch.core.obligations import Kind as Kind
from accountwatch.i18n import _, format_date

# Reminders about a dated thing are delivered at this local time of day.
DELIVERY_TIME = dt.time(9, 0)
# Overdue payments are recalled once a day for this many days after the due date.
OVERDUE_DAYS = 14
# How long a weekly-check or penalty-lapse reminder stays worth delivering late.
_WEEK = dt.timedelta(days=7)
SNOOZE_CHOICES = (dt.timedelta(hours=1), dt.timedelta(days=1), dt.timedelta(weeks=1))


class State(StrEnum):
    DELIVERED = "delivered"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


# The findings whose acknowledgement (same subject) silences a kind's reminders.
SILENCED_BY: dict[Kind, tuple[str, ...]] = {
    Kind.CARD_EXPIRY: ("PAY-CARD-EXPIRING", "PAY-CARD-EXPIRED"),
    Kind.PAYMENT_DUE: ("PAY-DUE-SOON", "PAY-OVERDUE"),
    Kind.LICENSE_EXPIRY: ("REG-LICENSE-EXPIRING", "REG-LICENSE-EXPIRED"),
    Kind.WEEKLY_CHECK: (),
    Kind.TERMS_REVIEW: ("REG-TERMS-UNREVIEWED",),
    Kind.COMPANY_CONFIRMATION: ("REG-UNVERIFIED",),
    Kind.PENALTY_LAPSE: ("CON-PENALTY-POINTS",),
    Kind.RECOVERY_FOLLOW_UP: ("CON-RECOVERY-STALLED",),
    Kind.FROZEN_WARNING: ("CON-RECOVERY-STALLED",),
}


@dataclass(frozen=True)
class Reminder:
    """One delivery of a reminder. `tier` is the days before `due_date`, or "overdue-N"."""

    id: str
    kind: Kind
    subject: str
    due_date: dt.date
    tier: str
    deliver_at: dt.datetime
    message: str


@dataclass(frozen=True)
class LogEntry:
    """What became of a reminder: delivered, snoozed until `until`, or dismissed."""

    reminder_id: str
    state: State
    at: dt.datetime
    until: dt.datetime | None = None


@dataclass(frozen=True)
class _Candidate:
    """A reminder that may be delivered: how urgent, and until when."""

    reminder: Reminder
    # Higher is more urgent: -days before the date, or the days overdue.
    urgency: int
    # The reminder is not worth delivering from this moment on (None: while the thing lasts).
    expires_at: dt.datetime | None

    def live_at(self, now: dt.datetime) -> bool:
        return self.reminder.deliver_at <= now and (
            self.expires_at is None or now < self.expires_at
        )


def reminder_id(kind: Kind, subject: str, due_date: dt.date, tier: str) -> str:
    return f"{kind}:{subject}:{due_date.isoformat()}:{tier}"


def kind_name(kind: Kind) -> str:
    """A short title for a reminder's kind (a notification's heading)."""
    names = {
        Kind.CARD_EXPIRY: _("Card expiry"),
        Kind.PAYMENT_DUE: _("Payment due"),
        Kind.LICENSE_EXPIRY: _("Business licence expiry"),
        Kind.WEEKLY_CHECK: _("Weekly health check"),
        Kind.TERMS_REVIEW: _("Terms review"),
        Kind.COMPANY_CONFIRMATION: _("Company record confirmation"),
        Kind.PENALTY_LAPSE: _("Penalty points lapsing"),
        Kind.RECOVERY_FOLLOW_UP: _("Follow-up with support"),
        Kind.FROZEN_WARNING: _("Account frozen for long"),
    }
    return names[kind]


def _at(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """`time` on `day` on the local wall clock; zoneinfo picks the offset of that day (DST)."""
    return dt.datetime.combine(day, time, tzinfo=tz)


class _Builder:
    """Collects the candidate reminders of a profile whose dates fall in a window.

    With `now`, only those still worth delivering at `now` or later and delivered by the
    window's end are kept (all that `due_now` and `upcoming` look at): a large profile has tens
    of thousands of candidates, most of them neither. Without, every one is (their texts).
    """

    def __init__(
        self,
        profile: Profile,
        today: dt.date,
        end: dt.date,
        tz: dt.tzinfo,
        now: dt.datetime | None = None,
        since: dt.datetime | None = None,
    ) -> None:
        self.profile = profile
        # Nothing dated before the data folder was made is reminded of.
        self.folder = FolderStart.of(since, tz)
        self.today = today
        self.end = end
        self.tz = tz
        self.now = now
        self.items: list[_Candidate] = []
        # The subjects some acknowledgement names: only those can be silenced.
        self._acknowledged: dict[str, list[Acknowledgement]] = {}
        for ack in profile.acknowledged:
            self._acknowledged.setdefault(ack.subject, []).append(ack)

    def add(
        self,
        kind: Kind,
        subject: str,
        due_date: dt.date,
        tier: str,
        deliver_at: dt.datetime,
        message: str,
        urgency: int,
        expires_at: dt.datetime | None,
    ) -> None:
        if self.folder is not None and self.folder.predates(kind, due_date, deliver_at):
            return
        day = deliver_at.date()
        if self.now is not None and (
            day > self.end or (expires_at is not None and expires_at <= self.now)
        ):
            return
        if not self._silenced(kind, subject, day):
            ident = reminder_id(kind, subject, due_date, tier)
            reminder = Reminder(ident, kind, subject, due_date, tier, deliver_at, message)
            self.items.append(_Candidate(reminder, urgency, expires_at))

    def _silenced(self, kind: Kind, subject: str, day: dt.date) -> bool:
        acknowledged = self._acknowledged.get(subject)
        if acknowledged is None:
            return False
        rules = SILENCED_BY[kind]
        # A reminder already passed is judged today; a later one on its own day.
        when = max(day, self.today)
        return any(a.rule in rules and a.active_on(when) for a in acknowledged)

    def overdue_tiers(self, due_date: dt.date) -> range:
        """The daily recalls (days after `due_date`) worth making: with `now`, only from
        yesterday's (it may last until 09:00 today) to tomorrow's. Later ones are not listed as
        coming (they happen only if the payment stays unpaid) and cannot be due yet; a large
        profile would otherwise make fourteen for every payment due in the window."""
        first, last = 1, OVERDUE_DAYS
        if self.now is not None:
            first = max(first, (self.today - due_date).days - 1)
            last = min(last, (self.end - due_date).days, (self.today - due_date).days + 1)
        return range(first, last + 1)

    def tiers(self, due: Obligation, days_before: Iterable[int], expires_at: dt.datetime) -> None:
        """One reminder per lead time, at 09:00 local that many days before the date."""
        for n in sorted(set(days_before), reverse=True):
            if n < 0:
                continue
            deliver = _at(due.date - dt.timedelta(days=n), DELIVERY_TIME, self.tz)
            self.add(due.kind, due.subject, due.date, str(n), deliver, due.message, -n, expires_at)

    def once(self, due: Obligation, lasts: dt.timedelta | None) -> None:
        """One reminder on the day (09:00 local), worth delivering for `lasts` (None: while
        the thing lasts)."""
        deliver = due.at(self.tz, DELIVERY_TIME)
        expires = None if lasts is None else deliver + lasts
        self.add(due.kind, due.subject, due.date, "0", deliver, due.message, 0, expires)

    def horizon(self, lead: Iterable[int]) -> dt.date:
        """The last date worth looking at: a reminder `lead` days before it is still in range."""
        return self.end + dt.timedelta(days=max(lead, default=0))


def _expiries(b: _Builder) -> None:
    """Cards and the business licence, a reminder per lead time."""
    for kind, expiring in (
        (Kind.CARD_EXPIRY, card_expiries),
        (Kind.LICENSE_EXPIRY, licence_expiry),
    ):
        warn = warn_days(b.profile, kind)
        for due in expiring(b.profile, b.today, b.horizon(warn)):
            # Worth saying until the last valid day ends; after that it is a finding.
            b.tiers(due, warn, _at(due.date + dt.timedelta(days=1), dt.time(0, 0), b.tz))


def _payments(b: _Builder) -> None:
    warn = warn_days(b.profile, Kind.PAYMENT_DUE)
    start = b.today - dt.timedelta(days=OVERDUE_DAYS + 1)
    late = _("{payment}{amount} for {account} was due on {date} and is still unpaid.")
    for due in payments_due(b.profile, start, b.horizon(warn)):
        day = due.date
        # A tier gives way to the first overdue recall, the next day at 09:00.
        b.tiers(due, warn, _at(day + dt.timedelta(days=1), DELIVERY_TIME, b.tz))
        recalls = b.overdue_tiers(day)
        if not recalls:
            continue
        message = late.format(date=format_date(day), **due.names)
        for n in recalls:
            deliver = _at(day + dt.timedelta(days=n), DELIVERY_TIME, b.tz)
            expires = _at(day + dt.timedelta(days=n + 1), DELIVERY_TIME, b.tz)
            b.add(due.kind, due.subject, day, f"overdue-{n}", deliver, message, n, expires)


def _weekly(b: _Builder, next_check: dt.datetime | None) -> None:
    """The scheduled checks from the last one before `now` to the window's end."""
    scheduled = None if next_check is None else next_check.astimezone(b.tz)
    first = b.today - dt.timedelta(days=7)
    for check in weekly_checks(b.profile, first, b.end, tz=b.tz, scheduled=scheduled):
        moment = check.at(b.tz, DELIVERY_TIME)
        # The reminder is of the day the clock shows then (a skipped hour can start a day).
        day = moment.astimezone(b.tz).date()
        b.add(check.kind, check.subject, day, "0", moment, check.message, 0, moment + _WEEK)


def _stale(b: _Builder) -> None:
    """Terms and the company record due for review: until reviewed, however long ago."""
    for due in terms_reviews(b.profile, dt.date.min, b.end):
        b.once(due, None)
    for due in company_confirmation(b.profile, dt.date.min, b.end):
        b.once(due, None)


def _penalties(b: _Builder) -> None:
    # Points lapsed a week ago or more are not news any more.
    first = b.today - dt.timedelta(days=7)
    for due in penalty_lapses(b.profile, first, b.end, given_by=b.today):
        b.once(due, _WEEK)


def _recovery(b: _Builder) -> None:
    """Follow-ups with support: until made, however long ago they fell due (recording one
    moves the next a week on); the long-frozen warnings stay news for a week."""
    for due in recovery_follow_ups(b.profile, dt.date.min, b.end):
        b.once(due, None)
    for due in frozen_warnings(b.profile, b.today - _WEEK, b.end):
        b.once(due, _WEEK)


def _candidates(
    profile: Profile,
    now: dt.datetime,
    tz: dt.tzinfo,
    days: int,
    next_check: dt.datetime | None,
    since: dt.datetime | None = None,
) -> list[_Candidate]:
    """The candidates still worth delivering at `now` or due in the next `days` days."""
    today = now.astimezone(tz).date()
    end = today + dt.timedelta(days=days)
    return _collect(_Builder(profile, today, end, tz, now, since), next_check)


def _collect(b: _Builder, next_check: dt.datetime | None) -> list[_Candidate]:
    """Every kind of reminder the builder's window holds."""
    _expiries(b)
    _payments(b)
    _weekly(b, next_check)
    _stale(b)
    _penalties(b)
    _recovery(b)
    return b.items


def latest_entries(log: Iterable[LogEntry]) -> dict[str, LogEntry]:
    """The last entry of each reminder (the log is in the order things happened)."""
    latest: dict[str, LogEntry] = {}
    for entry in log:
        latest[entry.reminder_id] = entry
    return latest


_KIND_ORDER = {kind: number for number, kind in enumerate(Kind)}


def _sort_key(reminder: Reminder) -> tuple[dt.datetime, int, str]:
    return (reminder.deliver_at, _KIND_ORDER[reminder.kind], reminder.id)


def _pending(
    candidates: list[_Candidate], log: dict[str, LogEntry], now: dt.datetime
) -> list[tuple[_Candidate, LogEntry | None]]:
    """The most urgent live reminder of each subject (catch-up: never the older tiers too)."""
    best: dict[tuple[Kind, str], _Candidate] = {}
    for c in candidates:
        if not c.live_at(now):
            continue
        key = (c.reminder.kind, c.reminder.subject)
        current = best.get(key)
        if current is None or (c.urgency, c.reminder.deliver_at) > (
            current.urgency,
            current.reminder.deliver_at,
        ):
            best[key] = c
    return [(c, log.get(c.reminder.id)) for c in best.values()]


class Schedule:
    """The reminders of a profile at `now`, for the next `days` days, read against a log:
    `due` and `coming` share one pass over the profile (tenths of a second on a large one)."""

    def __init__(
        self,
        profile: Profile,
        now: dt.datetime,
        tz: dt.tzinfo,
        days: int,
        *,
        next_check: dt.datetime | None = None,
        since: dt.datetime | None = None,
    ) -> None:
        self.now = now
        self.end = now + dt.timedelta(days=days)
        # Every candidate `due` needs is among these, whatever `days` is: it is live at `now`.
        self._candidates = _candidates(profile, now, tz, days, next_check, since)

    def at(self, now: dt.datetime) -> Schedule:
        """The same schedule at a later `now` of the same local day: the candidates made for an
        earlier moment of the day still hold every one that matters later that day."""
        later = copy.copy(self)
        later.now, later.end = now, now + (self.end - self.now)
        return later

    def due(self, log: Iterable[LogEntry]) -> list[Reminder]:
        """What to deliver now: per subject, its most urgent passed tier, unless already
        delivered, dismissed or snoozed past `now`. A snoozed reminder comes back when its
        snooze ends."""
        now = self.now
        due: list[Reminder] = []
        for candidate, entry in _pending(self._candidates, latest_entries(log), now):
            if entry is None or (
                entry.state == State.SNOOZED and entry.until is not None and entry.until <= now
            ):
                due.append(candidate.reminder)
        return sorted(due, key=_sort_key)

    def coming(self, log: Iterable[LogEntry]) -> list[Reminder]:
        """The reminders to come in the window (every tier), by delivery time.

        A reminder snoozed past `now` is listed at the end of its snooze; dismissed ones are
        not, nor the daily recalls of an overdue payment (they happen only if it stays unpaid).
        """
        now, end = self.now, self.end
        latest = latest_entries(log)
        items: list[Reminder] = []
        for c in self._candidates:
            entry = latest.get(c.reminder.id)
            if c.urgency > 0 or (entry is not None and entry.state == State.DISMISSED):
                continue
            if now < c.reminder.deliver_at <= end:
                items.append(c.reminder)
        for candidate, entry in _pending(self._candidates, latest, now):
            if (
                entry is not None
                and entry.state == State.SNOOZED
                and entry.until is not None
                and now < entry.until <= end
            ):
                items.append(replace(candidate.reminder, deliver_at=entry.until))
        return sorted(items, key=_sort_key)

    def still_open(self, ids: Iterable[str], log: Iterable[LogEntry]) -> list[str]:
        """Of `ids` (reminders delivered earlier), those still to act on at `now`: delivered
        and neither snoozed nor dismissed since, and still worth saying (the payment not paid,
        the card not renewed, the weekly check not done, nothing acknowledged)."""
        latest = latest_entries(log)
        live = {c.reminder.id for c in self._candidates if c.live_at(self.now)}
        return [
            ident
            for ident in ids
            if ident in live
            and (entry := latest.get(ident)) is not None
            and entry.state == State.DELIVERED
        ]


def due_now(
    profile: Profile,
    log: Iterable[LogEntry],
    now: dt.datetime,
    tz: dt.tzinfo,
    *,
    next_check: dt.datetime | None = None,
    since: dt.datetime | None = None,
) -> list[Reminder]:
    """What to deliver now (`Schedule.due`); `since`: when the data folder was made."""
    return Schedule(profile, now, tz, 0, next_check=next_check, since=since).due(log)


def upcoming(
    profile: Profile,
    log: Iterable[LogEntry],
    now: dt.datetime,
    tz: dt.tzinfo,
    days: int = 90,
    *,
    next_check: dt.datetime | None = None,
    since: dt.datetime | None = None,
) -> list[Reminder]:
    """The reminders to come in the next `days` days (`Schedule.coming`)."""
    return Schedule(profile, now, tz, days, next_check=next_check, since=since).coming(log)


@dataclass(frozen=True)
class Logged:
    """A reminder the log knows of: what became of it last, and its text."""

    entry: LogEntry
    kind: Kind | None  # None: an id this version does not know (a newer app wrote it)
    subject: str
    due_date: dt.date | None
    tier: str
    message: str


def parse_id(ident: str) -> tuple[Kind, str, dt.date, str] | None:
    """The parts of a `kind:subject:date:tier` id (the subject may hold colons itself)."""
    kind_text, _sep, rest = ident.partition(":")
    subject, _sep, tail = rest.rpartition(":")
    subject, _sep, day_text = subject.rpartition(":")
    try:
        return Kind(kind_text), subject, dt.date.fromisoformat(day_text), tail
    except ValueError:
        return None


def logged(
    profile: Profile,
    log: Iterable[LogEntry],
    now: dt.datetime,
    tz: dt.tzinfo,
    days: int = 30,
    *,
    next_check: dt.datetime | None = None,
) -> list[Logged]:
    """The reminders delivered, snoozed or dismissed in the last `days` days, newest first.

    The text is the reminder's own while the profile still has the thing (a card, a payment);
    a paid or deleted one is named by its kind and date.
    """
    since = now - dt.timedelta(days=days)
    recent = [e for e in latest_entries(log).values() if e.at >= since]
    if not recent:
        return []
    parts = {e.reminder_id: parse_id(e.reminder_id) for e in recent}
    earliest = min((p[2] for p in parts.values() if p is not None), default=now.date())
    today = now.astimezone(tz).date()
    start = min(earliest, today) - dt.timedelta(days=OVERDUE_DAYS + 1)
    # Only the cards and payments the log names need their texts rebuilt.
    subjects = {part[1] for part in parts.values() if part is not None}
    profile = replace(
        profile,
        cards=tuple(c for c in profile.cards if f"card:{c.id}" in subjects),
        payments=tuple(p for p in profile.payments if f"payment:{p.id}" in subjects),
    )
    built = _collect(_Builder(profile, start, today + dt.timedelta(days=1), tz), next_check)
    texts = {c.reminder.id: c.reminder.message for c in built}
    items: list[Logged] = []
    for entry in recent:
        part = parts[entry.reminder_id]
        if part is None:
            items.append(Logged(entry, None, "", None, "", entry.reminder_id))
            continue
        kind, subject, day, tier = part
        text = texts.get(entry.reminder_id) or _("{kind}: {date}").format(
            kind=kind_name(kind), date=format_date(day)
        )
        items.append(Logged(entry, kind, subject, day, tier, text))
    return sorted(items, key=lambda item: item.entry.at, reverse=True)
