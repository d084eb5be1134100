"""The reminder schedule with a fixed "now": tiers, month ends, DST, catch-up, snooze, silence."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from accountwatch.core.model import (
    Account,
    Acknowledgement,
    Card,
    CompanyRecord,
    Payment,
    Penalty,
    Profile,
    Settings,
    Weekday,
    WeeklyCheck,
    YearMonth,
)
from accountwatch.core.reminders import (
    Kind,
    LogEntry,
    Reminder,
    State,
    due_now,
    kind_name,
    logged,
    parse_id,
    reminder_id,
    upcoming,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
ACCOUNT = Account(id="shop", login_id="shop", label="Shop")


def at(text: str, tz: ZoneInfo = TOKYO) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz)


def card_profile(expires: YearMonth, **settings: object) -> Profile:
    return Profile(
        accounts=(ACCOUNT,),
        cards=(Card(id="visa", label="Visa", last4="4242", expires=expires),),
        settings=Settings(**settings),  # type: ignore[arg-type]
    )


def payment_profile(due: dt.date, **changes: object) -> Profile:
    payment = Payment(id="fee", account="shop", due=due, description="Fee")
    return Profile(accounts=(ACCOUNT,), payments=(replace(payment, **changes),))  # type: ignore[arg-type]


def of_kind(items: list[Reminder], kind: Kind) -> list[Reminder]:
    return [r for r in items if r.kind == kind]


def due_ids(
    profile: Profile, now: dt.datetime, kind: Kind, log: list[LogEntry] | None = None
) -> list[str]:
    tz = now.tzinfo
    assert isinstance(tz, ZoneInfo)
    return [r.id for r in of_kind(due_now(profile, log or [], now, tz), kind)]


# -- card expiry ---------------------------------------------------------------------------

CARD = card_profile(YearMonth(2027, 2))  # valid through 2027-02-28


@pytest.mark.parametrize(
    ("now", "tier"),
    [
        ("2026-12-30T08:59", None),  # the 60-day tier is at 09:00
        ("2026-12-30T09:00", "60"),
        ("2027-01-28T23:00", "60"),
        ("2027-01-29T09:00", "30"),
        ("2027-02-21T09:00", "7"),
        ("2027-02-28T23:59", "7"),  # still valid on its last day
        ("2027-03-01T00:00", None),  # expired: a finding now, not a reminder
    ],
)
def test_card_expiry_tiers(now: str, tier: str | None) -> None:
    expected = [] if tier is None else [f"card-expiry:card:visa:2027-02-28:{tier}"]
    assert due_ids(CARD, at(now), Kind.CARD_EXPIRY) == expected


def test_card_tiers_follow_the_settings() -> None:
    profile = card_profile(YearMonth(2027, 2), card_warn_days=(14, 1))
    items = upcoming(profile, [], at("2027-01-01T00:00"), TOKYO, 90)
    assert [(r.tier, r.deliver_at) for r in items if r.kind == Kind.CARD_EXPIRY] == [
        ("14", at("2027-02-14T09:00")),
        ("1", at("2027-02-27T09:00")),
    ]


def test_leap_day_card_and_month_end_tiers() -> None:
    items = upcoming(card_profile(YearMonth(2028, 2)), [], at("2027-12-01T00:00"), TOKYO, 120)
    cards = of_kind(items, Kind.CARD_EXPIRY)
    assert {r.due_date for r in cards} == {dt.date(2028, 2, 29)}
    assert [r.deliver_at for r in cards] == [
        at("2027-12-31T09:00"),
        at("2028-01-30T09:00"),
        at("2028-02-22T09:00"),
    ]
    assert "Feb 29, 2028" in cards[0].message and "Visa (…4242)" in cards[0].message


def test_a_replaced_card_gets_new_reminders() -> None:
    old = due_ids(CARD, at("2027-02-21T10:00"), Kind.CARD_EXPIRY)
    renewed = card_profile(YearMonth(2030, 2))
    assert old and due_ids(renewed, at("2027-02-21T10:00"), Kind.CARD_EXPIRY) == []
    later = upcoming(renewed, [], at("2029-12-01T00:00"), TOKYO, 90)
    assert {r.due_date for r in of_kind(later, Kind.CARD_EXPIRY)} == {dt.date(2030, 2, 28)}


# -- payments ------------------------------------------------------------------------------

FEE = payment_profile(dt.date(2027, 1, 31))


@pytest.mark.parametrize(
    ("now", "tier"),
    [
        ("2027-01-24T08:00", None),
        ("2027-01-24T09:00", "7"),
        ("2027-01-28T09:00", "3"),
        ("2027-01-30T09:00", "1"),
        ("2027-01-31T09:00", "0"),
        ("2027-02-01T08:59", "0"),
        ("2027-02-01T09:00", "overdue-1"),
        ("2027-02-02T09:00", "overdue-2"),
        ("2027-02-07T12:00", "overdue-7"),
        ("2027-02-14T09:00", "overdue-14"),
        ("2027-02-15T08:59", "overdue-14"),
        ("2027-02-15T09:00", None),  # fourteen days of reminding, then the finding remains
    ],
)
def test_payment_tiers_and_overdue_days(now: str, tier: str | None) -> None:
    expected = [] if tier is None else [f"payment-due:payment:fee:2027-01-31:{tier}"]
    assert due_ids(FEE, at(now), Kind.PAYMENT_DUE) == expected


def test_overdue_message_says_still_unpaid() -> None:
    [reminder] = of_kind(due_now(FEE, [], at("2027-02-03T10:00"), TOKYO), Kind.PAYMENT_DUE)
    assert "was due on Jan 31, 2027 and is still unpaid" in reminder.message
    assert kind_name(reminder.kind) == "Payment due"


def test_a_paid_payment_goes_silent() -> None:
    paid = payment_profile(dt.date(2027, 1, 31), paid_on=dt.date(2027, 1, 29))
    assert due_ids(paid, at("2027-01-30T10:00"), Kind.PAYMENT_DUE) == []
    assert due_ids(paid, at("2027-02-03T10:00"), Kind.PAYMENT_DUE) == []
    assert of_kind(upcoming(paid, [], at("2027-01-01T00:00"), TOKYO), Kind.PAYMENT_DUE) == []


def test_a_monthly_payment_keeps_the_month_end() -> None:
    monthly = payment_profile(dt.date(2027, 1, 31), repeat="FREQ=MONTHLY")
    items = of_kind(upcoming(monthly, [], at("2027-02-01T10:00"), TOKYO, 60), Kind.PAYMENT_DUE)
    assert {r.due_date for r in items} == {dt.date(2027, 2, 28), dt.date(2027, 3, 31)}
    assert [r.tier for r in items if r.due_date == dt.date(2027, 2, 28)] == ["7", "3", "1", "0"]
    # The daily recalls of an overdue payment are not listed ahead.
    assert not any(r.tier.startswith("overdue") for r in items)


# -- licence, weekly check, stale records, penalties -----------------------------------------

LICENCE = Profile(company=CompanyRecord(name="Sakura", license_expires=dt.date(2027, 3, 31)))


@pytest.mark.parametrize(
    ("now", "tier"),
    [
        ("2027-01-30T09:00", "60"),
        ("2027-03-01T09:00", "30"),
        ("2027-03-24T09:00", "7"),
        ("2027-04-01T00:00", None),
    ],
)
def test_licence_tiers(now: str, tier: str | None) -> None:
    expected = [] if tier is None else [f"license-expiry:company:2027-03-31:{tier}"]
    assert due_ids(LICENCE, at(now), Kind.LICENSE_EXPIRY) == expected


WEEKLY = Profile(
    accounts=(ACCOUNT,),
    settings=Settings(weekly_check=WeeklyCheck(Weekday.WED, dt.time(18, 30))),
)


@pytest.mark.parametrize(
    ("now", "day"),
    [
        ("2027-01-06T18:29", "2026-12-30"),  # last week's, not yet delivered
        ("2027-01-06T18:30", "2027-01-06"),
        ("2027-01-12T23:00", "2027-01-06"),
    ],
)
def test_weekly_check_at_its_weekday_and_time(now: str, day: str) -> None:
    assert due_ids(WEEKLY, at(now), Kind.WEEKLY_CHECK) == [f"weekly-check:weekly-check:{day}:0"]


def test_the_wizards_next_check_is_preferred() -> None:
    # The check was done on Friday: the next one is the stored moment, not last Wednesday's.
    stored = at("2027-01-13T18:30")
    now = at("2027-01-08T12:00")
    assert due_now(WEEKLY, [], now, TOKYO, next_check=stored) == []
    later = upcoming(WEEKLY, [], now, TOKYO, 14, next_check=stored)
    assert [r.deliver_at for r in later] == [stored, at("2027-01-20T18:30")]
    overdue = due_now(WEEKLY, [], at("2027-01-14T08:00"), TOKYO, next_check=stored)
    assert [r.due_date for r in overdue] == [dt.date(2027, 1, 13)]


def test_no_weekly_check_without_accounts() -> None:
    assert upcoming(Profile(), [], at("2027-01-06T00:00"), TOKYO) == []


STALE = Profile(
    company=CompanyRecord(name="Sakura", verified_on=dt.date(2026, 6, 1)),
    accounts=(replace(ACCOUNT, terms_reviewed_on=dt.date(2026, 10, 1)),),
)


@pytest.mark.parametrize(
    ("kind", "subject", "stale_on"),
    [
        # REG-TERMS-UNREVIEWED fires after 90 days, REG-UNVERIFIED after 180.
        (Kind.TERMS_REVIEW, "account:shop", dt.date(2026, 12, 31)),
        (Kind.COMPANY_CONFIRMATION, "company", dt.date(2026, 11, 29)),
    ],
)
def test_stale_records_are_recalled_when_the_rule_fires(
    kind: Kind, subject: str, stale_on: dt.date
) -> None:
    deliver = dt.datetime.combine(stale_on, dt.time(9, 0), tzinfo=TOKYO)
    before = deliver - dt.timedelta(minutes=1)
    assert due_ids(STALE, before, kind) == []
    assert due_ids(STALE, deliver, kind) == [f"{kind}:{subject}:{stale_on.isoformat()}:0"]
    # It stays due until the record is reviewed (a long absence does not lose it).
    assert due_ids(STALE, deliver + dt.timedelta(days=100), kind) != []
    reviewed = replace(
        STALE,
        company=CompanyRecord(name="Sakura", verified_on=deliver.date()),
        accounts=(replace(ACCOUNT, terms_reviewed_on=deliver.date()),),
    )
    assert due_ids(reviewed, deliver + dt.timedelta(days=1), kind) == []


def test_penalty_points_lapse_on_the_oldest_date() -> None:
    account = replace(
        ACCOUNT,
        penalties=(
            Penalty(date=dt.date(2026, 3, 1), points=6),
            Penalty(date=dt.date(2026, 5, 10), points=2),
            Penalty(date=dt.date(2026, 5, 10), points=0),
        ),
    )
    profile = Profile(accounts=(account,))
    items = of_kind(upcoming(profile, [], at("2026-12-01T00:00"), TOKYO, 180), Kind.PENALTY_LAPSE)
    assert [(r.due_date, r.deliver_at) for r in items] == [
        (dt.date(2027, 3, 1), at("2027-03-01T09:00")),
        (dt.date(2027, 5, 10), at("2027-05-10T09:00")),
    ]
    assert items[0].message == "6 penalty points of Shop lapse on Mar 1, 2027."
    assert due_ids(profile, at("2027-03-01T09:00"), Kind.PENALTY_LAPSE) == [
        "penalty-lapse:account:shop:2027-03-01:0"
    ]


# -- daylight saving -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "due", "utc_hours"),
    [
        # Berlin moves to summer time on 2027-03-28: 09:00 is 08:00 UTC before, 07:00 after.
        (BERLIN, dt.date(2027, 3, 31), {"7": 8, "3": 7, "1": 7, "0": 7}),
        (BERLIN, dt.date(2027, 3, 29), {"7": 8, "3": 8, "1": 7, "0": 7}),
        # New York on 2027-03-14: 14:00 UTC before, 13:00 after.
        (NEW_YORK, dt.date(2027, 3, 15), {"7": 14, "3": 14, "1": 13, "0": 13}),
    ],
)
def test_nine_local_stays_nine_across_dst(
    tz: ZoneInfo, due: dt.date, utc_hours: dict[str, int]
) -> None:
    profile = payment_profile(due)
    now = dt.datetime(2027, 3, 1, tzinfo=tz)
    items = of_kind(upcoming(profile, [], now, tz, 60), Kind.PAYMENT_DUE)
    assert {r.tier: r.deliver_at.astimezone(dt.UTC).hour for r in items} == utc_hours
    assert all(r.deliver_at.astimezone(tz).time() == dt.time(9, 0) for r in items)


def test_weekly_check_keeps_its_wall_time_over_the_change() -> None:
    profile = replace(
        WEEKLY, settings=Settings(weekly_check=WeeklyCheck(Weekday.SUN, dt.time(9, 0)))
    )
    items = upcoming(profile, [], dt.datetime(2027, 3, 20, tzinfo=BERLIN), BERLIN, 14)
    moments = [r.deliver_at.astimezone(dt.UTC) for r in items]
    assert [m.astimezone(BERLIN).time() for m in moments] == [dt.time(9, 0)] * 2
    # Across the change the two checks are 7 days less one hour apart.
    assert moments[1] - moments[0] == dt.timedelta(days=7, hours=-1)
    due = due_now(profile, [], dt.datetime(2027, 3, 28, 7, 0, tzinfo=dt.UTC), BERLIN)
    assert [r.due_date for r in due] == [dt.date(2027, 3, 28)]


# -- catch-up, log, silence ----------------------------------------------------------------

BUSY = Profile(
    company=CompanyRecord(name="Sakura", license_expires=dt.date(2027, 2, 5)),
    accounts=(ACCOUNT,),
    cards=(Card(id="visa", last4="4242", expires=YearMonth(2027, 1)),),
    payments=(
        Payment(id="fee", account="shop", due=dt.date(2027, 1, 10), repeat="FREQ=MONTHLY"),
        Payment(id="tool", account="shop", due=dt.date(2027, 1, 5)),
    ),
)


def test_catch_up_after_ten_days_away_delivers_one_per_subject() -> None:
    last_seen = at("2026-12-31T10:00")
    delivered = due_now(BUSY, [], last_seen, TOKYO)
    log = [LogEntry(r.id, State.DELIVERED, last_seen) for r in delivered]
    back = at("2027-01-10T10:00")
    due = due_now(BUSY, log, back, TOKYO)
    subjects = [(r.kind, r.subject) for r in due]
    assert len(subjects) == len(set(subjects))
    by_subject = {r.subject: r.tier for r in due if r.kind != Kind.WEEKLY_CHECK}
    # Passed while away: tool 7, 3, 1, 0, overdue-1…5; fee 7, 3, 1, 0; card 30; licence 30.
    assert by_subject == {
        "payment:tool": "overdue-5",
        "payment:fee": "0",
        "card:visa": "30",
        "company": "30",
    }
    # Once delivered, nothing more until the next tier.
    log += [LogEntry(r.id, State.DELIVERED, back) for r in due]
    assert due_now(BUSY, log, back + dt.timedelta(hours=3), TOKYO) == []
    tomorrow = due_now(BUSY, log, at("2027-01-11T09:00"), TOKYO)
    assert {r.subject: r.tier for r in tomorrow} == {
        "weekly-check": "0",  # a Monday
        "payment:tool": "overdue-6",
        "payment:fee": "overdue-1",
    }


def test_snooze_returns_at_its_end_and_dismiss_is_final() -> None:
    now = at("2027-01-24T10:00")
    [reminder] = of_kind(due_now(FEE, [], now, TOKYO), Kind.PAYMENT_DUE)
    snoozed = [LogEntry(reminder.id, State.SNOOZED, now, now + dt.timedelta(hours=1))]
    later = now + dt.timedelta(minutes=59)
    assert of_kind(due_now(FEE, snoozed, later, TOKYO), Kind.PAYMENT_DUE) == []
    ended = now + dt.timedelta(hours=1)
    assert of_kind(due_now(FEE, snoozed, ended, TOKYO), Kind.PAYMENT_DUE) == [reminder]
    listed = of_kind(upcoming(FEE, snoozed, now, TOKYO, 2), Kind.PAYMENT_DUE)
    assert [(r.id, r.deliver_at) for r in listed] == [(reminder.id, now + dt.timedelta(hours=1))]
    dismissed = [LogEntry(reminder.id, State.DISMISSED, now)]
    assert due_ids(FEE, now + dt.timedelta(days=1), Kind.PAYMENT_DUE, dismissed) == []
    # The next tier is another reminder and still comes.
    assert due_ids(FEE, at("2027-01-28T09:00"), Kind.PAYMENT_DUE, dismissed) == [
        "payment-due:payment:fee:2027-01-31:3"
    ]


@pytest.mark.parametrize(
    ("rule", "subject", "kind", "now"),
    [
        ("PAY-CARD-EXPIRING", "card:visa", Kind.CARD_EXPIRY, "2027-01-24T10:00"),
        ("PAY-DUE-SOON", "payment:tool", Kind.PAYMENT_DUE, "2027-01-04T10:00"),
        ("PAY-OVERDUE", "payment:tool", Kind.PAYMENT_DUE, "2027-01-08T10:00"),
        ("REG-LICENSE-EXPIRING", "company", Kind.LICENSE_EXPIRY, "2027-01-30T10:00"),
    ],
)
def test_an_acknowledged_finding_silences_until_it_ends(
    rule: str, subject: str, kind: Kind, now: str
) -> None:
    def of_subject(profile: Profile) -> list[str]:
        return [i for i in due_ids(profile, at(now), kind) if f":{subject}:" in i]

    assert of_subject(BUSY)
    until = at(now).date() + dt.timedelta(days=1)
    acked = replace(BUSY, acknowledged=(Acknowledgement(rule=rule, subject=subject, until=until),))
    assert of_subject(acked) == []
    # Someone else's acknowledgement silences nothing.
    other = replace(BUSY, acknowledged=(Acknowledgement(rule=rule, subject="card:other"),))
    assert of_subject(other)
    later = [r for r in upcoming(acked, [], at(now), TOKYO, 30) if r.subject == subject]
    assert all(r.deliver_at.date() > until for r in of_kind(later, kind))


def test_ids_are_stable_and_readable() -> None:
    assert (
        reminder_id(Kind.CARD_EXPIRY, "card:visa", dt.date(2027, 2, 28), "7")
        == "card-expiry:card:visa:2027-02-28:7"
    )
    first = upcoming(BUSY, [], at("2026-12-01T00:00"), TOKYO)
    second = upcoming(BUSY, [], at("2026-12-01T05:00"), TOKYO)
    assert [r.id for r in first] == [r.id for r in second]
    assert len({r.id for r in first}) == len(first)


# -- the log as the Reminders page shows it ---------------------------------------------------


def test_ids_parse_back_with_colons_in_the_subject() -> None:
    ident = reminder_id(Kind.CARD_EXPIRY, "card:visa:old", dt.date(2027, 2, 28), "7")
    assert parse_id(ident) == (Kind.CARD_EXPIRY, "card:visa:old", dt.date(2027, 2, 28), "7")
    assert parse_id("no-such-kind:x:2027-01-01:0") is None
    assert parse_id("card-expiry:card:visa:not-a-date:7") is None


def test_logged_reminders_keep_their_text_and_state() -> None:
    now = at("2027-02-22T10:00")
    card = "card-expiry:card:visa:2027-02-28:7"
    older = "card-expiry:card:visa:2027-02-28:30"
    log = [
        LogEntry(older, State.DELIVERED, at("2027-01-20T09:00")),
        LogEntry(card, State.DELIVERED, at("2027-02-21T09:00")),
        LogEntry(card, State.SNOOZED, at("2027-02-21T09:05"), at("2027-02-22T09:05")),
        LogEntry("card-expiry:card:gone:2027-02-28:7", State.DISMISSED, at("2027-02-20T09:00")),
        LogEntry("from-a-newer-app:x:2027-02-28:0", State.DELIVERED, at("2027-02-20T09:00")),
    ]
    items = logged(CARD, log, now, TOKYO, 30)
    # Newest first; the 30-day tier was delivered more than 30 days ago.
    assert [i.entry.reminder_id for i in items][:2] == [card, "card-expiry:card:gone:2027-02-28:7"]
    assert older not in {i.entry.reminder_id for i in items}
    first = items[0]
    assert first.entry.state == State.SNOOZED and first.kind == Kind.CARD_EXPIRY
    assert first.message == "Card Visa (…4242) expires on Feb 28, 2027."
    gone = items[1]
    assert gone.message == "Card expiry: Feb 28, 2027"  # the card was deleted: kind and date
    unknown = items[2]
    assert unknown.kind is None and unknown.message == "from-a-newer-app:x:2027-02-28:0"
    assert logged(CARD, [], now, TOKYO) == []
