"""Tests for the card-number detector used on every text field."""

from __future__ import annotations

import pytest

from accountwatch.core.cardnumbers import find_card_number, luhn_ok


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("4111111111111111", True),
        ("5555555555554444", True),
        ("378282246310005", True),
        ("4111111111111112", False),
        ("1234567890123", False),
        ("", False),
        ("4111 1111", False),
        ("４１１１", False),
    ],
)
def test_luhn(digits: str, expected: bool) -> None:
    assert luhn_ok(digits) is expected


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111111",
        "card 4111 1111 1111 1111 please",
        "4111-1111-1111-1111",
        "Amex 3782 822463 10005",
        "４１１１１１１１１１１１１１１１",  # full-width digits
        "４１１１　１１１１　１１１１　１１１１",  # full-width digits and ideographic spaces
        "order: 4111 1111 1111 1111 12 pcs",  # a quantity right after the number
        "x2 4111111111111111",
        "٤١١١١١١١١١١١١١١١",  # Arabic-Indic digits
    ],
)
def test_finds_card_numbers(text: str) -> None:
    assert find_card_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "1234567890123",  # a 13-digit company registration number
        "+81-3-1234-5678",
        "2026-11-01",
        "4111111111111112",  # fails Luhn
        "41111111111111111111111",  # 23 digits: a reference number, not a card
        "4111  1111  1111  1111",  # double spaces split the groups
        "no digits at all",
        "",
    ],
)
def test_ignores_other_numbers(text: str) -> None:
    assert not find_card_number(text)
