"""Listing rules: counterfeit terms in tiers, brands and compatibility, unsafe goods, wording,
claims and promotion (core/rules/listings.py and reading.py)."""

from __future__ import annotations

import pytest

from accountwatch.core.model import ExtraTerms, Listing, Settings


def _found(build, *titles: str, **changes) -> list[tuple[str, str, float]]:
    account = build.account(listings=tuple(Listing(title=t) for t in titles), **changes)
    return [(f.rule, f.subject, f.weight) for f in build.findings(build.profile(account))]


# Every listing case of issue 12's "What is wrong today", with what it must give now.
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Self defense stun gun 5000kV", [("CON-UNSAFE-LISTING", 0.40)]),
        ("大麻 種子 10粒", [("CON-UNSAFE-LISTING", 0.40)]),
        ("モバイルバッテリー PSEマークなし", [("CON-UNSAFE-LISTING", 0.40)]),
        ("Bluetoothイヤホン 技適未取得", [("CON-UNSAFE-LISTING", 0.40)]),
        ("耐克 跑步鞋 男", [("CON-BRAND-LISTING", 0.25)]),
        ("路易威登 手提包", [("CON-BRAND-LISTING", 0.25)]),
        ("compatible with Apple iPhone 15 case", [("CON-BRAND-LISTING", 0.05)]),
        ("Apple slicer", []),
        ("official レプリカユニフォーム", [("CON-PROHIBITED-LISTING", 0.08)]),
        ("bootleg jeans", [("CON-PROHIBITED-LISTING", 0.08)]),
        ("AAA quality pearls", [("CON-PROHIBITED-LISTING", 0.08)]),
    ],
)
def test_the_listing_cases_of_issue_12(build, title, expected):
    assert [(rule, weight) for rule, _subject, weight in _found(build, title)] == expected


@pytest.mark.parametrize(
    "title",
    [
        "香奈儿 链条包",  # simplified
        "香奈兒 鏈條包",  # traditional
        "劳力士 手表",
        "勞力士 手錶",
        "阿迪达斯 卫衣",
        "愛迪達 運動鞋",
    ],
)
def test_brands_in_chinese_script(build, title):
    assert [(r, w) for r, _s, w in _found(build, title)] == [("CON-BRAND-LISTING", 0.25)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Rolex replica watch", [("CON-PROHIBITED-LISTING", 0.40), ("CON-BRAND-LISTING", 0.25)]),
        ("Replica Roman coin", [("CON-PROHIBITED-LISTING", 0.08)]),
        # A licensed phrase never reads as counterfeit, even beside a brand.
        (
            "adidas official レプリカユニフォーム",
            [("CON-BRAND-LISTING", 0.25), ("CON-PROHIBITED-LISTING", 0.08)],
        ),
        ("AAA batteries 24 pack", []),
        ("Fake fur blanket, mixing ratio 1:1", []),
        ("1:1 replica handbag", [("CON-PROHIBITED-LISTING", 0.40)]),
        ("スーパーコピー 財布", [("CON-PROHIBITED-LISTING", 0.40)]),
        ("高仿 女包", [("CON-PROHIBITED-LISTING", 0.40)]),
        ("复刻 球鞋", [("CON-PROHIBITED-LISTING", 0.40)]),
    ],
)
def test_counterfeit_tiers(build, title, expected):
    assert [(r, w) for r, _s, w in _found(build, title)] == expected


def test_an_authorised_brand_makes_an_ambiguous_word_no_counterfeit(build):
    found = _found(build, "Rolex replica display stand", authorized_brands=("ロレックス",))
    assert found == [("CON-PROHIBITED-LISTING", "listing:main:0", 0.08)]


def test_the_ambiguous_finding_advises_rephrasing(build):
    account = build.account(listings=(Listing("Men's bootleg jeans"),))
    (finding,) = build.findings(build.profile(account), "CON-PROHIBITED-LISTING")
    assert "“bootleg”" in finding.message
    assert "boot-cut" in finding.action


def test_terms_are_shown_as_the_lists_write_them(build):
    account = build.account(listings=(Listing("高品質ｎ級品 バッグ", "pseマークなし"),))
    found = {f.rule: f.message for f in build.findings(build.profile(account))}
    assert "“N級品”" in found["CON-PROHIBITED-LISTING"]
    assert "“PSEマークなし”" in found["CON-UNSAFE-LISTING"]


def test_the_strong_finding_names_the_brand_beside_the_word(build):
    account = build.account(listings=(Listing("Rolex replica Submariner"),))
    (finding,) = build.findings(build.profile(account), "CON-PROHIBITED-LISTING")
    assert "“replica” beside the brand Rolex" in finding.message


@pytest.mark.parametrize(
    "title",
    [
        "Case for Apple iPhone 15",
        "Charger compatible with Samsung Galaxy S24",
        "Nintendo Switch対応 ケース",
        "Apple iPhone 15 Pro Max用 フィルム",
        "対応機種: Apple iPhone 13",
        "适用于苹果手机 数据线",
        "苹果手机专用 钢化膜",
        "AirPods Pro専用 ケース",
    ],
)
def test_compatibility_phrases_are_a_light_finding_only(build, title):
    assert [(r, w) for r, _s, w in _found(build, title)] == [("CON-BRAND-LISTING", 0.05)]


