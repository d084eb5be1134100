"""The health-check use case leaves the process as it found it: collector on, nothing frozen."""

from __future__ import annotations

import datetime as dt
import gc
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile
from accountwatch.core.profile_io import profile_to_dict
from accountwatch.services import checks, edits, profiles
from accountwatch.services.workspace import Workspace

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_a_check_turns_the_garbage_collector_back_on_and_freezes_nothing(
    ws: Workspace, collector_on: None
) -> None:
    result = checks.run_check(ws, NOW.date(), record=True, now=NOW)
    assert result.run_id is not None and result.assessment.accounts
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_check_leaves_the_collector_off_when_it_was_off(ws: Workspace) -> None:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        checks.run_check(ws, NOW.date(), record=False, now=NOW)
        assert not gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()


def test_a_failing_check_turns_the_collector_back_on(
    ws: Workspace, collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checks, "assess", broken)
    with pytest.raises(RuntimeError, match="boom"):
        checks.run_check(ws, NOW.date(), record=False, now=NOW)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_overlapping_checks_in_threads_leave_the_collector_on(
    ws: Workspace, collector_on: None
) -> None:
    results: list[checks.CheckResult] = []

    def check() -> None:
        with Workspace.open(ws.data_dir) as own:
            results.append(checks.run_check(own, NOW.date(), record=False, now=NOW))

    threads = [threading.Thread(target=check) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3
    assert results[0].assessment == results[1].assessment == results[2].assessment
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_key_left_in_a_file_moves_into_a_keyring_that_appeared(
    tmp_path: Path, memory_keyring: object
) -> None:
    import keyring
    from keyring.backends import fail

    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(dt.date(2026, 11, 29))), "utf-8")
    with Workspace.open(tmp_path / "data") as ws:
        keyring.set_keyring(fail.Keyring())
        profiles.import_profile(
            ws, profiles.read_import(source), replace_all=True, today=dt.date(2026, 11, 29)
        )
        assert ws.vault.key_in_file()
        now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
        assert checks.run_check(ws, now.date(), record=False, now=now).fingerprints_degraded
        keyring.set_keyring(memory_keyring)  # type: ignore[arg-type]
        assert not checks.run_check(ws, now.date(), record=False, now=now).fingerprints_degraded
        assert not ws.vault.key_in_file()


def test_the_check_just_after_an_edit_keeps_the_keyrings_answer(
    tmp_path: Path, memory_keyring: object
) -> None:
    import keyring
    from keyring.backends import fail

    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(dt.date(2026, 11, 29))), "utf-8")
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    with Workspace.open(tmp_path / "data") as ws:
        keyring.set_keyring(fail.Keyring())
        profiles.import_profile(
            ws, profiles.read_import(source), replace_all=True, today=now.date()
        )
        before = checks.run_check(ws, now.date(), record=False, now=now)
        assert before.fingerprints_degraded
        keyring.set_keyring(memory_keyring)  # type: ignore[arg-type]
        account = before.profile.accounts[0]
        item = {**profile_to_dict(before.profile)["accounts"][0], "label": "Renamed"}
        edits.apply(ws, edits.PutItem("accounts", item, account.id))

        # An edit changes nothing of the keyring: the check after it does not ask again...
        after = checks.run_check(ws, now.date(), record=False, now=now, since=before)
        assert after.fingerprints_degraded
        assert ws.vault.key_in_file()
        # ...every other check does, and the key moves into the keyring that appeared.
        again = checks.run_check(ws, now.date(), record=False, now=now, since=after)
        assert not again.fingerprints_degraded
        assert not ws.vault.key_in_file()


def test_a_check_that_shows_no_change_reads_no_earlier_run_and_assesses_the_same(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared = checks.run_check(ws, NOW.date(), record=True, now=NOW)
    assert compared.change is not None

    def unread() -> None:
        raise AssertionError("the previous run's findings were read")

    monkeypatch.setattr(ws.repo, "last_run_keys", unread)
    later = NOW + dt.timedelta(hours=1)
    plain = checks.run_check(ws, NOW.date(), record=True, now=later, compare=False)
    assert plain.change is None and plain.comparison is None
    assert plain.assessment == compared.assessment and plain.upcoming == compared.upcoming
    assert plain.run_id is not None and plain.run_id != compared.run_id
    monkeypatch.undo()
    # Recorded all the same: the next check that compares builds on it.
    after = checks.run_check(ws, NOW.date(), record=False, now=later)
    assert after.change is not None and not after.change.new and not after.change.resolved
