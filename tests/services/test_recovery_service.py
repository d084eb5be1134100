"""Recovery notes and support contacts live in the data folder and survive reopening it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from accountwatch.core.model import Platform, Recovery
from accountwatch.core.recovery import Attachment, Contact, shipped_contacts
from accountwatch.services import checks, editing, recovery
from accountwatch.services.recovery import CardNumberInNotesError, RecoveryNotes
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def test_notes_round_trip_through_the_data_folder(data_dir: Path) -> None:
    notes = RecoveryNotes(
        done=frozenset({"read-notice", "gather-evidence"}),
        reason="Suspected IP infringement",
        explanation="説明します",
        actions="Removed listing 2",
        attachments=frozenset({Attachment.IDENTITY, Attachment.OTHER}),
        other_attachment="Brand letter",
        apology=False,
        language="en",
    )
    with Workspace.open(data_dir) as ws:
        assert recovery.load_notes(ws, "aliexpress-store") == RecoveryNotes()
        recovery.save_notes(ws, "aliexpress-store", notes)
    with Workspace.open(data_dir) as ws:
        assert recovery.load_notes(ws, "aliexpress-store") == notes
        assert recovery.load_notes(ws, "1688-shop") == RecoveryNotes()
        stored = json.loads(ws.db.get_meta("recovery:aliexpress-store") or "")
        assert stored["done"] == ["gather-evidence", "read-notice"]


def test_ticking_a_step_keeps_the_rest_of_the_notes(ws: Workspace) -> None:
    recovery.save_notes(ws, "aliexpress-store", RecoveryNotes(reason="kept"))
    recovery.set_step(ws, "aliexpress-store", "read-notice", True)
    recovery.set_step(ws, "aliexpress-store", "follow-up", True)
    notes = recovery.set_step(ws, "aliexpress-store", "read-notice", False)
    assert notes == recovery.load_notes(ws, "aliexpress-store")
    assert notes.done == {"follow-up"} and notes.reason == "kept"


def test_unreadable_or_future_notes_do_not_break_anything(ws: Workspace) -> None:
    ws.db.set_meta("recovery:x", "{not json")
    assert recovery.load_notes(ws, "x") == RecoveryNotes()
    ws.db.set_meta(
        "recovery:x",
        json.dumps({"done": ["a", 3], "attachments": ["fax"], "v2": 1, "language": "fr"}),
    )
    notes = recovery.load_notes(ws, "x")
    assert notes.done == {"a"} and notes.attachments == frozenset()
    assert notes.language == "" and notes.apology  # an unknown language: the contact's
    recovery.save_notes(ws, "x", notes)
    assert json.loads(ws.db.get_meta("recovery:x") or "")["v2"] == 1


def test_a_card_number_in_the_notes_is_refused_and_nothing_is_saved(ws: Workspace) -> None:
    recovery.save_notes(ws, "aliexpress-store", RecoveryNotes(reason="before"))
    with pytest.raises(CardNumberInNotesError) as refused:
        recovery.save_notes(
            ws, "aliexpress-store", RecoveryNotes(explanation="paid with 5555 5555 5555 4444")
        )
    assert refused.value.field == "explanation"  # the panel names the field
    assert recovery.load_notes(ws, "aliexpress-store").reason == "before"


@pytest.mark.parametrize(
    "languages", [("4111 1111 1111 1111",), ("4111", "1111", "1111", "1111")], ids=["one", "split"]
)
def test_a_card_number_in_a_contacts_languages_is_refused(
    data_dir: Path, languages: tuple[str, ...]
) -> None:
    with Workspace.open(data_dir) as ws:
        with pytest.raises(recovery.CardNumberInNotesError):
            recovery.set_contact(ws, Platform.ALIEXPRESS, Contact(languages=languages))
        assert not recovery.is_overridden(ws, Platform.ALIEXPRESS)


def test_a_contact_override_replaces_the_shipped_one_until_restored(data_dir: Path) -> None:
    mine = Contact(name="Seller desk", email="desk@example.com", languages=("ja",))
    with Workspace.open(data_dir) as ws:
        assert (
            recovery.contact_for(ws, Platform.ALIEXPRESS) == shipped_contacts()[Platform.ALIEXPRESS]
        )
        assert not recovery.is_overridden(ws, Platform.ALIEXPRESS)
        assert recovery.set_contact(ws, Platform.ALIEXPRESS, mine) == mine
    with Workspace.open(data_dir) as ws:
        assert recovery.contact_for(ws, Platform.ALIEXPRESS) == mine
        assert recovery.is_overridden(ws, Platform.ALIEXPRESS)
        # Other platforms keep the shipped entry.
        assert recovery.contact_for(ws, Platform.ALIBABA).email == (
            "alibabajapan.inqurity@alibaba-inc.jp"
        )
        restored = recovery.set_contact(ws, Platform.ALIEXPRESS, None)
        assert restored == shipped_contacts()[Platform.ALIEXPRESS]
        assert not recovery.is_overridden(ws, Platform.ALIEXPRESS)


def test_previous_run_is_the_one_the_change_was_measured_against(ws: Workspace) -> None:
    assert recovery.previous_run(ws, None) is None
    first = checks.run_check(ws, DAY, record=True, now=NOW)
    assert recovery.previous_run(ws, first.run_id) is None
    second = checks.run_check(ws, DAY, record=True, now=NOW + dt.timedelta(days=7))
    previous = recovery.previous_run(ws, second.run_id)
    assert previous is not None and previous.id == first.run_id
    latest = recovery.previous_run(ws, None)
    assert latest is not None and latest.id == second.run_id


def _store_listings(ws: Workspace, titles: list[str]) -> None:
    doc = editing.item_document(ws.repo.load_profile(), "accounts", "aliexpress-store")
    doc["listings"] = [{"title": t} for t in titles]
    editing.put_item(ws, "accounts", doc, replacing="aliexpress-store")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)


def test_fixes_since_the_notice_count_what_the_check_nearest_the_notice_had(
    ws: Workspace,
) -> None:
    store = ws.repo.load_profile().account("aliexpress-store")
    assert store is not None and store.recovery.notice_on == DAY - dt.timedelta(days=38)
    notice = store.recovery.notice_on
    # Long before the notice: one counterfeit listing, since fixed, that the notice did not see.
    _store_listings(ws, ["Rolex super copy watch"])
    checks.run_check(
        ws, notice - dt.timedelta(days=60), record=True, now=_at(notice - dt.timedelta(days=60))
    )
    # The check before the notice: three listings with counterfeit wording, one with a brand.
    _store_listings(
        ws,
        [
            "Sakura 有田焼 マグカップ",
            "Designer tote bag, 1:1 replica",
            "Luxury steel watch, super copy",
            "Gucci pattern phone case",
            "Handbag AAA replica",
        ],
    )
    checks.run_check(
        ws, notice - dt.timedelta(days=3), record=True, now=_at(notice - dt.timedelta(days=3))
    )
    # After the notice the store withdrew all but the mug.
    _store_listings(ws, ["Sakura 有田焼 マグカップ"])
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    outcome = result.assessment.account("aliexpress-store")
    assert outcome is not None
    account = result.profile.account("aliexpress-store")
    assert account is not None
    fixes = {f.rule: f.count for f in recovery.fixes_since_notice(ws, account, outcome.findings)}
    assert fixes["CON-PROHIBITED-LISTING"] == 3
    assert fixes["CON-BRAND-LISTING"] == 1
    # Findings still open (two-step verification, the restriction itself) are no fixes.
    assert "SEC-2FA-OFF" not in fixes and "CON-ACCOUNT-RESTRICTED" not in fixes


def test_without_a_check_before_the_notice_the_first_one_after_it_counts(ws: Workspace) -> None:
    _store_listings(ws, ["Luxury steel watch, super copy"])
    checks.run_check(
        ws, DAY - dt.timedelta(days=20), record=True, now=_at(DAY - dt.timedelta(days=20))
    )
    _store_listings(ws, ["Luxury steel watch"])
    checks.run_check(
        ws, DAY - dt.timedelta(days=10), record=True, now=_at(DAY - dt.timedelta(days=10))
    )
    _store_listings(ws, [])
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    account = result.profile.account("aliexpress-store")
    outcome = result.assessment.account("aliexpress-store")
    assert account is not None and outcome is not None
    fixes = recovery.fixes_since_notice(ws, account, outcome.findings)
    assert {f.rule: f.count for f in fixes}.get("CON-PROHIBITED-LISTING") == 1


def test_no_notice_date_and_no_status_date_means_no_fixes_are_claimed(ws: Workspace) -> None:
    checks.run_check(
        ws, DAY - dt.timedelta(days=7), record=True, now=_at(DAY - dt.timedelta(days=7))
    )
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    account = result.profile.account("aliexpress-store")
    assert account is not None
    undated = replace(account, recovery=Recovery(), status_since=None)
    assert recovery.fixes_since_notice(ws, undated, ()) == ()
    # A notice before every recorded check: the first check after it shows the account.
    first = recovery.notice_run(ws, DAY - dt.timedelta(days=400))
    assert first is not None and first.evaluated_on == DAY - dt.timedelta(days=7)


def test_a_letter_is_written_privately_and_never_with_a_card_number(tmp_path: Path) -> None:
    target = tmp_path / "appeal.txt"
    recovery.save_letter(target, "Dear support,\nplease review store 1688.\n")
    assert target.read_text("utf-8").startswith("Dear support")
    assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(CardNumberInNotesError):
        recovery.save_letter(tmp_path / "other.txt", "paid with 4111 1111 1111 1111")
    assert not (tmp_path / "other.txt").exists()
