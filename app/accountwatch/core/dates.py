"""Calendar arithmetic: recurring payments through RFC 5545 RRULEs, with month ends kept."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from dateutil import rrule as du

from accountwatch.core.cardnumbers import masked
from accountwatch.core.model import Payment
from accountwatch.i18n import _

# Every date the profile or the command line gives: far enough either way for any real card,
# bill or licence, and far from the year 9999 where date arithmetic (a horizon of 30 years, a
# reminder 60 days before, a year of weekly checks ahead) would overflow.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
# A series is followed at most HORIZON_YEARS ahead. An INTERVAL of more than 1,000 periods never
# repeats within it even daily, and a COUNT of more than 100,000 never ends within it (30 years
# hold under 11,000 days); larger values only come from typos or hostile files, and must not
# reach the calendar export (RFC 5545 integers are 32-bit) or step a date past the year 9999.
MAX_INTERVAL = 1000
MAX_COUNT = 100_000
# BYDAY=nMO: a month holds at most 5 of a weekday, a year 53; dateutil accepts any n up to 53
# and then indexes past its tables (IndexError) when a month is asked for the 6th or more.
_MOST_NTH_IN_MONTH, _MOST_NTH_IN_YEAR = 5, 53
# Rules finer than a day make no sense for a bill and would let a hostile file expand forever.
_ALLOWED_FREQS = {du.YEARLY, du.MONTHLY, du.WEEKLY, du.DAILY}
# How far we ever look ahead, and how soon a rule must first occur to be accepted: an
# impossible rule (30 February) makes dateutil scan its whole range, so keep that range short.
HORIZON_YEARS = 30
FIRST_OCCURRENCE_YEARS = 5
# The by-parts after which the day of the month is the user's explicit choice, not ours.
_UNSUPPORTED_PARTS = ("byyearday", "byweekno", "byeaster")
_TIME_UNITS = ("hour", "minute", "second")
_DAY_CHOOSING_PARTS = ("bymonthday", "byweekday", "byyearday", "byweekno", "bysetpos", "byeaster")


class RecurrenceError(ValueError):
    """A repeat rule that cannot be used. `reason` says why without quoting the rule, for a
    message that must not repeat it (it may hold a long number)."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(_("{rule!r}: {reason}").format(rule=rule, reason=reason))
        self.reason = reason


# RFC 5545 §3.3.10's rule parts; dateutil reads them too, in words of its own (Python's, for an
# empty part) that a user cannot act on.
_RULE_PARTS = frozenset(
    {
        "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
        "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
    }
)  # fmt: skip
# A date as the profile and the command line write it, and no other ISO form.
DAY_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATEUTIL_INVALID = re.compile(r"invalid '([A-Z]+)'")
_UNTIL_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


def _shown_part(part: str) -> str:
    """A part of a rule quoted for a message, never 13 digits or more (it may be a card number)."""
    return masked(part) or repr(part)


def _rule_parts(text: str, body: str) -> dict[str, str]:
    """The parts of the rule `body` by upper-case name; `RecurrenceError` for what RFC 5545
    forbids in how a rule is written, which dateutil accepts or reports in its own words."""
    parts: dict[str, str] = {}
    for part in body.split(";"):
        if not part.strip():
            raise RecurrenceError(
                text, _("it has an empty part (';' twice in a row, or at the start or end)")
            )
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            raise RecurrenceError(
                text, _("{part} is not written NAME=VALUE").format(part=_shown_part(part))
            )
        key = name.upper()
        if key not in _RULE_PARTS:
            raise RecurrenceError(
                text, _("{part} is not a part of an RRULE").format(part=_shown_part(name))
            )
        if key in parts:
            raise RecurrenceError(text, _("{part} is given more than once").format(part=key))
        parts[key] = value
    return parts


def _check_written(text: str, body: str) -> None:
    """What RFC 5545 forbids and dateutil lets through, or words for what dateutil refuses."""
    parts = _rule_parts(text, body)
    if "FREQ" not in parts:
        raise RecurrenceError(text, _("FREQ is missing (e.g. FREQ=MONTHLY)"))
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError(
            text,
            _(
                "COUNT and UNTIL must not both be given (RFC 5545): keep COUNT for a number of "
                "payments or UNTIL for the last date"
            ),
        )
    until = parts.get("UNTIL")
    if until is not None:
        found = _UNTIL_DATE.fullmatch(until)
        if found is None:
            # A payment is an all-day series (its DTSTART a DATE), so RFC 5545 wants its UNTIL
            # a DATE too; dateutil would take a time, a UTC time (refused in misleading words)
            # or any loose text its date parser reads, such as "2026".
            raise RecurrenceError(text, _("UNTIL must be a date written YYYYMMDD, without a time"))
        try:
            dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            raise RecurrenceError(text, _("UNTIL is not a date that exists")) from None


