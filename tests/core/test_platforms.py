"""Platform facts: every fact sourced and dated, no invented ladder, and rules that read them."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest

from accountwatch.core.model import Platform, TwoFactorMethod
from accountwatch.core.platforms import (
    CONSEQUENCES,
    Source,
    TwoFactorMethods,
    load_platforms,
    parse_facts,
)


def _sources(platform: Platform) -> list[Source]:
    facts = load_platforms()[platform]
    return [
        facts.links_source,
        facts.penalties.source,
        facts.ipr.source,
        facts.two_factor.source,
        facts.payments.source,
        facts.support_source,
    ]


@pytest.mark.parametrize("platform", list(Platform))
def test_every_fact_says_where_it_comes_from_and_when(platform: Platform) -> None:
    for source in _sources(platform):
        assert source.where and all(where.strip() for where in source.where)
        assert dt.date(2026, 1, 1) <= source.as_of <= dt.date.today()


def test_alibaba_ladder_and_ipr_limit() -> None:
    facts = load_platforms()[Platform.ALIBABA]
    assert [(s.points, s.consequence) for s in facts.penalties.steps] == [
        (6, "serious-warning"),
        (12, "restricted-7-days"),
        (24, "restricted-14-days"),
        (36, "restricted-21-days-products-removed"),
        (48, "membership-terminated"),
    ]
    assert facts.penalties.window_days == 365
    assert (facts.ipr.strike_limit, facts.ipr.window_days) == (3, 365)


def test_aliexpress_counts_serious_violations_from_secondary_sources() -> None:
    facts = load_platforms()[Platform.ALIEXPRESS]
    assert facts.penalties.steps == ()
    assert (facts.ipr.strike_limit, facts.ipr.window_days) == (3, 365)
    assert facts.ipr.source.secondary and facts.penalties.source.secondary


@pytest.mark.parametrize("platform", [Platform.P1688, Platform.OTHER])
def test_no_published_ladder_means_no_thresholds(platform: Platform) -> None:
    facts = load_platforms()[platform]
    assert facts.penalties.steps == ()
    assert facts.penalties.window_days is None
    assert facts.ipr.strike_limit is None


def test_sms_only_means_nothing_stronger() -> None:
    source = Source(("a test",), dt.date(2026, 12, 1))
    sms = TwoFactorMethods(frozenset({TwoFactorMethod.SMS, TwoFactorMethod.EMAIL}), source)
    totp = TwoFactorMethods(frozenset({TwoFactorMethod.SMS, TwoFactorMethod.TOTP}), source)
    unknown = TwoFactorMethods(None, source)
    assert sms.nothing_stronger_than_codes
    assert not totp.nothing_stronger_than_codes
    assert not unknown.nothing_stronger_than_codes


def _shipped_text() -> str:
    path = resources.files("accountwatch") / "resources" / "platforms.toml"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('consequence = "serious-warning"', 'consequence = "told-off"', "unknown penalty"),
        (
            "strike_limit = 3               # serious infringements that close the account\n",
            "",
            "strike limit",
        ),
        ('as_of = 2026-12-02\nnote = "The ladder', 'as_of = "soon"\nnote = "The ladder', "date"),
    ],
)
def test_a_broken_facts_file_fails_to_load(old: str, new: str, problem: str) -> None:
    text = _shipped_text()
    assert old in text
    with pytest.raises(ValueError, match=problem):
        parse_facts(text.replace(old, new, 1))


def test_every_consequence_is_used_by_a_ladder() -> None:
    used = {s.consequence for f in load_platforms().values() for s in f.penalties.steps}
    assert used == set(CONSEQUENCES)


def test_rule_code_names_no_platform() -> None:
    rules = resources.files("accountwatch") / "core" / "rules"
    names = re.compile(r"(?i:alibaba|aliexpress|1688)|Platform\.")
    for module in rules.iterdir():
        if module.name.endswith(".py"):
            assert not names.search(module.read_text(encoding="utf-8")), module.name


def test_the_sign_in_hosts_come_from_the_facts_file() -> None:
    """A password manager's entry is matched to an account by these hosts: data, not code."""
    from accountwatch.core.model import Account
    from accountwatch.core.password_exports import ExportEntry, own_entry

    text = _shipped_text().replace('hosts = ["1688.com"]', 'hosts = ["1688.com", "1688.cn"]')
    facts = parse_facts(text)
    assert facts[Platform.P1688].hosts == ("1688.com", "1688.cn")
    assert load_platforms()[Platform.ALIEXPRESS].hosts[0] == "aliexpress.com"
    assert load_platforms()[Platform.OTHER].hosts == ()
    pattern = re.compile(r"(?i:alibaba\.com|1688\.com|aliexpress\.com)")
    exports = resources.files("accountwatch") / "core" / "password_exports.py"
    assert not pattern.search(exports.read_text(encoding="utf-8"))
    account = Account(id="a", login_id="kumo", platform=Platform.P1688)
    entry = ExportEntry(line=2, hosts=("login.1688.com",), username="Kumo", password="x")
    assert own_entry(account, entry)
