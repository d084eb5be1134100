"""One accepted range for every date, and repeat rules bounded so that nothing accepted crashes
a later command."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from accountwatch.core import dates, reminders
from accountwatch.core.calendar import export_ics
from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.risk import assess
from accountwatch.core.upcoming import upcoming


def profile(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "accountwatch.profile",
        "version": 1,
        "company": {"name": "Sakura Trading K.K.", "license_expires": "2027-03-31"},
        "accounts": [
            {
                "id": "shop",
                "platform": "1688",
                "login_id": "sakura",
                "penalties": [{"date": "2026-05-10", "points": 2}],
            }
        ],
        "cards": [{"id": "visa", "last4": "4242", "expires": "2027-02"}],
        "payments": [
            {"id": "fee", "account": "shop", "due": "2026-12-05", "repeat": "FREQ=YEARLY"}
        ],
    }
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for name in parents:
            target = target[int(name)] if name.isdigit() else target[name]
        target[last] = value
    return document


def problems(document: dict[str, Any]) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(json.dumps(document).encode())
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("cards__0__expires", "9999-12", "cards[0].expires"),
        ("cards__0__expires", "1899-12", "cards[0].expires"),
        ("payments__0__due", "9998-06-01", "payments[0].due"),
        ("payments__0__due", "0001-01-01", "payments[0].due"),
        ("company__license_expires", "2200-01-01", "company.license_expires"),
        ("accounts__0__penalties__0__date", "1899-12-31", "accounts[0].penalties[0].date"),
    ],
)
def test_a_date_outside_the_range_is_refused_naming_its_field(
    field: str, value: str, path: str
) -> None:
    found = problems(profile(**{field: value}))
    assert len(found) == 1
    assert found[0].startswith(f"{path}: ")
    assert "1900-01-01" in found[0] and "2199-12-31" in found[0]


def test_the_ends_of_the_range_are_accepted_and_assessed_without_error() -> None:
    document = profile(
        cards__0__expires="2199-12",
        payments__0__due="2199-12-31",
        company__license_expires="1900-01-01",
    )
    parsed, _secrets = parse_profile(json.dumps(document).encode())
    for at in (dates.EARLIEST, dates.LATEST):
        assess(parsed, at)
        list(upcoming(parsed, at, 3660))
        moment = dt.datetime.combine(at, dt.time(23, 59), tzinfo=dt.UTC)
        reminders.upcoming(parsed, [], moment, dt.UTC, 3660)
        export_ics(parsed, moment, dt.UTC, namespace="limits")


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;INTERVAL=2147483648",
        "FREQ=DAILY;INTERVAL=1001",
        "FREQ=DAILY;COUNT=99999999999",
        "FREQ=MONTHLY;COUNT=100001",
        "FREQ=MONTHLY;BYDAY=53MO",
        "FREQ=MONTHLY;BYDAY=30MO",
        "FREQ=YEARLY;BYDAY=60MO",
    ],
)
def test_rules_that_would_fail_later_are_refused_at_import(rule: str) -> None:
    with pytest.raises(dates.RecurrenceError):
        dates.validate_repeat(rule, dt.date(2026, 12, 5))
    found = problems(profile(payments__0__repeat=rule))
    assert len(found) == 1 and found[0].startswith("payments[0].repeat: ")


@pytest.mark.parametrize(
    "rule",
    ["FREQ=DAILY;INTERVAL=1000", "FREQ=DAILY;COUNT=100000", "FREQ=YEARLY;BYDAY=20MO"],
)
def test_rules_at_the_limits_are_accepted_and_calendared(rule: str) -> None:
    document = profile(payments__0__repeat=rule, payments__0__due="2199-01-05")
    parsed, _secrets = parse_profile(json.dumps(document).encode())
    moment = dt.datetime(2199, 12, 31, 9, tzinfo=dt.UTC)
    assess(parsed, moment.date())
    reminders.upcoming(parsed, [], moment, dt.UTC, 3660)
    export_ics(parsed, moment, dt.UTC, namespace="limits")
