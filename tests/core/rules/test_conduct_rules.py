"""Conduct rules: penalty points and IP strikes in their window, reviews, spam, status."""

from __future__ import annotations

import datetime as dt

import pytest

from accountwatch.core.model import AccountStatus, Penalty, PenaltyKind, Platform


def _penalties(build, *entries: tuple[int, int]) -> tuple[Penalty, ...]:
    """(days before the tests' day, points) pairs."""
    return tuple(Penalty(date=build.at - dt.timedelta(days=d), points=p) for d, p in entries)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (5, []),
        (6, [0.10]),
        (11, [0.10]),
        (12, [0.25]),
        (23, [0.25]),
        (24, [0.45]),
        (35, [0.45]),
        (36, [0.75]),
        (47, [0.75]),
        (48, [1.00]),  # membership terminated: was scored like 36
        (60, [1.00]),
    ],
)
def test_penalty_point_tiers_follow_the_alibaba_ladder(build, points, expected):
    account = build.account(platform=Platform.ALIBABA, penalties=_penalties(build, (10, points)))
    assert build.weights(build.profile(account), "CON-PENALTY-POINTS") == expected


def test_penalty_points_count_for_365_days(build):
    # Dated 364 days ago: still counted today; 365 days ago: lapsed today.
    counted = build.account(platform=Platform.ALIBABA, penalties=_penalties(build, (364, 6)))
    lapsed = build.account(platform=Platform.ALIBABA, penalties=_penalties(build, (365, 6)))
    assert build.weights(build.profile(counted), "CON-PENALTY-POINTS") == [0.10]
    assert build.findings(build.profile(lapsed), "CON-PENALTY-POINTS") == []


def test_future_penalties_do_not_count(build):
    account = build.account(
        platform=Platform.ALIBABA, penalties=_penalties(build, (-1, 12), (0, 5))
    )
    assert build.findings(build.profile(account), "CON-PENALTY-POINTS") == []


def test_penalty_message_names_points_left_and_lapse_date(build):
    account = build.account(
        platform=Platform.ALIBABA,
        penalties=_penalties(build, (300, 4), (20, 4), (400, 30), (0, 0)),
    )
    message = build.findings(build.profile(account), "CON-PENALTY-POINTS")[0].message
    assert "8 penalty points" in message
    assert "4 more points reach 12 points: a 7-day restriction" in message
    lapse = build.at - dt.timedelta(days=300) + dt.timedelta(days=365)
    assert f"{lapse:%b} {lapse.day}, {lapse.year}" in message  # Feb 2, 2027, as English writes it


def test_penalty_message_at_the_last_step(build):
    account = build.account(platform=Platform.ALIBABA, penalties=_penalties(build, (1, 49)))
    message = build.findings(build.profile(account), "CON-PENALTY-POINTS")[0].message
    assert "49 penalty points" in message and "termination" in message


@pytest.mark.parametrize("platform", [Platform.ALIEXPRESS, Platform.P1688, Platform.OTHER])
@pytest.mark.parametrize(("points", "expected"), [(0, []), (1, [0.10]), (48, [0.10])])
def test_without_a_published_ladder_only_the_active_points_are_reported(
    build, platform, points, expected
):
    account = build.account(platform=platform, penalties=_penalties(build, (30, points)))
    found = build.findings(build.profile(account), "CON-PENALTY-POINTS")
    assert [f.weight for f in found] == expected
    for finding in found:
        text = f"{finding.message} {finding.action} {finding.why}"
        # Neither Alibaba.com's steps nor its wording.
        for alibaba in ("Alibaba.com", "12", "24", "36", "restriction", "terminat"):
            assert alibaba not in text
        assert f"{points} active penalty point" in finding.message
        lapse = build.at - dt.timedelta(days=30) + dt.timedelta(days=365)
        assert f"{lapse:%b} {lapse.day}, {lapse.year}" in finding.message


