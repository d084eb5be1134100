"""What the terms found in a listing mean: counterfeit tiers, brands in context, compatibility."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from accountwatch.core.catalogue import Keywords, fold
from accountwatch.core.rules.terms import TermList

# How far after a brand its model names may run before an "after" marker ("Apple iPhone 15 Pro
# Max対応"), in characters.
_MODEL_CHARS = 40
# What model names are made of: Latin letters and digits, katakana, spaces and a few signs. Kanji,
# hiragana and other punctuation end them, so "Nike スニーカー 男性用" is no compatibility phrase.
_MODEL_CLASS = r"[a-z0-9\u00c0-\u024f\u30a0-\u30ff\s\-/+.'&]"


@dataclass(frozen=True)
class ListingReading:
    """What one listing says, list by list (terms as the lists write them; brands by their
    display names)."""

    strong: tuple[str, ...] = ()  # counterfeit terms at full weight
    # Ambiguous terms that count as strong because the listing names a brand the account may not
    # sell ("rolex replica"), with that brand.
    beside_brand: tuple[tuple[str, str], ...] = ()
    ambiguous: tuple[str, ...] = ()  # ambiguous and licensed terms: rephrase
    brands: tuple[str, ...] = ()  # brands named as the product's own, not authorised
    compatible: tuple[str, ...] = ()  # brands named only to say what the product fits
    unsafe: tuple[str, ...] = ()
    inappropriate: tuple[str, ...] = ()
    promotion: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()

    @property
    def counterfeit(self) -> bool:
        """Whether the listing reads as counterfeit at full weight."""
        return bool(self.strong or self.beside_brand)


def authorised_brands(keywords: Keywords, brands: Iterable[str]) -> frozenset[str]:
    """Folded names of the brands an account may sell, every spelling counting as its brand."""
    allowed: set[str] = set()
    for brand in brands:
        folded = fold(brand)
        allowed.add(folded)
        allowed.add(fold(keywords.brands.get(folded, brand)))
    return frozenset(allowed)


def read_listing(
    text: str,
    found: dict[TermList, list[str]],
    keywords: Keywords,
    allowed: frozenset[str] = frozenset(),
) -> ListingReading:
    """What a listing's `text` (from `listing_text`) says, given the terms a scanner `found` in it
    and the brands the account may sell (`authorised_brands`)."""
    brands: list[str] = []
    compatible: list[str] = []
    for spelling in found.get(TermList.BRANDS, ()):
        name = keywords.brands[spelling]
        if spelling in allowed or fold(name) in allowed:
            continue
        if spelling in keywords.everyday and not _in_context(text, name, keywords):
            continue
        if _only_for_compatibility(text, spelling, keywords):
            compatible.append(name)
        else:
            brands.append(name)
    brands = list(dict.fromkeys(brands))
    compatible = [name for name in dict.fromkeys(compatible) if name not in brands]
    spelled = keywords.spelled

    def terms(term_list: TermList) -> tuple[str, ...]:
        return tuple(spelled.get(term, term) for term in found.get(term_list, ()))

    ambiguous = terms(TermList.AMBIGUOUS)
    beside = tuple((term, brands[0]) for term in ambiguous) if brands else ()
    return ListingReading(
        strong=terms(TermList.PROHIBITED),
        beside_brand=beside,
        ambiguous=() if beside else (*ambiguous, *terms(TermList.LICENSED)),
        brands=tuple(brands),
        compatible=tuple(compatible),
        unsafe=terms(TermList.UNSAFE),
        inappropriate=terms(TermList.INAPPROPRIATE),
        promotion=terms(TermList.PROMOTION),
        claims=terms(TermList.CLAIMS),
    )


def _in_context(text: str, brand: str, keywords: Keywords) -> bool:
    words = keywords.brand_context.get(brand, ())
    return bool(words) and _alternatives(words).search(text) is not None


def _only_for_compatibility(text: str, spelling: str, keywords: Keywords) -> bool:
    """Whether every place `text` names the brand `spelling` is inside a compatibility phrase."""
    before = _before_pattern(keywords.compatible_before)
    after = _after_pattern(keywords.compatible_after, keywords.devices)
    people = keywords.for_people
    places = list(_alternatives((spelling,)).finditer(text))
    for place in places:
        if before.search(text, max(0, place.start() - _MODEL_CHARS), place.start()):
            continue
        tail = after.match(text, place.end())
        if tail is not None and not tail.group(1).rstrip().endswith(people):
            continue
        return False
    return bool(places)


def _term_pattern(term: str) -> str:
    body = r"\s+".join(map(re.escape, term.split(" ")))
    start = r"\b" if _is_latin(term[0]) else ""
    end = r"\b" if _is_latin(term[-1]) else ""
    return start + body + end


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


@lru_cache(maxsize=64)
def _alternatives(terms: tuple[str, ...]) -> re.Pattern[str]:
    # ASCII mode, as the scanner's: a Japanese character next to a Latin word ends the word.
    longest_first = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(map(_term_pattern, longest_first)), re.ASCII)


@lru_cache(maxsize=8)
def _before_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    """A marker ending right before the brand (white space between)."""
    longest_first = sorted(markers, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(map(_term_pattern, longest_first)) + r")\s*$", re.ASCII)


@lru_cache(maxsize=8)
def _after_pattern(markers: tuple[str, ...], devices: tuple[str, ...]) -> re.Pattern[str]:
    """Model names after the brand (group 1: model characters and device words), then a
    marker."""
    alternatives = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    parts = "|".join([_MODEL_CLASS, *(re.escape(d) for d in devices)])
    return re.compile(f"((?:{parts}){{0,{_MODEL_CHARS}}}?)(?:{alternatives})")
