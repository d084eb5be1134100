"""The calendar export parsed back with icalendar: events, UIDs per data folder, DTSTAMP,
SEQUENCE and LAST-MODIFIED, and month-end series every client places on the same days."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from accountwatch.core.calendar import PRODID, EmptyCalendarError, Export, export_ics
from accountwatch.core.calendar_revisions import Revision
from accountwatch.core.dates import build_rule
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
NOW = dt.datetime(2026, 11, 29, 10, 0, 30, 123, tzinfo=BERLIN)
NS = "0123456789abcdef"

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


def export(
    profile: Profile = PROFILE,
    now: dt.datetime = NOW,
    *,
    namespace: str = NS,
    known: dict[str, Revision] | None = None,
) -> Export:
    return export_ics(profile, now, BERLIN, namespace=namespace, known=known)


def events(data: bytes) -> dict[str, Event]:
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def triggers(event: Event) -> list[dt.timedelta]:
    return [alarm["TRIGGER"].dt for alarm in event.walk("VALARM")]


def test_events_alarms_and_rules() -> None:
    cal = Calendar.from_ical(export().data)
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert uids == {
        f"{key}@{NS}.accountwatch"
        for key in (
            "card-expiry-visa-main",
            "payment-due-gold",
            "payment-due-once",
            "license-expiry-company",
            "weekly-check-weekly-check",
        )
    }
    found = events(export().data)
    card = found["card-expiry-visa-main"]
    assert card["DTSTART"].dt == dt.date(2028, 2, 29)  # the leap day
    assert card["DTEND"].dt == dt.date(2028, 3, 1)
    assert "Visa (…4242)" in str(card["SUMMARY"])
    assert triggers(card) == [dt.timedelta(days=-n) for n in (60, 30, 7)]
    assert all(a["ACTION"] == "DISPLAY" and a["DESCRIPTION"] for a in card.walk("VALARM"))

    gold = found["payment-due-gold"]
    assert gold["DTSTART"].dt == dt.date(2027, 1, 31)
    # The 31st is the last day of every month, whatever its length: one rule all clients read.
    assert gold["RRULE"]["FREQ"] == ["MONTHLY"] and gold["RRULE"]["BYMONTHDAY"] == [-1]
    assert "BYSETPOS" not in gold["RRULE"]
    assert "$2,999.00" in str(gold["SUMMARY"])
    assert triggers(gold) == [dt.timedelta(days=-n) for n in (7, 3, 1, 0)]
    once = found["payment-due-once"]
    assert once["DTSTART"].dt == dt.date(2026, 12, 5) and "RRULE" not in once

    licence = found["license-expiry-company"]
    assert licence["DTSTART"].dt == dt.date(2027, 3, 31)
    assert triggers(licence) == [dt.timedelta(days=-n) for n in (60, 30, 7)]

    weekly = found["weekly-check-weekly-check"]
    start = weekly["DTSTART"].dt
    assert (start.weekday(), start.time(), str(start.tzinfo)) == (
        1,
        dt.time(8, 30),
        "Europe/Berlin",
    )
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["TU"]
    assert triggers(weekly) == [dt.timedelta(0)]


def test_dtstamp_is_the_export_time_in_utc_and_new_events_start_at_sequence_0() -> None:
    stamp = dt.datetime(2026, 11, 29, 9, 0, 30, tzinfo=dt.UTC)  # 10:00:30 Berlin, whole seconds
    for event in events(export().data).values():
        assert event["DTSTAMP"].dt == stamp
        assert event["SEQUENCE"] == 0
        assert event["LAST-MODIFIED"].dt == stamp
    assert b"DTSTAMP:20261129T090030Z" in export().data


def test_each_data_folder_has_its_own_uids() -> None:
    one = set(events(export(namespace="aaaa1111aaaa1111").data))
    other = Calendar.from_ical(export(namespace="bbbb2222bbbb2222").data)
    other_uids = {str(e["UID"]) for e in other.walk("VEVENT")}
    first_uids = {str(e["UID"]) for e in Calendar.from_ical(export().data).walk("VEVENT")}
    assert one and not first_uids & other_uids


def test_an_unchanged_profile_keeps_sequence_and_last_modified() -> None:
    first = export()
    later = NOW + dt.timedelta(days=3, hours=5)
    second = export(now=later, known=first.revisions)
    assert not second.changed and second.revisions == first.revisions
    before, after = events(first.data), events(second.data)
    assert set(before) == set(after)
    for key, event in after.items():
        assert event["SEQUENCE"] == before[key]["SEQUENCE"] == 0
        assert event["LAST-MODIFIED"].dt == before[key]["LAST-MODIFIED"].dt
        assert event["DTSTAMP"].dt == later.astimezone(dt.UTC).replace(microsecond=0)


def test_a_changed_amount_date_or_text_raises_sequence_and_last_modified() -> None:
    first = export()
    edited = dataclasses.replace(
        PROFILE,
        payments=(
            dataclasses.replace(PROFILE.payments[0], amount=Decimal("3199.00")),
            dataclasses.replace(PROFILE.payments[1], due=dt.date(2026, 12, 6)),
            PROFILE.payments[2],
        ),
        cards=(dataclasses.replace(PROFILE.cards[0], label="Visa (office)"),),
    )
    later = NOW + dt.timedelta(hours=2)
    second = export(edited, later, known=first.revisions)
    assert second.changed
    after = events(second.data)
    moment = later.astimezone(dt.UTC).replace(microsecond=0)
    for key in ("payment-due-gold", "payment-due-once", "card-expiry-visa-main"):
        assert (after[key]["SEQUENCE"], after[key]["LAST-MODIFIED"].dt) == (1, moment)
    assert "$3,199.00" in str(after["payment-due-gold"]["SUMMARY"])
    for key in ("license-expiry-company", "weekly-check-weekly-check"):
        assert after[key]["SEQUENCE"] == 0
    # Edited again: one more; and a thing that leaves and comes back goes on from there.
    third = export(PROFILE, later, known=second.revisions)
    assert events(third.data)["payment-due-gold"]["SEQUENCE"] == 2
    gone = export(dataclasses.replace(PROFILE, payments=()), later, known=third.revisions)
    cancelled = events(gone.data)["payment-due-gold"]
    assert (cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCELLED", 3)
    back = events(export(edited, later, known=gone.revisions).data)["payment-due-gold"]
    assert back["SEQUENCE"] == 4 and "STATUS" not in back


def test_revisions_of_an_unknown_fingerprint_restart_nothing() -> None:
    stale = {"payment-due-gold": Revision("not-this", 7, NOW.astimezone(dt.UTC))}
    assert events(export(known=stale).data)["payment-due-gold"]["SEQUENCE"] == 8


def test_nothing_dated_is_refused() -> None:
    with pytest.raises(EmptyCalendarError, match="nothing dated"):
        export(Profile())
    # Cards that expired long ago and no account (so no weekly check): nothing either.
    old = Profile(cards=(Card(id="old", last4="0000", expires=YearMonth(2020, 1)),))
    with pytest.raises(EmptyCalendarError):
        export(old)


def test_paid_and_long_past_things_are_left_out_and_offsets_give_floating_time() -> None:
    old = Profile(
        accounts=(Account(id="shop", login_id="shop"),),
        cards=(Card(id="old", last4="0000", expires=YearMonth(2020, 1)),),
    )
    data = export_ics(old, NOW, dt.timezone(dt.timedelta(hours=9)), namespace=NS).data
    found = events(data)
    assert set(found) == {"weekly-check-weekly-check"}
    start = found["weekly-check-weekly-check"]["DTSTART"].dt
    assert start.tzinfo is None and start.time() == dt.time(9, 0)


def test_a_due_date_moved_off_the_series_is_its_own_event() -> None:
    moved = Payment(
        id="rent",
        account="shop",
        due=dt.date(2027, 2, 3),
        repeat="FREQ=MONTHLY",
        repeat_start=dt.date(2027, 1, 1),
    )
    found = events(export(dataclasses.replace(PROFILE, payments=(moved,))).data)
    assert found["payment-due-rent-20270203"]["DTSTART"].dt == dt.date(2027, 2, 3)
    assert "RRULE" not in found["payment-due-rent-20270203"]
    assert found["payment-due-rent"]["DTSTART"].dt == dt.date(2027, 1, 1)
    assert not any("RDATE" in event for event in found.values())


def expand(data: bytes, key: str, end: dt.date) -> list[dt.date]:
    """Every date the events of payment `key` fall on up to `end`, as icalendar and dateutil
    (what khal uses) read the file."""
    days: list[dt.date] = []
    for name, event in events(data).items():
        if name != key and not name.startswith(key + "-"):
            continue
        start = event["DTSTART"].dt
        if "RRULE" not in event:
            days.append(start)
            continue
        text = event["RRULE"].to_ical().decode()
        rule = rrulestr(text, dtstart=dt.datetime.combine(start, dt.time(0)))
        days += [m.date() for m in rule.between(dt.datetime(1999, 1, 1), _midnight(end), inc=True)]
    return sorted(days)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0))


@pytest.mark.parametrize(
    ("due", "rule"),
    [
        (dt.date(2027, 1, 31), "FREQ=MONTHLY"),
        (dt.date(2027, 1, 30), "FREQ=MONTHLY"),
        (dt.date(2027, 1, 29), "FREQ=MONTHLY"),
        (dt.date(2027, 1, 29), "FREQ=MONTHLY;COUNT=14"),
        (dt.date(2027, 3, 30), "FREQ=MONTHLY;UNTIL=20280801"),
        (dt.date(2026, 12, 30), "FREQ=MONTHLY;INTERVAL=2"),
        (dt.date(2026, 12, 31), "FREQ=MONTHLY;INTERVAL=3;COUNT=9"),
        (dt.date(2027, 1, 30), "FREQ=MONTHLY;INTERVAL=5"),
        (dt.date(2027, 5, 31), "FREQ=MONTHLY;BYMONTH=2,5,8,11"),
        (dt.date(2028, 2, 29), "FREQ=YEARLY"),
        (dt.date(2027, 1, 31), "FREQ=YEARLY;INTERVAL=2"),
        (dt.date(2027, 4, 30), "FREQ=YEARLY;BYMONTH=2,4"),
        (dt.date(2027, 1, 29), "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1"),
        (dt.date(2027, 1, 30), "FREQ=MONTHLY;BYMONTHDAY=30"),
        (dt.date(2027, 1, 15), "FREQ=MONTHLY"),
        # Stored before COUNT with UNTIL was refused: the earlier end holds, written as UNTIL.
        (dt.date(2027, 1, 15), "FREQ=MONTHLY;COUNT=5;UNTIL=20270401"),
        (dt.date(2027, 1, 15), "FREQ=MONTHLY;COUNT=2;UNTIL=20270601"),
        (dt.date(2027, 1, 31), "FREQ=MONTHLY;COUNT=20;UNTIL=20270601"),
    ],
)
def test_series_fall_where_the_app_has_them_without_bysetpos_or_rdate(
    due: dt.date, rule: str
) -> None:
    payment = Payment(id="bill", account="shop", due=due, repeat=rule)
    data = export(dataclasses.replace(PROFILE, payments=(payment,))).data
    end = dt.date(2029, 11, 1)  # within the three years written out one by one
    app = [m.date() for m in build_rule(rule, due) if m.date() <= end]
    assert expand(data, "payment-due-bill", end) == app
    # What calcurse cannot read is never written (the time zone's RDATEs are not events').
    for event in events(data).values():
        assert "RDATE" not in event and "BYSETPOS" not in event.get("RRULE", {})
        assert not {"COUNT", "UNTIL"} <= set(event.get("RRULE", {}))  # RFC 5545: one of them


def test_a_month_end_series_is_on_the_last_day_of_each_month() -> None:
    payment = Payment(id="bill", account="shop", due=dt.date(2027, 1, 30), repeat="FREQ=MONTHLY")
    data = export(dataclasses.replace(PROFILE, payments=(payment,))).data
    days = expand(data, "payment-due-bill", dt.date(2028, 12, 31))
    assert [d for d in days if d.month == 2] == [dt.date(2027, 2, 28), dt.date(2028, 2, 29)]
    assert all(d.day == 30 for d in days if d.month != 2)
    assert len(days) == 24  # once a month


def test_a_line_break_in_a_label_or_description_leaves_the_title_on_one_line() -> None:
    broken = dataclasses.replace(
        PROFILE,
        cards=(dataclasses.replace(PROFILE.cards[0], label="JCB 🎌\nsecond line"),),
        payments=(
            dataclasses.replace(PROFILE.payments[1], description="One-off deposit \r\n  line two"),
        ),
    )
    found = events(export(broken).data)
    card, once = found["card-expiry-visa-main"], found["payment-due-once"]
    # calcurse skips an event whose SUMMARY has a line break: the reminder would be lost.
    assert str(card["SUMMARY"]) == "Card JCB 🎌 second line (…4242) expires"
    assert str(once["SUMMARY"]) == "One-off deposit line two for Shop is due"
    # The alarm's text keeps the line (escaped as RFC 5545 says; calcurse and khal read it).
    assert {str(a["DESCRIPTION"]) for a in card.walk("VALARM")} == {
        "Card JCB 🎌\nsecond line (…4242) expires"
    }
    assert b"DESCRIPTION:Card JCB \xf0\x9f\x8e\x8c\\nsecond line" in export(broken).data


def weekly_start(since: dt.datetime | None, now: dt.datetime = NOW) -> dt.datetime:
    data = export_ics(PROFILE, now, BERLIN, namespace=NS, since=since).data
    start: dt.datetime = events(data)["weekly-check-weekly-check"]["DTSTART"].dt
    return start


@pytest.mark.parametrize(
    ("since", "first"),
    [
        # Made on a Thursday: the Tuesday after, not every Tuesday since January.
        (dt.datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN), dt.datetime(2026, 12, 1, 8, 30)),
        # Made on a Tuesday before 08:30: that day's check is owed.
        (dt.datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN), dt.datetime(2026, 11, 24, 8, 30)),
        # Made on a Tuesday after 08:30 (07:45 UTC is 08:45 in Berlin): the next one.
        (dt.datetime(2026, 11, 24, 7, 45, tzinfo=dt.UTC), dt.datetime(2026, 12, 1, 8, 30)),
        # Unknown: from the first Tuesday of 2026.
        (None, dt.datetime(2026, 1, 6, 8, 30)),
        # Made after the export's "as of" (--at an earlier day): still the first one after.
        (dt.datetime(2026, 12, 3, 9, 0, tzinfo=BERLIN), dt.datetime(2026, 12, 8, 8, 30)),
    ],
)
def test_the_weekly_check_starts_at_the_first_one_the_data_folder_owes(
    since: dt.datetime | None, first: dt.datetime
) -> None:
    assert weekly_start(since) == first.replace(tzinfo=BERLIN)
    # The same events however much earlier or later it is exported again.
    for now in (NOW + dt.timedelta(days=40), dt.datetime(1900, 1, 1, tzinfo=BERLIN)):
        assert weekly_start(since, now) == weekly_start(since)


@pytest.mark.parametrize("named", ["RRULE:", "rrule:", "RRule:", " rrule:"])
def test_a_rule_written_with_its_name_in_any_case_is_written_without_it(named: str) -> None:
    # The profile accepts "rrule:" as "RRULE:"; only the upper-case name was taken off, and
    # the calendar got "COUNT=3;RRULE:FREQ=MONTHLY".
    rule = f"{named}FREQ=MONTHLY;COUNT=3"
    payment = Payment(id="bill", account="shop", due=dt.date(2027, 1, 15), repeat=rule)
    data = export(dataclasses.replace(PROFILE, payments=(payment,))).data
    assert b"RRULE:FREQ=MONTHLY;COUNT=3\r\n" in data
    assert expand(data, "payment-due-bill", dt.date(2028, 1, 1)) == [
        dt.date(2027, 1, 15),
        dt.date(2027, 2, 15),
        dt.date(2027, 3, 15),
    ]
