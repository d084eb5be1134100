"""Recovery help for a restricted or frozen account: the steps, support contacts, attachments."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from accountwatch.core.model import Account, AccountStatus, Platform
from accountwatch.core.platforms import load_platforms
from accountwatch.i18n import N_, _, current_language


@dataclass(frozen=True)
class Step:
    """One step of the source article's recovery routine; texts are translated where shown."""

    id: str
    title: str
    detail: str


# The order and the content follow the article's "how to recover a frozen account".
STEPS: tuple[Step, ...] = (
    Step(
        "read-notice",
        N_("Read the notice and identify the exact reason"),
        N_(
            "Stay calm. Read the platform's e-mail or notice and note the reason it gives, "
            "word for word."
        ),
    ),
    Step(
        "review-actions",
        N_("Review your own past actions"),
        N_(
            "Look for anything that breaks the terms: registration details, listings, "
            "payments, messages, who signs in and from where."
        ),
    ),
    Step(
        "gather-evidence",
        N_("Gather evidence"),
        N_("Collect the related transaction records and screenshots."),
    ),
    Step(
        "contact-support",
        N_("Contact customer support"),
        N_(
            "Send your account ID, the reason quoted from the notice, your explanation "
            "(whether you knew of a violation, what you did), your request to restore the "
            "account, and attachments: identity document (passport or driving licence), "
            "transaction history, other supporting material."
        ),
    ),
    Step(
        "follow-up",
        N_("Answer follow-ups quickly and honestly"),
        N_(
            "Reply promptly to requests for more documents or corrections, and follow the "
            "platform's instructions to reopen the account."
        ),
    ),
)

TIPS = N_(
    "Stay calm, be accurate and specific (no lies, nothing vague), explain so the platform "
    "can understand, and persist if the first contact does not solve it."
)


class Attachment(StrEnum):
    IDENTITY = "identity"
    TRANSACTIONS = "transactions"
    SCREENSHOTS = "screenshots"
    OTHER = "other"


def attachment_text(attachment: Attachment) -> str:
    return {
        Attachment.IDENTITY: _("Identity document (passport or driving licence)"),
        Attachment.TRANSACTIONS: _("Transaction history"),
        Attachment.SCREENSHOTS: _("Screenshots"),
        Attachment.OTHER: _("Other supporting material"),
    }[attachment]


def platform_name(platform: Platform) -> str:
    """The platform's name as it writes it (`platforms.toml`); "the marketplace" for another."""
    return load_platforms()[platform].name or _("the marketplace")


def needs_recovery(account: Account) -> bool:
    return account.status in (AccountStatus.RESTRICTED, AccountStatus.FROZEN)


@dataclass(frozen=True)
class Contact:
    """Where a platform's customer support is reached."""

    name: str = ""
    email: str = ""
    url: str = ""
    languages: tuple[str, ...] = ()
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "email": self.email,
            "url": self.url,
            "languages": list(self.languages),
            "notes": self.notes,
        }


def contact_from(data: Mapping[str, Any], language: str = "") -> Contact:
    """A contact from its TOML/JSON table; missing or mistyped fields are left empty. With
    `language`, a `name_<language>` or `notes_<language>` of the table is taken before the
    plain one (the shipped contacts speak the user's language)."""

    def text(key: str) -> str:
        value = data.get(f"{key}_{language}", "") if language else ""
        if not (isinstance(value, str) and value.strip()):
            value = data.get(key, "")
        return value.strip() if isinstance(value, str) else ""

    languages = data.get("languages", [])
    return Contact(
        name=text("name"),
        email=text("email"),
        url=text("url"),
        languages=tuple(str(x).strip() for x in languages if isinstance(x, str) and x.strip())
        if isinstance(languages, list)
        else (),
        notes=text("notes"),
    )


def parse_contacts(text: str) -> dict[Platform, Contact]:
    """The `[platforms."<platform>"]` tables of a contacts file; unknown platforms are skipped."""
    tables = tomllib.loads(text).get("platforms", {})
    known = {p.value: p for p in Platform}
    return {
        known[key]: contact_from(table)
        for key, table in tables.items()
        if key in known and isinstance(table, dict)
    }


def shipped_contacts() -> dict[Platform, Contact]:
    """The support contacts of the platform facts (`resources/platforms.toml`), in the current
    language's words where the facts have them."""
    return _shipped_contacts(current_language())


def shipped_contact(platform: Platform, language: str) -> Contact:
    """The shipped support contact of `platform` in `language`'s words (an appeal letter's)."""
    return _shipped_contacts(language).get(platform, Contact())


@cache
def _shipped_contacts(language: str) -> dict[Platform, Contact]:
    return {
        platform: contact_from(facts.support, language)
        for platform, facts in load_platforms().items()
    }
