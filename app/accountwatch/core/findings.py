"""Findings (what a rule found about an account) and the noisy-OR risk score with its bands."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from accountwatch.core.model import Acknowledgement


class Category(StrEnum):
    SECURITY = "security"
    PAYMENT = "payment"
    REGISTRATION = "registration"
    CONDUCT = "conduct"


class Band(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    CRITICAL = "critical"

    @classmethod
    def of(cls, score: int) -> Band:
        if score >= 80:
            return cls.CRITICAL
        if score >= 50:
            return cls.HIGH
        if score >= 20:
            return cls.MODERATE
        return cls.LOW

    @property
    def rank(self) -> int:
        return list(Band).index(self)


@dataclass(frozen=True)
class Finding:
    """One problem of one account; a card, payment or company problem repeats per account."""

    rule: str
    category: Category
    subject: str
    account: str
    weight: float
    message: str
    action: str
    why: str
    acknowledged: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a finding across runs."""
        return (self.account, self.rule, self.subject)


def apply_acknowledgements(
    findings: Iterable[Finding], acknowledged: Iterable[Acknowledgement], day: dt.date
) -> list[Finding]:
    """Mark findings whose (rule, subject) the user acknowledged, until the end date passes."""
    active = {(a.rule, a.subject) for a in acknowledged if a.active_on(day)}
    return [replace(f, acknowledged=(f.rule, f.subject) in active) for f in findings]


def score(findings: Iterable[Finding]) -> int:
    """`round(100 × (1 − Π(1 − weight)))` over the unacknowledged findings."""
    remaining = math.prod(1.0 - f.weight for f in findings if not f.acknowledged)
    return min(100, max(0, round(100 * (1.0 - remaining))))
