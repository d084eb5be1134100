"""The sample profile in English and Japanese: its shipped password analyses and the history of
weekly checks."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace

import pytest

from accountwatch.core import demo, passwords
from accountwatch.core.model import Profile, Settings
from accountwatch.core.profile_io import dump_profile, parse_profile
from accountwatch.core.risk import assess
from accountwatch.core.rules import listing_scanner
from accountwatch.core.rules.terms import listing_text

DAY = dt.date(2026, 11, 29)


LANGUAGES = pytest.mark.parametrize("language", demo.DEMO_LANGUAGES)


def _read(document: dict[str, object]) -> Profile:
    """A sample profile document, its passwords replaced by their shipped analyses."""
    profile, secrets = parse_profile(json.dumps(document).encode())
    return replace(
        profile,
        accounts=tuple(
            replace(a, password=demo.PASSWORD_ANALYSES[a.id]) if a.id in secrets.passwords else a
            for a in profile.accounts
        ),
    )


def _history(today: dt.date, language: str = "en") -> list[tuple[dt.date, Profile]]:
    """The sample of `today` read, as it stood at each recorded check."""
    return demo.demo_history(_read(demo.demo_profile(today, language)), today, language)


@LANGUAGES
def test_the_shipped_analyses_are_what_zxcvbn_and_scrypt_make_of_the_sample_passwords(
    language: str,
) -> None:
    profile, secrets = parse_profile(json.dumps(demo.demo_profile(DAY, language)).encode())
    made = {
        account.id: replace(
            passwords.analyse(
                secrets.passwords[account.id],
                passwords.user_inputs(account, profile.company),
                key=demo.FINGERPRINT_KEY,
                salt=demo.INSTALL_SALT,
                today=DAY,
            ),
            analysed_on=None,
        )
        for account in profile.accounts
        if account.id in secrets.passwords
    }
    # On a change of the analysis or the sample, paste these into core/demo.py.
    assert made == demo.PASSWORD_ANALYSES, made


def test_the_shipped_scans_are_what_the_scanner_finds_in_every_sample_listing() -> None:
    scanner = listing_scanner(Settings())
    made = {}
    for language in demo.DEMO_LANGUAGES:
        states = [_read(demo.demo_profile(DAY, language))]
        states += [profile for _day, profile in _history(DAY, language)]
        for profile in states:
            for account in profile.accounts:
                for listing in account.listings:
                    found = scanner.scan(listing_text(listing))
                    made[listing.title, listing.description] = (
                        json.dumps(found, ensure_ascii=False, separators=(",", ":"))
                        if found
                        else ""
                    )
    # On a change of the terms, the scanner or the sample, paste these into core/demo.py.
    assert scanner.key == demo.LISTING_SCAN_KEY, scanner.key
    assert made == demo.LISTING_SCANS, made


def test_the_sample_passwords_are_reused_as_the_shipped_fingerprints_say() -> None:
    fingerprints = {a.fingerprint for a in demo.PASSWORD_ANALYSES.values()}
    assert len(demo.PASSWORD_ANALYSES) == 2 and len(fingerprints) == 1


# Every 23rd day of a year: the sample is dated around its day, and what falls due or expires
# moves with the month.
@LANGUAGES
@pytest.mark.parametrize(
    "today", [dt.date(2026, 1, 5) + dt.timedelta(days=23 * k) for k in range(16)]
)
def test_eight_recorded_checks_improve_towards_today(today: dt.date, language: str) -> None:
    history = _history(today, language)
    weeks = [today - dt.timedelta(weeks=w) for w in range(8, 0, -1)]
    assert [day for day, _profile in history] == weeks
    assert demo.demo_started(today) == history[0][0]
    scores = [assess(profile, day).score for day, profile in history]
    now = assess(_read(demo.demo_profile(today, language)), today).score
    assert scores == sorted(scores, reverse=True), scores
    assert scores[0] > now and scores[-1] >= now, (scores, now)


@LANGUAGES
def test_an_earlier_state_holds_nothing_that_happened_after_its_day(language: str) -> None:
    for day, profile in _history(DAY, language):
        for account in profile.accounts:
            reviewed = (account.logins_reviewed_on, account.terms_reviewed_on)
            assert all(d is not None and d <= day for d in reviewed), (day, account.id)
            assert all(p.date <= day for p in account.penalties), (day, account.id)
            assert account.last_login_on is not None and account.last_login_on <= day
            recovery = account.recovery
            dated = (
                account.status_since,
                recovery.notice_on,
                recovery.contacted_support_on,
                recovery.last_follow_up_on,
            )
            assert all(d is None or d <= day for d in dated), (day, account.id, dated)
            # Restricted only from its notice on; support contacted only once restricted.
            restricted = account.status != "active"
            assert restricted == (account.status_since is not None), (day, account.id)
            if not restricted:
                assert recovery.notice_on is None and recovery.contacted_support_on is None
        for payment in profile.payments:
            if payment.repeat == "FREQ=MONTHLY":
                # The instalment open that day: the one before it was due on or before it.
                assert payment.due >= day, (day, payment.id)


@LANGUAGES
def test_every_earlier_state_is_a_profile_its_own_export_reads_back_as(language: str) -> None:
    # Made from today's profile read, not from a document: each must still be what the profile
    # format can hold and reads back the same (a field changed alone, e.g. a status without its
    # date, or a due date beside a stale series start, would not), and it shares with today's
    # what did not change.
    today = _read(demo.demo_profile(DAY, language))
    for day, profile in demo.demo_history(today, DAY, language):
        back, _secrets = parse_profile(dump_profile(profile).encode())
        assert back == _without_passwords(profile), day
        assert profile.cards is today.cards, day
        (shop,) = (a for a in profile.accounts if a.id == "1688-shop")
        assert shop.registered_company is today.account("1688-shop").registered_company


def _without_passwords(profile: Profile) -> Profile:
    """`profile` as its export holds it: a password's analysis is not exported."""
    return replace(profile, accounts=tuple(replace(a, password=None) for a in profile.accounts))


