"""What is known about each platform (penalty steps, IPR limit, two-factor, payment methods,
links, support), with where each fact comes from, read from `resources/platforms.toml`."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from accountwatch.core import RESOURCES
from accountwatch.core.model import PaymentMethodType, Platform, TwoFactorMethod
from accountwatch.i18n import N_, _

# What a platform does at a step of its penalty ladder; the data names the key.
CONSEQUENCES = {
    "serious-warning": N_("a serious warning"),
    "restricted-7-days": N_("a 7-day restriction"),
    "restricted-14-days": N_("a 14-day restriction and no promotions"),
    "restricted-21-days-products-removed": N_("a 21-day restriction and removal of all products"),
    "membership-terminated": N_("termination of the membership"),
}

# Sign-in methods that resist SIM swaps and mailbox takeovers.
STRONG_TWO_FACTOR = frozenset({TwoFactorMethod.TOTP, TwoFactorMethod.SECURITY_KEY})


@dataclass(frozen=True)
class Source:
    """Where a fact was read and when; `secondary` when not on the platform's own pages."""

    where: tuple[str, ...]
    as_of: dt.date
    secondary: bool = False
    note: str = ""


@dataclass(frozen=True)
class Step:
    """A step of a penalty ladder: the points that bring a consequence."""

    points: int
    consequence: str  # a key of CONSEQUENCES

    @property
    def consequence_text(self) -> str:
        return _(CONSEQUENCES[self.consequence])


@dataclass(frozen=True)
class Penalties:
    """The penalty ladder; no steps when the platform publishes none."""

    steps: tuple[Step, ...]
    window_days: int | None  # how long points count; None when not published
    source: Source
    # The most points general (not serious) IPR complaints of one day add; None: no such cap.
    general_ipr_points_per_day: int | None = None


@dataclass(frozen=True)
class Ipr:
    """How many serious IP infringements close an account, within how many days."""

    strike_limit: int | None  # serious infringements that close the account, when published
    window_days: int | None
    source: Source


@dataclass(frozen=True)
class TwoFactorMethods:
    """The second factors a platform offers."""

    offered: frozenset[TwoFactorMethod] | None  # None: not known
    source: Source

    @property
    def nothing_stronger_than_codes(self) -> bool:
        """The platform is known to offer no authenticator app or security key."""
        return self.offered is not None and not self.offered & STRONG_TWO_FACTOR


@dataclass(frozen=True)
class Payments:
    """The ways of paying a platform accepts."""

    approved: frozenset[PaymentMethodType] | None  # None: not known
    source: Source


@dataclass(frozen=True)
class PlatformFacts:
    """What `platforms.toml` knows of a platform, each fact with its source."""

    platform: Platform
    name: str  # as the platform writes it; empty for "other"
    terms: str
    help: str
    words: tuple[str, ...]  # what people fold into a password for the site
    hosts: tuple[str, ...]  # the host names it signs in on (subdomains included)
    links_source: Source
    penalties: Penalties
    ipr: Ipr
    two_factor: TwoFactorMethods
    payments: Payments
    support: dict[str, Any]  # the contact table core.recovery reads
    support_source: Source


def _source(table: dict[str, Any]) -> Source:
    where = table["source"]
    as_of = table["as_of"]
    if not isinstance(as_of, dt.date):
        raise ValueError(f"as_of must be a date, not {as_of!r}")
    return Source(
        where=(where,) if isinstance(where, str) else tuple(where),
        as_of=as_of,
        secondary=bool(table.get("secondary", False)),
        note=str(table.get("note", "")),
    )


def _optional_int(table: dict[str, Any], key: str) -> int | None:
    return int(table[key]) if key in table else None


def _penalties(table: dict[str, Any]) -> Penalties:
    steps = tuple(Step(int(s["points"]), str(s["consequence"])) for s in table.get("steps", ()))
    unknown = [s.consequence for s in steps if s.consequence not in CONSEQUENCES]
    if unknown:
        raise ValueError(f"unknown penalty consequences: {unknown}")
    if bool(table["published"]) != bool(steps):
        raise ValueError("a published ladder has steps, an unpublished one none")
    return Penalties(
        steps=tuple(sorted(steps, key=lambda s: s.points)),
        window_days=_optional_int(table, "window_days"),
        source=_source(table),
        general_ipr_points_per_day=_optional_int(table, "general_ipr_points_per_day"),
    )


def _ipr(table: dict[str, Any]) -> Ipr:
    limit = _optional_int(table, "strike_limit")
    if bool(table["published"]) != (limit is not None):
        raise ValueError("a published IPR rule has a strike limit, an unpublished one none")
    return Ipr(limit, _optional_int(table, "window_days"), _source(table))


def _listed(table: dict[str, Any], key: str) -> list[str] | None:
    """The list a published fact gives under `key`; None when the fact is not published."""
    values = table.get(key)
    if bool(table["published"]) != (values is not None):
        raise ValueError(f"a published fact lists {key}, an unpublished one nothing")
    return None if values is None else [str(v) for v in values]


def _two_factor(table: dict[str, Any]) -> TwoFactorMethods:
    offered = _listed(table, "offered")
    return TwoFactorMethods(
        offered=None if offered is None else frozenset(TwoFactorMethod(m) for m in offered),
        source=_source(table),
    )


def _payments(table: dict[str, Any]) -> Payments:
    approved = _listed(table, "approved")
    return Payments(
        approved=None if approved is None else frozenset(PaymentMethodType(m) for m in approved),
        source=_source(table),
    )


def parse_facts(text: str) -> dict[Platform, PlatformFacts]:
    """Every platform's facts from a platforms file; a missing platform or fact is an error."""
    tables = tomllib.loads(text)["platforms"]
    facts = {}
    for platform in Platform:
        table = tables[platform.value]
        support = dict(table["support"])
        facts[platform] = PlatformFacts(
            platform=platform,
            name=str(table["name"]),
            terms=str(table["terms"]),
            help=str(table["help"]),
            words=tuple(str(w) for w in table["words"]),
            hosts=tuple(str(h).lower() for h in table["hosts"]),
            links_source=_source(table),
            penalties=_penalties(table["penalties"]),
            ipr=_ipr(table["ipr"]),
            two_factor=_two_factor(table["two_factor"]),
            payments=_payments(table["payments"]),
            support=support,
            support_source=_source(support),
        )
    return facts


@cache
def load_platforms() -> dict[Platform, PlatformFacts]:
    path = RESOURCES / "platforms.toml"
    return parse_facts(path.read_text(encoding="utf-8"))


def facts_of(platform: Platform) -> PlatformFacts:
    return load_platforms()[platform]
