"""Two-factor helpers over pyotp: base32 secrets, otpauth URIs and code checks (±1 step)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp

from accountwatch.i18n import _

# Separators people copy along with a secret from a setup page.
_SEPARATORS = re.compile(r"[\s\-]+")
MIN_SECRET_CHARS = 16  # 80 bits, RFC 4226's minimum
# The longest secret taken: 640 bits, four times what RFC 4226 recommends; a longer "key" is a
# paste gone wrong, and its QR code could not even be drawn (about 2,500 characters).
MAX_SECRET_CHARS = 128
GENERATED_SECRET_CHARS = 32  # 160 bits, RFC 4226's recommendation

DEFAULT_DIGITS = 6
DEFAULT_PERIOD = 30
DEFAULT_ALGORITHM = "SHA1"
# The digests authenticator apps offer (RFC 6238).
_ALGORITHMS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
_DIGITS = (6, 7, 8)
# A clock one step fast or slow still works; a wider window makes guessing easier.
VALID_WINDOW = 1


class _TOTP(pyotp.TOTP):
    # pyotp refuses secrets under 112 bits, but sites still issue 80-bit (16-character) ones and
    # the user cannot choose theirs: accept what `normalize_secret` accepts.
    min_secret_length_bits = MIN_SECRET_CHARS * 5


@dataclass(frozen=True)
class OtpauthInfo:
    """What an `otpauth://totp/...` URI (the QR code of a setup page) says."""

    secret: str
    account_name: str = ""
    issuer: str = ""
    digits: int = DEFAULT_DIGITS
    period: int = DEFAULT_PERIOD
    algorithm: str = DEFAULT_ALGORITHM


def normalize_secret(text: str) -> str:
    """The secret in canonical form (upper case, no spaces or padding); ValueError if not base32."""
    secret = _SEPARATORS.sub("", text).upper().rstrip("=")
    if not secret or not re.fullmatch(r"[A-Z2-7]+", secret):
        raise ValueError(_("not base32 (only the letters A–Z and digits 2–7)"))
    if len(secret) < MIN_SECRET_CHARS:
        raise ValueError(
            _("too short: a secret has at least {count} characters").format(count=MIN_SECRET_CHARS)
        )
    if len(secret) > MAX_SECRET_CHARS:
        raise ValueError(
            _("too long: a secret has at most {count} characters").format(count=MAX_SECRET_CHARS)
        )
    try:
        base64.b32decode(secret + "=" * (-len(secret) % 8))
    except binascii.Error as exc:
        raise ValueError(_("not base32")) from exc
    return secret


def generate_secret() -> str:
    """A new random secret (160 bits, base32) from the system's secure random source."""
    return pyotp.random_base32(GENERATED_SECRET_CHARS)


def provisioning_uri(secret: str, account_name: str, issuer: str) -> str:
    """The `otpauth://totp/...` URI an authenticator app reads from a QR code."""
    totp = _TOTP(normalize_secret(secret))
    return totp.provisioning_uri(name=account_name, issuer_name=issuer or None)


def parse_uri(uri: str) -> OtpauthInfo:
    """Read an `otpauth://totp/` URI; ValueError saying what is wrong with it otherwise."""
    parts = urlsplit(uri.strip())
    if parts.scheme.lower() != "otpauth":
        # The text is not echoed back: it may be a bare secret pasted into the wrong field.
        raise ValueError(_("not an otpauth:// link"))
    kind = parts.netloc.lower()
    if kind == "hotp":
        raise ValueError(
            _("counter-based (HOTP) codes are not supported; only time-based (TOTP) codes are")
        )
    if kind != "totp":
        raise ValueError(_("unknown otpauth type “{kind}”; expected totp").format(kind=kind))

    params = {name.lower(): values[-1] for name, values in parse_qs(parts.query).items()}
    if "secret" not in params:
        raise ValueError(_("the link has no secret"))
    try:
        secret = normalize_secret(params["secret"])
    except ValueError as exc:
        raise ValueError(_("the link's secret is invalid: {reason}").format(reason=exc)) from exc

    label = unquote(parts.path.lstrip("/"))
    label_issuer, _sep, account_name = label.rpartition(":")
    # The issuer parameter is authoritative; the label prefix is the older convention.
    issuer = params.get("issuer", label_issuer).strip()

    digits = _int_param(params, "digits", DEFAULT_DIGITS)
    if digits not in _DIGITS:
        raise ValueError(_("unsupported number of digits: {digits}").format(digits=digits))
    period = _int_param(params, "period", DEFAULT_PERIOD)
    if period <= 0:
        raise ValueError(_("the period must be a positive number of seconds"))
    algorithm = params.get("algorithm", DEFAULT_ALGORITHM).upper()
    if algorithm not in _ALGORITHMS:
        raise ValueError(_("unsupported algorithm: {algorithm}").format(algorithm=algorithm))

    return OtpauthInfo(
        secret=secret,
        account_name=account_name.strip(),
        issuer=issuer,
        digits=digits,
        period=period,
        algorithm=algorithm,
    )


def verify(
    secret: str,
    code: str,
    at: datetime,
    *,
    digits: int = DEFAULT_DIGITS,
    period: int = DEFAULT_PERIOD,
    algorithm: str = DEFAULT_ALGORITHM,
) -> bool:
    """Whether `code` (spaces allowed) is the code at `at`, one step before or one step after."""
    candidate = re.sub(r"\s+", "", code)
    if len(candidate) != digits or not candidate.isascii() or not candidate.isdigit():
        return False
    totp = _totp(secret, digits, period, algorithm)
    return totp.verify(candidate, for_time=at, valid_window=VALID_WINDOW)


def current_code(
    secret: str,
    at: datetime,
    *,
    digits: int = DEFAULT_DIGITS,
    period: int = DEFAULT_PERIOD,
    algorithm: str = DEFAULT_ALGORITHM,
) -> str:
    """The code an authenticator app shows at `at`."""
    return _totp(secret, digits, period, algorithm).at(at)


def _totp(secret: str, digits: int, period: int, algorithm: str) -> _TOTP:
    digest = _ALGORITHMS.get(algorithm.upper())
    if digest is None:
        raise ValueError(_("unsupported algorithm: {algorithm}").format(algorithm=algorithm))
    return _TOTP(normalize_secret(secret), digits=digits, digest=digest, interval=period)


def _int_param(params: dict[str, str], name: str, default: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise ValueError(
            _("“{name}” must be a whole number, not “{value}”").format(name=name, value=text)
        ) from None
