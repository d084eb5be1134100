"""Finding texts are rendered when read, not at assessment: no translation until then, the same
texts as rendering at creation, in the language current when read."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from test_rules_evaluate import _everything_wrong

from accountwatch import i18n
from accountwatch.core import demo
from accountwatch.core.catalogue import rule_ids
from accountwatch.core.findings import Finding
from accountwatch.core.model import Acknowledgement, Profile
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.risk import assess
from accountwatch.core.rules import Rule, RuleContext, all_rules, evaluate

DEMO_DAY = dt.date(2026, 11, 29)


class CountingTranslations:
    """The real translations of the language in use, counting what is looked up (only counted:
    every lookup answers as the catalogue does)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls = 0

    def gettext(self, message: str) -> str:
        self.calls += 1
        return str(self.real.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.calls += 1
        return str(self.real.ngettext(singular, plural, n))


def _profiles(build: Any) -> list[tuple[Profile, dt.date]]:
    """Profiles that fire every rule between them: the rule tests' worst case (licence expired
    and expiring, one finding acknowledged) and the demo's sample."""
    worst = _everything_wrong(build, -1)
    acknowledged = replace(worst, acknowledged=(Acknowledgement("SEC-2FA-OFF", "account:other"),))
    sample, _secrets = parse_profile(json.dumps(demo.demo_profile(DEMO_DAY)).encode())
    return [
        (acknowledged, build.at),
        (_everything_wrong(build, 10), build.at),
        (sample, DEMO_DAY),
    ]


def _texts(findings: list[Finding]) -> list[tuple[tuple[str, str, str], str, str, str]]:
    return [(f.key, f.message, f.action, f.why) for f in findings]


def _read_at_creation(rule: Rule) -> Rule:
    """The rule with every finding's texts read as it is made, while the rule's loop is at that
    finding (as they were rendered before texts became lazy)."""

    def run(ctx: RuleContext) -> Iterator[Finding]:
        for found in rule(ctx):
            found.message  # noqa: B018 - read here, not later
            yield found

    return run


def test_the_profiles_fire_every_rule(build):
    fired = {f.rule for profile, at in _profiles(build) for f in evaluate(profile, at)}
    assert fired == set(rule_ids())


@pytest.mark.parametrize("language", ["en", "ja"])
def test_assessing_translates_nothing_until_a_text_is_read(build, monkeypatch, language):
    i18n.set_language(language)
    for profile, at in _profiles(build):
        assess(profile, at)  # the catalogue, keywords and platforms are loaded and kept
        counting = CountingTranslations(i18n._translations)
        monkeypatch.setattr(i18n, "_translations", counting)

        findings = assess(profile, at).findings

        assert findings and counting.calls == 0
        assert not any(f.rendered for f in findings)
        assert any(f.acknowledged for f in findings) == (profile.acknowledged != ())
        first = findings[0]
        assert first.message
        assert first.rendered and not any(f.rendered for f in findings[1:])
        calls = counting.calls
        assert first.action and first.why
        assert counting.calls == calls  # the three texts were rendered together, once
        assert all(f.message for f in findings)
        # Translated now (some words are kept per language once translated: not all again).
        assert counting.calls > calls
        monkeypatch.setattr(i18n, "_translations", counting.real)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_texts_read_later_are_those_rendered_at_creation(build, language):
    i18n.set_language(language)
    for profile, at in _profiles(build):
        at_creation = evaluate(profile, at, rules=[_read_at_creation(r) for r in all_rules()])
        later = evaluate(profile, at)

        assert all(f.rendered for f in at_creation)
        # Read after every rule ran to its end: each finding still renders its own values.
        assert _texts(later) == _texts(at_creation)


def test_texts_are_in_the_language_current_when_read(build):
    for profile, at in _profiles(build):
        i18n.set_language("ja")
        japanese = _texts(evaluate(profile, at))
        i18n.set_language("en")
        english = _texts(evaluate(profile, at))
        made_in_english = evaluate(profile, at)

        i18n.set_language("ja")
        assert _texts(made_in_english) == japanese != english
        i18n.set_language("en")
        assert _texts(made_in_english) == japanese  # kept as first read
