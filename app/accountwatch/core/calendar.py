"""Calendar export: the profile's due dates as an iCalendar file with alarms (RFC 5545)."""

from __future__ import annotations

import datetime as dt
from typing import cast
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

from accountwatch.core.dates import build_rule, series_start
from accountwatch.core.model import Payment, Profile
from accountwatch.core.obligations import (
    Kind,
    Obligation,
    card_expiries,
    licence_expiry,
    payment_names,
    warn_days,
    weekly_checks,
)
from accountwatch.i18n import _

PRODID = "-//AccountWatch//AccountWatch//EN"
UID_DOMAIN = "accountwatch"
# The weekly check's series starts on its first weekday on or after this day, whatever "now" is,
# so that two exports of the same profile are the same file.
WEEKLY_ANCHOR = dt.date(2026, 1, 1)
WEEKLY_DURATION = dt.timedelta(minutes=30)
# Things that ended longer ago than this are left out of the file.
PAST_KEPT = dt.timedelta(days=366)
_DAY_CHOOSING_PARTS = ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def uid(kind: str, subject: str) -> str:
    """Stable per thing (not per date), so re-importing the file updates the event."""
    return f"{kind}-{subject}@{UID_DOMAIN}"


def _stamp(day: dt.date) -> dt.datetime:
    """DTSTAMP is required; derived from the event's own date it never changes by itself."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def _alarm(days_before: int, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    # Relative to the start: for an all-day event that is midnight local of the day.
    alarm.add("trigger", -dt.timedelta(days=days_before))
    return alarm


def _all_day(ident: str, day: dt.date, summary: str, lead_days: tuple[int, ...]) -> Event:
    event = Event()
    event.add("uid", ident)
    event.add("dtstamp", _stamp(day))
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    for n in sorted({n for n in lead_days if n >= 0}, reverse=True):
        event.add_component(_alarm(n, summary))
    return event


def _expiry_event(profile: Profile, due: Obligation, summary: str) -> Event:
    """A card's or the licence's last day; `summary` is filled with the obligation's names."""
    text = summary.format(**due.names)
    return _all_day(uid(due.kind, due.item_id), due.date, text, warn_days(profile, due.kind))


def _rrule(payment: Payment, start: dt.date) -> vRecur:
    """The payment's RRULE; a month-end series falls on the last day of short months, as the
    app's own schedule does (plain RFC 5545 would skip those months)."""
    assert payment.repeat is not None
    rule = cast(vRecur, vRecur.from_ical(payment.repeat.strip().removeprefix("RRULE:")))
    freq = str(rule.get("FREQ", [""])[0]).upper()
    if (
        start.day > 28
        and freq in ("MONTHLY", "YEARLY")
        and not any(part in rule for part in _DAY_CHOOSING_PARTS)
    ):
        rule["BYMONTHDAY"] = list(range(28, start.day + 1))
        rule["BYSETPOS"] = [-1]
        if freq == "YEARLY" and "BYMONTH" not in rule:
            rule["BYMONTH"] = [start.month]
    return rule


def _on_series(payment: Payment, start: dt.date) -> bool:
    assert payment.repeat is not None
    rule = build_rule(payment.repeat, start)
    midnight = dt.datetime.combine(payment.due, dt.time(0, 0))
    found = rule.after(midnight, inc=True)
    return found is not None and found == midnight


def _payment_event(profile: Profile, payment: Payment) -> Event:
    summary = _("{payment}{amount} for {account} is due").format(**payment_names(profile, payment))
    ident = uid(Kind.PAYMENT_DUE, payment.id)
    warn = warn_days(profile, Kind.PAYMENT_DUE)
    if payment.repeat is None:
        return _all_day(ident, payment.due, summary, warn)
    start = series_start(payment)
    event = _all_day(ident, start, summary, warn)
    event.add("rrule", _rrule(payment, start))
    if payment.due >= start and not _on_series(payment, start):
        # The user moved the next due date off the series: it still falls due.
        event.add("rdate", payment.due)
    return event


def _weekly_event(first: Obligation, tz: dt.tzinfo) -> Event:
    """The weekly check's series from its `first` check."""
    # A named zone gives a TZID (09:00 stays 09:00 across DST); a bare offset, floating time.
    zone = tz if isinstance(tz, ZoneInfo) and tz.key else None
    start = first.at(zone, dt.time(0, 0))
    summary = _("AccountWatch weekly health check")
    event = Event()
    event.add("uid", uid(first.kind, first.item_id))
    event.add("dtstamp", _stamp(first.date))
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + WEEKLY_DURATION)
    event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": _BYDAY[first.date.weekday()]})
    event.add_component(_alarm(0, summary))
    return event


def export_ics(profile: Profile, now: dt.datetime, tz: dt.tzinfo) -> bytes:
    """Card expiries, payments (recurring ones as RRULE events), the licence and the weekly
    check as events with an alarm per lead time. The same profile gives the same bytes; things
    that ended more than a year before `now` are left out."""
    oldest = now.astimezone(tz).date() - PAST_KEPT
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "AccountWatch")
    card_summary = _("Card {card} (…{last4}) expires")
    for card in card_expiries(profile, oldest, dt.date.max):
        cal.add_component(_expiry_event(profile, card, card_summary))
    for payment in profile.payments:
        if payment.is_paid or (payment.repeat is None and payment.due < oldest):
            continue
        cal.add_component(_payment_event(profile, payment))
    for licence in licence_expiry(profile, oldest, dt.date.max):
        summary = _("The business licence of {company} expires")
        cal.add_component(_expiry_event(profile, licence, summary))
    anchor_week = (WEEKLY_ANCHOR, WEEKLY_ANCHOR + dt.timedelta(days=6))
    first = next(weekly_checks(profile, *anchor_week), None)
    if first is not None:
        cal.add_component(_weekly_event(first, tz))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
