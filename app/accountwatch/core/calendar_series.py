"""A payment's series as RRULEs that calcurse, khal and icalendar/dateutil all read alike."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping
from itertools import takewhile
from typing import Any, cast

from icalendar import vRecur

from accountwatch.core.dates import HORIZON_YEARS, build_rule, rule_text
from accountwatch.core.model import Payment

# A series no single rule can carry to every client is written one event per due date, this
# far ahead of the export (exporting again later adds the dates beyond).
EXPANDED_AHEAD_YEARS = 3
_DAY_CHOOSING_PARTS = ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")


def _month_end_day(day: int, month: int) -> int:
    """BYMONTHDAY for a series on `day` (29–31) in `month`: -1 (the last day) when the month
    never runs past `day`, else `day` itself (the month always has it: only February's length
    varies, and any day past 28 is its last day or beyond)."""
    return -1 if day >= calendar.monthrange(2000, month)[1] else day


def _occurrences(payment: Payment, start: dt.date) -> Iterator[dt.date]:
    """The series' due dates as the app follows it (bounded to `HORIZON_YEARS`)."""
    assert payment.repeat is not None
    rule: Any = build_rule(payment.repeat, start)
    # build_rule keeps a COUNT as it is, unbounded by the horizon: stop there all the same.
    limit = dt.datetime(min(start.year + HORIZON_YEARS, dt.MAXYEAR - 1), 12, 31)
    return (moment.date() for moment in takewhile(lambda moment: moment <= limit, rule))


# How a month-end series is written. RFC 5545 has one rule for "the 30th, or the last day of a
# shorter month": BYMONTHDAY=28,29,30 with BYSETPOS=-1 (what the app itself follows). khal and
# the icalendar/dateutil reading follow it; calcurse 4.7 imports it without BYSETPOS (silently)
# and shows the payment on the 28th, 29th and 30th of every month. RDATE it ignores too (only
# the first date shows). What all three read the same (checked with each): BYMONTHDAY with a
# negative day (-1, the last day), BYMONTH, INTERVAL, UNTIL and COUNT. So, with the months
# taken from the series as the app follows it:
# - a monthly series whose every month ends on or before its day (the 31st) is one rule with
#   BYMONTHDAY=-1;
# - a yearly one, or a monthly one that comes back to the same months every year (INTERVAL
#   dividing 12), is at most two yearly rules: the months that have the day, on the day, and
#   the months that end on or before it (February; for the 30th or 31st the short months too)
#   on their last day;
# - anything else, and any rule of the user's own with BYSETPOS, is one event per due date up
#   to `EXPANDED_AHEAD_YEARS` ahead.
def payment_series(
    payment: Payment, start: dt.date, oldest: dt.date, now: dt.date
) -> Iterator[tuple[str, dt.date, vRecur | None]]:
    """(key suffix, DTSTART, RRULE or None for a single date) of each event of the series."""
    assert payment.repeat is not None
    rule = cast(vRecur, vRecur.from_ical(rule_text(payment.repeat)))
    if "COUNT" in rule and "UNTIL" in rule:
        # Stored before the two were refused together: RFC 5545 allows one, and calendars may
        # drop a rule with both. The series' last due date as the app follows it ends it.
        last = list(_occurrences(payment, start))[-1:]
        del rule["COUNT"]
        rule["UNTIL"] = last[0] if last else start
    freq = str(rule.get("FREQ", [""])[0]).upper()
    if "BYSETPOS" in rule:
        yield from _expanded(payment, start, oldest, now)
        return
    explicit = any(part in rule for part in _DAY_CHOOSING_PARTS)
    if explicit or start.day <= 28 or freq not in ("MONTHLY", "YEARLY"):
        yield "", start, rule
        return
    dates = list(_occurrences(payment, start))
    days = {day.month: _month_end_day(start.day, day.month) for day in dates}
    if freq == "MONTHLY" and all(day == -1 for day in days.values()):
        rule["BYMONTHDAY"] = [-1]
        yield "", start, rule
    elif freq == "MONTHLY" and all(day == start.day for day in days.values()):
        yield "", start, rule  # every month it comes to has the day: nothing to move
    elif freq == "MONTHLY" and 12 % int(rule.get("INTERVAL", [1])[0]):
        yield from _expanded(payment, start, oldest, now)
    else:
        yield from _by_month_end(rule, freq, dates, days)


def _by_month_end(
    rule: vRecur, freq: str, dates: list[dt.date], days: Mapping[int, int]
) -> Iterator[tuple[str, dt.date, vRecur | None]]:
    """Yearly rules: one for the months that have the series' day, one for those that end on
    or before it."""
    years = int(rule.get("INTERVAL", [1])[0]) if freq == "YEARLY" else 1
    groups = {
        wanted: [day for day in dates if days[day.month] == wanted] for wanted in set(days.values())
    }
    for wanted, falling in sorted(groups.items(), key=lambda item: item[1][0]):
        part = vRecur(FREQ="YEARLY")
        if years > 1:
            part["INTERVAL"] = years
        part["BYMONTH"] = sorted({day.month for day in falling})
        part["BYMONTHDAY"] = [wanted]
        if len(groups) == 1:
            for name in ("COUNT", "UNTIL"):
                if name in rule:
                    part[name] = rule[name]
        elif "COUNT" in rule or "UNTIL" in rule:
            # A COUNT would count each half on its own: the last due date ends both instead.
            part["UNTIL"] = dates[-1]
        # The series' own key for the half it starts with, so an earlier export is updated.
        suffix = "" if falling[0] == dates[0] else "-month-end"
        yield suffix, falling[0], part


def _expanded(
    payment: Payment, start: dt.date, oldest: dt.date, now: dt.date
) -> Iterator[tuple[str, dt.date, vRecur | None]]:
    """One event per due date from `oldest` to `EXPANDED_AHEAD_YEARS` after `now`."""
    end = now.replace(year=now.year + EXPANDED_AHEAD_YEARS, day=min(now.day, 28))
    for day in _occurrences(payment, start):
        if day > end:
            return
        if day >= oldest:
            yield f"-{day:%Y%m%d}", day, None
