"""The exported calendar read by real clients, calcurse (Debian) and khal: month-end payments
on the last day of every month, two data folders side by side in one calendar, and an edit that
replaces the event. Skipped without the clients, except in CI (ACCOUNTWATCH_REQUIRE_KEYRING=1),
where that fails."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from accountwatch.cli import main
from accountwatch.services import editing
from accountwatch.services.workspace import Workspace

CLIENTS = ("calcurse", "khal")
YEAR = 2027
RENT = "Rent"  # due on the 31st: the last day of every month
FEE = "Fee"  # due on the 30th: the 30th, and 28 February
MONTH_ENDS = [dt.date(YEAR, m, calendar.monthrange(YEAR, m)[1]) for m in range(1, 13)]
THIRTIETHS = [dt.date(YEAR, m, 28 if m == 2 else 30) for m in range(1, 13)]


@pytest.fixture(scope="module", autouse=True)
def _clients() -> None:
    missing = [name for name in CLIENTS if shutil.which(name) is None]
    if not missing:
        return
    reason = (
        f"calendar clients not installed: {', '.join(missing)} "
        "(tools/install-system-deps installs them)"
    )
    if os.environ.get("ACCOUNTWATCH_REQUIRE_KEYRING") == "1":
        pytest.fail(f"ACCOUNTWATCH_REQUIRE_KEYRING=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def shop_folder(
    tmp_path: Path, name: str, *, payments: list[Any], cards: list[Any] | None = None
) -> Path:
    """A data folder `name` with the account "shop" on 1688, these payments and cards (what
    the file does not give replaced: the same ids in every folder)."""
    document = {
        "format": "accountwatch.profile",
        "version": 1,
        "accounts": [{"id": "shop", "platform": "1688", "label": "Shop", "login_id": "sakura"}],
        "cards": cards or [],
        "payments": payments,
    }
    source = tmp_path / f"{name}.json"
    source.write_text(json.dumps(document), "utf-8")
    folder = tmp_path / name
    assert main(["import", str(source), "--replace", "--data-dir", str(folder)]) == 0
    return folder


def data_folder(tmp_path: Path, name: str, rent: str) -> Path:
    """A data folder whose profile (the same ids in every folder) has `rent` as the amount."""
    return shop_folder(
        tmp_path,
        name,
        payments=[
            {
                "id": "rent",
                "account": "shop",
                "due": f"{YEAR}-01-31",
                "repeat": "FREQ=MONTHLY",
                "description": RENT,
                "amount": rent,
                "currency": "USD",
            },
            {
                "id": "fee",
                "account": "shop",
                "due": f"{YEAR}-01-30",
                "repeat": "FREQ=MONTHLY",
                "description": FEE,
            },
        ],
    )


def export(folder: Path, at: str) -> Path:
    target = folder.parent / f"{folder.name}-{at[:10]}.ics"
    assert main(["calendar", str(target), "--at", at, "--data-dir", str(folder)]) == 0
    return target


def run(*args: str | Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def calcurse_events(ics: Path, folder: Path) -> dict[str, list[dt.date]]:
    """What calcurse shows in YEAR, after importing `ics` into a new calendar in `folder`:
    the days of each all-day event, by its text."""
    folder.mkdir()
    run("calcurse", "-C", folder, "-D", folder, "-q", "-i", ics)
    # With a new configuration calcurse heads each day MM/DD/YY and lists events as " * text".
    out = run(
        "calcurse", "-C", folder, "-D", folder, "-Q", "--from", f"01/01/{YEAR}", "--days", "365"
    )
    shown: dict[str, list[dt.date]] = {}
    day: dt.date | None = None
    for line in out.splitlines():
        if line.endswith(":") and line.count("/") == 2:
            day = dt.datetime.strptime(line[:-1], "%m/%d/%y").date()
        elif line.startswith(" * ") and day is not None:
            shown.setdefault(line[3:], []).append(day)
    return shown


class Khal:
    """khal with a calendar of its own in `folder` (a vdir), driven as a script drives it."""

    def __init__(self, folder: Path) -> None:
        self.vdir = folder / "calendar"
        self.vdir.mkdir(parents=True)
        self.config = folder / "config"
        self.config.write_text(
            "[calendars]\n[[accountwatch]]\n"
            f"path = {self.vdir}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
            "longdatetimeformat = %Y-%m-%d %H:%M\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n",
            "utf-8",
        )

    def import_(self, ics: Path) -> None:
        run("khal", "-c", self.config, "import", "--batch", ics)

    def shown(self) -> Counter[tuple[dt.date, str]]:
        """(day, title) of every event khal lists in YEAR, counted."""
        out = run(
            "khal", "-c", self.config, "list", "--day-format", "",
            "--format", "{start-date}|{title}", f"{YEAR}-01-01", "365d",
        )  # fmt: skip
        found: Counter[tuple[dt.date, str]] = Counter()
        for line in out.splitlines():
            if "|" in line:
                day, title = line.split("|", 1)
                found[(dt.date.fromisoformat(day), title)] += 1
        return found


def days_of(shown: Counter[tuple[dt.date, str]], title: str) -> list[dt.date]:
    return sorted(day for (day, text), n in shown.items() for _ in range(n) if text == title)


def test_month_end_payments_fall_on_the_last_day_of_each_month_in_calcurse_and_khal(
    tmp_path: Path,
) -> None:
    ics = export(data_folder(tmp_path, "company", "1000"), "2026-12-15T10:00+09:00")
    rent = "Rent ($1,000.00) for Shop is due"
    fee = "Fee for Shop is due"

    in_calcurse = calcurse_events(ics, tmp_path / "calcurse")
    assert in_calcurse[rent] == MONTH_ENDS  # once a month, on its last day
    assert in_calcurse[fee] == THIRTIETHS

    khal = Khal(tmp_path / "khal")
    khal.import_(ics)
    shown = khal.shown()
    assert days_of(shown, rent) == MONTH_ENDS
    assert days_of(shown, fee) == THIRTIETHS


def test_two_data_folders_in_one_khal_calendar_keep_all_their_events(tmp_path: Path) -> None:
    at = "2026-12-15T10:00+09:00"
    # The same profile ids in both folders: only the folders' own UIDs keep them apart.
    first = export(data_folder(tmp_path, "tokyo", "1000"), at)
    second = export(data_folder(tmp_path, "osaka", "2000"), at)
    khal = Khal(tmp_path / "khal")
    khal.import_(first)
    khal.import_(second)
    shown = khal.shown()
    assert days_of(shown, "Rent ($1,000.00) for Shop is due") == MONTH_ENDS
    assert days_of(shown, "Rent ($2,000.00) for Shop is due") == MONTH_ENDS
    assert days_of(shown, "Fee for Shop is due") == sorted(THIRTIETHS * 2)
    events = [len(Calendar.from_ical(f.read_bytes()).walk("VEVENT")) for f in (first, second)]
    assert len(list(khal.vdir.glob("*.ics"))) == sum(events)


def test_an_edited_amount_replaces_the_event_in_khal_after_a_re_export(tmp_path: Path) -> None:
    folder = data_folder(tmp_path, "company", "1000")
    khal = Khal(tmp_path / "khal")
    before = export(folder, "2026-12-15T10:00+09:00")
    khal.import_(before)
    data_folder(tmp_path, "company", "1250")  # the amount edited
    after = export(folder, "2026-12-20T10:00+09:00")
    khal.import_(after)
    shown = khal.shown()
    assert days_of(shown, "Rent ($1,250.00) for Shop is due") == MONTH_ENDS
    assert days_of(shown, "Rent ($1,000.00) for Shop is due") == []
    assert days_of(shown, "Fee for Shop is due") == THIRTIETHS  # unchanged, and once

    def rent_event(data: bytes) -> tuple[int, dt.datetime]:
        [event] = [
            e
            for e in Calendar.from_ical(data).walk("VEVENT")
            if str(e["UID"]).startswith("payment-due-rent@")
        ]
        return int(event["SEQUENCE"]), event["LAST-MODIFIED"].dt

    assert rent_event(before.read_bytes())[0] == 0
    assert rent_event(after.read_bytes()) == (1, dt.datetime(2026, 12, 20, 1, 0, tzinfo=dt.UTC))
    [kept] = list(khal.vdir.glob("payment-due-rent@*.ics"))
    assert rent_event(kept.read_bytes())[0] == 1


def test_a_label_with_a_line_break_is_one_event_in_calcurse_and_one_line_in_khal(
    tmp_path: Path,
) -> None:
    folder = shop_folder(
        tmp_path,
        "company",
        cards=[
            {"id": "jcb", "label": "JCB 🎌\nsecond line", "last4": "1234", "expires": "2027-03"}
        ],
        payments=[
            {
                "id": "deposit",
                "account": "shop",
                "due": f"{YEAR}-02-10",
                "description": "One-off deposit\r\nline two",
            }
        ],
    )
    ics = export(folder, "2026-12-03T10:00+09:00")
    card = "Card JCB 🎌 second line (…1234) expires"
    deposit = "One-off deposit line two for Shop is due"
    # calcurse skipped both ("line break in summary"): the reminders were lost.
    in_calcurse = calcurse_events(ics, tmp_path / "calcurse")
    assert in_calcurse[card] == [dt.date(YEAR, 3, 31)]
    assert in_calcurse[deposit] == [dt.date(YEAR, 2, 10)]
    khal = Khal(tmp_path / "khal")
    khal.import_(ics)
    shown = khal.shown()
    assert days_of(shown, card) == [dt.date(YEAR, 3, 31)]
    assert days_of(shown, deposit) == [dt.date(YEAR, 2, 10)]


def test_the_weekly_check_starts_in_calcurse_after_the_data_folder_was_made(
    tmp_path: Path,
) -> None:
    folder = data_folder(tmp_path, "company", "1000")
    with Workspace.open(folder) as ws:
        # A Friday, a year into the calendar shown: no weekly check before it.
        ws.db.set_created_at(dt.datetime(YEAR, 1, 1, 12, 0, tzinfo=dt.UTC))
    ics = export(folder, f"{YEAR}-01-10T10:00+00:00")
    folder_calcurse = tmp_path / "calcurse"
    folder_calcurse.mkdir()
    run("calcurse", "-C", folder_calcurse, "-D", folder_calcurse, "-q", "-i", ics)
    out = run(
        "calcurse", "-C", folder_calcurse, "-D", folder_calcurse, "-Q",
        "--from", f"12/01/{YEAR - 1}", "--days", "45",
    )  # fmt: skip
    days = [line[:-1] for line in out.splitlines() if line.endswith(":") and line.count("/") == 2]
    assert days[0] == f"01/04/{YEAR % 100}"  # the first Monday after 1 January {YEAR}


def test_removed_and_paid_items_leave_khal_and_calcurse_after_a_re_export(
    tmp_path: Path,
) -> None:
    folder = shop_folder(
        tmp_path,
        "company",
        cards=[{"id": "jcb", "label": "JCB", "last4": "1234", "expires": f"{YEAR}-03"}],
        payments=[
            {"id": "fee", "account": "shop", "due": f"{YEAR}-01-15", "repeat": "FREQ=MONTHLY",
             "description": "Fee"},
            {"id": "deposit", "account": "shop", "due": f"{YEAR}-02-10", "description": "Deposit"},
            {"id": "rent", "account": "shop", "due": f"{YEAR}-01-05", "description": "Rent"},
        ],
    )  # fmt: skip
    khal = Khal(tmp_path / "khal")
    khal.import_(export(folder, "2026-12-15T10:00+09:00"))
    assert days_of(khal.shown(), "Fee for Shop is due")  # there to start with
    with Workspace.open(folder) as ws:
        editing.delete_item(ws, "payments", "fee")
        editing.delete_item(ws, "cards", "jcb")
        editing.mark_paid(ws, "deposit", dt.date(2026, 12, 16))
    after = export(folder, "2026-12-20T10:00+09:00")
    khal.import_(after)
    titles = {title for _day, title in khal.shown()}
    assert titles == {"Rent for Shop is due", "AccountWatch weekly health check"}
    # Replaced by UID: one file per event, the cancelled ones hold no alarm any more.
    for kept in khal.vdir.glob("*.ics"):
        text = kept.read_text("utf-8")
        assert ("STATUS:CANCELLED" in text) == ("BEGIN:VALARM" not in text)
    # calcurse reads no STATUS: it imports the cancellations, series with no occurrence, and
    # shows nothing of them; nothing is refused (it was: "Some items could not be imported",
    # exit status 1, for an EXDATE without a RRULE).
    calcurse = tmp_path / "calcurse"
    calcurse.mkdir()
    done = run("calcurse", "-C", calcurse, "-D", calcurse, "-i", after)
    assert " 0 skipped" in done
    out = run(
        "calcurse", "-C", calcurse, "-D", calcurse, "-Q", "--from", f"01/01/{YEAR}", "--days", "365"
    )
    assert "Rent for Shop is due" in out
    assert not {"Fee", "Deposit", "JCB"} & set(out.split())
