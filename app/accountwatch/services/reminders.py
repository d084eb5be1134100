"""Use cases of reminders: what is due now and later, and what the user did with each."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from accountwatch.core import reminders
from accountwatch.core.model import Profile
from accountwatch.core.reminders import LogEntry, Logged, Reminder
from accountwatch.services.preferences import next_weekly_check
from accountwatch.services.workspace import Workspace

# Log entries older than this are of reminders long past: dropped when new ones are written.
LOG_KEPT = dt.timedelta(days=400)
# Until when "snooze all for today" holds new reminders back (an aware ISO date-time).
MUTED_KEY = "reminders.muted_until"
# A pass over this many accounts, cards and payments together is a few milliseconds of Python
# (3.5 µs each); 1,000 accounts with their cards and payments take a fifth of a second.
QUICK_PASS_ITEMS = 500


def quick_pass(profile: Profile) -> bool:
    """Whether a pass over `profile` (`deliver_due_and_next`) is a matter of milliseconds."""
    return len(profile.accounts) + len(profile.cards) + len(profile.payments) <= QUICK_PASS_ITEMS


def local_zone() -> dt.tzinfo:
    """The system's time zone: a ZoneInfo when it can be named (DST-correct), else its offset."""
    name = os.environ.get("TZ", "").removeprefix(":")
    if not name and sys.platform != "win32":
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    # No name to find (Windows): the current offset, right until the next DST change.
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


def _zone(tz: dt.tzinfo | None) -> dt.tzinfo:
    return tz if tz is not None else local_zone()


def _schedule_inputs(
    ws: Workspace, tz: dt.tzinfo | None, profile: Profile | None
) -> tuple[Profile, list[LogEntry], dt.tzinfo]:
    """The profile (stored, unless the caller holds it), the reminder log and the zone."""
    return profile or ws.repo.load_profile(), ws.repo.reminder_log(), _zone(tz)


def due_now(
    ws: Workspace,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    *,
    profile: Profile | None = None,
) -> list[Reminder]:
    """The reminders to deliver now (not yet delivered, dismissed or still snoozed).

    `profile`: the stored profile when the caller already holds it (the app, every minute).
    """
    stored, entries, zone = _schedule_inputs(ws, tz, profile)
    return reminders.due_now(
        stored, entries, now, zone, next_check=next_weekly_check(ws), since=folder_made(ws, now)
    )


def upcoming(
    ws: Workspace,
    now: dt.datetime,
    days: int = 90,
    tz: dt.tzinfo | None = None,
    *,
    profile: Profile | None = None,
) -> list[Reminder]:
    """The reminders of the next `days` days, by delivery time."""
    stored, entries, zone = _schedule_inputs(ws, tz, profile)
    return reminders.upcoming(
        stored,
        entries,
        now,
        zone,
        days,
        next_check=next_weekly_check(ws),
        since=folder_made(ws, now),
    )


def folder_made(
    ws: Workspace, now: dt.datetime, clock: dt.datetime | None = None
) -> dt.datetime | None:
    """When the data folder was made (None: unknown): no reminder is about an earlier date.

    Only a moment already past counts, by the system's clock (`clock`, the system's by default)
    or as of `now` (a look ahead): a folder "made" later than both was made while the clock was
    set ahead, since put right, and must not hold back the reminders of the months in between."""
    made = ws.db.created_at
    if made is not None and made > max(now, clock or dt.datetime.now(dt.UTC)):
        return None
    return made


def log(ws: Workspace) -> list[LogEntry]:
    """What became of each delivered, snoozed or dismissed reminder, oldest first."""
    return ws.repo.reminder_log()


def recent(
    ws: Workspace,
    now: dt.datetime,
    days: int = 30,
    tz: dt.tzinfo | None = None,
    *,
    profile: Profile | None = None,
) -> list[Logged]:
    """The reminders delivered, snoozed or dismissed in the last `days` days, newest first."""
    stored, entries, zone = _schedule_inputs(ws, tz, profile)
    return reminders.logged(stored, entries, now, zone, days, next_check=next_weekly_check(ws))


def mark_delivered(ws: Workspace, ids: list[str], now: dt.datetime) -> None:
    with ws.writing():
        ws.repo.record_reminder_delivery(list(ids), now)
        ws.repo.forget_reminders_before(now - LOG_KEPT)


def snooze(ws: Workspace, ids: list[str], until: dt.datetime, now: dt.datetime) -> None:
    """Deliver these reminders again at `until` (e.g. now + one of `SNOOZE_CHOICES`)."""
    with ws.writing():
        ws.repo.snooze_reminders(ids, now, until)


def dismiss(ws: Workspace, ids: list[str], now: dt.datetime) -> list[LogEntry]:
    """Never deliver these reminders again (a later tier of the same thing still comes).
    Returns what the log held of them before, for `undo_dismiss`."""
    wanted = set(ids)
    with ws.writing():
        before = [e for e in ws.repo.reminder_log() if e.reminder_id in wanted]
        ws.repo.dismiss_reminders(ids, now)
    return before


