"""Events gone from the profile, parsed back with icalendar: cancelled with a higher SEQUENCE
for a year (the payment removed or paid, the card removed), not when they simply passed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from accountwatch.core.calendar import EmptyCalendarError, Export, export_ics
from accountwatch.core.calendar_revisions import CANCELLED_KEPT, Revision
from accountwatch.core.model import Account, Card, Payment, Profile, YearMonth

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=BERLIN)
LATER = NOW + dt.timedelta(days=2)
NS = "0123456789abcdef"

MONTHLY = Payment(id="fee", account="shop", due=dt.date(2026, 12, 15), repeat="FREQ=MONTHLY")
DEPOSIT = Payment(id="deposit", account="shop", due=dt.date(2026, 12, 20), description="Deposit")
PROFILE = Profile(
    accounts=(Account(id="shop", login_id="shop", label="Shop"),),
    cards=(Card(id="jcb", label="JCB", last4="1234", expires=YearMonth(2027, 3)),),
    payments=(MONTHLY, DEPOSIT),
)
# The fee and the card removed, the deposit paid.
EDITED = dataclasses.replace(
    PROFILE, cards=(), payments=(dataclasses.replace(DEPOSIT, paid_on=dt.date(2026, 12, 1)),)
)


def export(profile: Profile, now: dt.datetime, known: dict[str, Revision] | None) -> Export:
    return export_ics(profile, now, BERLIN, namespace=NS, known=known)


def events(data: bytes) -> dict[str, Event]:
    return {str(e["UID"]).split("@")[0]: e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_a_removed_payment_a_paid_one_and_a_removed_card_are_cancelled() -> None:
    first = export(PROFILE, NOW, None)
    second = export(EDITED, LATER, first.revisions)
    assert second.changed
    before, after = events(first.data), events(second.data)
    assert set(after) == set(before)  # every UID the calendar has, none dropped silently
    for key in ("payment-due-fee", "payment-due-deposit", "card-expiry-jcb"):
        event = after[key]
        assert str(event["UID"]) == str(before[key]["UID"])
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1 and event["LAST-MODIFIED"].dt == LATER.astimezone(dt.UTC)
        assert not event.walk("VALARM")  # no reminder
        assert event["SUMMARY"] == before[key]["SUMMARY"]
        # A series of one day, that day excluded: no occurrence (calcurse would otherwise
        # import it live, or refuse an EXDATE without a RRULE).
        assert event["DTSTART"].dt == before[key]["DTSTART"].dt
        assert event["RRULE"] == {"FREQ": ["DAILY"], "COUNT": [1]}
        assert [d.dt for d in event["EXDATE"].dts] == [event["DTSTART"].dt]
        start = dt.datetime.combine(event["DTSTART"].dt, dt.time())
        occurrences = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        assert [d.date() for d in occurrences] == [event["DTSTART"].dt]  # the one it excludes
    weekly = after["weekly-check-weekly-check"]
    assert weekly["SEQUENCE"] == 0 and "STATUS" not in weekly


def test_a_cancellation_is_written_for_a_year_then_forgotten() -> None:
    gone = export(EDITED, LATER, export(PROFILE, NOW, None).revisions)
    months = export(EDITED, LATER + dt.timedelta(days=300), gone.revisions)
    assert not months.changed  # the same cancellation, the same SEQUENCE
    assert events(months.data)["payment-due-fee"]["SEQUENCE"] == 1
    year = export(EDITED, LATER + CANCELLED_KEPT, months.revisions)
    assert year.changed and "payment-due-fee" not in events(year.data)
    assert "payment-due-fee" not in year.revisions


def test_an_event_that_passed_is_not_cancelled() -> None:
    first = export(PROFILE, NOW, None)
    # Two years on the deposit and the card's expiry are past the year the file keeps.
    later = export(PROFILE, NOW + dt.timedelta(days=800), first.revisions)
    found = events(later.data)
    assert "payment-due-deposit" not in found and "card-expiry-jcb" not in found
    assert found["payment-due-fee"].get("STATUS") is None
    assert later.revisions["payment-due-deposit"] == first.revisions["payment-due-deposit"]


def test_an_event_kept_by_an_older_version_is_not_cancelled() -> None:
    # Kept without its start and title: there is nothing to write a cancellation with.
    older = {"payment-due-old": Revision("0" * 32, 2, NOW.astimezone(dt.UTC))}
    result = export(PROFILE, NOW, older)
    assert "payment-due-old" not in events(result.data)
    assert result.revisions["payment-due-old"] == older["payment-due-old"]


def test_cancellations_alone_still_make_a_calendar() -> None:
    first = export(PROFILE, NOW, None)
    emptied = export(Profile(), LATER, first.revisions)
    assert {e["STATUS"] for e in events(emptied.data).values()} == {"CANCELLED"}
    with pytest.raises(EmptyCalendarError):
        export(Profile(), LATER, None)
