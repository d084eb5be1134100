"""Listing rules: counterfeit terms in tiers, brands, unsafe goods, wording, claims, promotion."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from functools import partial

from accountwatch.core.findings import Finding
from accountwatch.core.model import Account, Listing
from accountwatch.core.rules import Rule, RuleContext
from accountwatch.core.rules.reading import ListingReading
from accountwatch.i18n import _, ngettext

# How much of a listing's title a message quotes.
_TITLE_CHARS = 60
# How many promotional listings the over-promotion message names.
_NAMED_LISTINGS = 3


def listing_name(listing: Listing, index: int) -> str:
    title = " ".join(listing.title.split())
    if not title:
        return _("Listing {number}").format(number=index + 1)
    if len(title) > _TITLE_CHARS:
        title = title[: _TITLE_CHARS - 1] + "…"
    return _("Listing {number} “{title}”").format(number=index + 1, title=title)


def _readings(ctx: RuleContext, account: Account) -> Iterator[tuple[int, Listing, ListingReading]]:
    for index, reading in ctx.listing_readings[account.id]:
        yield index, account.listings[index], reading


def _subject(account: Account, index: int) -> str:
    return f"listing:{account.id}:{index}"


def _quoted(terms: tuple[str, ...]) -> str:
    return _(", ").join(_("“{term}”").format(term=term) for term in terms)


def prohibited_listing(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-PROHIBITED-LISTING"
    for account in ctx.accounts:
        for index, listing, reading in _readings(ctx, account):
            if reading.counterfeit:
                yield ctx.finding(
                    rule,
                    account,
                    _subject(account, index),
                    texts=partial(
                        _counterfeit_texts, listing, index, reading.strong, reading.beside_brand
                    ),
                )
            elif reading.ambiguous:
                yield ctx.finding(
                    rule,
                    account,
                    _subject(account, index),
                    tier=1,
                    texts=partial(_ambiguous_texts, listing, index, reading.ambiguous),
                )


def _counterfeit_texts(
    listing: Listing,
    index: int,
    strong: tuple[str, ...],
    beside_brand: tuple[tuple[str, str], ...],
) -> tuple[str, str, str]:
    name = listing_name(listing, index)
    parts = []
    if strong:
        parts.append(
            _("{listing} contains counterfeit terms: {terms}.").format(
                listing=name, terms=_quoted(strong)
            )
        )
    for term, brand in beside_brand:
        parts.append(
            _(
                "{listing} puts “{term}” beside the brand {brand}, which reads as a counterfeit."
            ).format(listing=name, term=term, brand=brand)
        )
    return (
        " ".join(parts),
        _(
            "Take the listing down unless the goods are genuine and allowed; if they "
            "are, reword it without these terms."
        ),
        _(
            "Selling prohibited goods such as counterfeits is one of the main reasons "
            "accounts are frozen."
        ),
    )


def _ambiguous_texts(
    listing: Listing, index: int, ambiguous: tuple[str, ...]
) -> tuple[str, str, str]:
    return (
        _("{listing} uses words that platform filters read as counterfeit: {terms}.").format(
            listing=listing_name(listing, index), terms=_quoted(ambiguous)
        ),
        _(
            "Rephrase with plain facts: “boot-cut jeans” instead of “bootleg”, "
            "“top-grade pearls” instead of “AAA quality”, “licensed fan uniform” or "
            "“museum reproduction” instead of “replica”."
        ),
        _(
            "Platform filters match words, not intent: an honest listing with these "
            "words can be taken down as a counterfeit."
        ),
    )


def brand_listing(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-BRAND-LISTING"
    for account in ctx.accounts:
        for index, listing, reading in _readings(ctx, account):
            if reading.brands:
                yield ctx.finding(
                    rule,
                    account,
                    _subject(account, index),
                    texts=partial(_brand_texts, listing, index, reading.brands),
                )
            elif reading.compatible:
                yield ctx.finding(
                    rule,
                    account,
                    _subject(account, index),
                    tier=1,
                    texts=partial(_compatible_texts, listing, index, reading.compatible),
                )


def _brand_texts(listing: Listing, index: int, brands: tuple[str, ...]) -> tuple[str, str, str]:
    return (
        _("{listing} names a protected brand you are not authorised to sell: {brands}.").format(
            listing=listing_name(listing, index), brands=_(", ").join(brands)
        ),
        _(
            "Remove the brand name from the listing, or get written authorisation "
            "from the brand owner and add the brand to this account's authorised "
            "brands."
        ),
        _(
            "Using famous brand names or logos without permission is "
            "intellectual-property infringement, one of the main reasons accounts are "
            "frozen."
        ),
    )


def _compatible_texts(
    listing: Listing, index: int, brands: tuple[str, ...]
) -> tuple[str, str, str]:
    return (
        _("{listing} names {brands} to say what the product fits.").format(
            listing=listing_name(listing, index), brands=_(", ").join(brands)
        ),
        _(
            "Keep the brand only in the compatibility phrase (“compatible with …”, "
            "“…対応”), never as the product's own name, and use no brand logo or "
            "brand photos."
        ),
        _(
            "Compatibility wording is allowed, but a brand name in a title draws "
            "intellectual-property checks; the brand's logo or photos are "
            "infringement."
        ),
    )


def unsafe_listing(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-UNSAFE-LISTING"
    for account in ctx.accounts:
        for index, listing, reading in _readings(ctx, account):
            if not reading.unsafe:
                continue
            yield ctx.finding(
                rule,
                account,
                _subject(account, index),
                texts=partial(_unsafe_texts, listing, index, reading.unsafe),
            )


def _unsafe_texts(listing: Listing, index: int, terms: tuple[str, ...]) -> tuple[str, str, str]:
    return (
        _("{listing} offers illegal or unsafe goods: {terms}.").format(
            listing=listing_name(listing, index), terms=_quoted(terms)
        ),
        _(
            "Take the listing down. Sell weapons, drugs or medicines nowhere on the "
            "platform; sell electrical goods only with the PSE mark and radio equipment "
            "only with 技適 certification, and make no medical claims for goods that are "
            "not approved medicines (薬機法)."
        ),
        _(
            "Illegal goods and goods that fail safety standards are prohibited goods, and "
            "selling them is one of the main reasons accounts are frozen."
        ),
    )


def inappropriate_content(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-INAPPROPRIATE-CONTENT"
    for account in ctx.accounts:
        for index, listing, reading in _readings(ctx, account):
            if not reading.inappropriate:
                continue
            yield ctx.finding(
                rule,
                account,
                _subject(account, index),
                texts=partial(_inappropriate_texts, listing, index, reading.inappropriate),
            )


def _inappropriate_texts(
    listing: Listing, index: int, terms: tuple[str, ...]
) -> tuple[str, str, str]:
    return (
        _("{listing} contains violent, discriminatory or adult wording: {terms}.").format(
            listing=listing_name(listing, index), terms=_quoted(terms)
        ),
        _("Remove the wording from the title and description, or the listing."),
        _(
            "Inappropriate content, such as violent or discriminatory expressions, is one "
            "of the main reasons accounts are frozen."
        ),
    )


def exaggerated_claim(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-EXAGGERATED-CLAIM"
    for account in ctx.accounts:
        for index, listing, reading in _readings(ctx, account):
            if not reading.claims:
                continue
            yield ctx.finding(
                rule,
                account,
                _subject(account, index),
                texts=partial(_claim_texts, listing, index, reading.claims),
            )


def _claim_texts(listing: Listing, index: int, claims: tuple[str, ...]) -> tuple[str, str, str]:
    return (
        _("{listing} makes an absolute claim: {terms}.").format(
            listing=listing_name(listing, index), terms=_(", ").join(claims)
        ),
        _("Replace the claim with facts you can prove (tests, certificates, figures)."),
        _(
            "Exaggerated product details count as untrue information and excessive "
            "promotion under the platform's rules."
        ),
    )


def over_promotion(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-OVER-PROMOTION"
    spec = ctx.catalogue[rule]
    # Exact fractions: 7 of 35 listings is 20 %, which 0.2 × 35 in floating point is not.
    least_listings, least_share = int(spec.thresholds[0]), Fraction(str(spec.thresholds[1]))
    for account in ctx.accounts:
        promoted = [(i, x, r) for i, x, r in _readings(ctx, account) if r.promotion]
        count, total = len(promoted), len(account.listings)
        if not count or (count < least_listings and count < least_share * total):
            continue
        terms = tuple(dict.fromkeys(term for _i, _x, r in promoted for term in r.promotion))
        named = tuple((x, i) for i, x, _r in promoted[:_NAMED_LISTINGS])
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            texts=partial(_promotion_texts, account.display_name, count, total, terms[:5], named),
        )


def _promotion_texts(
    account: str,
    count: int,
    total: int,
    terms: tuple[str, ...],
    named: tuple[tuple[Listing, int], ...],
) -> tuple[str, str, str]:
    return (
        ngettext(
            "{account} has {count} listing of {total} with promotional superlatives "
            "({terms}): {listings}.",
            "{account} has {count} listings of {total} with promotional superlatives "
            "({terms}): {listings}.",
            count,
        ).format(
            count=count,
            total=total,
            account=account,
            terms=_quoted(terms),
            listings=_("; ").join(listing_name(x, i) for x, i in named),
        ),
        _(
            "Describe the goods instead of the price: remove words such as 最安値, 激安 and "
            "今だけ from titles and keep offers to the platform's own promotion tools."
        ),
        _(
            "Promotion beyond what the platform's rules allow is one of the main reasons "
            "accounts are frozen."
        ),
    )


RULES: tuple[Rule, ...] = (
    prohibited_listing,
    brand_listing,
    unsafe_listing,
    inappropriate_content,
    exaggerated_claim,
    over_promotion,
)