def undo_dismiss(ws: Workspace, ids: list[str], before: list[LogEntry]) -> None:
    """Put these reminders back as `dismiss` found them (`before`: what it returned)."""
    with ws.writing():
        ws.repo.restore_reminders(ids, before)


def still_open(
    ws: Workspace,
    ids: list[str],
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    *,
    profile: Profile | None = None,
) -> list[str]:
    """Of these delivered reminders, the ones still to act on (`Schedule.still_open`): what
    the banner keeps after a snooze, a dismissal, a payment marked paid or a weekly check.

    With the caller's profile, from the schedule the app's minute-by-minute pass made for it
    (what is live now is in a schedule of any length): a second pass over a large profile
    after each change would cost a tenth of a second of Python beside the window."""
    schedule = _schedule(ws, now, tz, 1, profile)
    return schedule.still_open(ids, ws.repo.reminder_log())


def snooze_all(
    ws: Workspace, until: dt.datetime, now: dt.datetime, tz: dt.tzinfo | None = None
) -> list[str]:
    """ "Snooze all for today": what is due now and what was delivered today comes back at
    `until`, and reminders falling due before then are held back until then too. Returns the
    ids snoozed now."""
    start_of_day = dt.datetime.combine(now.astimezone(_zone(tz)).date(), dt.time(0), _zone(tz))
    with ws.writing():
        ids = [r.id for r in due_now(ws, now, tz)]
        ids += [
            entry.reminder_id
            for entry in reminders.latest_entries(ws.repo.reminder_log()).values()
            if entry.state == reminders.State.DELIVERED and entry.at >= start_of_day
        ]
        ws.repo.snooze_reminders(ids, now, until)
        ws.db.set_meta(MUTED_KEY, until.astimezone(dt.UTC).isoformat())
    return ids


def muted_until(ws: Workspace, now: dt.datetime) -> dt.datetime | None:
    """The end of "snooze all", while it lasts."""
    text = ws.db.get_meta(MUTED_KEY)
    try:
        until = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None  # an unreadable value holds nothing back: better a reminder than none
    return until if until is not None and until.tzinfo is not None and until > now else None


def deliver_due(
    ws: Workspace,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    *,
    profile: Profile | None = None,
) -> list[Reminder]:
    """Record what is due now as delivered and return it; while "snooze all" lasts, snooze it
    to the end of that instead and return nothing."""
    return _deliver(ws, now, _schedule(ws, now, tz, 0, profile))


def deliver_due_and_next(
    ws: Workspace,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    *,
    profile: Profile | None = None,
) -> tuple[list[Reminder], dt.datetime | None]:
    """`deliver_due`, and when the next reminder of the coming day is delivered (None: none
    within a day), from one pass over the profile (the app asks every minute)."""
    schedule = _schedule(ws, now, tz, 1, profile)
    due = _deliver(ws, now, schedule)
    later = schedule.coming(ws.repo.reminder_log())
    return due, (later[0].deliver_at if later else None)


@dataclass
class _Made:
    """The last schedule made for a profile the caller holds, and what it was made for."""

    profile: Profile
    key: tuple[dt.date, dt.tzinfo, int, dt.datetime | None]
    schedule: reminders.Schedule


# The app asks every minute with the same profile object until it changes: the schedule made
# at the first minute of a day serves the rest of it (a pass over a large profile takes tenths
# of a second). Only used with a caller's profile; a freshly loaded one is never the same.
_last_made: _Made | None = None


def _schedule(
    ws: Workspace, now: dt.datetime, tz: dt.tzinfo | None, days: int, profile: Profile | None
) -> reminders.Schedule:
    global _last_made
    zone = _zone(tz)
    next_check = next_weekly_check(ws)
    key = (now.astimezone(zone).date(), zone, days, next_check)
    made = _last_made
    if (
        profile is not None
        and made is not None
        and made.profile is profile
        and made.key == key
        and made.schedule.now <= now
    ):
        return made.schedule.at(now)
    stored = profile or ws.repo.load_profile()
    schedule = reminders.Schedule(
        stored, now, zone, days, next_check=next_check, since=folder_made(ws, now)
    )
    if profile is not None:
        _last_made = _Made(profile, key, schedule)
    return schedule


def _deliver(ws: Workspace, now: dt.datetime, schedule: reminders.Schedule) -> list[Reminder]:
    with ws.writing():
        due = schedule.due(ws.repo.reminder_log())
        if not due:
            return []
        held = muted_until(ws, now)
        if held is not None:
            ws.repo.snooze_reminders([r.id for r in due], now, held)
            return []
        mark_delivered(ws, [r.id for r in due], now)
    return due


def tomorrow_morning(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """When "snooze all for today" ends: the next day's delivery time on the local clock."""
    zone = _zone(tz)
    tomorrow = now.astimezone(zone).date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, reminders.DELIVERY_TIME, tzinfo=zone)
