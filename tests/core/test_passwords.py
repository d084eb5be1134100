"""Password analysis: zxcvbn with account-specific words, and keyed reuse fingerprints."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import pytest

from accountwatch.core.model import Account, CompanyRecord, Platform
from accountwatch.core.passwords import MAX_ANALYSED_CHARS, analyse, fingerprint, user_inputs

KEY = bytes(range(32))
SALT = b"install-salt-0001"
TODAY = date(2026, 11, 30)

COMPANY = CompanyRecord(name="Sakura Boeki", name_local="さくら貿易")


def _account(platform: Platform, **changes: object) -> Account:
    fields: dict[str, object] = {
        "id": "main",
        "login_id": "sakura-trading",
        "platform": platform,
        "email": "buyer.tanaka@sakura.example",
    }
    fields.update(changes)
    return Account(**fields)  # type: ignore[arg-type]


def test_user_inputs_cover_ids_company_and_platform_split_into_words() -> None:
    company = CompanyRecord(
        name="Sakura Trading K.K.",
        name_local="さくら貿易株式会社",
        website="https://www.sakura-web.example/about",
    )
    inputs = user_inputs(_account(Platform.ALIBABA), company)

    assert inputs[:8] == [
        "sakura-trading",
        "sakura",
        "trading",
        "buyer.tanaka",
        "buyer",
        "tanaka",
        "Sakura Trading K.K.",
        "Sakura",
    ]
    assert {"Trading", "K", "さくら貿易株式会社", "sakura-web", "web"} <= set(inputs)
    assert {"alibaba", "alibaba.com", "アリババ"} <= set(inputs)


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        (Platform.P1688, {"1688", "alibaba"}),
        (Platform.ALIEXPRESS, {"aliexpress", "アリエクスプレス"}),
    ],
)
def test_user_inputs_name_each_platform(platform: Platform, expected: set[str]) -> None:
    assert expected <= set(user_inputs(_account(platform), None))


def test_user_inputs_skip_blanks_and_repeats() -> None:
    account = _account(
        Platform.OTHER,
        login_id="sakura",
        email="",
        registered_company=CompanyRecord(name="Sakura Boeki", name_local=" "),
    )

    assert user_inputs(account, COMPANY) == [
        "sakura",
        "Sakura Boeki",
        "Sakura",
        "Boeki",
        "さくら貿易",
    ]


@pytest.mark.parametrize("password", ["Sakura2024!", "SakuraTrading2026", "xx-TRADING-77-qv"])
def test_a_password_built_from_the_company_name_is_weak(password: str) -> None:
    # Both passed as strong while the company name reached zxcvbn as one string.
    company = CompanyRecord(name="Sakura Trading K.K.")
    account = Account(id="main", login_id="buyer-01", platform=Platform.OTHER)
    result = analyse(password, user_inputs(account, company), key=KEY, salt=SALT, today=TODAY)

    assert result.score <= 1
    assert "company's name" in result.warning


@pytest.mark.parametrize(
    ("password", "weak"),
    [
        ("vq7#Lmz!kk.pR2w@Xt9", False),  # "K.K." is too short a word to count
        ("vq7#Lmz!saku-pR2w@Xt9", False),  # "saku" is no word of the inputs
        ("vq7#Lmz!SAKURA-pR2w@Xt9", True),
    ],
)
def test_only_words_of_four_characters_or_more_count(password: str, weak: bool) -> None:
    company = CompanyRecord(name="Sakura K.K.")
    account = Account(id="main", login_id="buyer-01", platform=Platform.OTHER)
    result = analyse(password, user_inputs(account, company), key=KEY, salt=SALT, today=TODAY)

    assert (result.score <= 1) == weak


def test_common_password_is_weak_with_zxcvbn_feedback() -> None:
    result = analyse("password1", [], key=KEY, salt=SALT, today=TODAY)

    assert result.score == 0
    assert result.guesses_log10 < 3
    assert "common password" in result.warning
    assert result.suggestions
    assert result.analysed_on == TODAY
    assert result.fingerprint == fingerprint("password1", key=KEY, salt=SALT)


def test_random_passphrase_is_strong_without_feedback() -> None:
    result = analyse("vq7#Lmz!pR2w@Xt9-kheb", [], key=KEY, salt=SALT, today=TODAY)

    assert result.score == 4
    assert result.guesses_log10 > 12
    assert result.warning == ""
    assert result.suggestions == ()


def test_account_words_make_a_password_weaker() -> None:
    password = "sakuraboeki88"
    inputs = user_inputs(_account(Platform.ALIBABA, login_id="sakuraboeki"), COMPANY)

    alone = analyse(password, [], key=KEY, salt=SALT, today=TODAY)
    with_inputs = analyse(password, inputs, key=KEY, salt=SALT, today=TODAY)

    assert alone.score == 4
    assert with_inputs.score <= 1
    assert with_inputs.guesses_log10 < alone.guesses_log10


def test_platform_name_counts_as_a_known_word() -> None:
    inputs = user_inputs(_account(Platform.P1688), None)

    result = analyse("alibaba1688", inputs, key=KEY, salt=SALT, today=TODAY)

    assert result.score <= 1


def test_very_long_password_is_analysed_by_its_head_and_fingerprinted_whole() -> None:
    head = "4@1!0$3|7+5" * 20
    first, second = head + "x" * 10_000, head + "y" * 10_000

    # Only the first MAX_ANALYSED_CHARS reach zxcvbn (unbounded input would take minutes).
    one = analyse(first, [], key=KEY, salt=SALT, today=TODAY)
    two = analyse(second, [], key=KEY, salt=SALT, today=TODAY)
    assert (one.score, one.guesses_log10) == (two.score, two.guesses_log10)
    assert one.fingerprint != two.fingerprint
    assert len(first) > MAX_ANALYSED_CHARS


def test_empty_password_scores_zero_and_says_why() -> None:
    result = analyse("", ["sakura"], key=KEY, salt=SALT, today=TODAY)

    assert (result.score, result.warning) == (0, "The password is empty.")


def test_fingerprint_is_hmac_of_scrypt() -> None:
    stretched = hashlib.scrypt("パスワード".encode(), salt=SALT, n=2**14, r=8, p=1, dklen=32)
    expected = hmac.new(KEY, stretched, hashlib.sha256).hexdigest()

    assert fingerprint("パスワード", key=KEY, salt=SALT) == expected


def test_equal_passwords_match_only_under_the_same_key_and_salt() -> None:
    base = fingerprint("Hunter2-shared", key=KEY, salt=SALT)

    assert fingerprint("Hunter2-shared", key=KEY, salt=SALT) == base
    assert fingerprint("Hunter2-Shared", key=KEY, salt=SALT) != base
    assert fingerprint("Hunter2-shared", key=bytes(32), salt=SALT) != base
    assert fingerprint("Hunter2-shared", key=KEY, salt=b"another-install") != base
    assert len(base) == 64
    assert "Hunter2" not in base


def test_fingerprint_refuses_an_empty_key_or_salt() -> None:
    with pytest.raises(ValueError, match="key"):
        fingerprint("x", key=b"", salt=SALT)
    with pytest.raises(ValueError, match="salt"):
        fingerprint("x", key=KEY, salt=b"")
