"""The calendar export on a real data folder: UIDs kept per folder, revisions kept between
exports, the lock taken only to store a change, and an empty profile refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from accountwatch.services import calendar_export, editing, profiles
from accountwatch.services.calendar_export import NAMESPACE_KEY, REVISIONS_KEY, export_calendar
from accountwatch.services.types import DataDirError
from accountwatch.services.workspace import Workspace
from accountwatch.store.lock import WriterLock

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=TOKYO)
DAY = NOW.date()


def calendar_bytes(ws: Workspace, now: dt.datetime, tz: dt.tzinfo) -> bytes:
    """The calendar exported at `now`, written to memory (what the folder keeps kept)."""
    written: list[bytes] = []
    export_calendar(ws, now, written.append, tz)
    return written[0]


def events(data: bytes) -> dict[str, Event]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_uids_carry_the_folder_s_random_namespace_kept_in_the_database(
    ws: Workspace, tmp_path: Path, data_dir: Path
) -> None:
    assert ws.db.get_meta(NAMESPACE_KEY) is None  # made at the first export
    first = events(calendar_bytes(ws, NOW, TOKYO))
    namespace = ws.db.get_meta(NAMESPACE_KEY)
    assert namespace is not None and len(namespace) == 16
    assert "payment-due-gold-supplier@" + namespace + ".accountwatch" in first
    assert all(uid.endswith(f"@{namespace}.accountwatch") for uid in first)
    # Kept: the same UIDs next time, also after the folder is closed and opened again.
    ws.close()
    with Workspace.open(data_dir) as again:
        assert set(events(calendar_bytes(again, NOW, TOKYO))) == set(first)
    # Another data folder (another company) with the same profile: no UID in common.
    source = data_dir.parent / "demo.json"  # what the data_dir fixture imported
    with Workspace.open(tmp_path / "other") as other:
        profiles.import_profile(other, profiles.read_import(source), replace_all=True, today=DAY)
        assert not set(events(calendar_bytes(other, NOW, TOKYO))) & set(first)


def test_an_edit_raises_sequence_and_last_modified_of_its_event_only(ws: Workspace) -> None:
    first = events(calendar_bytes(ws, NOW, TOKYO))
    later = NOW + dt.timedelta(days=1)
    profile = ws.repo.load_profile()
    gold = next(p for p in profile.payments if p.id == "gold-supplier")
    item = editing.item_document(profile, "payments", gold.id)
    editing.put_item(ws, "payments", {**item, "amount": "1234.50"}, replacing=gold.id)
    second = events(calendar_bytes(ws, later, TOKYO))
    assert set(second) == set(first)
    [gold_uid] = [uid for uid in second if uid.startswith("payment-due-gold-supplier@")]
    assert second[gold_uid]["SEQUENCE"] == 1
    assert second[gold_uid]["LAST-MODIFIED"].dt == later.astimezone(dt.UTC)
    assert "1,234.50" in str(second[gold_uid]["SUMMARY"])
    for uid, event in second.items():
        assert event["DTSTAMP"].dt == later.astimezone(dt.UTC)
        if uid != gold_uid:
            assert event["SEQUENCE"] == first[uid]["SEQUENCE"] == 0
            assert event["LAST-MODIFIED"].dt == NOW.astimezone(dt.UTC)


def test_an_unchanged_export_writes_nothing_and_needs_no_lock(
    ws: Workspace, data_dir: Path
) -> None:
    calendar_bytes(ws, NOW, TOKYO)
    stored = ws.db.get_meta(REVISIONS_KEY)
    token = ws.db.state_token()
    other = WriterLock(data_dir)  # the app, holding the folder for as long as it runs
    other.acquire()
    try:
        data = calendar_bytes(ws, NOW + dt.timedelta(hours=3), TOKYO)
        assert ws.db.state_token() == token and ws.db.get_meta(REVISIONS_KEY) == stored
        assert events(data)
        # A change has to be stored, and the folder is another's: said, and nothing stored.
        ws.db.set_meta(REVISIONS_KEY, "{}")  # as if never exported
        with pytest.raises(DataDirError, match="in use"):
            calendar_bytes(ws, NOW, TOKYO)
        assert ws.db.get_meta(REVISIONS_KEY) == "{}"
    finally:
        other.release()


def test_unreadable_revisions_start_again_instead_of_failing(ws: Workspace) -> None:
    calendar_bytes(ws, NOW, TOKYO)
    ws.db.set_meta(REVISIONS_KEY, "not json")
    data = calendar_bytes(ws, NOW, TOKYO)
    assert all(e["SEQUENCE"] == 0 for e in events(data).values())
    assert str(ws.db.get_meta(REVISIONS_KEY)).startswith("{")


def test_a_folder_with_nothing_dated_is_refused_and_keeps_no_state(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "empty") as ws:
        with pytest.raises(calendar_export.EmptyCalendarError):
            calendar_bytes(ws, NOW, TOKYO)
        assert ws.db.get_meta(NAMESPACE_KEY) is None


def test_the_weekly_check_starts_after_the_data_folder_was_made(ws: Workspace) -> None:
    made = dt.datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO)  # a Thursday
    ws.db.set_created_at(made)
    found = events(calendar_bytes(ws, made + dt.timedelta(days=12), TOKYO))
    [weekly] = [e for uid, e in found.items() if uid.startswith("weekly-check-")]
    start = weekly["DTSTART"].dt
    weekday = ws.repo.load_profile().settings.weekly_check.weekday.number
    # The first check on or after the day the folder was made, not the first of the year.
    assert start.weekday() == weekday and made <= start < made + dt.timedelta(days=7)


def test_an_export_as_of_long_before_the_folder_still_starts_after_it(ws: Workspace) -> None:
    made = dt.datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO)
    ws.db.set_created_at(made)
    after = events(calendar_bytes(ws, made + dt.timedelta(days=12), TOKYO))
    long_ago = events(calendar_bytes(ws, dt.datetime(1900, 1, 1, tzinfo=TOKYO), TOKYO))
    [start] = {e["DTSTART"].dt for uid, e in long_ago.items() if uid.startswith("weekly-check-")}
    # Not the first check of 2026, eleven months before the folder existed.
    assert made <= start < made + dt.timedelta(days=7)
    assert {uid: e["DTSTART"].dt for uid, e in long_ago.items()} == {
        uid: e["DTSTART"].dt for uid, e in after.items()
    }


def test_deleted_and_paid_items_are_cancelled_at_the_next_export(ws: Workspace) -> None:
    first = events(calendar_bytes(ws, NOW, TOKYO))
    editing.delete_item(ws, "payments", "gold-supplier")
    editing.delete_item(ws, "cards", "jcb-backup")
    editing.mark_paid(ws, "aliexpress-deposit", DAY)
    later = events(calendar_bytes(ws, NOW + dt.timedelta(days=1), TOKYO))
    assert set(later) == set(first)
    for prefix in ("payment-due-gold-supplier@", "card-expiry-jcb-backup@"):
        [uid] = [uid for uid in later if uid.startswith(prefix)]
        assert later[uid]["STATUS"] == "CANCELLED"
        assert later[uid]["SEQUENCE"] == first[uid]["SEQUENCE"] + 1
        assert not later[uid].walk("VALARM")
    [deposit] = [e for uid, e in later.items() if uid.startswith("payment-due-aliexpress-deposit@")]
    assert deposit["STATUS"] == "CANCELLED"
    # Kept in the data folder: a third export cancels them still, with the same SEQUENCE.
    third = events(calendar_bytes(ws, NOW + dt.timedelta(days=2), TOKYO))
    assert {uid: e["SEQUENCE"] for uid, e in third.items()} == {
        uid: e["SEQUENCE"] for uid, e in later.items()
    }


def test_what_an_export_sent_is_kept_only_once_the_file_is_written(ws: Workspace) -> None:
    def cannot_write(_data: bytes) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_calendar(ws, NOW, cannot_write, TOKYO)
    assert ws.db.get_meta(NAMESPACE_KEY) is None and ws.db.get_meta(REVISIONS_KEY) is None
    calendar_bytes(ws, NOW, TOKYO)
    kept = ws.db.get_meta(REVISIONS_KEY)
    editing.delete_item(ws, "payments", "gold-supplier")
    with pytest.raises(OSError, match="disk full"):
        export_calendar(ws, NOW, cannot_write, TOKYO)
    assert ws.db.get_meta(REVISIONS_KEY) == kept  # the cancellation never reached a calendar
    # Made, not yet written (the app asks where to save it first): nothing kept either.
    made = calendar_export.calendar_file(ws, NOW, TOKYO)
    assert ws.db.get_meta(REVISIONS_KEY) == kept
    calendar_export.keep(ws, made)
    assert ws.db.get_meta(REVISIONS_KEY) != kept


def test_a_look_ahead_does_not_forget_what_is_still_owed_today(ws: Workspace) -> None:
    # `calendar --at` two years on dropped a cancellation of today's from the folder: the next
    # export of today no longer cancelled the removed payment, and calendars kept its alarms.
    def export(at: dt.datetime) -> dict[str, Event]:
        written: list[bytes] = []
        export_calendar(ws, at, written.append, TOKYO, clock=NOW)
        return events(written[0])

    first = export(NOW)
    editing.delete_item(ws, "payments", "gold-supplier")
    export(NOW)
    export(NOW + dt.timedelta(days=730))
    today = export(NOW + dt.timedelta(minutes=5))
    [uid] = [uid for uid in today if uid.startswith("payment-due-gold-supplier@")]
    assert today[uid]["STATUS"] == "CANCELLED"
    assert today[uid]["SEQUENCE"] == first[uid]["SEQUENCE"] + 1
