"""Calendar export: the profile's due dates as an iCalendar file with alarms (RFC 5545)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from accountwatch.core.calendar_revisions import Revision, cancellation, revise
from accountwatch.core.calendar_series import payment_series
from accountwatch.core.dates import build_rule, series_start
from accountwatch.core.model import Payment, Profile
from accountwatch.core.obligations import (
    FolderStart,
    Kind,
    Obligation,
    card_expiries,
    licence_expiry,
    payment_names,
    title,
    warn_days,
    weekly_checks,
)
from accountwatch.i18n import _

PRODID = "-//AccountWatch//AccountWatch//EN"
UID_DOMAIN = "accountwatch"
# The weekly check's series starts at the first check the data folder owes, whatever "now" is
# (an export as of a day before the folder too), so that two exports of the same profile hold
# the same events; at its first on or after this day when the folder's start is unknown.
WEEKLY_ANCHOR = dt.date(2026, 1, 1)
WEEKLY_DURATION = dt.timedelta(minutes=30)
# Things that ended longer ago than this are left out of the file.
PAST_KEPT = dt.timedelta(days=366)
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A run of white space holding a line break (any that str.splitlines knows, CR LF included).
_BROKEN_SPACE = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


class EmptyCalendarError(ValueError):
    """The profile has nothing dated: no card, payment, licence or weekly check to write, and
    nothing written before to cancel."""


@dataclass(frozen=True)
class Export:
    """An exported calendar and every event's revision (those of events no longer written
    included: a cancelled one for a while, one that passed so that it goes on from its last
    SEQUENCE should it come back)."""

    data: bytes
    revisions: dict[str, Revision]
    changed: bool


def uid(key: str, namespace: str) -> str:
    """One per thing and data folder: re-importing updates the event, and two data folders
    (two companies) in one calendar never replace each other's events."""
    return f"{key}@{namespace}.{UID_DOMAIN}"


def _key(kind: str, subject: str) -> str:
    return f"{kind}-{subject}"


def one_line(text: str) -> str:
    """`text` as a title: each run of white space holding a line break is one space. calcurse
    skips an event whose SUMMARY has a line break ("line break in summary": the reminder is
    lost), and khal shows such a title on two lines. A label or description may have one."""
    return _BROKEN_SPACE.sub(" ", text)


def _lines(text: str) -> str:
    """`text` with each line break (CR LF, U+2028, a form feed…) as one LF, which icalendar
    escapes as RFC 5545 says (calcurse imports an event with one in its DESCRIPTION)."""
    return "\n".join(text.splitlines())


def _alarm(days_before: int, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    # Relative to the start: for an all-day event that is midnight local of the day.
    alarm.add("trigger", -dt.timedelta(days=days_before))
    return alarm


def _all_day(day: dt.date, summary: str, lead_days: tuple[int, ...]) -> Event:
    event = Event()
    event.add("summary", one_line(summary))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    for n in sorted({n for n in lead_days if n >= 0}, reverse=True):
        event.add_component(_alarm(n, _lines(summary)))
    return event


def _expiry_event(profile: Profile, due: Obligation) -> tuple[str, Event]:
    """A card's or the licence's last day."""
    text = title(due.kind, due.names) or due.message
    event = _all_day(due.date, text, warn_days(profile, due.kind))
    return _key(due.kind, due.item_id), event


def _payment_events(
    profile: Profile, payment: Payment, oldest: dt.date, today: dt.date
) -> Iterator[tuple[str, Event]]:
    summary = title(Kind.PAYMENT_DUE, payment_names(profile, payment)) or ""
    key = _key(Kind.PAYMENT_DUE, payment.id)
    warn = warn_days(profile, Kind.PAYMENT_DUE)
    if payment.repeat is None:
        yield key, _all_day(payment.due, summary, warn)
        return
    start = series_start(payment)
    written: set[dt.date] = set()
    for suffix, first, rule in payment_series(payment, start, oldest, today):
        event = _all_day(first, summary, warn)
        if rule is not None:
            event.add("rrule", rule)
        else:
            written.add(first)
        yield key + suffix, event
    if payment.due >= start and payment.due not in written and not _on_series(payment, start):
        # The user moved the next due date off the series: it still falls due. Its own event,
        # not an RDATE, which calcurse does not read.
        yield f"{key}-{payment.due:%Y%m%d}", _all_day(payment.due, summary, warn)


def _on_series(payment: Payment, start: dt.date) -> bool:
    assert payment.repeat is not None
    rule = build_rule(payment.repeat, start)
    midnight = dt.datetime.combine(payment.due, dt.time(0, 0))
    found = rule.after(midnight, inc=True)
    return found is not None and found == midnight


def _weekly_event(first: Obligation, tz: dt.tzinfo) -> tuple[str, Event]:
    """The weekly check's series from its `first` check."""
    # A named zone gives a TZID (09:00 stays 09:00 across DST); a bare offset, floating time.
    zone = tz if isinstance(tz, ZoneInfo) and tz.key else None
    start = first.at(zone, dt.time(0, 0))
    summary = _("AccountWatch weekly health check")
    event = Event()
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + WEEKLY_DURATION)
    event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": _BYDAY[first.date.weekday()]})
    event.add_component(_alarm(0, summary))
    return _key(first.kind, first.item_id), event


