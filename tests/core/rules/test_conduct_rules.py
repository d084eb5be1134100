"""Conduct rules: penalty points and IP strikes in their window, listings, reviews, spam, status."""

from __future__ import annotations

import datetime as dt

import pytest

from accountwatch.core.model import (
    AccountStatus,
    ExtraTerms,
    Listing,
    Penalty,
    PenaltyKind,
    Platform,
    Settings,
)


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


def _listing_rules(build, *texts: str, **changes) -> list[tuple[str, str]]:
    account = build.account(listings=tuple(Listing(title=t) for t in texts), **changes)
    return [(f.rule, f.subject) for f in build.findings(build.profile(account))]


@pytest.mark.parametrize(
    "title",
    [
        "Super Copy watch",
        "REPLICA handbag",
        "ＲＥＰＬＩＣＡ ハンドバッグ",  # full-width Latin
        "ｺﾋﾟｰ品 財布",  # half-width katakana
        "ブランドコピー財布",
        "高品質N級品",
        "1:1 mirror quality bag",
        "ＳＳ級品",
    ],
)
def test_prohibited_terms(build, title):
    assert _listing_rules(build, "Steel water bottle", title) == [
        ("CON-PROHIBITED-LISTING", "listing:main:1")
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Fake fur blanket",
        "Copy paper A4",
        "Mix 1:1 with water",
        "OEM logo printing available",
        "Replicable results",
    ],
)
def test_everyday_words_are_not_prohibited(build, title):
    assert _listing_rules(build, title) == []


def test_prohibited_term_in_the_description(build):
    listing = Listing(title="Leather wallet", description="Top  super\n copy, best price")
    account = build.account(listings=(listing,))
    found = build.findings(build.profile(account), "CON-PROHIBITED-LISTING")
    assert len(found) == 1
    assert "super copy" in found[0].message
    assert "Leather wallet" in found[0].message


def test_no_term_across_title_and_description(build):
    listing = Listing(title="Super", description="copy holder")
    assert build.findings(build.profile(build.account(listings=(listing,)))) == []


@pytest.mark.parametrize(
    ("title", "brand"),
    [
        ("Nike running shoes", "Nike"),
        ("ナイキ風スニーカー", "Nike"),
        ("ﾅｲｷ スニーカー", "Nike"),  # half-width katakana
        ("APPLE Watch Series 9 GPS", "Apple"),
        ("ルイ・ヴィトン風 バッグ", "Louis Vuitton"),
        ("Hermes style scarf", "Hermès"),
        ("Pokémon plush", "Pokémon"),
        ("ポケモン ぬいぐるみ", "Pokémon"),
    ],
)
def test_brand_terms(build, title, brand):
    found = build.findings(
        build.profile(build.account(listings=(Listing(title=title),))), "CON-BRAND-LISTING"
    )
    assert [(f.weight, f.subject) for f in found] == [(0.25, "listing:main:0")]
    assert brand in found[0].message


@pytest.mark.parametrize("title", ["Pineapple slicer", "Snapple style bottle", "Sonya dress"])
def test_latin_brands_inside_other_words_are_not_found(build, title):
    found = build.findings(
        build.profile(build.account(listings=(Listing(title=title),))), "CON-BRAND-LISTING"
    )
    assert found == []


def test_japanese_brands_are_found_inside_words(build):
    # Japanese does not separate words, so a brand written right before other text still counts.
    found = build.findings(
        build.profile(build.account(listings=(Listing(title="ナイキスニーカー"),))),
        "CON-BRAND-LISTING",
    )
    assert len(found) == 1


def test_authorised_brands_in_any_spelling(build):
    listings = (
        Listing(title="Nike Air"),
        Listing(title="ナイキ エア"),
        Listing(title="Gucci belt"),
    )
    account = build.account(listings=listings, authorized_brands=("ナイキ",))
    found = build.findings(build.profile(account), "CON-BRAND-LISTING")
    assert [f.subject for f in found] == ["listing:main:2"]
    shouting = build.account(listings=listings, authorized_brands=("  NIKE ", "gucci"))
    assert build.findings(build.profile(shouting), "CON-BRAND-LISTING") == []


def test_one_finding_per_listing_naming_every_brand(build):
    account = build.account(listings=(Listing("Nike and Adidas", "more Nike, ナイキ"),))
    found = build.findings(build.profile(account), "CON-BRAND-LISTING")
    assert len(found) == 1
    assert "Nike, Adidas" in found[0].message


@pytest.mark.parametrize(
    "title",
    [
        "100% guaranteed quality",
        "１００％保証",
        "世界一の品質",
        "No.1 seller",
        "Ｎｏ．１ 人気",
        "World's best kettle",
    ],
)
def test_absolute_claims(build, title):
    assert _listing_rules(build, title) == [("CON-EXAGGERATED-CLAIM", "listing:main:0")]


@pytest.mark.parametrize("title", ["Part no.10", "Piano.1 stand", "Best price"])
def test_not_claims(build, title):
    assert _listing_rules(build, title) == []


def test_user_terms_are_added(build):
    account = build.account(listings=(Listing(title="Sakura brand dupe"), Listing("Kuma plush")))
    extra = ExtraTerms(prohibited=("Dupe",), brands=("Kuma",), claims=("best ever",))
    profile = build.profile(account, settings=Settings(extra_terms=extra))
    found = build.findings(profile)
    assert [(f.rule, f.subject) for f in found] == [
        ("CON-PROHIBITED-LISTING", "listing:main:0"),
        ("CON-BRAND-LISTING", "listing:main:1"),
    ]


def test_listing_findings_name_the_listing(build):
    account = build.account(listings=(Listing(title=""), Listing(title="x" * 100 + " replica")))
    found = build.findings(build.profile(account), "CON-PROHIBITED-LISTING")
    assert len(found) == 1
    assert "Listing 2" in found[0].message and "…" in found[0].message


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
