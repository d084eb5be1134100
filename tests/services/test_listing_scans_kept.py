"""A check reads what the keyword scanner found in the stored listings instead of scanning them
again, and is never the wiser for it: the user's own terms changed, a database scanned by
another version of the app, a profile read fresh from a file all give the same findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from accountwatch.core.model import Listing, Profile, Settings, UnreadListing
from accountwatch.core.risk import assess
from accountwatch.core.rules import listing_scanner
from accountwatch.services import checks, edits, explanation, profiles
from accountwatch.services.workspace import Workspace
from accountwatch.store.profile_rows import LISTING_SCANS

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
PROFILE = {
    "format": "accountwatch.profile",
    "version": 1,
    "accounts": [
        {
            "id": "shop",
            "platform": "alibaba.com",
            "login_id": "sakura",
            "listings": [
                {"title": "Handmade tea bowl", "description": "Glazed by hand in Mino"},
                {"title": "Rolex replica watch", "description": "steel"},
            ],
        }
    ],
}


def _listing_findings(folder: Path) -> set[tuple[str, str]]:
    """A check's findings about listings, by a process that opens the folder afresh."""
    with Workspace.open(folder) as ws:
        result = checks.run_check(ws, DAY, record=False, now=NOW)
    return {
        (f.rule, f.subject)
        for account in result.assessment.accounts
        for f in account.findings
        if f.subject.startswith("listing:")
    }


def _imported(tmp_path: Path, document: dict[str, object]) -> Path:
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(document), "utf-8")
    folder = tmp_path / "data"
    with Workspace.open(folder) as ws:
        profiles.import_profile(ws, profiles.read_import(source), replace_all=True, today=DAY)
    return folder


def test_a_term_of_the_users_own_is_found_in_listings_stored_before_it(tmp_path: Path) -> None:
    folder = _imported(tmp_path, PROFILE)
    tea_bowl = ("CON-PROHIBITED-LISTING", "listing:shop:0")
    assert tea_bowl not in _listing_findings(folder)
    with Workspace.open(folder) as ws:
        edits.apply(ws, edits.PutSettings({"extra_terms": {"prohibited": ["tea bowl"]}}))
    assert tea_bowl in _listing_findings(folder)
    with Workspace.open(folder) as ws:
        edits.apply(ws, edits.PutSettings({"extra_terms": {"prohibited": []}}))
    assert tea_bowl not in _listing_findings(folder)


def test_a_database_scanned_by_another_version_is_scanned_again_and_kept(
    tmp_path: Path,
) -> None:
    folder = _imported(tmp_path, PROFILE)
    found = _listing_findings(folder)
    assert ("CON-PROHIBITED-LISTING", "listing:shop:1") in found
    with Workspace.open(folder) as ws, ws.db.transaction() as conn:
        # As another version of the app left them: its key, and nothing found anywhere.
        conn.execute("UPDATE listings SET scan = '0123456789abcdef'")
        conn.execute("DELETE FROM meta WHERE key = ?", (LISTING_SCANS,))
    assert _listing_findings(folder) == found  # scanned again, not believed
    with Workspace.open(folder) as ws:
        generation = ws.repo.load_versioned()[1]
        checks.run_check(ws, DAY, record=True, now=NOW)  # a recorded check keeps its scans
        key = listing_scanner(Settings()).key
        assert ws.db.get_meta(LISTING_SCANS) == key
        scans = [row[0] for row in ws.db.connection.execute("SELECT scan FROM listings")]
        assert all(scan.startswith(key) for scan in scans)
        assert ws.repo.load_versioned()[1] == generation  # not a change of the profile
    assert _listing_findings(folder) == found