def test_the_store_was_restricted_after_its_ipr_penalty_and_followed_up_weekly() -> None:
    states = {day: profile.account("aliexpress-store") for day, profile in _history(DAY)}
    penalty = DAY - dt.timedelta(days=40)
    for day, store in states.items():
        assert store is not None
        ipr = [p for p in store.penalties if p.kind == "ipr"]
        assert bool(ipr) == (day >= penalty), day
        if store.recovery.last_follow_up_on is not None:
            assert day - store.recovery.last_follow_up_on < dt.timedelta(days=7), day


@LANGUAGES
def test_the_earliest_check_saw_what_has_been_fixed_since(language: str) -> None:
    (first_day, first), *_ = _history(DAY, language)
    then = {(f.rule, f.subject) for f in assess(first, first_day).findings}
    now = {(f.rule, f.subject) for f in assess(_read(demo.demo_profile(DAY)), DAY).findings}
    fixed = {rule for rule, _subject in then - now}
    assert {"CON-PROHIBITED-LISTING", "CON-BRAND-LISTING", "SEC-2FA-WEAK"} <= fixed
    assert "CON-INCENTIVIZED-REVIEWS" in fixed
    assert ("SEC-LOGINS-UNREVIEWED", "account:aliexpress-store") in then - now


def _findings(profile: Profile, day: dt.date) -> list[tuple[str, str, float]]:
    return sorted((f.rule, f.subject, f.weight) for f in assess(profile, day).findings)


def test_the_japanese_demo_has_the_english_demos_findings_every_week() -> None:
    english = [(DAY, _read(demo.demo_profile(DAY, "en"))), *_history(DAY, "en")]
    japanese = [(DAY, _read(demo.demo_profile(DAY, "ja"))), *_history(DAY, "ja")]
    for (day, en), (_day, ja) in zip(english, japanese, strict=True):
        assert _findings(ja, day) == _findings(en, day), day


_LATIN = re.compile(r"[A-Za-z]")


def test_the_japanese_demo_is_a_japanese_company_in_japanese_words() -> None:
    document = demo.demo_profile(DAY, "ja")
    company = document["company"]
    assert company["name_local"] == "さくら貿易株式会社"
    assert company["representative"] == "佐藤 花子"
    assert (company["postal_code"], company["region"]) == ("150-0013", "東京都")
    assert company["address"].startswith("渋谷区")
    # What the user wrote is Japanese: names, addresses, notes and card labels; only product
    # and platform names (Gold Supplier, Visa, 1688, AliExpress…) stay in Latin letters.
    allowed = re.compile(
        r"Gold Supplier|Alibaba\.com|AliExpress|Visa|Mastercard|JCB|SMS|No\.1|Sakura"
    )
    texts = [
        company["address"],
        company["representative"],
        company["contact_person"],
        *(a["label"] for a in document["accounts"]),
        *(c["label"] for c in document["cards"]),
        *(p["description"] for p in document["payments"]),
        *(a["reason"] for a in document["acknowledged"]),
        *(p["note"] for a in document["accounts"] for p in a.get("penalties", [])),
        *(x for a in document["accounts"] for li in a.get("listings", []) for x in li.values()),
    ]
    for text in texts:
        assert not _LATIN.search(allowed.sub("", text)), text
    assert document["cards"][0]["label"].startswith("法人カード")
    # Only the words differ: the same ids, dates and amounts as the English demo.
    english = demo.demo_profile(DAY, "en")
    assert [a["id"] for a in document["accounts"]] == [a["id"] for a in english["accounts"]]
    assert [p["due"] for p in document["payments"]] == [p["due"] for p in english["payments"]]
