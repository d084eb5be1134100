"""The keyword scanner: scanning an account's listings at once finds what scanning each does."""

from __future__ import annotations

import random

import pytest

from accountwatch.core.catalogue import keywords
from accountwatch.core.model import Listing
from accountwatch.core.rules.terms import TermList, TermScanner, listing_text

# Words around the shipped terms and a few user terms: near misses, glued punctuation, other
# scripts and white space, so that the quick test and the expressions are compared where they
# could part ways.
WORDS = [
    "ceramic", "mug", "apple", "pineapple", "Apples", "no", "no.", ".1", "1", "1:", ":1", "1:1",
    "11", "copy", "copycat", "super", "Replica", "REPLICAS", "best", "world", "world's", "quality",
    "100", "100%", "%", "guaranteed", "risk", "risk-", "-free", "free", "fake", "brand", "knock",
    "knock-", "-off", "off", "nike", "nikes", "the", "north", "face", "under", "armour", "ray",
    "ban", "aaa+", "tiffany", "&", "co.", "_", "foo", "foo_bar", "tea-time", "zz9", "a", "b",
    "ＮＩＫＥ", "ﾅｲｷ", "ナイキ", "偽物", "é", "x1", "official", "レプリカ", "aaa", "batteries",
    "thc", "大麻", "神宮", "対応", "用", "for",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", "-", ".", ":", "'", "_", "\x1f", "\u3000", ",", "/"]
EXTRA_TERMS = [
    ((), (), ()),
    (("foo_", "tea-time", "zz9", "a b c"), ("Acme|ACME Co", "x1"), ("100%", "top 1", "best_")),
    (("_under",), (), ()),  # a term of the "anywhere" kind that starts with ASCII
]


def _random_listings(rng: random.Random, terms: list[str], ascii_only: bool) -> list[Listing]:
    listings = []
    for _ in range(rng.randint(0, 6)):
        parts: list[str] = []
        for _ in range(rng.randint(0, 8)):
            word = rng.choice(terms) if rng.random() < 0.05 else rng.choice(WORDS)
            if rng.random() < 0.1:
                word = word.upper()
            parts.append(word)
            parts.append(rng.choice(SEPARATORS))
        text = "".join(parts)
        if ascii_only:
            text = "".join(c for c in text if c.isascii())
        cut = rng.randint(0, len(text))
        listings.append(Listing(title=text[:cut], description=text[cut:]))
    return listings


@pytest.mark.parametrize("extra", EXTRA_TERMS)
def test_scanning_listings_together_finds_what_scanning_each_finds(
    extra: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
) -> None:
    found_any = skipped_any = False
    words = keywords(*extra)
    scanner = TermScanner.of(words)
    terms = [
        *words.prohibited,
        *words.brands,
        *words.claims,
        *words.ambiguous,
        *words.licensed,
        *words.harmless,
        *words.unsafe,
        *words.inappropriate,
        *words.promotion,
    ]
    rng = random.Random(7)
    for _ in range(1500):
        listings = _random_listings(rng, terms, ascii_only=rng.random() < 0.7)
        each = [(i, f) for i, x in enumerate(listings) if (f := scanner.scan(listing_text(x)))]
        assert scanner.scan_listings(listings) == each, listings
        found_any = found_any or bool(each)
        skipped_any = skipped_any or (bool(listings) and not each)
    assert found_any and skipped_any


def test_a_listing_among_many_is_found_with_its_index() -> None:
    scanner = TermScanner.of(keywords())
    listings = [
        Listing(title=f"Bamboo tray {n}", description="Cotton towel, steel") for n in range(60)
    ]
    listings[41] = Listing(title="Steel bottle", description="Looks like the Nike one, 1:1 copy")
    assert scanner.scan_listings(listings) == [
        (41, {TermList.BRANDS: ["nike"], TermList.PROHIBITED: ["1:1 copy"]})
    ]
    assert scanner.scan_listings(listings[:41]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A Latin-initial phrase shields a katakana term inside it, across the two expressions.
        ("official レプリカ shirt", {TermList.LICENSED: ["official レプリカ"]}),
        ("aaa batteries, 24 pack", {}),
        ("神宮大麻 お札立て", {}),
        ("replica and aaa batteries", {TermList.AMBIGUOUS: ["replica"]}),
        ("thc free oil, thc cartridge", {TermList.UNSAFE: ["thc"]}),
    ],
)
def test_harmless_and_licensed_phrases_shield_what_they_contain(text, expected):
    assert TermScanner.of(keywords()).scan(text) == expected