def test_a_check_of_the_stored_demo_finds_what_an_assessment_of_its_file_finds(
    ws: Workspace,
) -> None:
    stored = checks.run_check(ws, DAY, record=False, now=NOW)
    listings = [listing for a in stored.profile.accounts for listing in a.listings]
    key = listing_scanner(stored.profile.settings).key
    assert listings and all(listing.scan and listing.scan.startswith(key) for listing in listings)
    # The same profile with its listings as a file gives them: texts, nothing scanned.
    fresh = dataclasses.replace(
        stored.profile,
        accounts=tuple(
            dataclasses.replace(
                a, listings=tuple(Listing(x.title, x.description) for x in a.listings)
            )
            for a in stored.profile.accounts
        ),
    )
    assert not any(listing.scan for a in fresh.accounts for listing in a.listings)
    assert any(
        f.subject.startswith("listing:") for a in stored.assessment.accounts for f in a.findings
    )
    assert assess(fresh, DAY) == stored.assessment


def test_a_check_that_reads_only_listings_with_terms_finds_what_a_whole_one_finds(
    ws: Workspace,
) -> None:
    partial = checks.run_check(ws, DAY, record=False, now=NOW, whole=False)
    listings = [x for a in partial.profile.accounts for x in a.listings]
    assert any(isinstance(x, UnreadListing) for x in listings)
    assert any(not isinstance(x, UnreadListing) for x in listings)
    whole = checks.run_check(ws, DAY, record=False, now=NOW)
    assert not any(isinstance(x, UnreadListing) for a in whole.profile.accounts for x in a.listings)
    assert partial.assessment == whole.assessment and partial.upcoming == whole.upcoming
    assert explanation.report_json(partial) == explanation.report_json(whole)
    # Recorded too, and what is kept for later is the whole profile.
    recorded = checks.run_check(ws, DAY, record=True, now=NOW, whole=False)
    assert recorded.assessment == whole.assessment
    assert ws.repo.load_profile() == whole.profile
    assert not any(
        isinstance(x, UnreadListing) for a in ws.repo.load_profile().accounts for x in a.listings
    )


def _unread(profile: Profile) -> int:
    return sum(isinstance(x, UnreadListing) for a in profile.accounts for x in a.listings)


def test_a_partial_check_is_completed_to_the_profile_a_whole_read_gives(data_dir: Path) -> None:
    # A new workspace keeps no profile yet: the check reads only the listings with terms.
    with Workspace.open(data_dir) as ws:
        partial = checks.run_check(ws, DAY, record=False, now=NOW, whole=False)
        assert partial.partial and _unread(partial.profile)
        first = partial.fix_first
        whole = checks.completed(ws, partial)
        assert whole is not None and not whole.partial and not _unread(whole.profile)
        # Kept: the first edit builds on it without reading the profile again.
        assert ws.repo.load_profile() is whole.profile
        # What was worked out from the partial profile stays.
        assert whole.assessment is partial.assessment and whole.upcoming is partial.upcoming
        assert whole.__dict__["fix_first"] is first
        no_listings = [
            (a, b)
            for a, b in zip(partial.profile.accounts, whole.profile.accounts, strict=True)
            if not a.listings
        ]
        assert no_listings and all(a is b for a, b in no_listings)
        # Asked again, a check reads the kept profile: whole.
        again = checks.run_check(ws, DAY, record=False, now=NOW, whole=False)
        assert not again.partial and again.profile is whole.profile
    with Workspace.open(data_dir) as other:
        assert whole.profile == other.repo.load_profile()
        assert explanation.report_json(whole) == explanation.report_json(
            checks.run_check(other, DAY, record=False, now=NOW)
        )


def test_a_partial_check_is_not_completed_once_the_profile_has_changed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        partial = checks.run_check(ws, DAY, record=False, now=NOW, whole=False)
        with Workspace.open(data_dir) as other:  # another process writes meanwhile
            edits.apply(other, edits.PutSettings({"extra_terms": {"prohibited": ["tea bowl"]}}))
        assert checks.completed(ws, partial) is None
        # Its own edit, too: the check after the edit is the one to show.
        partial = checks.run_check(ws, DAY, record=False, now=NOW, whole=False)
        assert partial.partial
        edits.apply(ws, edits.PutSettings({"extra_terms": {"prohibited": []}}))
        assert checks.completed(ws, partial) is None
        # A recorded run read back has no generation to complete.
        checks.run_check(ws, DAY, record=True, now=NOW)
        recorded = checks.last_recorded(ws, DAY)
        assert recorded is not None and recorded.generation is None
        assert checks.completed(ws, recorded) is None
