"""Ids made from labels, and the platform a label or login names (for editors adding items)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from accountwatch.core.model import Platform
from accountwatch.i18n import _

_ID_CHARS = re.compile(r"[^a-z0-9._-]+")
# What profile_io accepts as an id.
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
# profile_io's limit is 64 characters; room is kept for a "-2" that makes an id unique.
_ID_ROOM = 56

# Words that name a platform, most specific first: "AliExpress" also contains "Ali", and
# 1688 is run by Alibaba, so a label naming 1688 is a 1688 account even when it says Alibaba.
_PLATFORM_WORDS: tuple[tuple[Platform, tuple[str, ...]], ...] = (
    (Platform.ALIEXPRESS, ("aliexpress", "ali express", "速卖通", "アリエクスプレス", "アリエク")),
    (Platform.P1688, ("1688",)),
    (Platform.ALIBABA, ("alibaba", "アリババ", "阿里巴巴")),
)


def derive_id(label: str, fallback: str, taken: Collection[str]) -> str:
    """An id from a label ("Alibaba.com main" → "alibaba.com-main"), unique among `taken`.

    A label without Latin letters or digits (Japanese only) gives `fallback` instead.
    """
    base = _slug(label) or _slug(fallback) or "item"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _slug(text: str) -> str:
    # NFKC first turns full-width letters and digits (１６８８) into plain ones; NFKD then
    # splits accents off so "Café" keeps its "e".
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    ascii_text = folded.encode("ascii", "ignore").decode()
    return _ID_CHARS.sub("-", ascii_text.lower()).strip("-._")[:_ID_ROOM].strip("-._")


def guess_platform(*texts: str) -> Platform | None:
    """The platform the first of `texts` (label, login) that names one names, else None."""
    for text in texts:
        folded = unicodedata.normalize("NFKC", text).casefold()
        for platform, words in _PLATFORM_WORDS:
            if any(word in folded for word in words):
                return platform
    return None


def id_problem(text: str, taken: Collection[str]) -> str | None:
    """What is wrong with `text` as a new id (as the profile reader would refuse it), or None."""
    if not text:
        return _(
            "An id is needed: lower-case letters a–z, digits, '.', '_' or '-'. Clear the field "
            "and type a label to have one made from it."
        )
    if not _ID.fullmatch(text):
        return _(
            "{value} cannot be an id: use lower-case letters a–z, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 64 characters."
        ).format(value=text)
    if text in taken:
        return _("{value} is already the id of another item: choose another.").format(value=text)
    return None
