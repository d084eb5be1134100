"""User text in the report isolated from the sentence around it (HTML `<bdi>`), so a
right-to-left mark in a label cannot reverse the words that follow it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from html import escape

from accountwatch.core.model import Profile

# Bidirectional classes that can move text outside the value holding them: right-to-left
# letters and Arabic digits reorder neutral neighbours, and the explicit embeddings, overrides
# and isolates (U+202A–U+202E, U+2066–U+2069) stay open until the end of the paragraph when a
# value does not close them.
_REACHING = frozenset(
    ("R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
)

# How many characters of a listing's title a message quotes (core.rules.listings).
_TITLE_CHARS = 60


def isolated(text: str) -> str:
    """`text` escaped for HTML and isolated as a whole: for a value that stands on its own
    (a heading, a table cell, the company in the header)."""
    return f"<bdi>{escape(text)}</bdi>"


def reaches_out(text: str) -> bool:
    """Whether `text` can change the order of the text around it."""
    return any(unicodedata.bidirectional(c) in _REACHING for c in text)


class Isolator:
    """Escapes a sentence for HTML with each of the user's values found in it isolated.

    Messages are finished sentences by the time the report has them ("{account} has no
    two-step verification."), so the values are found in them again. Only values that can
    reach outside themselves are looked for: a profile without right-to-left text costs one
    regular expression search per sentence."""

    def __init__(self, values: Iterable[str]) -> None:
        wanted = sorted({v for v in values if v and reaches_out(v)}, key=len, reverse=True)
        self._values = re.compile("|".join(map(re.escape, wanted))) if wanted else None
        # Each of those values holds a character that reaches out; a sentence without any of
        # them holds none of the values, and is found so at the regular expression's speed.
        chars = sorted({c for v in wanted for c in v if unicodedata.bidirectional(c) in _REACHING})
        self._hint = re.compile("[" + "".join(map(re.escape, chars)) + "]") if chars else None

    def __call__(self, text: str) -> str:
        if self._values is None or self._hint is None or not self._hint.search(text):
            return escape(text)
        out: list[str] = []
        start = 0
        for match in self._values.finditer(text):
            out.append(escape(text[start : match.start()]))
            out.append(isolated(match.group(0)))
            start = match.end()
        out.append(escape(text[start:]))
        return "".join(out)


def profile_values(profile: Profile) -> Iterator[str]:
    """What the user typed that findings, reasons and upcoming items quote: account, card and
    payment names, the company's names, listing titles (whole and as quoted) and the reasons
    given for acknowledgements."""
    for account in profile.accounts:
        yield account.display_name
        for listing in account.listings:
            title = " ".join(listing.title.split())
            yield title
            if len(title) > _TITLE_CHARS:
                yield title[: _TITLE_CHARS - 1]
    for card in profile.cards:
        yield card.display_name
    for payment in profile.payments:
        yield payment.display_name
    company = profile.company
    if company is not None:
        yield company.name.strip()
        yield company.name_local.strip()
    for acknowledgement in profile.acknowledged:
        yield acknowledgement.reason
