"""Tests for saving and loading the profile and the history of health checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest

from accountwatch.core.model import (
    Account,
    Card,
    CardBrand,
    Listing,
    Payment,
    Profile,
    Settings,
    YearMonth,
)
from accountwatch.store.db import Database, open_database
from accountwatch.store.repository import (
    ProfileRows,
    RecordedRun,
    Repository,
    RunAccount,
    RunFinding,
    RunKeys,
    RunSummary,
)


def _count(db: Database, table: str) -> int:
    return int(db.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_empty_database_loads_an_empty_profile(db: Database) -> None:
    assert Repository(db).load_profile() == Profile()


def test_every_field_survives_a_round_trip(db: Database, profile: Profile) -> None:
    Repository(db).save_profile(profile)
    loaded = Repository(db).load_profile()
    assert loaded == profile
    assert [a.id for a in loaded.accounts] == ["alibaba-main", "1688-shop", "aaa"]
    assert str(loaded.payments[0].amount) == "2999.00"
    assert str(loaded.payments[1].amount) == "0.10"
    assert loaded.accounts[0].has_totp_secret is True


def test_round_trip_survives_closing_and_reopening(data_dir: Path, profile: Profile) -> None:
    with open_database(data_dir) as db:
        Repository(db).save_profile(profile)
    with open_database(data_dir) as db:
        assert Repository(db).load_profile() == profile


def test_stored_values_are_plain_strings(db: Database, profile: Profile) -> None:
    Repository(db).save_profile(profile)
    row = db.connection.execute(
        "SELECT amount, typeof(amount), due FROM payments WHERE id = 'membership'"
    ).fetchone()
    assert row == ("2999.00", "text", "2026-12-05")
    assert db.connection.execute("SELECT expires FROM cards WHERE id = 'jcb'").fetchone() == (
        "2026-12",
    )
    assert db.connection.execute(
        "SELECT platform, role, status FROM accounts WHERE id = 'alibaba-main'"
    ).fetchone() == ("alibaba.com", "both", "restricted")


def test_password_max_age_off_is_distinct_from_the_default(db: Database) -> None:
    repo = Repository(db)
    repo.save_profile(Profile(settings=Settings(password_max_age_days=None)))
    assert repo.load_profile().settings.password_max_age_days is None
    repo.save_profile(Profile())
    assert repo.load_profile().settings.password_max_age_days == 365
    assert repo.load_profile().settings == Settings()


def test_settings_missing_from_the_database_keep_their_defaults(db: Database) -> None:
    repo = Repository(db)
    repo.save_profile(Profile(settings=Settings(card_warn_days=(5,))))
    with db.transaction() as conn:
        conn.execute("DELETE FROM settings WHERE key <> 'card_warn_days'")
    assert repo.load_profile().settings == Settings(card_warn_days=(5,))


def test_save_replaces_everything(db: Database, profile: Profile) -> None:
    repo = Repository(db)
    repo.save_profile(profile)
    smaller = Profile(
        accounts=(Account(id="only", login_id="me"),),
        cards=(Card("c", "1234", YearMonth(2030, 1)),),
    )
    repo.save_profile(smaller)
    assert repo.load_profile() == smaller
    for table in (
        "company",
        "registered_companies",
        "payment_methods",
        "authorized_brands",
        "listings",
        "penalties",
        "password_analyses",
        "other_fingerprints",
        "other_sites",
        "payments",
        "acknowledgements",
    ):
        assert _count(db, table) == 0, table
    repo.save_profile(Profile())
    assert repo.load_profile() == Profile()


def test_a_failed_save_leaves_the_previous_profile_intact(db: Database, profile: Profile) -> None:
    repo = Repository(db)
    repo.save_profile(profile)
    duplicate = dataclasses.replace(profile, cards=(*profile.cards, profile.cards[0]))
    with pytest.raises(sqlite3.IntegrityError):
        repo.save_profile(duplicate)
    assert repo.load_profile() == profile
    assert not db.connection.in_transaction


def test_an_exception_mid_save_rolls_back(
    db: Database, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository(db)
    repo.save_profile(profile)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk went away")

    # Accounts are written after the old rows are deleted, so this fails half-way through.
    monkeypatch.setattr(ProfileRows, "_insert_accounts", broken)
    with pytest.raises(OSError, match="disk went away"):
        repo.save_profile(Profile())
    monkeypatch.undo()
    assert repo.load_profile() == profile


# -- history of health checks ------------------------------------------------------------------


def _run(day: int, score: int, hour: int = 9) -> RecordedRun:
    finding = RunFinding(
        rule="PAY-CARD-EXPIRED",
        category="payment",
        subject="card:visa-main",
        weight=0.45,
        message="Card Company Visa expired.",
        action="Replace the card.",
        why="Failed renewals freeze accounts.",
    )
    acknowledged = dataclasses.replace(
        finding,
        rule="SEC-2FA-WEAK",
        weight=0.2,
        acknowledged=True,
        ack_reason="1688 offers SMS only",
        ack_until=dt.date(2027, 5, 28),
    )
    return RecordedRun(
        id=None,
        recorded_at=dt.datetime(2026, 11, day, hour, 0, tzinfo=dt.UTC),
        evaluated_on=dt.date(2026, 11, day),
        score=score,
        band="high",
        accounts=(
            RunAccount("alibaba-main", score, "high", (finding, acknowledged)),
            RunAccount("1688-shop", 0, "low"),
        ),
    )


def test_runs_are_recorded_and_read_back(db: Database) -> None:
    repo = Repository(db)
    run = _run(2, 72)
    run_id = repo.record_run(run)
    assert repo.run(run_id) == dataclasses.replace(run, id=run_id)
    assert repo.run(run_id + 100) is None


def test_recorded_findings_are_read_back_as_their_dataclass_makes_them(db: Database) -> None:
    # The repository fills a RunFinding's fields at once (`run_finding`, tests/store/test_runs.py).
    repo = Repository(db)
    run_id = repo.record_run(_run(2, 72))
    read = repo.run(run_id)
    assert read is not None
    for made in (f for account in read.accounts for f in account.findings):
        assert made == RunFinding(
            **{f.name: getattr(made, f.name) for f in dataclasses.fields(made)}
        )
        assert hash(made) == hash(dataclasses.replace(made))
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.rule = "changed"  # type: ignore[misc]


def test_history_is_newest_first(db: Database) -> None:
    repo = Repository(db)
    middle = repo.record_run(_run(9, 50))
    oldest = repo.record_run(_run(2, 72))
    newest = repo.record_run(_run(16, 10))
    assert [s.id for s in repo.runs()] == [newest, middle, oldest]
    last = repo.last_run()
    assert last is not None
    assert last.id == newest
    assert repo.runs()[0] == RunSummary(
        id=newest,
        recorded_at=dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC),
        evaluated_on=dt.date(2026, 11, 16),
        score=10,
        band="high",
        account_count=2,
        open_findings=1,
    )


def test_no_runs_yet(db: Database) -> None:
    repo = Repository(db)
    assert repo.runs() == []
    assert repo.last_run() is None
    assert repo.last_run_keys() is None and repo.last_run_state() is None


def test_the_newest_runs_keys_are_read_without_its_texts(db: Database) -> None:
    repo = Repository(db)
    repo.record_run(_run(9, 50))
    newest = repo.record_run(_run(16, 10))
    repo.record_run(_run(2, 72))  # recorded later, of an earlier moment: not the newest
    keys = repo.last_run_keys()
    expected = (
        (
            "alibaba-main",
            (
                ("alibaba-main", "PAY-CARD-EXPIRED", "card:visa-main"),
                ("alibaba-main", "SEC-2FA-WEAK", "card:visa-main"),
            ),
        ),
        ("1688-shop", ()),  # an account without findings is there, in its place
    )
    assert keys == RunKeys(id=newest, score=10, accounts=expected)
    assert repo.last_run_keys() is keys  # kept: compared with at every start and edit
    # Another repository on the same database reads the same keys.
    other = Repository(db)
    assert other.last_run() is not None
    assert other.last_run_keys() == keys
    # A newer run is read anew.
    later = repo.record_run(_run(20, 30))
    fresh = repo.last_run_keys()
    assert fresh is not None and fresh.id == later and fresh.score == 30
    assert repo.last_run_state() == (dt.date(2026, 11, 20), None, 0)


def test_recorded_time_is_kept_as_the_same_instant_in_utc(db: Database) -> None:
    tokyo = dt.timezone(dt.timedelta(hours=9))
    run = dataclasses.replace(
        _run(2, 5), recorded_at=dt.datetime(2026, 11, 30, 1, 30, tzinfo=tokyo)
    )
    later_in_utc = dataclasses.replace(
        _run(2, 6), recorded_at=dt.datetime(2026, 11, 29, 17, 0, tzinfo=dt.UTC)
    )
    repo = Repository(db)
    first = repo.record_run(run)
    second = repo.record_run(later_in_utc)
    loaded = repo.run(first)
    assert loaded is not None
    assert loaded.recorded_at == run.recorded_at
    assert loaded.recorded_at.utcoffset() == dt.timedelta(0)
    # 01:30 in Tokyo is 16:30 UTC the day before, earlier than 17:00 UTC.
    assert [s.id for s in repo.runs()] == [second, first]


def test_a_naive_recording_time_is_refused(db: Database) -> None:
    naive = dataclasses.replace(_run(2, 5), recorded_at=dt.datetime(2026, 11, 2, 9))
    with pytest.raises(ValueError, match="timezone-aware"):
        Repository(db).record_run(naive)
    assert Repository(db).runs() == []


def test_saving_the_profile_keeps_the_history(db: Database, profile: Profile) -> None:
    repo = Repository(db)
    run_id = repo.record_run(_run(2, 72))
    repo.save_profile(profile)
    repo.save_profile(Profile())
    assert [s.id for s in repo.runs()] == [run_id]


# -- size ----------------------------------------------------------------------------------


def _large_profile() -> Profile:
    cards = tuple(
        Card(f"card-{i}", f"{i % 10000:04d}", YearMonth(2027, i % 12 + 1), brand=CardBrand.JCB)
        for i in range(2000)
    )
    accounts = tuple(
        Account(
            id=f"acct-{i}",
            login_id=f"login-{i}",
            listings=tuple(
                Listing(f"Listing {i}-{j}", "A plain description of a product. " * 4)
                for j in range(50)
            ),
        )
        for i in range(1000)
    )
    payments = tuple(
        Payment(
            id=f"pay-{i}",
            account=f"acct-{i % 1000}",
            due=dt.date(2026, 1, 1) + dt.timedelta(days=i % 700),
            amount=Decimal(i) / 100,
            currency="USD",
            repeat="FREQ=MONTHLY" if i % 2 else None,
            card=f"card-{i % 2000}",
        )
        for i in range(20_000)
    )
    return Profile(accounts=accounts, cards=cards, payments=payments)


def test_a_large_profile_saves_and_loads(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    large = _large_profile()
    repo = Repository(db)
    started = time.perf_counter()
    repo.save_profile(large)
    saved = time.perf_counter()
    loaded = Repository(db).load_profile()  # read from the database, not the one just saved
    done = time.perf_counter()
    assert loaded == large
    assert _count(db, "listings") == 50_000
    with capsys.disabled():
        print(f"\nlarge profile: save {saved - started:.2f} s, load {done - saved:.2f} s")


def test_a_profile_read_again_with_nothing_written_is_the_same_object(
    db: Database, profile: Profile
) -> None:
    repo = Repository(db)
    repo.save_profile(profile)
    assert repo.load_profile() is repo.load_profile()


def test_a_saved_profile_is_what_reading_it_back_gives(data_dir: Path, profile: Profile) -> None:
    with open_database(data_dir) as db:
        repo = Repository(db)
        repo.save_profile(profile)
        kept = repo.load_profile()
    with open_database(data_dir) as db:
        assert Repository(db).load_profile() == kept == profile


def test_a_write_by_another_connection_is_read(db: Database, profile: Profile) -> None:
    repo = Repository(db)
    repo.save_profile(profile)
    repo.load_profile()
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("UPDATE accounts SET label = 'Changed elsewhere' WHERE id = 'aaa'")
    finally:
        other.close()
    account = repo.load_profile().account("aaa")
    assert account is not None and account.label == "Changed elsewhere"


def test_a_write_through_the_same_connection_is_read(db: Database, profile: Profile) -> None:
    repo = Repository(db)
    repo.save_profile(profile)
    repo.load_profile()
    account = profile.account("aaa")
    assert account is not None
    accounts = tuple(
        dataclasses.replace(a, label="Changed here") if a.id == "aaa" else a
        for a in profile.accounts
    )
    changed = dataclasses.replace(profile, accounts=accounts)
    with Repository(db).changing(changed) as rows:  # another Repository on this connection
        rows.replace_profile(changed)
    again = repo.load_profile().account("aaa")
    assert again is not None and again.label == "Changed here"


def test_other_writes_of_the_same_connection_keep_the_profile_read(
    db: Database, profile: Profile
) -> None:
    # A reminder delivered or a check recorded writes, but not the profile: reading it again
    # would cost a large profile tenths of a second after every such write.
    repo = Repository(db)
    repo.save_profile(profile)
    first = repo.load_profile()
    repo.record_reminder_delivery(
        ["payment:p1:2026-12-01"], dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    )
    repo.record_run(_run(2, 72))
    db.set_meta("close_to_tray", "1")
    assert repo.load_profile() is first
    # A write of the profile itself is read, whichever Repository made it.
    with Repository(db).changing(Profile()) as rows:
        rows.replace_profile(Profile())
    assert repo.load_profile() == Profile()


def test_a_save_rolled_back_with_its_transaction_is_not_kept(
    db: Database, profile: Profile
) -> None:
    repo = Repository(db)
    repo.save_profile(profile)
    with pytest.raises(RuntimeError), db.transaction():
        repo.save_profile(Profile())
        raise RuntimeError("the rest of the edit failed")
    assert repo.load_profile() == profile
