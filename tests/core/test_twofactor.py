"""Two-factor helpers: secrets, otpauth links and time-based codes at fixed instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from accountwatch.core.twofactor import (
    OtpauthInfo,
    current_code,
    generate_secret,
    normalize_secret,
    parse_uri,
    provisioning_uri,
    verify,
)

# RFC 6238 appendix B: the ASCII secret "12345678901234567890".
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
AT = datetime(2005, 3, 18, 1, 58, 29, tzinfo=UTC)  # Unix time 1111111109
STEP = timedelta(seconds=30)


def test_normalize_secret_keeps_its_behaviour() -> None:
    assert normalize_secret("jbsw y3dp-ehpk 3pxp==") == "JBSWY3DPEHPK3PXP"
    with pytest.raises(ValueError, match="base32"):
        normalize_secret("JBSWY3DPEHPK3PX1")
    with pytest.raises(ValueError, match="too short"):
        normalize_secret("JBSWY3DP")


def test_current_code_matches_rfc_6238() -> None:
    assert current_code(RFC_SECRET, AT) == "081804"
    assert current_code(RFC_SECRET, AT, digits=8) == "07081804"
    assert current_code(RFC_SECRET, datetime(1970, 1, 1, 0, 0, 59, tzinfo=UTC), digits=8) == (
        "94287082"
    )


def test_verify_accepts_the_code_with_spaces() -> None:
    assert verify(RFC_SECRET, "081 804", AT)
    assert verify(RFC_SECRET.lower(), " 081804 ", AT)


@pytest.mark.parametrize("steps", [-1, 0, 1])
def test_verify_accepts_one_step_of_clock_drift(steps: int) -> None:
    code = current_code(RFC_SECRET, AT + steps * STEP)

    assert verify(RFC_SECRET, code, AT)


@pytest.mark.parametrize("steps", [-2, 2])
def test_verify_rejects_two_steps_of_clock_drift(steps: int) -> None:
    code = current_code(RFC_SECRET, AT + steps * STEP)

    assert code != current_code(RFC_SECRET, AT)
    assert not verify(RFC_SECRET, code, AT)


@pytest.mark.parametrize("code", ["", "08180", "0818045", "08180x", "０８１８０４"])
def test_verify_rejects_malformed_codes(code: str) -> None:
    assert not verify(RFC_SECRET, code, AT)


def test_generated_secret_is_32_base32_characters_and_random() -> None:
    first, second = generate_secret(), generate_secret()

    assert len(first) == 32
    assert normalize_secret(first) == first
    assert first != second


def test_provisioning_uri_round_trips_through_parse_uri() -> None:
    secret = generate_secret()

    uri = provisioning_uri(secret, "sakura-trading", "Alibaba.com")
    info = parse_uri(uri)

    assert uri.startswith("otpauth://totp/")
    assert parse_qs(urlsplit(uri).query)["issuer"] == ["Alibaba.com"]
    assert info == OtpauthInfo(secret=secret, account_name="sakura-trading", issuer="Alibaba.com")


def test_parse_uri_reads_every_parameter() -> None:
    info = parse_uri(
        "otpauth://totp/AliExpress%20Seller:shop%40sakura.example?secret=jbswy3dpehpk3pxp"
        "&digits=8&period=60&algorithm=sha256"
    )

    assert info == OtpauthInfo(
        secret="JBSWY3DPEHPK3PXP",
        account_name="shop@sakura.example",
        issuer="AliExpress Seller",
        digits=8,
        period=60,
        algorithm="SHA256",
    )
    code = current_code(info.secret, AT, digits=8, period=60, algorithm="SHA256")
    assert verify(info.secret, code, AT, digits=8, period=60, algorithm="SHA256")
    assert not verify(info.secret, code[:6], AT)


def test_an_80_bit_secret_as_sites_issue_them_works() -> None:
    uri = provisioning_uri("JBSWY3DPEHPK3PXP", "me", "1688")

    assert parse_uri(uri).secret == "JBSWY3DPEHPK3PXP"
    assert verify("JBSWY3DPEHPK3PXP", current_code("JBSWY3DPEHPK3PXP", AT), AT)


def test_parse_uri_prefers_the_issuer_parameter_over_the_label() -> None:
    info = parse_uri("otpauth://totp/Old:me?secret=JBSWY3DPEHPK3PXP&issuer=1688")

    assert (info.issuer, info.account_name) == ("1688", "me")


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("https://example.com/?secret=JBSWY3DPEHPK3PXP", "not an otpauth:// link"),
        ("JBSWY3DPEHPK3PXP", "not an otpauth:// link"),
        ("otpauth://hotp/me?secret=JBSWY3DPEHPK3PXP&counter=1", "HOTP"),
        ("otpauth://steam/me?secret=JBSWY3DPEHPK3PXP", "unknown otpauth type"),
        ("otpauth://totp/me?issuer=x", "no secret"),
        ("otpauth://totp/me?secret=NOT-BASE32-1890", "secret is invalid"),
        ("otpauth://totp/me?secret=JBSWY3DPEHPK3PXP&digits=five", "whole number"),
        ("otpauth://totp/me?secret=JBSWY3DPEHPK3PXP&digits=4", "digits"),
        ("otpauth://totp/me?secret=JBSWY3DPEHPK3PXP&period=0", "period"),
        ("otpauth://totp/me?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", "algorithm"),
    ],
)
def test_parse_uri_says_what_is_wrong(uri: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_uri(uri)


def test_parse_uri_error_does_not_echo_a_pasted_secret() -> None:
    with pytest.raises(ValueError) as caught:
        parse_uri("JBSWY3DPEHPK3PXP")

    assert "JBSWY3DP" not in str(caught.value)


def test_a_secret_longer_than_any_real_one_is_refused() -> None:
    assert normalize_secret("A" * 128) == "A" * 128
    with pytest.raises(ValueError, match="too long: a secret has at most 128 characters"):
        normalize_secret("A" * 129)
