"""`accountwatch demo-profile --lang ja` prints the Japanese company, `--lang en` the English."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from accountwatch import i18n
from accountwatch.cli import main


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("language", "representative", "card"),
    [("ja", "佐藤 花子", "法人カード（Visa）"), ("en", "Hanako Sato", "Company Visa")],
)
def test_the_demo_profile_speaks_the_chosen_language(
    capsys: pytest.CaptureFixture[str], language: str, representative: str, card: str
) -> None:
    assert main(["demo-profile", "--lang", language, "--at", "2026-11-29"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["company"]["representative"] == representative
    assert document["cards"][0]["label"] == card
    assert document["company"]["name_local"] == "さくら貿易株式会社"
