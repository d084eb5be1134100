"""The freeze-risk rules, one module per category, and `evaluate` that runs them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress
from operator import attrgetter

from accountwatch.core.catalogue import Catalogue, Keywords, load_catalogue
from accountwatch.core.catalogue import keywords as keyword_lists
from accountwatch.core.findings import Category, Finding, Texts, apply_acknowledgements
from accountwatch.core.model import (
    Account,
    Card,
    ExtraTerms,
    Payment,
    Platform,
    Profile,
    Settings,
)
from accountwatch.core.platforms import PlatformFacts, load_platforms
from accountwatch.core.rules.reading import ListingReading, authorised_brands, read_listing
from accountwatch.core.rules.terms import TermScanner, listing_text
from accountwatch.i18n import _

_ID = attrgetter("id")
# Category by name without the enum's lookup machinery: made for every one of many findings.
_CATEGORIES = {category.value: category for category in Category}


@dataclass(frozen=True)
class RuleContext:
    """What every rule looks at: the profile, the day it is evaluated for, weights and keywords,
    the accounts to find problems of (all, or those an edit may have changed) and what is known
    about each platform."""

    profile: Profile
    at: dt.date
    catalogue: Catalogue
    keywords: Keywords
    accounts: tuple[Account, ...]
    platforms: Mapping[Platform, PlatformFacts]

    def finding(
        self,
        rule: str,
        account: Account,
        subject: str,
        *,
        texts: Texts | None = None,
        message: str = "",
        action: str = "",
        why: str = "",
        tier: int = 0,
    ) -> Finding:
        """A finding of `rule` about `account`, its texts given or, better, rendered by `texts`
        when first read (bind values to it, e.g. with `functools.partial`, not loop variables)."""
        spec = self.catalogue[rule]
        return Finding(
            rule,
            _CATEGORIES.get(spec.category) or Category(spec.category),
            subject,
            account.id,
            spec.weights[tier],
            message,
            action,
            why,
            texts=texts,
        )

    def heaviest_tier(self, rule: str, reached: Iterable[int]) -> int | None:
        """Of the tiers a value reached, the one with the largest weight (None: no tier)."""
        weights = self.catalogue[rule].weights
        return max(reached, key=lambda i: (weights[i], i), default=None)

    @cached_property
    def unpaid_payments(self) -> dict[str, list[Payment]]:
        """Per account (only those with any), its unpaid payments in profile order; several
        payment rules go through them."""
        unpaid: dict[str, list[Payment]] = {}
        if self.accounts is not self.profile.accounts:
            # Some accounts (after an edit): theirs only, not a walk over every payment.
            for account in self.accounts:
                theirs = [p for p in self.profile.payments_of(account.id) if not p.is_paid]
                if theirs:
                    unpaid[account.id] = theirs
            return unpaid
        for payment in self.profile.payments:
            if not payment.is_paid:
                unpaid.setdefault(payment.account, []).append(payment)
        return unpaid

    @cached_property
    def listing_readings(self) -> dict[str, list[tuple[int, ListingReading]]]:
        """Per account, its listings (by index) that contain terms of a keyword list, and what
        they say; scanned once per evaluation for all the listing rules."""
        scanner = TermScanner.of(self.keywords)
        readings: dict[str, list[tuple[int, ListingReading]]] = {}
        for account in self.accounts:
            allowed = authorised_brands(self.keywords, account.authorized_brands)
            readings[account.id] = [
                (
                    index,
                    read_listing(
                        listing_text(account.listings[index]), found, self.keywords, allowed
                    ),
                )
                for index, found in scanner.scan_listings(account.listings)
            ]
        return readings


Rule = Callable[[RuleContext], Iterable[Finding]]


def card_name(card: Card) -> str:
    if card.label:
        return _("{label} ending in {last4}").format(label=card.label, last4=card.last4)
    return _("Card {id} ending in {last4}").format(id=card.id, last4=card.last4)


@lru_cache(maxsize=8)
def keywords_for(extra: ExtraTerms) -> Keywords:
    """The keyword lists the rules read for a profile with these terms of the user's own."""
    return keyword_lists(
        extra.prohibited,
        extra.brands,
        extra.claims,
        extra_unsafe=extra.unsafe,
        extra_inappropriate=extra.inappropriate,
        extra_promotion=extra.promotion,
    )


def listing_scanner(settings: Settings) -> TermScanner:
    """What scans the listings of a profile with these settings: the store keeps each listing's
    scan with it when it writes the listing (at every edit: kept once made)."""
    return _scanner_for(settings.extra_terms)


@lru_cache(maxsize=8)
def _scanner_for(extra: ExtraTerms) -> TermScanner:
    return TermScanner.of(keywords_for(extra))


def all_rules() -> tuple[Rule, ...]:
    from accountwatch.core.rules import conduct, listings, payment, registration, security

    return (
        *security.RULES,
        *payment.RULES,
        *registration.RULES,
        *conduct.RULES,
        *listings.RULES,
    )


def evaluate(
    profile: Profile,
    at: dt.date,
    catalogue: Catalogue | None = None,
    keywords: Keywords | None = None,
    *,
    rules: Iterable[Rule] | None = None,
    accounts: Collection[str] | None = None,
    platforms: Mapping[Platform, PlatformFacts] | None = None,
) -> list[Finding]:
    """Every finding about the profile on day `at` (about the `accounts` named, or all),
    acknowledgements applied, in a stable order."""
    catalogue = catalogue or load_catalogue()
    if keywords is None:
        keywords = keywords_for(profile.settings.extra_terms)
    chosen = profile.accounts
    if accounts is not None:
        # Picked out in C: after an edit, one or two of thousands.
        ids = map(_ID, profile.accounts)
        chosen = tuple(compress(profile.accounts, map(set(accounts).__contains__, ids)))
        if len(chosen) == len(profile.accounts):
            chosen = profile.accounts  # all of them: the rules' profile-wide paths apply
    ctx = RuleContext(
        profile=profile,
        at=at,
        catalogue=catalogue,
        keywords=keywords,
        accounts=chosen,
        platforms=load_platforms() if platforms is None else platforms,
    )
    unique: dict[tuple[str, str, str], Finding] = {}
    for rule in all_rules() if rules is None else rules:
        for found in rule(ctx):
            unique.setdefault(found.key, found)
    # The accounts chosen keep the profile's order: their places among them order as well.
    # Within an account, heaviest first and ties in the catalogue's order: the order in which
    # risk.contributions counts their points, so a list read top down adds up as the model says.
    order = {account.id: i for i, account in enumerate(chosen)}
    rank = {rule: i for i, rule in enumerate(catalogue.rules)}
    findings = sorted(
        unique.values(),
        key=lambda f: (
            order.get(f.account, len(order)),
            -f.weight,
            rank.get(f.rule, len(rank)),
            f.subject,
        ),
    )
    # Only findings someone acknowledged need a second look (copying every finding is not free).
    acknowledged = {(a.rule, a.subject) for a in profile.acknowledged}
    if not acknowledged:
        return findings
    return [
        apply_acknowledgements([f], profile.acknowledged, at)[0]
        if (f.rule, f.subject) in acknowledged
        else f
        for f in findings
    ]
