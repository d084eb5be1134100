"""Spots full payment card numbers (13–19 digits passing the Luhn check) in free text."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate

MIN_DIGITS = 13
MAX_DIGITS = 19

# Digit groups joined by single spaces or hyphens, as people write card numbers.
_RUN = re.compile(r"\d+(?:[ -]\d+)*")
_GROUP = re.compile(r"\d+")
# Luhn's doubled digit: 2d, minus 9 when that has two digits.
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_ok(digits: str) -> bool:
    """Whether `digits` (ASCII digits only) passes the Luhn check."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        total += _DOUBLED[value] if position % 2 else value
    return total % 10 == 0


def _ascii_digits(group: str) -> str:
    # NFKC leaves digits of other scripts (Arabic-Indic, Devanagari…) alone; a card number
    # typed in them is still a card number.
    return group if group.isascii() else "".join(str(unicodedata.decimal(c)) for c in group)


def _masked_sums(values: list[int], parity: int) -> list[int]:
    """Prefix sums of `values` counting only positions of the given parity."""
    masked = values[:]
    masked[1 - parity :: 2] = [0] * len(masked[1 - parity :: 2])
    return list(accumulate(masked, initial=0))


def _run_has_card(groups: list[str]) -> bool:
    """Whether some sequence of whole consecutive groups is 13–19 digits passing Luhn."""
    if len(groups) == 1:
        return MIN_DIGITS <= len(groups[0]) <= MAX_DIGITS and luhn_ok(groups[0])
    digits = [ord(c) - 48 for c in "".join(groups)]
    doubled_digits = [_DOUBLED[d] for d in digits]
    # Luhn sums of any slice in O(1): prefix sums of plain and doubled digits, by position parity.
    plain = [_masked_sums(digits, parity) for parity in (0, 1)]
    doubled = [_masked_sums(doubled_digits, parity) for parity in (0, 1)]
    ends = list(accumulate(len(g) for g in groups))
    start = 0
    for index in range(len(groups)):
        lo = bisect_left(ends, start + MIN_DIGITS, index)
        hi = bisect_right(ends, start + MAX_DIGITS, lo)
        for end in ends[lo:hi]:
            last = (end - 1) % 2  # the rightmost digit is not doubled, nor is every second one
            total = plain[last][end] - plain[last][start]
            total += doubled[1 - last][end] - doubled[1 - last][start]
            if total % 10 == 0:
                return True
        start = ends[index]
    return False


def _pieces(groups: list[str]) -> list[list[str]]:
    """The run split at groups too long to be part of a card number."""
    pieces: list[list[str]] = [[]]
    for group in groups:
        if len(group) > MAX_DIGITS:
            pieces.append([])
        else:
            pieces[-1].append(group)
    return [piece for piece in pieces if piece]


def find_card_number(text: str) -> bool:
    """Whether `text` contains something that looks like a full card number.

    Full-width digits count (NFKC). Within a run of digit groups every sequence of whole
    consecutive groups is tried, so a number followed by a quantity ("… 1111 12 pcs") is still
    found, while a long reference number is not cut into arbitrary windows.
    """
    normal = unicodedata.normalize("NFKC", text)
    for run in _RUN.finditer(normal):
        if len(run.group()) < MIN_DIGITS:
            continue
        groups = [_ascii_digits(group) for group in _GROUP.findall(run.group())]
        if any(_run_has_card(piece) for piece in _pieces(groups)):
            return True
    return False
