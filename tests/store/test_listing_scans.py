"""Listings are stored with what the keyword scanner found in them and read back with it; a
text changed in the database forgets it."""

from __future__ import annotations

import dataclasses

import pytest

from accountwatch.core.model import Account, Listing, Profile, Settings, UnreadListing
from accountwatch.core.profile_io import profile_to_dict
from accountwatch.core.rules import listing_scanner
from accountwatch.store.db import Database
from accountwatch.store.profile_rows import LISTING_SCANS, read_profile
from accountwatch.store.repository import Repository

KEY = listing_scanner(Settings()).key
SHOP = Account(
    id="shop",
    login_id="sakura",
    listings=(Listing("Rolex replica watch", "steel"), Listing("Ceramic mug", "Mino ware")),
)


def _stored(db: Database) -> list[tuple[str, int, str | None]]:
    return db.connection.execute(
        "SELECT account_id, position, scan FROM listings ORDER BY account_id, position"
    ).fetchall()


def test_listings_are_written_with_their_scan_and_read_back_with_it(db: Database) -> None:
    Repository(db).save_profile(Profile(accounts=(SHOP,)))
    (replica, mug) = _stored(db)
    assert replica[2].startswith(KEY) and '"replica"' in replica[2]
    assert mug[2] == KEY
    assert db.get_meta(LISTING_SCANS) == KEY
    with db.snapshot() as conn:
        read = read_profile(conn).accounts[0].listings
    assert [listing.scan for listing in read] == [replica[2], mug[2]]
    assert read == SHOP.listings


def test_an_edited_account_writes_the_scan_of_its_new_listings(db: Database) -> None:
    repo = Repository(db)
    repo.save_profile(Profile(accounts=(SHOP,)))
    edited = dataclasses.replace(SHOP, listings=(*SHOP.listings, Listing("Bootleg jeans")))
    with repo.changing(Profile(accounts=(edited,))) as rows:
        rows.put_account(edited, replacing="shop", stored=SHOP)
    *_, bootleg = _stored(db)
    assert bootleg[2].startswith(KEY) and '"bootleg"' in bootleg[2]


def test_a_text_changed_in_the_database_alone_forgets_its_scan(db: Database) -> None:
    Repository(db).save_profile(Profile(accounts=(SHOP,)))
    with db.transaction() as conn:
        conn.execute("UPDATE listings SET title = 'Ceramic cup' WHERE position = 0")
        conn.execute("UPDATE listings SET description = 'Seto ware' WHERE position = 1")
    assert [scan for _a, _p, scan in _stored(db)] == [None, None]
    # Text and scan written together keep the scan given.
    with db.transaction() as conn:
        conn.execute("UPDATE listings SET title = 'Mug', scan = ? WHERE position = 1", (KEY,))
    assert [scan for _a, _p, scan in _stored(db)] == [None, KEY]


def test_a_profile_read_for_a_check_reads_only_the_listings_with_terms(db: Database) -> None:
    many = dataclasses.replace(
        SHOP, listings=(*SHOP.listings, Listing("Tea bowl"), Listing("Bootleg jeans"))
    )
    Repository(db).save_profile(Profile(accounts=(many,)))
    with db.transaction() as conn:  # places with gaps, as a hand-edited database may have
        conn.execute("UPDATE listings SET position = position * 5")
        # Scanned by another scanner, or not at all: read whole, to be scanned again.
        conn.execute("UPDATE listings SET scan = NULL WHERE position = 5")
    with db.snapshot() as conn:
        whole = read_profile(conn).accounts[0].listings
        partial = read_profile(conn, whole=False).accounts[0].listings
    assert whole == many.listings and not any(isinstance(x, UnreadListing) for x in whole)
    assert [type(x) for x in partial] == [Listing, Listing, UnreadListing, Listing]
    assert partial[:2] + partial[3:] == whole[:2] + whole[3:]
    assert partial[2] != whole[2] and partial[2].scan == KEY and partial[2].title == ""


def test_a_profile_read_for_a_check_is_never_written(db: Database) -> None:
    repo = Repository(db)
    repo.save_profile(Profile(accounts=(SHOP,)))
    with db.snapshot() as conn:
        partial = read_profile(conn, whole=False)
    before = _stored(db)
    with pytest.raises(ValueError, match="without its text"):
        repo.save_profile(partial)
    with pytest.raises(ValueError, match="without its text"):
        profile_to_dict(partial)
    assert _stored(db) == before
    with db.snapshot() as conn:
        assert read_profile(conn).accounts[0].listings == SHOP.listings
