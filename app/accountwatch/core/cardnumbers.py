"""Spots full payment card numbers (13–19 digits passing the Luhn check) in free text."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate

from accountwatch.i18n import _

MIN_DIGITS = 13
MAX_DIGITS = 19

# Digit groups joined by single spaces or hyphens (any other separators become one space first).
_RUN = re.compile(r"\d+(?:[ -]\d+)*")
# A card number may be written with any characters between its digit groups: everything that is
# neither a letter nor a digit separates groups, however many of them stand in a row.
_ASCII_SEPARATORS = str.maketrans(
    {chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) not in " -"}
)
_SEPARATOR_RUN = re.compile(r"[ -]{2,}")
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


# Runs of more groups than this are checked all windows at once (big-integer bytes): a file can
# hold millions of one-digit groups ("1 1 1 …"), with seven candidate windows each.
LONG_RUN = 64
_LONG_GROUP = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
_PLAIN = bytes.maketrans(b"0123456789", bytes(range(10)))
_TWICE = bytes.maketrans(b"0123456789", bytes(_DOUBLED))
_BOUNDARY = bytes.maketrans(b"B.", b"\xff\x00")
_DIGIT_OR_SEPARATOR = str.maketrans("0123456789 -", "ddddddddddss")


def _long_run_has_card(run: str) -> bool:
    """`_run_has_card` for a long run of ASCII digit groups (as written, with separators).

    A window [s, e) of digit offsets passes Luhn when the prefix sums G_p (p: the parity of its
    last digit, at e - 1) agree mod 10 at s and e. So for each distance e - s from 13 to 19,
    the keys G_p mod 10 of all offsets are compared at once, as big integers (one byte each),
    where s is a group boundary and e a boundary of the right parity.
    """
    digits = run.replace(" ", "").replace("-", "").encode("ascii")
    size = len(digits) + 1  # offsets 0..D
    # One character per offset: "B" where a group starts or the run ends.
    shape = run.translate(_DIGIT_OR_SEPARATOR).replace("sd", "B")
    boundary = ("B" + shape[1:].replace("d", ".") + "B").encode().translate(_BOUNDARY)
    starts = int.from_bytes(boundary)
    full = (1 << (8 * size)) - 1
    plain, twice = digits.translate(_PLAIN), digits.translate(_TWICE)
    for parity in (0, 1):
        # G_p: plain digits at offsets of parity p, doubled ones at the others.
        weights = bytearray(twice)
        weights[parity::2] = plain[parity::2]
        keys = int.from_bytes(bytes(map((10).__rmod__, accumulate(weights, initial=0))))
        # A window whose last digit has parity p ends at an offset of the other parity.
        right_parity = bytearray(size)
        right_parity[1 - parity :: 2] = b"\xff" * len(right_parity[1 - parity :: 2])
        ends = starts & int.from_bytes(right_parity)
        for distance in range(MIN_DIGITS, MAX_DIGITS + 1):
            # Big-endian: shifting right by a byte moves offset i to i + 1.
            shift = 8 * distance
            differ = keys ^ (keys >> shift)
            eligible = ends & (starts >> shift)
            if 0 in (differ | (full ^ eligible)).to_bytes(size):
                return True
    return False


def _ascii_run(run: str) -> str:
    # NFKC leaves digits of other scripts (Arabic-Indic, Devanagari…) alone; a card number
    # typed in them is still a card number.
    if run.isascii():
        return run
    return "".join(c if c in " -" else str(unicodedata.decimal(c)) for c in run)


def _groups_apart(text: str) -> str:
    """`text` after NFKC, with format characters (zero-width space, word joiner, soft hyphen…)
    removed and every run of separators made one space or hyphen.

    Translation tables keep this fast on a 20 MB file: a regular expression would try every
    one of its characters."""
    normal = unicodedata.normalize("NFKC", text)
    if not normal.isascii():
        others = {c for c in set(normal) if not c.isascii() and not c.isalnum()}
        table = {ord(c): None if unicodedata.category(c) == "Cf" else " " for c in others}
        if table:
            normal = normal.translate(table)
    normal = normal.translate(_ASCII_SEPARATORS)
    if "  " in normal or "--" in normal or " -" in normal or "- " in normal:
        normal = _SEPARATOR_RUN.sub(" ", normal)
    return normal


def digits_in(text: str) -> str:
    """Every digit of `text` in order, as ASCII (full-width and other scripts' digits too)."""
    return "".join(str(unicodedata.decimal(c)) for c in text if c.isdecimal())


def masked(text: str) -> str | None:
    """What a message shows of a value holding 13 or more digits (however they are separated,
    any of them may be a card number): its last 4 digits only; None for other values."""
    digits = digits_in(text)
    if len(digits) < MIN_DIGITS:
        return None
    return _("(a number ending in {last4}, not repeated here)").format(last4=digits[-4:])


def find_card_number(text: str) -> bool:
    """Whether `text` contains something that looks like a full card number.

    Full-width digits count (NFKC), and digit groups may be separated by anything but letters
    and digits. Within a run of digit groups every sequence of whole consecutive groups is
    tried, so a number followed by a quantity ("… 1111 12 pcs") is still found, while a long
    reference number is not cut into arbitrary windows.
    """
    for run in _RUN.finditer(_groups_apart(text)):
        if len(run.group()) < MIN_DIGITS:
            continue
        # Groups longer than a card number split the run: no window crosses them.
        for piece in _LONG_GROUP.split(_ascii_run(run.group())):
            piece = piece.strip(" -")
            if len(piece) < MIN_DIGITS:
                continue
            if piece.count(" ") + piece.count("-") >= LONG_RUN:
                if _long_run_has_card(piece):
                    return True
            elif _run_has_card(_GROUP.findall(piece)):
                return True
    return False
