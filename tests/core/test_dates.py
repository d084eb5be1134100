"""Card expiry months and recurring payments, at month ends and in leap years."""

from __future__ import annotations

import datetime as dt
import random
import warnings
from collections import Counter

import pytest
from dateutil import rrule as du

from accountwatch.core.dates import (
    RecurrenceError,
    _most_per_period,
    add_months,
    build_rule,
    next_due_after,
    next_weekday_at,
    occurrences,
    validate_repeat,
)
from accountwatch.core.model import Payment, YearMonth

D = dt.date


@pytest.mark.parametrize(
    ("expires", "last_day"),
    [
        ("2027-02", D(2027, 2, 28)),
        ("2028-02", D(2028, 2, 29)),  # leap year
        ("2100-02", D(2100, 2, 28)),  # not a leap year (divisible by 100)
        ("2000-02", D(2000, 2, 29)),  # leap year (divisible by 400)
        ("2026-12", D(2026, 12, 31)),
        ("2027-04", D(2027, 4, 30)),
    ],
)
def test_a_card_is_valid_through_the_last_day_of_its_month(expires: str, last_day: D) -> None:
    assert YearMonth.parse(expires).valid_through == last_day


@pytest.mark.parametrize("text", ["2027-13", "2027-00"])
def test_impossible_months_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        YearMonth.parse(text)


def _payment(due: D, repeat: str | None, **kw: object) -> Payment:
    return Payment(id="p", account="a", due=due, repeat=repeat, **kw)  # type: ignore[arg-type]


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    dates = list(
        occurrences(_payment(D(2027, 1, 31), "FREQ=MONTHLY"), D(2027, 1, 1), D(2027, 5, 31))
    )
    assert dates == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30), D(2027, 5, 31)]


def test_monthly_on_the_31st_in_a_leap_year_falls_on_29_february() -> None:
    dates = list(
        occurrences(_payment(D(2028, 1, 31), "FREQ=MONTHLY"), D(2028, 2, 1), D(2028, 3, 31))
    )
    assert dates == [D(2028, 2, 29), D(2028, 3, 31)]


def test_monthly_on_the_30th_keeps_the_30th_after_february() -> None:
    dates = list(
        occurrences(_payment(D(2027, 1, 30), "FREQ=MONTHLY"), D(2027, 2, 1), D(2027, 4, 30))
    )
    assert dates == [D(2027, 2, 28), D(2027, 3, 30), D(2027, 4, 30)]


def test_yearly_on_29_february_falls_on_28_february_in_common_years() -> None:
    dates = list(
        occurrences(_payment(D(2028, 2, 29), "FREQ=YEARLY"), D(2028, 1, 1), D(2032, 12, 31))
    )
    assert dates == [D(2028, 2, 29), D(2029, 2, 28), D(2030, 2, 28), D(2031, 2, 28), D(2032, 2, 29)]


def test_the_series_keeps_its_anchor_after_a_short_month() -> None:
    # Paid through February: the next due date recorded is 28 Feb, the series still says "31st".
    payment = _payment(D(2027, 2, 28), "FREQ=MONTHLY", repeat_start=D(2027, 1, 31))
    assert next_due_after(payment, D(2027, 2, 28)) == D(2027, 3, 31)


