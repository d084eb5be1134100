"""The freeze-risk assessment: each account's score and band from its findings, and the overall."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from operator import attrgetter
from typing import NamedTuple

from accountwatch.core.catalogue import Catalogue, Keywords, load_catalogue
from accountwatch.core.findings import Band, Category, Finding, score
from accountwatch.core.model import Account, Platform, Profile
from accountwatch.core.rules import evaluate
from accountwatch.i18n import N_


@dataclass(frozen=True)
class AccountResult:
    """One account's score, band and findings."""

    account_id: str
    platform: Platform
    score: int
    band: Band
    findings: tuple[Finding, ...]

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings that count: those not acknowledged."""
        return tuple(f for f in self.findings if not f.acknowledged)


@dataclass(frozen=True)
class Assessment:
    """The rules' verdict on a profile on a day: the overall score and each account's."""

    at: dt.date
    score: int
    band: Band
    accounts: tuple[AccountResult, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for result in self.accounts for f in result.findings)

    @cached_property
    def open_count(self) -> int:
        """How many findings are not acknowledged (counted once: a large profile has tens of
        thousands, and an assessment kept across edits is shown again and again)."""
        return sum(1 for result in self.accounts for f in result.findings if not f.acknowledged)

    def account(self, account_id: str) -> AccountResult | None:
        return next((r for r in self.accounts if r.account_id == account_id), None)


def assess(
    profile: Profile,
    at: dt.date,
    catalogue: Catalogue | None = None,
    keywords: Keywords | None = None,
) -> Assessment:
    """Score every account of the profile on day `at`; the overall score is the worst account's."""
    return reassess(None, profile, at, None, catalogue, keywords)


_score = attrgetter("score")


def reassess(
    previous: Assessment | None,
    profile: Profile,
    at: dt.date,
    touched: Collection[str] | None,
    catalogue: Catalogue | None = None,
    keywords: Keywords | None = None,
) -> Assessment:
    """The assessment of `profile` on day `at`, evaluating only the `touched` accounts (None:
    all) and keeping the results of the others from `previous`, made of the same day."""
    if previous is None or previous.at != at:
        touched = None
    ids = list(map(_id, profile.accounts))
    results: list[AccountResult]
    if previous is not None and touched is not None:
        kept_ids = list(map(_account_id, previous.accounts))
        if ids == kept_ids:
            # The same accounts in the same order (the usual edit): the others' results stay in
            # their places, with no walk over thousands of accounts in Python.
            fresh = set(touched).intersection(ids)
            results = list(previous.accounts)
            places = list(compress(range(len(ids)), map(fresh.__contains__, ids)))
            found = _findings_by_account(profile, at, fresh, catalogue, keywords)
            for place in places:
                account = profile.accounts[place]
                results[place] = _result(account, found[account.id])
            return _overall(at, results)
        kept = dict(zip(kept_ids, previous.accounts, strict=True))
    else:
        kept = {}
    fresh = {i for i in ids if touched is None or i in touched or i not in kept}
    found = _findings_by_account(profile, at, fresh, catalogue, keywords)
    results = [
        _result(account, found[account.id]) if account.id in fresh else kept[account.id]
        for account in profile.accounts
    ]
    return _overall(at, results)


_id = attrgetter("id")
_account_id = attrgetter("account_id")


def _findings_by_account(
    profile: Profile,
    at: dt.date,
    accounts: Collection[str],
    catalogue: Catalogue | None,
    keywords: Keywords | None,
) -> dict[str, list[Finding]]:
    by_account: dict[str, list[Finding]] = {account_id: [] for account_id in accounts}
    for found in evaluate(profile, at, catalogue, keywords, accounts=accounts):
        by_account[found.account].append(found)
    return by_account


def _result(account: Account, found: list[Finding]) -> AccountResult:
    findings = tuple(found)
    account_score = score(findings)
    return AccountResult(
        account_id=account.id,
        platform=account.platform,
        score=account_score,
        band=Band.of(account_score),
        findings=findings,
    )


def _overall(at: dt.date, results: list[AccountResult]) -> Assessment:
    """The overall score is the worst account's."""
    overall = max(map(_score, results), default=0)
    return Assessment(at=at, score=overall, band=Band.of(overall), accounts=tuple(results))


def worst_finding(result: AccountResult) -> Finding | None:
    """The heaviest finding that counts, the first in the findings' order on a tie."""
    return max(result.open_findings, key=lambda f: f.weight, default=None)


# Said wherever a score is explained (risk-model.md, "Explaining the score").
SCORE_SENTENCE = N_(
    "Each problem adds its weight of the risk that is left; one severe problem dominates, "
    "several small ones add up."
)


class Contribution(NamedTuple):
    """The points one counting finding adds to its account's score. A pair: a large profile's
    report makes tens of thousands of them."""

    finding: Finding
    points: float


def contributions(
    result: AccountResult, catalogue: Catalogue | None = None
) -> tuple[Contribution, ...]:
    """The account's counting findings, heaviest first (ties: the catalogue's order), each with
    `100 × w_i × Π_{j<i}(1 − w_j)` points: together they make the unrounded score."""
    order = (catalogue or load_catalogue()).order
    ranked = sorted(result.open_findings, key=lambda f: (-f.weight, order.get(f.rule, len(order))))
    left = 1.0  # the share of the risk no heavier finding has taken yet
    found = []
    for finding in ranked:
        found.append(Contribution(finding, 100.0 * finding.weight * left))
        left *= 1.0 - finding.weight
    return tuple(found)


def category_points(found: tuple[Contribution, ...]) -> dict[Category, float]:
    """Per category (all four, in their order), the points of its findings."""
    totals = dict.fromkeys(Category, 0.0)
    for contribution in found:
        totals[contribution.finding.category] += contribution.points
    return totals