def _dateutil_refusal(error: Exception) -> str:
    """Why dateutil refused a rule, in the user's words rather than dateutil's or Python's."""
    found = _DATEUTIL_INVALID.match(str(error))
    if found is not None and found[1] == "FREQ":
        return _("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
    if found is not None:
        return _("the value of {part} is not valid").format(part=found[1])
    return _("not a valid RRULE (e.g. FREQ=MONTHLY)")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def rule_text(text: str) -> str:
    """A rule without its optional "RRULE:" name, in any case (as the profile accepts it)."""
    body = text.strip()
    return body[len("RRULE:") :] if body[: len("RRULE:")].upper() == "RRULE:" else body


def _rule_body(text: str) -> str:
    """The rule without its optional "RRULE:" name; `RecurrenceError` for no rule at all."""
    body = rule_text(text)
    if not body or any(c in body for c in "\r\n") or "DTSTART" in body.upper():
        raise RecurrenceError(text, _("not an RRULE (e.g. FREQ=MONTHLY)"))
    return body


def build_rule(text: str, start: dt.date) -> du.rrule:
    """The RRULE `text` anchored on `start`, bounded to `HORIZON_YEARS`.

    A monthly (or yearly) series anchored on the 29th–31st falls on the last day of shorter
    months, as a bill does; plain RFC 5545 would skip those months instead.
    """
    body = _rule_body(text)
    if {"COUNT", "UNTIL"} <= set(map(_part_name, body.split(";"))):
        body = _one_end(body, start)
    try:
        rule = du.rrulestr(body, dtstart=_midnight(start))
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise RecurrenceError(text, _dateutil_refusal(exc)) from exc
    if not isinstance(rule, du.rrule):
        raise RecurrenceError(text, _("not a single RRULE"))
    return _checked_and_bounded(rule, text, start)


def _part_name(part: str) -> str:
    return part.partition("=")[0].strip().upper()


def _without(body: str, name: str) -> str:
    return ";".join(part for part in body.split(";") if _part_name(part) != name)


def _one_end(body: str, start: dt.date) -> str:
    """A rule stored with both COUNT and UNTIL (before they were refused together) as RFC 5545
    allows it, with the earlier of its two ends as UNTIL alone: calendars may drop a rule with
    both, and dateutil is to refuse it."""
    counted: Any = build_rule(_without(body, "UNTIL"), start)
    until: Any = build_rule(_without(body, "COUNT"), start)
    last = list(counted)[-1:]
    end = min(last[0], until._until) if last else until._until
    return f"{_without(_without(body, 'COUNT'), 'UNTIL')};UNTIL={end:%Y%m%d}"


def _checked_and_bounded(parsed: du.rrule, text: str, start: dt.date) -> du.rrule:
    # dateutil keeps the parsed parts in private attributes its stubs do not declare.
    rule: Any = parsed
    if rule._freq not in _ALLOWED_FREQS:
        raise RecurrenceError(text, _("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"))
    unsupported = [part for part in _UNSUPPORTED_PARTS if rule._original_rule.get(part)]
    if unsupported or any(set(getattr(rule, f"_by{unit}") or ()) != {0} for unit in _TIME_UNITS):
        names = ", ".join(p.upper() for p in unsupported) or "BYHOUR/BYMINUTE/BYSECOND"
        raise RecurrenceError(text, _("{parts} is not supported for a payment").format(parts=names))
    if not _month_days_possible(rule):
        raise RecurrenceError(text, _("BYMONTHDAY never falls in BYMONTH"))
    if not 1 <= rule._interval <= MAX_INTERVAL:
        raise RecurrenceError(text, _("INTERVAL must be 1 to {most}").format(most=MAX_INTERVAL))
    if rule._count is not None and not 1 <= rule._count <= MAX_COUNT:
        raise RecurrenceError(text, _("COUNT must be 1 to {most}").format(most=MAX_COUNT))
    if any(abs(n) > _most_nth(rule) for _weekday, n in rule._bynweekday or ()):
        raise RecurrenceError(text, _("BYDAY asks for a weekday more often than a period has it"))
    if rule._bysetpos and all(abs(pos) > _most_per_period(rule) for pos in rule._bysetpos):
        # dateutil would scan every period up to the year 9999 looking for that position.
        raise RecurrenceError(
            text, _("BYSETPOS asks for more dates in a period than the rule gives")
        )
    changes: dict[str, Any] = {}
    limit = _midnight(_add_years(start, HORIZON_YEARS))
    if rule._until is None or rule._until > limit:
        changes["until"] = limit
        if rule._count is not None:
            changes["count"] = None
    explicit = rule._original_rule
    if (
        start.day > 28
        and rule._freq in (du.MONTHLY, du.YEARLY)
        and not any(explicit.get(part) for part in _DAY_CHOOSING_PARTS)
    ):
        changes["bymonthday"] = tuple(range(28, start.day + 1))
        changes["bysetpos"] = -1
        if rule._freq == du.YEARLY and not explicit.get("bymonth"):
            changes["bymonth"] = start.month
    if changes:
        if rule._count is not None and "count" in changes:
            # COUNT and UNTIL exclude each other; keep the user's COUNT, it is bounded already.
            del changes["count"], changes["until"]
        rule = rule.replace(**changes)
    return cast(du.rrule, rule)


def _most_nth(rule: Any) -> int:
    """The largest n that BYDAY=nMO can mean (dateutil keeps n only for MONTHLY and YEARLY;
    a YEARLY rule with BYMONTH counts within each month)."""
    if rule._freq == du.YEARLY and not rule._original_rule.get("bymonth"):
        return _MOST_NTH_IN_YEAR
    return _MOST_NTH_IN_MONTH


def _most_per_period(rule: Any) -> int:
    """An upper bound on the dates one period (day, week, month, year) of the rule can hold."""
    explicit = rule._original_rule
    if rule._freq == du.DAILY:
        return 1
    weekdays = len(rule._byweekday or ()) if explicit.get("byweekday") else 0
    nth_weekdays = len(rule._bynweekday or ()) if explicit.get("byweekday") else 0
    if rule._freq == du.WEEKLY:
        return weekdays or 1
    month_days = len(rule._bymonthday or ()) + len(rule._bynmonthday or ())
    if not explicit.get("bymonthday"):
        month_days = 0
    months = len(rule._bymonth or ()) if explicit.get("bymonth") else 0
    if rule._freq == du.MONTHLY:
        per_month = [n for n in (month_days, 5 * weekdays + nth_weekdays) if n]
        return min(per_month, default=1)
    # YEARLY: BYDAY without BYMONTH means weekdays of the whole year.
    in_months = months or 12
    by_weekday = (5 * in_months if months else 53) * weekdays + nth_weekdays * in_months
    per_year = [n for n in (in_months * month_days, by_weekday) if n]
    return min(per_year, default=max(months, 1))


def _month_days_possible(rule: Any) -> bool:
    """Whether some BYMONTH has some BYMONTHDAY (in a leap year); dateutil would scan to 9999."""
    days = [*(rule._bymonthday or ()), *(rule._bynmonthday or ())]
    if not rule._original_rule.get("bymonthday") or not days:
        return True
    months = rule._bymonth or tuple(range(1, 13))
    return any(abs(day) <= calendar.monthrange(2000, month)[1] for month in months for day in days)


def validate_repeat(text: str, start: dt.date) -> None:
    """Raise `RecurrenceError` unless `text` is a usable rule that ever occurs from `start`.

    Stricter than `build_rule`, which still follows the rules stored before these checks."""
    _check_written(text, _rule_body(text))
    rule: Any = build_rule(text, start)
    soon = _midnight(_add_years(start, FIRST_OCCURRENCE_YEARS))
    if rule._until is not None and rule._until > soon:
        rule = rule.replace(until=soon)
    try:
        first = rule.after(_midnight(start), inc=True)
    except (ValueError, IndexError, OverflowError) as exc:
        # What dateutil accepts but cannot follow (the checks above know the cases seen so far).
        raise RecurrenceError(text, _("its dates cannot be worked out")) from exc
    if first is None:
        raise RecurrenceError(
            text,
            _("it does not occur within {years} years of {date}").format(
                years=FIRST_OCCURRENCE_YEARS, date=start.isoformat()
            ),
        )


def series_start(payment: Payment) -> dt.date:
    return payment.repeat_start or payment.due


@dataclass(frozen=True)
class _PlainSeries:
    """A rule with no BY-parts: every INTERVAL-th day, week, month or year from the anchor."""

    freq: int
    interval: int
    count: int | None
    until: dt.date | None

    def nth(self, anchor: dt.date, k: int) -> dt.date:
        n = k * self.interval
        if self.freq in (du.YEARLY, du.MONTHLY):
            # Clamped to the month's end: the 31st becomes 28/29 Feb, then 31 Mar again.
            return add_months(anchor, n * 12 if self.freq == du.YEARLY else n)
        return anchor + dt.timedelta(days=n * (7 if self.freq == du.WEEKLY else 1))

    def first_index_near(self, anchor: dt.date, day: dt.date) -> int:
        """A step index at or before the first occurrence after `day` (never past it)."""
        if self.freq == du.YEARLY:
            steps = day.year - anchor.year
        elif self.freq == du.MONTHLY:
            steps = (day.year - anchor.year) * 12 + day.month - anchor.month
        else:
            steps = (day - anchor).days // (7 if self.freq == du.WEEKLY else 1)
        return max(0, steps // self.interval - 1)


@lru_cache(maxsize=512)
def _plain_series(text: str) -> _PlainSeries | None:
    """The arithmetic form of a rule without BY-parts (fast), or None to use dateutil."""
    try:
        rule: Any = build_rule(text, dt.date(2000, 1, 1))
    except RecurrenceError:
        return None
    if any(value is not None for value in rule._original_rule.values()):
        return None
    # build_rule bounds every rule with UNTIL; only a UNTIL the user wrote counts here.
    parsed: Any = du.rrulestr(rule_text(text), dtstart=dt.datetime(2000, 1, 1))
    until = parsed._until.date() if parsed._until is not None else None
    return _PlainSeries(rule._freq, rule._interval, parsed._count, until)


def _series_after(payment: Payment, after: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Due dates of the series strictly after `after` and up to `end`."""
    assert payment.repeat is not None
    anchor = series_start(payment)
    end = min(end, _add_years(anchor, HORIZON_YEARS))
    plain = _plain_series(payment.repeat)
    if plain is None:
        rule = build_rule(payment.repeat, anchor)
        first = _midnight(after + dt.timedelta(days=1))
        if first <= _midnight(end):
            yield from (m.date() for m in rule.between(first, _midnight(end), inc=True))
        return
    k = plain.first_index_near(anchor, after)
    while plain.count is None or k < plain.count:
        day = plain.nth(anchor, k)
        if day > end or (plain.until is not None and day > plain.until):
            return
        if day > after:
            yield day
        k += 1


def occurrences(payment: Payment, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Unpaid due dates of `payment` from `start` to `end` (both included), in order."""
    if payment.is_paid or payment.due > end:
        return
    # The recorded due date is unpaid even when the user moved it off the series.
    if start <= payment.due:
        yield payment.due
    if payment.repeat is not None:
        yield from _series_after(payment, max(payment.due, start - dt.timedelta(days=1)), end)


def next_due_after(payment: Payment, day: dt.date) -> dt.date | None:
    """The series' first due date after `day`, or None for a one-off payment or an ended series."""
    if payment.repeat is None:
        return None
    horizon = _add_years(series_start(payment), HORIZON_YEARS)
    return next(_series_after(payment, day, horizon), None)


def next_weekday_at(now: dt.datetime, weekday: int, at: dt.time) -> dt.datetime:
    """The first moment on or after `now` that falls on `weekday` (Monday 0) at `at`."""
    days = (weekday - now.weekday()) % 7
    candidate = dt.datetime.combine(now.date() + dt.timedelta(days=days), at, tzinfo=now.tzinfo)
    if candidate < now:
        candidate += dt.timedelta(days=7)
    return candidate


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the last day of the target month.

    The same as `day + relativedelta(months=months)`, which is ten times slower; a large
    profile asks this tens of thousands of times per check.
    """
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    if day.day <= 28:  # every month has it: no need for the month's length (most days)
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