def test_an_explicit_bymonthday_is_the_users_choice() -> None:
    dates = list(
        occurrences(
            _payment(D(2027, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=31"), D(2027, 1, 1), D(2027, 4, 30)
        )
    )
    assert dates == [D(2027, 1, 31), D(2027, 3, 31)]


def test_a_paid_one_off_payment_has_no_occurrences() -> None:
    paid = _payment(D(2027, 1, 10), None, paid_on=D(2027, 1, 9))
    assert list(occurrences(paid, D(2027, 1, 1), D(2027, 12, 31))) == []
    assert next_due_after(paid, D(2027, 1, 10)) is None


def test_count_ends_the_series() -> None:
    payment = _payment(D(2027, 1, 15), "FREQ=MONTHLY;COUNT=2")
    assert list(occurrences(payment, D(2027, 1, 1), D(2027, 12, 31))) == [
        D(2027, 1, 15),
        D(2027, 2, 15),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SOMETIMES",
        "",
        "FREQ=SECONDLY",
        "FREQ=HOURLY",
        "FREQ=MONTHLY;INTERVAL=0",
        "FREQ=MONTHLY;COUNT=x",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # never happens: dateutil would scan to year 9999
        "FREQ=YEARLY;BYYEARDAY=100",
        "DTSTART:20270101\nRRULE:FREQ=DAILY",
        "FREQ=MONTHLY;UNTIL=20200101",
    ],
)
def test_unusable_rules_are_refused(rule: str) -> None:
    with pytest.raises(RecurrenceError):
        validate_repeat(rule, D(2027, 1, 1))


@pytest.mark.parametrize(
    "rule",
    ["FREQ=MONTHLY", "RRULE:FREQ=YEARLY", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=WEEKLY;INTERVAL=2"],
)
def test_usual_rules_are_accepted(rule: str) -> None:
    validate_repeat(rule, D(2027, 1, 1))


def test_next_weekday_at_is_later_the_same_day_or_next_week() -> None:
    monday_8 = dt.datetime(2026, 11, 30, 8, 0)
    assert next_weekday_at(monday_8, 0, dt.time(9, 0)) == dt.datetime(2026, 11, 30, 9, 0)
    monday_10 = dt.datetime(2026, 11, 30, 10, 0)
    assert next_weekday_at(monday_10, 0, dt.time(9, 0)) == dt.datetime(2026, 12, 7, 9, 0)


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2027, 3, 31), -1) == D(2027, 2, 28)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=WEEKLY;INTERVAL=2",
        "FREQ=MONTHLY",
        "FREQ=MONTHLY;INTERVAL=5",
        "FREQ=YEARLY",
        "FREQ=MONTHLY;COUNT=7",
        "FREQ=MONTHLY;UNTIL=20280315",
        "FREQ=YEARLY;INTERVAL=4;COUNT=3",
    ],
)
def test_the_fast_path_for_plain_rules_agrees_with_dateutil(rule: str) -> None:
    anchors = [
        D(2027, m, d)
        for m in (1, 2, 3, 8, 12)
        for d in (1, 15, 28, 29, 30, 31)
        if d <= 28 or m != 2
    ]
    anchors += [D(2028, 2, 29), D(2028, 1, 31)]
    for anchor in anchors:
        payment = _payment(anchor, rule)
        for window_start in (anchor, anchor + dt.timedelta(days=400)):
            end = window_start + dt.timedelta(days=800)
            expected = [
                m.date()
                for m in build_rule(rule, anchor).between(
                    dt.datetime.combine(window_start, dt.time()),
                    dt.datetime.combine(end, dt.time()),
                    inc=True,
                )
            ]
            assert list(occurrences(payment, window_start, end)) == expected, (anchor, window_start)


def test_add_months_matches_relativedelta() -> None:
    from dateutil.relativedelta import relativedelta

    days = (D(2027, 1, 31), D(2028, 2, 29), D(2027, 2, 28), D(2026, 8, 30), D(2027, 12, 15))
    for start in (*days, D(2026, 3, 1)):
        for months in range(-30, 31):
            assert add_months(start, months) == start + relativedelta(months=months)


@pytest.mark.parametrize(
    "rule",
    ["FREQ=DAILY;BYSETPOS=2", "FREQ=MONTHLY;BYSETPOS=-40;BYDAY=MO,TU", "FREQ=WEEKLY;BYSETPOS=3"],
)
def test_a_bysetpos_beyond_what_a_period_holds_is_refused_at_once(rule: str) -> None:
    # dateutil would look for it in every period up to the year 9999 (seconds of work).
    with pytest.raises(RecurrenceError, match="BYSETPOS asks for more dates"):
        validate_repeat(rule, dt.date(2026, 12, 1))


