"""`reminders --due` for cron and `calendar FILE.ics`, through `cli.main` on a real data folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from accountwatch.cli import main
from accountwatch.core.demo import demo_profile, demo_started
from accountwatch.services import reminders
from accountwatch.services.workspace import Workspace

AT = "2026-11-29T10:00+09:00"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _tokyo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's time zone, as `services.reminders.local_zone` finds it."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")


@pytest.fixture
def new_data(tmp_path: Path) -> Path:
    """The demo profile imported into a data folder made now."""
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(dt.date(2026, 11, 29))), "utf-8")
    folder = tmp_path / "data"
    assert main(["import", str(source), "--data-dir", str(folder)]) == 0
    return folder


@pytest.fixture
def data(new_data: Path) -> Path:
    """The same, dated back as the app's demo is: no reminder is about a day before the folder
    was made, and the tests look at 2026-11-29."""
    with Workspace.open(new_data) as ws:
        ws.db.set_created_at(dt.datetime.combine(demo_started(dt.date(2026, 11, 29)), dt.time(0)))
    return new_data


def test_reminders_due_prints_once_and_records_delivery(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, out, _err = run(capsys, "reminders", "--due", "--at", AT, "--data-dir", str(data))
    assert code == 0
    assert "Payment due: 1688" in out and "is still unpaid" in out
    # Delivered: a second run (cron a minute later) prints nothing.
    later = "2026-11-29T10:01+09:00"
    assert run(capsys, "reminders", "--due", "--at", later, "--data-dir", str(data))[:2] == (0, "")


def test_reminders_due_keeps_quiet_while_the_app_snoozed_everything(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    capsys.readouterr()
    now = dt.datetime.fromisoformat(AT)
    until = reminders.tomorrow_morning(now)
    with Workspace.open(data) as ws:
        reminders.snooze_all(ws, until, now)
    later = "2026-11-29T15:00+09:00"
    assert run(capsys, "reminders", "--due", "--at", later, "--data-dir", str(data))[:2] == (0, "")
    code, out, _err = run(
        capsys, "reminders", "--due", "--at", "2026-11-30T09:00+09:00", "--data-dir", str(data)
    )
    assert code == 0 and "is still unpaid" in out


def test_reminders_due_json(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    capsys.readouterr()
    args = ("reminders", "--due", "--json", "--at", AT, "--data-dir", str(data))
    code, out, _err = run(capsys, *args)
    assert code == 0
    items = json.loads(out)
    assert items and {"kind", "subject", "date", "message", "id", "deliver_at"} == set(items[0])
    overdue = next(i for i in items if i["subject"] == "payment:1688-service")
    assert overdue["id"] == "payment-due:payment:1688-service:2026-11-23:overdue-6"
    assert overdue["date"] == "2026-11-23" and overdue["kind"] == "payment-due"
    assert json.loads(run(capsys, *args)[1]) == []


def test_reminders_listing_shows_delivery_times(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    args = ("reminders", "--at", AT, "--days", "3", "--data-dir", str(data))
    code, out, _err = run(capsys, *args)
    assert code == 0
    assert "Nov 30, 2026 09:00  Weekly health check on Nov 30, 2026 at 09:00." in out.splitlines()


def test_calendar_writes_an_ics_file(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    target = tmp_path / "due.ics"
    args = ("calendar", str(target), "--at", AT, "--data-dir", str(data))
    code, _out, err = run(capsys, *args)
    assert code == 0, err
    written = target.read_bytes()
    assert written.startswith(b"BEGIN:VCALENDAR\r\n")
    events = {str(e["UID"]).split("@")[0]: e for e in Calendar.from_ical(written).walk("VEVENT")}
    assert {"card-expiry-visa-main", "weekly-check-weekly-check"} <= set(events)
    # DTSTAMP: the moment of the export (--at), in UTC.
    stamp = dt.datetime(2026, 11, 29, 1, 0, tzinfo=dt.UTC)
    assert {e["DTSTAMP"].dt for e in events.values()} == {stamp}
    assert not list(tmp_path.glob(".aw-*"))  # no temporary file left behind
    # Again at the same moment: the same file, so a calendar re-import changes nothing.
    assert run(capsys, *args)[0] == 0
    assert target.read_bytes() == written
    # Later: only DTSTAMP differs.
    later = ("calendar", str(target), "--at", "2026-12-01T08:00+09:00", "--data-dir", str(data))
    assert run(capsys, *later)[0] == 0
    assert target.read_bytes().replace(b"20261130T230000Z", b"20261129T010000Z") == written


def test_calendar_with_nothing_dated_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "new"
    Workspace.open(folder).close()  # a data folder that was opened but never given a profile
    target = tmp_path / "due.ics"
    code, out, err = run(capsys, "calendar", str(target), "--data-dir", str(folder))
    assert code == 2 and out == ""
    assert "nothing dated" in err and "No calendar was written" in err
    assert not target.exists()


def test_calendar_to_standard_output(capfdbinary: pytest.CaptureFixture[bytes], data: Path) -> None:
    capfdbinary.readouterr()
    assert main(["calendar", "-", "--data-dir", str(data)]) == 0
    out = capfdbinary.readouterr().out
    assert out.startswith(b"BEGIN:VCALENDAR\r\n") and out.rstrip().endswith(b"END:VCALENDAR")


def test_calendar_to_a_missing_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nowhere" / "due.ics"
    code, _out, err = run(capsys, "calendar", str(target), "--data-dir", str(data))
    assert code == 2 and "cannot write" in err


def test_reminders_as_of_long_before_the_folder_existed(
    capsys: pytest.CaptureFixture[str], new_data: Path
) -> None:
    capsys.readouterr()
    folder = ("--at", "1900-01-01", "--data-dir", str(new_data))
    made = "This data folder was made on "
    code, out, err = run(capsys, "reminders", "--json", "--days", "3660", *folder)
    # Not the weekly checks of 1900-01-01, -08, … that a folder made today never owed.
    assert (code, json.loads(out)) == (0, [])
    assert err.startswith(made) and "no reminder is about an earlier date" in err
    code, out, err = run(capsys, "reminders", *folder)
    assert (code, out) == (0, "Nothing falls due in the next 30 days.\n") and made in err
    code, out, err = run(capsys, "reminders", "--due", *folder)
    assert (code, out) == (0, "") and made in err
    with Workspace.open(new_data) as ws:
        assert reminders.log(ws) == []  # nothing recorded as delivered in 1900 either


def test_reminders_as_of_days_before_the_folder_existed(
    capsys: pytest.CaptureFixture[str], new_data: Path
) -> None:
    with Workspace.open(new_data) as ws:
        made = ws.db.created_at
    assert made is not None
    capsys.readouterr()
    earlier = (made - dt.timedelta(days=10)).isoformat(timespec="seconds")
    args = ("reminders", "--json", "--days", "60", "--at", earlier, "--data-dir", str(new_data))

    def dates(out: str) -> list[dt.date]:
        return [dt.date.fromisoformat(item["date"]) for item in json.loads(out)]

    # Monday's check and the fees overdue then came before the folder: none is delivered.
    code, out, err = run(capsys, *args, "--due")
    assert code == 0 and all(day >= made.date() for day in dates(out))
    code, out, err = run(capsys, *args)
    assert code == 0 and dates(out) and all(day >= made.date() for day in dates(out))
    assert "This data folder was made on" in err
    code, out, err = run(capsys, "reminders", "--json", "--data-dir", str(new_data))
    assert code == 0 and "This data folder was made on" not in err  # asked as of now: no note


def test_calendar_as_of_long_before_the_folder_existed(
    capsys: pytest.CaptureFixture[str], new_data: Path, tmp_path: Path
) -> None:
    with Workspace.open(new_data) as ws:
        made = ws.db.created_at
    assert made is not None
    target = tmp_path / "due.ics"
    args = ("calendar", str(target), "--at", "1900-01-01", "--data-dir", str(new_data))
    assert run(capsys, *args)[0] == 0
    weekly = [
        e
        for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        if str(e["UID"]).startswith("weekly-check-")
    ]
    # The first check after the folder was made, not the first Monday of 2026.
    [start] = [e["DTSTART"].dt for e in weekly]
    assert made <= start < made + dt.timedelta(days=7)
