"""Ids from labels and the platform a label or login names."""

from __future__ import annotations

import pytest

from accountwatch.core.model import Platform
from accountwatch.core.naming import derive_id, guess_platform


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Alibaba.com main", "alibaba.com-main"),
        ("1688 仕入れ", "1688"),
        ("ＡｌｉＥｘｐｒｅｓｓ　store", "aliexpress-store"),  # full-width letters and space
        ("Café Visa", "cafe-visa"),
        ("  --Shop!!  ", "shop"),
    ],
)
def test_an_id_is_made_from_the_label(label: str, expected: str) -> None:
    assert derive_id(label, "other", set()) == expected


def test_a_label_without_latin_letters_takes_the_fallback() -> None:
    assert derive_id("本店の仕入れ", "alibaba.com", set()) == "alibaba.com"
    assert derive_id("本店", "", set()) == "item"


def test_the_id_is_unique_among_those_taken() -> None:
    taken = {"alibaba.com-main", "alibaba.com-main-2"}
    assert derive_id("Alibaba.com main", "other", taken) == "alibaba.com-main-3"


def test_a_long_label_gives_an_id_the_profile_accepts() -> None:
    made = derive_id("x" * 200, "other", {"x" * 56})
    assert made == "x" * 56 + "-2" and len(made) <= 64


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Alibaba.com main",), Platform.ALIBABA),
        (("1688 仕入れ",), Platform.P1688),
        (("AliExpress store",), Platform.ALIEXPRESS),
        (("アリババ本店",), Platform.ALIBABA),
        (("速卖通店铺",), Platform.ALIEXPRESS),
        (("1688 (Alibaba)",), Platform.P1688),
        (("Main shop", "sakura@alibaba.com"), Platform.ALIBABA),  # the login names it
        (("Main shop", "sakura"), None),
    ],
)
def test_the_platform_is_guessed_from_the_label_or_login(
    texts: tuple[str, ...], expected: Platform | None
) -> None:
    assert guess_platform(*texts) is expected