@pytest.mark.parametrize(
    "title",
    [
        "ナイキ スニーカー キッズ用",  # for children, not for Nike devices
        "Nike スニーカー 男性用",  # kanji between the brand and 用: no model name
        "Nike socks, compatible with Nike shoes",  # named once as the product's own
    ],
)
def test_a_brand_outside_a_compatibility_phrase_is_brand_misuse(build, title):
    assert [(r, w) for r, _s, w in _found(build, title)] == [("CON-BRAND-LISTING", 0.25)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Apple slicer", []),
        ("アップルパイ 型", []),
        ("苹果 新鲜 水果", []),
        ("Puma plush toy", []),
        ("三星级 酒店 毛巾", []),
        ("Apple iPhone 15 128GB", [0.25]),
        ("アップルウォッチ バンド 純正", [0.25]),
        ("苹果手机壳", [0.25]),
        ("Puma suede sneakers", [0.25]),
        ("三星 Galaxy 手机", [0.25]),
    ],
)
def test_everyday_word_brands_need_a_word_of_their_products(build, title, expected):
    assert [w for r, _s, w in _found(build, title) if r == "CON-BRAND-LISTING"] == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Stun baton", [0.40]),
        ("Taser for self defence", [0.40]),
        ("スタンガン 護身用", [0.40]),
        ("CBD oil, THC free", []),
        ("THC cartridge", [0.40]),
        ("電気ケトル PSEマーク付き", []),
        ("延長コード PSE未取得", [0.40]),
        ("ルーター 技適取得済み", []),
        ("トランシーバー 技適なし", [0.40]),
        ("飲むだけで痩せる サプリ", [0.40]),
        ("がんに効く お茶", [0.40]),
        ("Glue gun with sticks", []),
        ("神宮大麻 お札立て", []),
        ("防身电击器", [0.40]),
    ],
)
def test_unsafe_goods(build, title, expected):
    assert [w for r, _s, w in _found(build, title) if r == "CON-UNSAFE-LISTING"] == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("死ね Tシャツ", [0.30]),
        ("Kill yourself mug", [0.30]),
        ("アダルトグッズ セット", [0.30]),
        ("外国人お断り プレート", [0.30]),
        ("Nude colour lipstick", []),
        ("Murder mystery party game", []),
        ("ステロイド不使用 クリーム", []),
        ("Weed killer 1L", []),
    ],
)
def test_inappropriate_content(build, title, expected):
    found = _found(build, title)
    assert [w for r, _s, w in found if r == "CON-INAPPROPRIATE-CONTENT"] == expected


def _promoting(build, promoted: int, total: int) -> list[float]:
    titles = [f"最安値 激安 マグカップ {n}" for n in range(promoted)]
    titles += [f"Ceramic mug {n}" for n in range(total - promoted)]
    return [w for r, _s, w in _found(build, *titles) if r == "CON-OVER-PROMOTION"]


@pytest.mark.parametrize(
    ("promoted", "total", "expected"),
    [
        (0, 0, []),
        (0, 10, []),
        (2, 100, []),  # fewer than 3 listings and 2 % of them
        (3, 100, [0.10]),  # 3 listings
        (2, 11, []),  # 18 %
        (2, 10, [0.10]),  # 20 %
        (1, 6, []),  # 17 %
        (1, 5, [0.10]),  # 20 %
        (1, 1, [0.10]),  # every listing of a one-listing shop
        (7, 35, [0.10]),  # exactly 20 %, which 0.2 × 35 in floating point is not
        (6, 31, [0.10]),  # 19 %, but 6 listings
    ],
)
def test_over_promotion_thresholds(build, promoted, total, expected):
    assert _promoting(build, promoted, total) == expected


def test_over_promotion_is_one_finding_on_the_account_naming_listings(build):
    titles = ["最安値！激安！今だけ！ 収納ボックス", "Ceramic mug", "激安 タオル", "Cheapest lamp"]
    account = build.account(listings=tuple(Listing(t) for t in titles))
    (finding,) = build.findings(build.profile(account), "CON-OVER-PROMOTION")
    assert finding.subject == "account:main"
    assert "3 listings of 4" in finding.message
    assert "“最安値”" in finding.message and "Listing 4 “Cheapest lamp”" in finding.message


def test_users_own_terms_of_the_new_lists(build):
    titles = ("Kuma spray", "Zap word", "Mega deal A", "Mega deal B", "Mega deal C")
    account = build.account(listings=tuple(Listing(t) for t in titles))
    extra = ExtraTerms(unsafe=("kuma spray",), inappropriate=("Zap",), promotion=("MEGA DEAL",))
    profile = build.profile(account, settings=Settings(extra_terms=extra))
    found = sorted((f.rule, f.subject) for f in build.findings(profile))
    assert found == [
        ("CON-INAPPROPRIATE-CONTENT", "listing:main:1"),
        ("CON-OVER-PROMOTION", "account:main"),
        ("CON-UNSAFE-LISTING", "listing:main:0"),
    ]


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