def _first_weekly(profile: Profile, tz: dt.tzinfo, folder: FolderStart | None) -> Obligation | None:
    """The first weekly check the data folder owes: none before it was made."""
    first_day = WEEKLY_ANCHOR if folder is None else folder.day
    # Two weeks: the check on the folder's first day may have come before the folder did.
    checks = weekly_checks(profile, first_day, first_day + dt.timedelta(days=13))
    for check in checks:
        if folder is None or not folder.predates(check.kind, check.date, check.at(tz, dt.time())):
            return check
    return None


def calendar_events(
    profile: Profile, now: dt.datetime, tz: dt.tzinfo, since: dt.datetime | None = None
) -> list[tuple[str, Event]]:
    """Card expiries, payments (recurring ones as RRULE events), the licence and the weekly
    check from the first one after `since` (when the data folder was made), each with its key
    (unique in the profile) and an alarm per lead time; things that ended more than a year
    before `now` are left out. No UID, DTSTAMP or SEQUENCE yet."""
    today = now.astimezone(tz).date()
    oldest = _oldest(now, tz)
    found: list[tuple[str, Event]] = []
    for card in card_expiries(profile, oldest, dt.date.max):
        found.append(_expiry_event(profile, card))
    for payment in profile.payments:
        if payment.is_paid or (payment.repeat is None and payment.due < oldest):
            continue
        found.extend(_payment_events(profile, payment, oldest, today))
    for licence in licence_expiry(profile, oldest, dt.date.max):
        found.append(_expiry_event(profile, licence))
    first = _first_weekly(profile, tz, FolderStart.of(since, tz))
    if first is not None:
        found.append(_weekly_event(first, tz))
    return found


def _oldest(now: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The first day the export keeps: things that ended before it are left out."""
    return now.astimezone(tz).date() - PAST_KEPT


def _stamped(
    key: str, body: Event, revision: Revision, namespace: str, stamp: dt.datetime
) -> Event:
    """`body` with its UID, DTSTAMP, SEQUENCE and LAST-MODIFIED first."""
    head = Event()
    head.add("uid", uid(key, namespace))
    head.add("dtstamp", stamp)
    head.add("sequence", revision.sequence)
    head.add("last-modified", revision.modified)
    for name, value in body.items():
        head[name] = value
    for component in body.subcomponents:
        head.add_component(component)
    return head


def export_ics(
    profile: Profile,
    now: dt.datetime,
    tz: dt.tzinfo,
    *,
    namespace: str,
    known: Mapping[str, Revision] | None = None,
    since: dt.datetime | None = None,
) -> Export:
    """The calendar file of `profile` as exported at `now` (DTSTAMP), its UIDs in `namespace`
    (one per data folder, made at `since`), SEQUENCE and LAST-MODIFIED from `known` revised
    (see `revise`), and a cancellation for each event of `known` that is gone from the profile.

    Raises EmptyCalendarError when there is no event to write."""
    events = calendar_events(profile, now, tz, since)
    revisions, changed = revise(events, known or {}, now, _oldest(now, tz))
    gone = sorted((key, r) for key, r in revisions.items() if r.gone is not None)
    if not events and not gone:
        raise EmptyCalendarError(
            _(
                "There is nothing dated to put in a calendar: no card, payment, business "
                "licence or weekly check (the weekly check needs at least one account)."
            )
        )
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "AccountWatch")
    for key, event in events:
        cal.add_component(_stamped(key, event, revisions[key], namespace, stamp))
    for key, revision in gone:
        cal.add_component(_stamped(key, cancellation(revision), revision, namespace, stamp))
    cal.add_missing_timezones()
    return Export(bytes(cal.to_ical()), revisions, changed)
