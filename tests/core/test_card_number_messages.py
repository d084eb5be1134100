"""Error messages never repeat a value holding 13 or more digits: masked, last 4 kept."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import parse_profile


def problems(document: dict[str, Any]) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(json.dumps(document).encode())
    return [str(problem) for problem in caught.value.problems]


def profile(card: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "accountwatch.profile",
        "version": 1,
        "company": {"name": "Sakura Trading K.K."},
        "accounts": [{"id": "shop", "platform": "1688", "login_id": "sakura"}],
        "cards": [{"id": "visa", "last4": "4242", "expires": "2027-02", **card}],
    }


@pytest.mark.parametrize(
    "value",
    [
        "4111 1111 1111 1111",
        "4111,1111,1111,1111",
        "1234567890123",  # 13 digits, not a card number: still not repeated
        "12 34 56 78 90 12 39",
    ],
)
def test_a_long_number_in_a_date_field_is_masked_with_its_last_4_digits(value: str) -> None:
    found = problems(profile({"expires": value}))
    digits = "".join(c for c in value if c.isdigit())
    assert found
    for line in found:
        assert line.startswith("cards[0].expires: ") or "card number" in line
        assert digits[:-4] not in "".join(c for c in line if c.isdigit())
    assert any(digits[-4:] in line for line in found)


def test_short_values_are_still_shown_as_typed() -> None:
    (line,) = problems(profile({"expires": "2027-13"}))
    assert "'2027-13'" in line