def test_the_bound_on_dates_per_period_is_never_too_low() -> None:
    """A BYSETPOS is refused only when no period can reach it: compare the bound with the most
    dates dateutil gives any period of random rules over eight years."""
    rng = random.Random(20261129)
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    for _trial in range(150):
        freq = rng.choice(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
        parts = [f"FREQ={freq}"]
        if rng.random() < 0.6:
            chosen = rng.sample(days, rng.randint(1, 3))
            if freq in ("MONTHLY", "YEARLY") and rng.random() < 0.4:
                chosen = [f"{rng.choice([1, 2, -1, 3])}{d}" for d in chosen]
            parts.append("BYDAY=" + ",".join(chosen))
        if freq in ("MONTHLY", "YEARLY") and rng.random() < 0.5:
            picks = [
                rng.choice([1, 5, 13, 28, 29, 30, 31, -1, -3]) for _ in range(rng.randint(1, 3))
            ]
            parts.append("BYMONTHDAY=" + ",".join(map(str, picks)))
        if rng.random() < 0.4:
            months = rng.sample(range(1, 13), rng.randint(1, 3))
            parts.append("BYMONTH=" + ",".join(map(str, months)))
        start = dt.datetime(2026, rng.randint(1, 12), rng.randint(1, 28))
        rule = du.rrulestr(";".join(parts), dtstart=start)
        dates = rule.between(start, start.replace(year=start.year + 8), inc=True)

        def period(moment: dt.datetime, freq: str = freq, start: dt.datetime = start) -> object:
            if freq == "WEEKLY":
                return (moment - dt.timedelta(days=(moment.weekday() - start.weekday()) % 7)).date()
            return {"DAILY": moment.date(), "MONTHLY": moment.month + 12 * moment.year}.get(
                freq, moment.year
            )

        most = max(Counter(map(period, dates)).values(), default=0)
        assert most <= _most_per_period(rule), ";".join(parts)


def test_count_and_until_together_are_refused() -> None:
    # RFC 5545 §3.3.10: UNTIL and COUNT MUST NOT occur in the same rule.
    with pytest.raises(RecurrenceError, match="COUNT and UNTIL must not both be given"):
        validate_repeat("FREQ=MONTHLY;COUNT=2;UNTIL=20270101", D(2026, 12, 1))


def test_a_rule_stored_before_that_check_is_still_followed() -> None:
    # A data folder may hold one from an earlier version: a check or calendar must not fail.
    # (dateutil warns that it will refuse such a rule one day; it ends at the earlier limit.)
    payment = _payment(D(2027, 1, 15), "FREQ=MONTHLY;COUNT=5;UNTIL=20270301")
    with pytest.warns(DeprecationWarning, match="count' and 'until"):
        found = list(occurrences(payment, D(2027, 1, 1), D(2027, 12, 31)))
    assert found == [D(2027, 1, 15), D(2027, 2, 15)]


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=MONTHLY;;", "it has an empty part (';' twice in a row, or at the start or end)"),
        (";FREQ=MONTHLY", "it has an empty part"),
        ("FREQ=MONTHLY;", "it has an empty part"),
        ("FREQ=MONTHLY;COUNT", "'COUNT' is not written NAME=VALUE"),
        ("FREQ=MONTHLY;FOO=1", "'FOO' is not a part of an RRULE"),
        ("FREQ=MONTHLY;FREQ=YEARLY", "FREQ is given more than once"),
        ("COUNT=3", "FREQ is missing"),
        ("FREQ=MONTHLY;COUNT=x", "the value of COUNT is not valid"),
        ("FREQ=SOMETIMES", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;UNTIL=20261220T000000Z", "UNTIL must be a date written YYYYMMDD"),
        ("FREQ=MONTHLY;UNTIL=20261220T000000", "UNTIL must be a date written YYYYMMDD"),
        ("FREQ=MONTHLY;UNTIL=2027", "UNTIL must be a date written YYYYMMDD"),
        ("FREQ=MONTHLY;UNTIL=20271301", "UNTIL is not a date that exists"),
    ],
)
def test_a_refused_rule_says_why_in_plain_words(rule: str, reason: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        validate_repeat(rule, D(2026, 12, 1))
    assert caught.value.reason.startswith(reason)
    assert str(caught.value) == f"{rule!r}: {caught.value.reason}"
    for python_words in ("unpack", "positional", "unknown parameter", "invalid '", "DTSTART"):
        assert python_words not in str(caught.value)


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;UNTIL=20271220", "freq=monthly;count=3"])
def test_until_as_a_date_and_lower_case_names_are_accepted(rule: str) -> None:
    validate_repeat(rule, D(2026, 12, 1))


@pytest.mark.parametrize(
    ("rule", "days"),
    [
        # Stored before COUNT with UNTIL was refused: the earlier of the two ends holds.
        ("FREQ=MONTHLY;COUNT=5;UNTIL=20270401", [D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15)]),
        ("FREQ=MONTHLY;UNTIL=20270601;COUNT=2", [D(2027, 1, 15), D(2027, 2, 15)]),
        ("rrule:freq=monthly;count=9;until=20270101", []),
    ],
)
def test_a_stored_rule_with_count_and_until_ends_at_the_earlier(rule: str, days: list[D]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil deprecates the two together
        assert [m.date() for m in build_rule(rule, D(2027, 1, 15))] == days
