"""Recovery follow-ups: a week after each contact with support, and the long-frozen warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from accountwatch.core.model import Account, AccountStatus, Acknowledgement, Profile, Recovery
from accountwatch.core.reminders import Kind, LogEntry, State, due_now, kind_name, upcoming

TOKYO = ZoneInfo("Asia/Tokyo")
FROZEN = Account(
    id="store",
    login_id="store",
    label="Store",
    status=AccountStatus.FROZEN,
    status_since=dt.date(2026, 11, 1),
    recovery=Recovery(
        notice_on=dt.date(2026, 11, 1),
        case_number="AE-1",
        contacted_support_on=dt.date(2026, 11, 2),
        last_follow_up_on=dt.date(2026, 11, 20),
    ),
)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TOKYO)


def due(account: Account, now: str, kind: Kind, log: list[LogEntry] | None = None) -> list[str]:
    items = due_now(Profile(accounts=(account,)), log or [], at(now), TOKYO)
    return [r.id for r in items if r.kind == kind]


@pytest.mark.parametrize(
    ("now", "ids"),
    [
        ("2026-11-27T08:59", []),
        ("2026-11-27T09:00", ["recovery-follow-up:account:store:2026-11-27:0"]),
        # Not made yet: it stays until it is.
        ("2026-12-15T12:00", ["recovery-follow-up:account:store:2026-11-27:0"]),
    ],
)
def test_a_follow_up_falls_due_a_week_after_the_last_contact(now: str, ids: list[str]) -> None:
    assert due(FROZEN, now, Kind.RECOVERY_FOLLOW_UP) == ids


def test_recording_a_follow_up_moves_the_next_a_week_on() -> None:
    followed = replace(
        FROZEN, recovery=replace(FROZEN.recovery, last_follow_up_on=dt.date(2026, 11, 28))
    )
    assert due(followed, "2026-11-30T10:00", Kind.RECOVERY_FOLLOW_UP) == []
    assert due(followed, "2026-12-05T09:00", Kind.RECOVERY_FOLLOW_UP) == [
        "recovery-follow-up:account:store:2026-12-05:0"
    ]


def test_never_contacted_support_is_due_from_the_notice_on() -> None:
    silent = replace(FROZEN, recovery=Recovery(notice_on=dt.date(2026, 11, 1)), status_since=None)
    (reminder,) = [
        r
        for r in due_now(Profile(accounts=(silent,)), [], at("2026-11-03T10:00"), TOKYO)
        if r.kind == Kind.RECOVERY_FOLLOW_UP
    ]
    assert reminder.due_date == dt.date(2026, 11, 1)
    assert reminder.message == "Contact the platform's support about Store."


def test_the_message_names_the_case_and_warns_after_30_days_frozen() -> None:
    items = upcoming(Profile(accounts=(FROZEN,)), [], at("2026-11-21T00:00"), TOKYO, 30)
    (follow_up,) = [r for r in items if r.kind == Kind.RECOVERY_FOLLOW_UP]
    assert "the last contact was on Nov 20, 2026" in follow_up.message
    assert "Case number: AE-1." in follow_up.message
    assert "frozen for" not in follow_up.message  # 26 days
    late = replace(FROZEN, status_since=dt.date(2026, 10, 20))
    items = upcoming(Profile(accounts=(late,)), [], at("2026-11-21T00:00"), TOKYO, 30)
    (follow_up,) = [r for r in items if r.kind == Kind.RECOVERY_FOLLOW_UP]
    assert "It has been frozen for 38 days" in follow_up.message


@pytest.mark.parametrize(
    ("now", "ids"),
    [
        ("2026-11-30T23:00", []),
        ("2026-12-01T09:00", ["frozen-warning:account:store:2026-12-01:0"]),
        ("2026-12-08T08:59", ["frozen-warning:account:store:2026-12-01:0"]),
        ("2026-12-08T09:00", []),  # a week on it is not news any more
        ("2027-01-30T09:00", ["frozen-warning:account:store:2027-01-30:0"]),
    ],
)
def test_frozen_30_and_90_days_are_warned_of(now: str, ids: list[str]) -> None:
    assert due(FROZEN, now, Kind.FROZEN_WARNING) == ids


def test_a_restricted_account_is_followed_up_but_not_warned_of_deletion() -> None:
    restricted = replace(FROZEN, status=AccountStatus.RESTRICTED)
    assert due(restricted, "2026-12-01T09:00", Kind.FROZEN_WARNING) == []
    assert due(restricted, "2026-12-01T09:00", Kind.RECOVERY_FOLLOW_UP)


def test_an_active_account_has_nothing_to_follow_up() -> None:
    active = replace(FROZEN, status=AccountStatus.ACTIVE)
    assert due(active, "2026-12-01T09:00", Kind.RECOVERY_FOLLOW_UP) == []
    assert due(active, "2026-12-01T09:00", Kind.FROZEN_WARNING) == []


def test_a_dismissed_follow_up_stays_dismissed() -> None:
    ident = "recovery-follow-up:account:store:2026-11-27:0"
    log = [LogEntry(ident, State.DISMISSED, at("2026-11-27T10:00"), None)]
    assert due(FROZEN, "2026-11-28T09:00", Kind.RECOVERY_FOLLOW_UP, log) == []


def test_acknowledging_the_stalled_finding_silences_them() -> None:
    ack = Acknowledgement("CON-RECOVERY-STALLED", "account:store", "talking to our agent")
    profile = Profile(accounts=(FROZEN,), acknowledged=(ack,))
    items = due_now(profile, [], at("2026-12-01T09:00"), TOKYO)
    assert [r for r in items if r.kind in (Kind.RECOVERY_FOLLOW_UP, Kind.FROZEN_WARNING)] == []


def test_kinds_have_titles() -> None:
    assert kind_name(Kind.RECOVERY_FOLLOW_UP) == "Follow-up with support"
    assert kind_name(Kind.FROZEN_WARNING) == "Account frozen for long"
