"""Tests for the card-number detector used on every text field."""

from __future__ import annotations

import random

import pytest

from accountwatch.core.cardnumbers import (
    LONG_RUN,
    _long_run_has_card,
    _run_has_card,
    find_card_number,
    luhn_ok,
)


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
        "4111  1111  1111  1111",  # double spaces
        "4111,1111,1111,1111",
        "4111.1111.1111.1111",
        "4111/1111/1111/1111",
        "4111_1111_1111_1111",
        "4111\t1111\t1111\t1111",
        "4111 – 1111 — 1111 - 1111",  # en and em dashes
        "4111\u200b1111\u200b1111\u200b1111",  # zero-width spaces
        "41\u200b11111111111111",  # a zero-width space inside a group
        "4111\u00a01111\u00a01111\u00a01111",  # no-break spaces
        "4111\u2060\u00ad1111 . 1111 ,\n1111",  # word joiner, soft hyphen, a run of several
        "(4111) [1111] 1111-1111!",
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
        "4111 1111 x 1111 1111",  # a letter ends the run
        "card 4111111111111112, 2 pcs",  # fails Luhn, whatever follows
        "no digits at all",
        "",
    ],
)
def test_ignores_other_numbers(text: str) -> None:
    assert not find_card_number(text)


def test_long_runs_take_the_fast_way_with_the_same_answers() -> None:
    """Runs of many groups (a hostile file's "1 1 1 …") are checked all windows at once; that
    must find exactly what the window-by-window way finds."""
    rng = random.Random(20261129)
    for _trial in range(1500):
        groups = [
            "".join(rng.choice("0123456789") for _ in range(rng.choice((1, 1, 2, 3, 4, 5, 7))))
            for _ in range(rng.randint(2, 200))
        ]
        text = groups[0] + "".join(rng.choice(" -") + group for group in groups[1:])
        assert _long_run_has_card(text) == _run_has_card(groups), text


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (["1"] * 500, False),  # no window of ones passes Luhn
        (["11"] * 300, False),
        (["0"] * 500, True),
        (["1"] * 300 + ["4242", "4242", "4242", "4242"] + ["1"] * 300, True),
    ],
)
def test_long_runs(groups: list[str], expected: bool) -> None:
    assert len(groups) > LONG_RUN
    assert find_card_number("note: " + " ".join(groups) + " end") is expected
    assert _run_has_card(groups) is expected
