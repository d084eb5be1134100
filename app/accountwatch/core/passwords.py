"""Password analysis: zxcvbn strength with account-specific inputs, and keyed reuse fingerprints."""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Sequence
from datetime import date

from accountwatch.core.model import Account, CompanyRecord, PasswordAnalysis
from accountwatch.core.platforms import facts_of
from accountwatch.i18n import N_, _

# zxcvbn refuses longer input (ValueError) and its matching grows quickly with length, so only
# this prefix is scored; the prefix's strength is a lower bound for the whole password.
# The fingerprint always covers the full password.
MAX_ANALYSED_CHARS = 72

# scrypt cost: slow enough that a stolen database plus a leaked key is still costly to attack.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
FINGERPRINT_BYTES = 32

# At most this many different passwords used elsewhere per account (a profile's
# `other_passwords`, a password manager's export): each costs one scrypt (about 30 ms on one
# core), so the cap keeps an import or an analysis within 20 s on two cores.
MAX_OTHER_PASSWORDS = 1000

# A password containing one of the account's own words this long or longer is weak whatever
# zxcvbn says: "SakuraTrading2026" is a guess an attacker who knows the company makes early.
MIN_OWN_WORD_CHARS = 4
OWN_WORD_SCORE = 1

EMPTY_WARNING = N_("The password is empty.")
OWN_WORD_WARNING = N_(
    "The password contains a word tied to you or the site: the company's name, the login, the "
    "e-mail or the platform's name."
)

# Every warning and suggestion zxcvbn 4.5 gives (zxcvbn/feedback.py), so that they are extracted
# and translated. The analysis keeps zxcvbn's English; `feedback_text` translates it for display.
ZXCVBN_FEEDBACK = (
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Add another word or two. Uncommon words are better."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Dates are often easy to guess."),
    N_("Avoid dates and years that are associated with you."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Capitalization doesn't help very much."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
)


def feedback_text(text: str) -> str:
    """A stored zxcvbn warning or suggestion (English) in the current language."""
    return _(text) if text else ""


# zxcvbn keeps the user inputs in a module-level dictionary while it scores, so two threads
# analysing at once would see each other's inputs.
_zxcvbn_lock = threading.Lock()


def _with_parts(text: str) -> list[str]:
    """`text` and its words: "Sakura Trading K.K." → itself, "Sakura", "Trading", "K", "K"."""
    return [text, *(part for part in re.split(r"[\W_]+", text) if part)]


def _domain_label(address: str) -> str:
    """The name part of a domain or web address: "sakura-trading" of "sakura-trading.example"
    and of "https://www.sakura-trading.example/about"."""
    host = address.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    labels = [label for label in host.split(".") if label]
    if labels and labels[0].casefold() == "www":
        labels = labels[1:]
    return labels[0] if labels else ""


def user_inputs(account: Account, company: CompanyRecord | None) -> list[str]:
    """Words an attacker would try first for this account, each also split into its words: the
    company names, the login id, the e-mail's local part and domain, the website, the platform."""
    candidates = _with_parts(account.login_id)
    if "@" in account.email:
        local, domain = account.email.rsplit("@", 1)
        candidates += _with_parts(local) + _with_parts(_domain_label(domain))
    for record in (company, account.registered_company):
        if record is not None:
            candidates += _with_parts(record.name) + _with_parts(record.name_local)
            candidates += _with_parts(_domain_label(record.website))
    candidates += facts_of(account.platform).words
    cleaned = (text.strip() for text in candidates)
    return list(dict.fromkeys(text for text in cleaned if text))


def contains_own_word(password: str, inputs: Sequence[str]) -> bool:
    """Whether the password contains one of `inputs` of at least MIN_OWN_WORD_CHARS, case-folded."""
    folded = password.casefold()
    return any(len(word) >= MIN_OWN_WORD_CHARS and word.casefold() in folded for word in inputs)


def analyse(
    password: str,
    inputs: Sequence[str],
    *,
    key: bytes,
    salt: bytes,
    today: date,
    known_fingerprint: str | None = None,
) -> PasswordAnalysis:
    """Strength of `password` (zxcvbn, with `inputs` as known words) and its keyed fingerprint
    (`known_fingerprint` when the caller has already made it: scrypt is the slow part)."""
    if known_fingerprint is None:
        known_fingerprint = fingerprint(password, key=key, salt=salt)
    if not password:
        # zxcvbn fails on empty input (IndexError) rather than scoring it.
        return PasswordAnalysis(
            score=0,
            guesses_log10=0.0,
            warning=EMPTY_WARNING,
            fingerprint=known_fingerprint,
            analysed_on=today,
        )
    # Imported here: loading zxcvbn's dictionaries takes tens of milliseconds, which commands
    # that analyse no password (check, reminders) should not pay.
    from zxcvbn import zxcvbn

    with _zxcvbn_lock:
        result = zxcvbn(
            password[:MAX_ANALYSED_CHARS], user_inputs=list(inputs), max_length=MAX_ANALYSED_CHARS
        )
    feedback = result["feedback"]
    strength, warning = int(result["score"]), str(feedback.get("warning") or "")
    if strength > OWN_WORD_SCORE and contains_own_word(password, inputs):
        strength, warning = OWN_WORD_SCORE, OWN_WORD_WARNING
    return PasswordAnalysis(
        score=strength,
        guesses_log10=float(result["guesses_log10"]),
        warning=warning,
        suggestions=tuple(str(text) for text in feedback.get("suggestions", ())),
        fingerprint=known_fingerprint,
        analysed_on=today,
    )


def fingerprint(password: str, *, key: bytes, salt: bytes) -> str:
    """Hex HMAC-SHA256(key, scrypt(password, salt)): equal passwords match, nothing else leaks."""
    if not key:
        raise ValueError("the fingerprint key is empty")
    if not salt:
        raise ValueError("the fingerprint salt is empty")
    stretched = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=FINGERPRINT_BYTES
    )
    return hmac.new(key, stretched, hashlib.sha256).hexdigest()
