"""A listing keeps what the keyword scanner found in it, trusted only by a scanner of the same
key; and what a scan finds is pinned to `SCAN_VERSION`, so a kept scan never outlives its code."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from accountwatch.core.model import Listing, Settings
from accountwatch.core.rules import listing_scanner
from accountwatch.core.rules.terms import SCAN_VERSION, TermList, _scanner, listing_text

SCANNER = listing_scanner(Settings())


def test_a_scanned_listing_keeps_what_was_found_and_is_not_scanned_again() -> None:
    listings = (Listing("Rolex replica watch", "steel"), Listing("Ceramic mug", "Mino ware"))
    hits = SCANNER.scan_listings(listings)
    assert [index for index, _found in hits] == [0]
    assert listings[1].scan == SCANNER.key  # nothing found: the key alone
    assert listings[0].scan is not None and listings[0].scan.startswith(SCANNER.key)
    # What is kept is what is read: a kept scan (here a forged one) is not checked again.
    forged = Listing("Ceramic mug", "Mino ware")
    object.__setattr__(forged, "scan", SCANNER.key + '{"prohibited":["forged"]}')
    assert SCANNER.scan_listings((forged,)) == [(0, {TermList.PROHIBITED: ["forged"]})]


def test_a_scan_of_another_scanner_or_unreadable_is_made_again() -> None:
    for kept in ("0" * 16, "0" * 16 + '{"prohibited":["replica"]}', SCANNER.key + "{not json",
                 SCANNER.key + '{"no such list":["x"]}', SCANNER.key + '["replica"]'):  # fmt: skip
        listing = Listing("Rolex replica watch")
        object.__setattr__(listing, "scan", kept)
        hits = SCANNER.scan_listings((listing,))
        assert hits == SCANNER.scan_listings((Listing("Rolex replica watch"),)), kept
        assert hits and listing.scan != kept and listing.scan.startswith(SCANNER.key)


def test_the_users_own_terms_make_another_scanner() -> None:
    mine = listing_scanner(Settings(extra_terms=dataclasses.replace(
        Settings().extra_terms, prohibited=("bootleg tee",))))  # fmt: skip
    assert mine.key != SCANNER.key
    listing = Listing("Bootleg tee, vintage")
    assert not any(TermList.PROHIBITED in found for _i, found in SCANNER.scan_listings((listing,)))
    assert [found[TermList.PROHIBITED] for _i, found in mine.scan_listings((listing,))] == [
        ["bootleg tee"]
    ]


def test_a_new_text_has_no_scan_and_the_scan_is_no_part_of_the_value() -> None:
    listing = Listing("Rolex replica watch")
    SCANNER.scan_listings((listing,))
    assert dataclasses.replace(listing, title="Ceramic mug").scan is None
    assert listing == Listing("Rolex replica watch") and "scan" not in repr(listing)


# Terms of every kind the scanner treats apart: Latin words and phrases, terms found anywhere
# (Japanese), shields (licensed, harmless) around other terms, brands.
_LISTS = (
    (TermList.PROHIBITED, ("replica", "レプリカ", "fake")),
    (TermList.AMBIGUOUS, ("aaa", "bootleg")),
    (TermList.LICENSED, ("official replica",)),
    (TermList.HARMLESS, ("aaa batteries", "fake fur")),
    (TermList.BRANDS, ("rolex", "ナイキ", "apple")),
    (TermList.CLAIMS, ("cures",)),
    (TermList.UNSAFE, ("taser",)),
    (TermList.INAPPROPRIATE, ("idiot",)),
    (TermList.PROMOTION, ("best price",)),
)
_TEXTS = (
    ("Rolex REPLICA watch", ""),
    ("AAA batteries, 4 pack", "not AAA grade"),
    ("Official replica jersey", "licensed"),
    ("ナイキ レプリカ スニーカー", "本物ではありません"),
    ("Fake fur coat", "faux; fake leather"),
    ("Pineapple slicer", "fits every apple"),
    ("Tea that cures colds", "best   price\ttoday"),
    ("Ｒｏｌｅｘ　ｒｅｐｌｉｃａ", "full width"),
    ("bootleg jeans", "idiot-proof taser holster"),
    ("", ""),
)


def test_what_a_scan_finds_is_pinned_to_its_version() -> None:
    scanner = _scanner(_LISTS)
    # As a check scans an account's listings: its quick test first (for an account whose
    # listings are all ASCII), then the expressions.
    ascii_only = [text for text in _TEXTS if "".join(text).isascii()]
    others = [text for text in _TEXTS if text not in ascii_only]
    assert scanner.first_runs is not None and ascii_only and others
    found = scanner.scan_listings([Listing(*text) for text in ascii_only]) + [
        (len(ascii_only) + i, scan)
        for i, scan in scanner.scan_listings([Listing(*text) for text in others])
    ]
    assert found == [
        (i, scan)
        for i, text in enumerate(ascii_only + others)
        if (scan := scanner.scan(listing_text(Listing(*text))))
    ]
    digest = hashlib.sha256(json.dumps(found, ensure_ascii=False).encode()).hexdigest()[:16]
    # A change here means stored scans no longer match what the code finds: raise SCAN_VERSION
    # in core/rules/terms.py (every kept scan is then made again) and pin the new digest.
    assert (SCAN_VERSION, digest) == (1, "e9053c4d905f7385")
