"""Japanese company numbers: 法人番号 and its check digit, インボイス numbers, 〒 codes."""

from __future__ import annotations

import re
import unicodedata

CORPORATE_DIGITS = 13

# Separators people type inside numbers (spaces, hyphens of every width); NFKC folds full-width
# digits and the full-width T first.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー－]")
_POSTAL = re.compile(r"〒?\s*([0-9]{3})[\-‐‑‒–—―−ー－]?([0-9]{4})")


def _folded(text: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))


def check_digit(base: str) -> int:
    """The check digit of a 12-digit 基礎番号 (National Tax Agency's formula: weights 1 and 2
    from the lowest digit, 9 minus the sum modulo 9)."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return 9 - total % 9


def corporate_number(text: str) -> str | None:
    """The 13 digits of a valid 法人番号 written in `text` (full-width digits and separators
    allowed), or None when it is not one: wrong length or a check digit that does not match."""
    digits = _folded(text)
    if len(digits) != CORPORATE_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits if int(digits[0]) == check_digit(digits[1:]) else None


def invoice_digits(text: str) -> str | None:
    """The 13 digits of an 適格請求書発行事業者登録番号 ("T" and 13 digits), or None."""
    folded = _folded(text).upper()
    if not folded.startswith("T"):
        return None
    digits = folded[1:]
    if len(digits) != CORPORATE_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def postal_code(text: str) -> str | None:
    """A Japanese postal code as NNN-NNNN (from "〒150-0013", "1500013", full width …), or None."""
    match = _POSTAL.fullmatch(unicodedata.normalize("NFKC", text).strip())
    return None if match is None else f"{match[1]}-{match[2]}"