def _ipr(build, days: int, serious: bool = True, kind: PenaltyKind = PenaltyKind.IPR) -> Penalty:
    return Penalty(date=build.at - dt.timedelta(days=days), kind=kind, serious=serious)


@pytest.mark.parametrize(
    ("penalties", "expected"),
    [
        (lambda b: (_ipr(b, 10),), [0.30]),
        (lambda b: (_ipr(b, 10), _ipr(b, 364)), [0.60]),
        (lambda b: (_ipr(b, 10), _ipr(b, 20), _ipr(b, 30)), [1.00]),  # closes: was 0.60
        (lambda b: (_ipr(b, 10), _ipr(b, 20), _ipr(b, 365)), [0.60]),
        (lambda b: (_ipr(b, 10), _ipr(b, 365)), [0.30]),
        (lambda b: (_ipr(b, 10, serious=False),), []),
        (lambda b: (_ipr(b, 10, kind=PenaltyKind.GENERAL),), []),
        (lambda b: (_ipr(b, -5),), []),
    ],
)
@pytest.mark.parametrize("platform", [Platform.ALIBABA, Platform.ALIEXPRESS])
def test_ipr_strikes(build, platform, penalties, expected):
    account = build.account(platform=platform, penalties=penalties(build))
    found = build.findings(build.profile(account), "CON-IPR-STRIKES")
    assert [f.weight for f in found] == expected
    if found:
        assert "3 close the account" in found[0].message


@pytest.mark.parametrize("platform", [Platform.P1688, Platform.OTHER])
def test_ipr_strikes_without_a_published_limit_never_claim_closure(build, platform):
    strikes = tuple(_ipr(build, d) for d in (10, 20, 30))
    account = build.account(platform=platform, penalties=strikes)
    found = build.findings(build.profile(account), "CON-IPR-STRIKES")
    assert [f.weight for f in found] == [0.60]
    assert "close" not in found[0].message


def test_incentivized_reviews(build):
    profile = build.profile(build.account(incentivized_reviews=True))
    assert build.weights(profile, "CON-INCENTIVIZED-REVIEWS") == [0.40]


@pytest.mark.parametrize(("per_day", "expected"), [(None, []), (200, []), (201, [0.15])])
def test_bulk_messaging(build, per_day, expected):
    profile = build.profile(build.account(messages_per_day=per_day))
    assert build.weights(profile, "CON-BULK-MESSAGING") == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [(AccountStatus.ACTIVE, []), (AccountStatus.RESTRICTED, [0.60]), (AccountStatus.FROZEN, [1.0])],
)
def test_account_restricted(build, status, expected):
    profile = build.profile(build.account(status=status))
    assert build.weights(profile, "CON-ACCOUNT-RESTRICTED") == expected


def test_aliexpress_counts_general_ipr_complaints_at_most_6_points_a_day(build):
    day = build.at - dt.timedelta(days=30)
    later = build.at - dt.timedelta(days=29)
    penalties = (
        Penalty(date=day, points=4, kind=PenaltyKind.IPR),
        Penalty(date=day, points=4, kind=PenaltyKind.IPR),  # 8 that day: 6 count
        Penalty(date=later, points=5, kind=PenaltyKind.IPR),  # another day: its own 6
        Penalty(date=day, points=3, kind=PenaltyKind.IPR, serious=True),  # not capped
        Penalty(date=day, points=2, kind=PenaltyKind.GENERAL),  # not an IPR complaint
    )
    aliexpress = build.account(platform=Platform.ALIEXPRESS, penalties=penalties)
    message = build.findings(build.profile(aliexpress), "CON-PENALTY-POINTS")[0].message
    assert "has 16 active penalty points" in message  # 6 + 5 + 3 + 2
    # No cap elsewhere: the same penalties are 18 points on 1688.
    p1688 = build.account(platform=Platform.P1688, penalties=penalties)
    message = build.findings(build.profile(p1688), "CON-PENALTY-POINTS")[0].message
    assert "has 18 active penalty points" in message
