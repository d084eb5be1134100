"""The demo's data folder: the sample profile, its passwords' and listings' shipped analyses, and
eight weeks of recorded checks."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from accountwatch.core import demo
from accountwatch.core.model import Profile
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.risk import assess
from accountwatch.core.rules import listing_scanner
from accountwatch.services import checks
from accountwatch.services.types import ImportResult
from accountwatch.services.workspace import Workspace


def import_demo(ws: Workspace, today: dt.date, language: str = "en") -> ImportResult:
    """The sample profile in `language`'s words, dated around `today`, into the demo's (empty)
    data folder, with its passwords' shipped analyses (no zxcvbn, no scrypt) and its weekly
    checks of the past eight weeks, each assessed by the rules as the profile stood that day.
    The folder is dated back to the first of them, as if it had been kept since."""
    key, _degraded = ws.vault.fingerprint_key()
    if key != demo.FINGERPRINT_KEY:
        raise ValueError("the demo's shipped fingerprints need the demo's vault (memory_secrets)")
    started = demo.demo_started(today)
    # The passwords were entered before the first check; read once, the sample's earlier
    # states are made from the profile read.
    profile = _with_shipped_analyses(demo.demo_profile(today, language), started)
    history = demo.demo_history(profile, today, language)
    # One transaction: one commit for the whole sample, not one per recorded check.
    with ws.writing(), ws.db.transaction():
        # The salt the shipped fingerprints were made with: "Check password…" matches them.
        ws.db.set_meta("install_salt", demo.INSTALL_SALT.hex())
        ws.db.set_created_at(dt.datetime.combine(started, dt.time(0)).astimezone())
        for day, earlier in history:
            _keep_shipped_scans(earlier)  # of the listings taken down since
            at = dt.datetime.combine(day, earlier.settings.weekly_check.time).astimezone()
            ws.repo.record_run(checks.to_run(earlier, assess(earlier, day), at))
        ws.repo.save_profile(profile)
    return ImportResult(
        accounts=len(profile.accounts), cards=len(profile.cards), payments=len(profile.payments)
    )


def _with_shipped_analyses(document: dict[str, Any], analysed_on: dt.date) -> Profile:
    """A sample profile document read, its passwords replaced by their shipped analyses, its
    listings with their shipped scans."""
    profile, secrets = parse_profile(json.dumps(document).encode())
    _keep_shipped_scans(profile)
    accounts = tuple(
        replace(a, password=replace(demo.PASSWORD_ANALYSES[a.id], analysed_on=analysed_on))
        if a.id in secrets.passwords
        else a
        for a in profile.accounts
    )
    return replace(profile, accounts=accounts)


def _keep_shipped_scans(profile: Profile) -> None:
    """Give the sample's listings without a scan the ones shipped with them, as the scanner
    would keep them (`TermScanner.scan_listings`), while the scanner is the one they were made
    by: one of other terms scans them as any listing. The listings are the sample's own (shared
    only among its states), and the scan written is the one the scanner would find."""
    key = listing_scanner(profile.settings).key
    if key != demo.LISTING_SCAN_KEY:
        return
    for account in profile.accounts:
        for listing in account.listings:
            found = demo.LISTING_SCANS.get((listing.title, listing.description))
            if found is not None and listing.scan is None:
                object.__setattr__(listing, "scan", key + found)
