"""Finding keyword-list terms in listings: all lists in one pass, fast on tens of thousands."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import add, attrgetter, itemgetter, ne

from accountwatch.core.catalogue import Keywords, fold
from accountwatch.core.model import Listing


class TermList(StrEnum):
    PROHIBITED = "prohibited"
    AMBIGUOUS = "ambiguous"
    LICENSED = "licensed"
    HARMLESS = "harmless"
    BRANDS = "brands"
    CLAIMS = "claims"
    UNSAFE = "unsafe"
    INAPPROPRIATE = "inappropriate"
    PROMOTION = "promotion"


# Phrases that win over any term inside them (e.g. "aaa batteries" over "aaa"): within one
# expression the longest match at a place does that already; these also silence a term of the other
# expression ("official レプリカ" is a Latin-initial phrase around a katakana term).
_SHIELDS = frozenset({TermList.LICENSED, TermList.HARMLESS})


# Trie nodes: a character leads to the next node; the key "" holds the term ending there.
_Trie = dict[str, "_Trie | str"]
# Separates title and description, so no term is found across the two (not white space, not a
# word character).
_SEPARATOR = "\x00"
# What a scan finds in a text, kept on the listing (`Listing.scan`) and stored beside it, is
# trusted only by a scanner of the same key: the term lists and this version. Raise it with any
# change to what `scan` finds in a text (`tests/core/rules/test_terms_kept.py` fails until
# then), so that a kept scan never outlives the code that made it.
SCAN_VERSION = 1
_KEY_LENGTH = 16


def listing_text(listing: Listing) -> str:
    """A listing as the scanner reads it: NFKC and case folded, as the terms are.

    White space is left as it is (the patterns accept any run of it), which saves collapsing it
    in every listing."""
    text = f"{listing.title}{_SEPARATOR}{listing.description}"
    if text.isascii():  # NFKC leaves ASCII alone and case folding is lower-casing there
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def _is_word_term(term: str) -> bool:
    # A term that begins with a Latin letter or digit must begin a word ("apple" is not in
    # "pineapple"), and one that ends with one must end a word; Japanese and Chinese terms are
    # found anywhere, as those scripts do not separate words. Keeping every Latin-initial term
    # out of the "anywhere" expression also keeps that one fast on English text.
    return _is_latin(term[0])


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _trie_pattern(terms: Iterable[str], word_ends: bool) -> str:
    root: _Trie = {}
    for term in terms:
        node = root
        for char in term:
            child = node.setdefault(char, {})
            assert isinstance(child, dict)
            node = child
        node[""] = term

    def pattern(node: _Trie) -> str:
        alternatives = []
        for char, child in sorted(node.items()):
            if char and isinstance(child, dict):
                alternatives.append((r"\s+" if char == " " else re.escape(char)) + pattern(child))
        # Ending here is tried last, so the longest term wins ("replicas" over "replica").
        term = node.get("")
        if isinstance(term, str):
            alternatives.append(r"\b" if word_ends and _is_latin(term[-1]) else "")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return pattern(root)


@dataclass(frozen=True)
class TermScanner:
    """Finds the terms of every keyword list in a listing with two compiled expressions, one for
    Latin words and one for terms found anywhere; a trie keeps each expression quick."""

    # The terms of the two expressions, made and compiled when first needed: a check whose
    # listings all keep their scans needs neither.
    word_terms: tuple[str, ...]
    anywhere_terms: tuple[str, ...]
    lists: dict[str, tuple[TermList, ...]]
    # Whether a term of `anywhere` can occur in pure ASCII text (if not, such text skips it).
    anywhere_ascii: bool
    # Names what this scanner finds (its term lists and the code's version): a kept scan with
    # another key is not trusted.
    key: str
    # For the ASCII terms of `words`: their first run of letters and digits, and the longest
    # part without white space of each. None when a term of `anywhere` may occur in ASCII text.
    # See `_candidates`.
    first_runs: dict[str, tuple[str, ...]] | None = None

    @cached_property
    def words(self) -> re.Pattern[str] | None:
        if not self.word_terms:
            return None
        # ASCII mode: a Japanese character next to a Latin word still ends the word.
        return re.compile(r"\b" + _trie_pattern(self.word_terms, True), re.ASCII)

    @cached_property
    def anywhere(self) -> re.Pattern[str] | None:
        return (
            re.compile(_trie_pattern(self.anywhere_terms, False)) if self.anywhere_terms else None
        )

    @staticmethod
    def of(keywords: Keywords) -> TermScanner:
        return _scanner(
            (
                (TermList.PROHIBITED, keywords.prohibited),
                (TermList.AMBIGUOUS, keywords.ambiguous),
                (TermList.LICENSED, keywords.licensed),
                (TermList.HARMLESS, keywords.harmless),
                (TermList.BRANDS, tuple(keywords.brands)),
                (TermList.CLAIMS, keywords.claims),
                (TermList.UNSAFE, keywords.unsafe),
                (TermList.INAPPROPRIATE, keywords.inappropriate),
                (TermList.PROMOTION, keywords.promotion),
            )
        )

    def scan_listings(
        self, listings: Sequence[Listing]
    ) -> list[tuple[int, dict[TermList, list[str]]]]:
        """The listings (by index, in order) that contain terms, with the terms of each list: the
        same as `scan(listing_text(listing))` for each listing, without the listings that have
        none.

        A listing whose kept scan (`Listing.scan`) is this scanner's is not scanned again; the
        others are, and keep what this scanner found (a stored profile's listings come with the
        scan stored beside their text: a large profile's check reads instead of scanning)."""
        key = self.key
        kept = list(map(_SCAN, listings))
        # Most listings contain no term: their kept scan is the key alone (compared in C).
        others = list(compress(range(len(kept)), map(ne, kept, repeat(key))))
        if not others:
            return []
        hits: list[tuple[int, dict[TermList, list[str]]]] = []
        unscanned: list[int] = []
        for index in others:
            found = _found(kept[index], key)
            if found is None:
                unscanned.append(index)
            else:
                hits.append((index, found))
        if unscanned:
            hits.extend(self._scan_anew([listings[index] for index in unscanned], unscanned))
            hits.sort(key=_FIRST)
        return hits

    def _scan_anew(
        self, listings: list[Listing], indexes: list[int]
    ) -> list[tuple[int, dict[TermList, list[str]]]]:
        """Scan `listings` (at `indexes` of their account's), each keeping what was found."""
        key, keep = self.key, object.__setattr__
        hits: list[tuple[int, dict[TermList, list[str]]]] = []
        scanned = {}
        for place in self._candidates(listings):
            found = self.scan(listing_text(listings[place]))
            if found:
                hits.append((indexes[place], found))
                scanned[place] = key + json.dumps(found, ensure_ascii=False, separators=(",", ":"))
        for place, listing in enumerate(listings):
            # A memo of a pure function of the listing's own text (see `Listing.scan`).
            keep(listing, "scan", scanned.get(place, key))
        return hits

    def _candidates(self, listings: Sequence[Listing]) -> Iterable[int]:
        """The listings that may contain a term: a quick test with plain string operations over
        all of them at once, which settles most listings of a large profile without the regular
        expressions.

        It applies when every listing's text is ASCII, so that only ASCII terms of `words` can
        match (`anywhere` never matches ASCII text when `first_runs` is set). Such a term only
        matches where the text has a maximal run of letters and digits equal to the term's first
        one: the match begins at a word boundary, and the term's first run is followed by a
        character that is no letter or digit, by white space or (a term ending in a letter or
        digit) by a word boundary. And the listing then contains every part of the term without
        white space, character for character.
        """
        if self.first_runs is None or not listings:
            return range(len(listings))
        # The same text `listing_text` gives each listing, one after the other (one call per
        # account instead of several per listing is what makes this quick).
        parts = list(chain.from_iterable(map(_TITLE_AND_DESCRIPTION, listings)))
        joined = _SEPARATOR.join(parts)
        if not joined.isascii():
            return range(len(listings))
        joined = joined.lower()
        runs = self.first_runs.keys() & set(joined.translate(_RUN_BREAKS).split())
        if not runs:
            return ()
        # Where each title and description ends in `joined`, a separator after each.
        ends = list(map(add, accumulate(map(len, parts)), count()))
        candidates: set[int] = set()
        for part in {part for run in runs for part in self.first_runs[run]}:
            at = joined.find(part)
            while at != -1:
                candidates.add(bisect_right(ends, at) // 2)
                at = joined.find(part, at + 1)
        return sorted(candidates)

    def scan(self, text: str) -> dict[TermList, list[str]]:
        """The distinct folded terms of each list found in `text` (from `listing_text`), in
        order of appearance; harmless phrases are not reported, and no term inside a harmless or
        licensed phrase is."""
        patterns = (self.words, self.anywhere)
        if text.isascii() and not self.anywhere_ascii:
            patterns = (self.words, None)
        matches: list[tuple[int, int, str]] = []
        for pattern in patterns:
            # Most listings contain no term: one search settles those without the iterator.
            first = None if pattern is None else pattern.search(text)
            if pattern is None or first is None:
                continue
            for match in pattern.finditer(text, first.start()):
                matches.append((match.start(), match.end(), " ".join(match.group().split())))
        if not matches:
            return {}
        shields = [
            (start, end)
            for start, end, term in matches
            if not _SHIELDS.isdisjoint(self.lists.get(term, ()))
        ]
        matches.sort()  # the two expressions' matches in order of appearance
        found: dict[TermList, list[str]] = {}
        for start, end, term in matches:
            term_lists = self.lists.get(term, ())
            inside = shields and any(s <= start and end <= e for s, e in shields)
            if inside and _SHIELDS.isdisjoint(term_lists):
                continue
            for term_list in term_lists:
                if term_list == TermList.HARMLESS:
                    continue
                terms = found.setdefault(term_list, [])
                if term not in terms:
                    terms.append(term)
        return found


_TITLE_AND_DESCRIPTION = attrgetter("title", "description")
_SCAN = attrgetter("scan")
_FIRST = itemgetter(0)


def _found(kept: str | None, key: str) -> dict[TermList, list[str]] | None:
    """The terms of each list, as `_scan_anew` kept them with `key` (None: not so kept, or not
    readable, as a hand-edited database might have it: scanned again)."""
    if kept is None or not kept.startswith(key):
        return None
    try:
        found = json.loads(kept[len(key) :])
        return {TermList(name): [str(term) for term in terms] for name, terms in found.items()}
    except (ValueError, TypeError, AttributeError):
        return None


# Turns every ASCII character but letters and digits into white space.
_RUN_BREAKS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_FIRST_RUN = re.compile(r"[a-z0-9]*")


def _first_runs(terms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each first run of letters and digits of the ASCII `terms`, and the longest part without
    white space of each term that begins with it (the rarest in a text, most likely)."""
    heads: dict[str, dict[str, None]] = {}
    for term in terms:
        run = _FIRST_RUN.match(term)
        if term.isascii() and run is not None:
            heads.setdefault(run.group(), {})[max(term.split(" "), key=len)] = None
    return {run: tuple(found) for run, found in heads.items()}


@lru_cache(maxsize=16)
def _scanner(term_lists: tuple[tuple[TermList, tuple[str, ...]], ...]) -> TermScanner:
    lists: dict[str, list[TermList]] = {}
    for term_list, terms in term_lists:
        for term in terms:
            folded = fold(term)
            if folded and term_list not in lists.setdefault(folded, []):
                lists[folded].append(term_list)
    words = [t for t in lists if _is_word_term(t)]
    described = json.dumps([SCAN_VERSION, term_lists], ensure_ascii=False)
    anywhere = [t for t in lists if not _is_word_term(t)]
    anywhere_ascii = any(term[0].isascii() for term in anywhere)
    return TermScanner(
        word_terms=tuple(words),
        anywhere_terms=tuple(anywhere),
        lists={term: tuple(kinds) for term, kinds in lists.items()},
        anywhere_ascii=anywhere_ascii,
        key=hashlib.sha256(described.encode()).hexdigest()[:_KEY_LENGTH],
        first_runs=None
        if anywhere_ascii or any(_SEPARATOR in term for term in words)
        else _first_runs(words),
    )
