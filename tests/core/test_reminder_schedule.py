"""One pass over the profile answers both questions the app asks every minute."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from accountwatch.core.demo import demo_profile
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.reminders import LogEntry, Schedule, State, due_now, upcoming

TOKYO = ZoneInfo("Asia/Tokyo")
DAY = dt.date(2026, 11, 29)
PROFILE, _SECRETS = parse_profile(json.dumps(demo_profile(DAY)).encode())
# Around the 09:00 deliveries, midnight and the days an overdue payment is recalled on.
MOMENTS = [
    dt.datetime.combine(DAY + dt.timedelta(days=d), dt.time(h, m), TOKYO)
    for d in (-20, -3, 0, 1, 6, 13, 40)
    for h, m in ((0, 0), (8, 59), (9, 0), (18, 30))
]


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.strftime("%m-%d %H:%M"))
def test_a_schedule_over_any_window_is_due_now_and_upcoming(now: dt.datetime) -> None:
    some = due_now(PROFILE, [], now, TOKYO)
    delivered = [LogEntry(r.id, State.DELIVERED, now) for r in some[:1]]
    for days in (0, 1, 30):
        schedule = Schedule(PROFILE, now, TOKYO, days)
        assert schedule.due([]) == some
        assert schedule.due(delivered) == some[1:]
        assert schedule.coming(delivered) == upcoming(PROFILE, delivered, now, TOKYO, days)
