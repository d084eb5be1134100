"""The sample profile: its shipped password analyses and the history of weekly checks."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from accountwatch.core import demo, passwords
from accountwatch.core.model import Profile
from accountwatch.core.profile_io import parse_profile
from accountwatch.core.risk import assess

DAY = dt.date(2026, 11, 29)


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


def test_the_shipped_analyses_are_what_zxcvbn_and_scrypt_make_of_the_sample_passwords() -> None:
    profile, secrets = parse_profile(json.dumps(demo.demo_profile(DAY)).encode())
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


def test_the_sample_passwords_are_reused_as_the_shipped_fingerprints_say() -> None:
    fingerprints = {a.fingerprint for a in demo.PASSWORD_ANALYSES.values()}
    assert len(demo.PASSWORD_ANALYSES) == 2 and len(fingerprints) == 1


# Every 23rd day of a year: the sample is dated around its day, and what falls due or expires
# moves with the month.
@pytest.mark.parametrize(
    "today", [dt.date(2026, 1, 5) + dt.timedelta(days=23 * k) for k in range(16)]
)
def test_the_recorded_checks_improve_towards_today(today: dt.date) -> None:
    history = demo.demo_history(today)
    assert [day for day, _doc in history] == [today - dt.timedelta(weeks=w) for w in (4, 3, 2, 1)]
    scores = [assess(_read(doc), day).score for day, doc in history]
    now = assess(_read(demo.demo_profile(today)), today).score
    assert scores == sorted(scores, reverse=True), scores
    assert scores[0] > now and scores[-1] >= now, (scores, now)


def test_an_earlier_state_has_no_review_or_penalty_after_its_day() -> None:
    for day, document in demo.demo_history(DAY):
        profile = _read(document)
        for account in profile.accounts:
            reviewed = (account.logins_reviewed_on, account.terms_reviewed_on)
            assert all(d is not None and d <= day for d in reviewed), (day, account.id)
            assert all(p.date <= day for p in account.penalties), (day, account.id)


def test_the_earliest_check_saw_what_has_been_fixed_since() -> None:
    (first_day, first), *_ = demo.demo_history(DAY)
    then = {(f.rule, f.subject) for f in assess(_read(first), first_day).findings}
    now = {(f.rule, f.subject) for f in assess(_read(demo.demo_profile(DAY)), DAY).findings}
    fixed = {rule for rule, _subject in then - now}
    assert {"CON-PROHIBITED-LISTING", "CON-BRAND-LISTING", "SEC-2FA-WEAK"} <= fixed
    assert ("SEC-LOGINS-UNREVIEWED", "account:aliexpress-store") in then - now
