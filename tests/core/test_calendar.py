"""The calendar export parses back with icalendar and is the same file for the same profile."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from accountwatch.core.calendar import PRODID, export_ics
from accountwatch.core.model import (
    Account,
    Card,
    CompanyRecord,
    Payment,
    Profile,
    Settings,
    Weekday,
    WeeklyCheck,
    YearMonth,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=BERLIN)

PROFILE = Profile(
    company=CompanyRecord(name="Sakura", license_expires=dt.date(2027, 3, 31)),
    accounts=(Account(id="shop", login_id="shop", label="Shop"),),
    cards=(Card(id="visa-main", label="Visa", last4="4242", expires=YearMonth(2028, 2)),),
    payments=(
        Payment(
            id="gold",
            account="shop",
            due=dt.date(2027, 1, 31),
            description="Gold",
            amount=Decimal("2999.00"),
            currency="USD",
            repeat="FREQ=MONTHLY",
        ),
        Payment(id="once", account="shop", due=dt.date(2026, 12, 5), description="Once"),
        Payment(id="paid", account="shop", due=dt.date(2026, 12, 1), paid_on=dt.date(2026, 11, 20)),
    ),
    settings=Settings(weekly_check=WeeklyCheck(Weekday.TUE, dt.time(8, 30))),
)


def events(data: bytes) -> dict[str, Event]:
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def triggers(event: Event) -> list[dt.timedelta]:
    return [alarm["TRIGGER"].dt for alarm in event.walk("VALARM")]


def test_events_alarms_and_rules() -> None:
    found = events(export_ics(PROFILE, NOW, BERLIN))
    assert set(found) == {
        "card-expiry-visa-main@accountwatch",
        "payment-due-gold@accountwatch",
        "payment-due-once@accountwatch",
        "license-expiry-company@accountwatch",
        "weekly-check-weekly-check@accountwatch",
    }
    card = found["card-expiry-visa-main@accountwatch"]
    assert card["DTSTART"].dt == dt.date(2028, 2, 29)  # the leap day
    assert card["DTEND"].dt == dt.date(2028, 3, 1)
    assert "Visa (…4242)" in str(card["SUMMARY"])
    assert triggers(card) == [dt.timedelta(days=-n) for n in (60, 30, 7)]
    assert all(a["ACTION"] == "DISPLAY" and a["DESCRIPTION"] for a in card.walk("VALARM"))

    gold = found["payment-due-gold@accountwatch"]
    assert gold["DTSTART"].dt == dt.date(2027, 1, 31)
    rule = gold["RRULE"]
    # The 31st falls on the last day of shorter months, as in the app.
    assert (rule["FREQ"], rule["BYMONTHDAY"], rule["BYSETPOS"]) == (
        ["MONTHLY"],
        [28, 29, 30, 31],
        [-1],
    )
    assert "$2,999.00" in str(gold["SUMMARY"])
    assert triggers(gold) == [dt.timedelta(days=-n) for n in (7, 3, 1, 0)]
    once = found["payment-due-once@accountwatch"]
    assert once["DTSTART"].dt == dt.date(2026, 12, 5) and "RRULE" not in once

    licence = found["license-expiry-company@accountwatch"]
    assert licence["DTSTART"].dt == dt.date(2027, 3, 31)
    assert triggers(licence) == [dt.timedelta(days=-n) for n in (60, 30, 7)]

    weekly = found["weekly-check-weekly-check@accountwatch"]
    start = weekly["DTSTART"].dt
    assert (start.weekday(), start.time(), str(start.tzinfo)) == (
        1,
        dt.time(8, 30),
        "Europe/Berlin",
    )
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["TU"]
    assert triggers(weekly) == [dt.timedelta(0)]
    assert all("DTSTAMP" in e for e in found.values())


def test_the_recurring_payment_expands_like_the_app() -> None:
    gold = events(export_ics(PROFILE, NOW, BERLIN))["payment-due-gold@accountwatch"]
    from dateutil.rrule import rrulestr

    rule = rrulestr(gold["RRULE"].to_ical().decode(), dtstart=dt.datetime(2027, 1, 31))
    assert [d.date() for d in rule[:4]] == [
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 31),
        dt.date(2027, 4, 30),
    ]


def test_an_unchanged_profile_exports_the_same_bytes() -> None:
    first = export_ics(PROFILE, NOW, BERLIN)
    second = export_ics(PROFILE, NOW + dt.timedelta(days=3, hours=5), BERLIN)
    assert first == second
    changed = Profile(
        cards=(Card(id="visa-main", label="Visa", last4="1111", expires=YearMonth(2031, 5)),),
    )
    # A replaced card keeps its UID, so a calendar updates the event instead of adding one.
    assert set(events(export_ics(changed, NOW, BERLIN))) == {"card-expiry-visa-main@accountwatch"}


def test_paid_and_long_past_things_are_left_out_and_offsets_give_floating_time() -> None:
    old = Profile(
        accounts=(Account(id="shop", login_id="shop"),),
        cards=(Card(id="old", last4="0000", expires=YearMonth(2020, 1)),),
    )
    found = events(export_ics(old, NOW, dt.timezone(dt.timedelta(hours=9))))
    assert set(found) == {"weekly-check-weekly-check@accountwatch"}
    start = found["weekly-check-weekly-check@accountwatch"]["DTSTART"].dt
    assert start.tzinfo is None and start.time() == dt.time(9, 0)
