"""Counts in sentences take their own plural: "across 1 account", never "1 accounts"."""

from __future__ import annotations

import pytest

from accountwatch import i18n
from accountwatch.services.wording import open_findings_words


@pytest.mark.parametrize(
    ("findings", "accounts", "expected"),
    [
        (1, 1, "1 open finding across 1 account."),
        (3, 1, "3 open findings across 1 account."),
        (1, 2, "1 open finding across 2 accounts."),
        (0, 4, "0 open findings across 4 accounts."),
    ],
)
def test_each_number_has_its_own_plural(findings: int, accounts: int, expected: str) -> None:
    assert open_findings_words(findings, accounts) == expected


def test_japanese_counts_without_english_plurals() -> None:
    i18n.set_language("ja")
    try:
        text = open_findings_words(3, 1)
    finally:
        i18n.set_language("en")
    assert "3" in text and "1" in text
    assert "finding" not in text and "account" not in text
