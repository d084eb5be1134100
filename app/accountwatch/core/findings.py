"""Findings (what a rule found about an account) and the noisy-OR risk score with its bands."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
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


# What renders a finding's three texts (message, action, why) in the current language, with the
# values it needs bound at creation: a rule makes thousands of findings whose texts nobody reads
# until a page, a report or `check` shows them.
Texts = Callable[[], tuple[str, str, str]]


class Finding:
    """One problem of one account; a card, payment or company problem repeats per account.

    Its `message`, `action` and `why` are given as text, or rendered by `texts` when first read
    (all three at once, in the language current then) and kept. Immutable; findings compare by
    every field, texts as they read.
    """

    __slots__ = ("_texts", "account", "acknowledged", "category", "rule", "subject", "weight")

    rule: str
    category: Category
    subject: str
    account: str
    weight: float
    acknowledged: bool
    # The texts written out, or what renders them: one attribute, so a finding is made and
    # rendered with few stores (a large profile has tens of thousands of findings).
    _texts: tuple[str, str, str] | Texts

    def __init__(
        self,
        rule: str,
        category: Category,
        subject: str,
        account: str,
        weight: float,
        message: str = "",
        action: str = "",
        why: str = "",
        acknowledged: bool = False,
        *,
        texts: Texts | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "rule", rule)
        put(self, "category", category)
        put(self, "subject", subject)
        put(self, "account", account)
        put(self, "weight", weight)
        put(self, "acknowledged", acknowledged)
        put(self, "_texts", (message, action, why) if texts is None else texts)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a finding is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a finding is immutable: cannot delete {name!r}")

    @property
    def texts(self) -> tuple[str, str, str]:
        """Message, action and why, rendered now if they were not yet."""
        texts = self._texts
        return texts if isinstance(texts, tuple) else self._render(texts)

    def _render(self, render: Texts) -> tuple[str, str, str]:
        # Two threads reading at once both render the same texts; either result is kept.
        rendered = render()
        object.__setattr__(self, "_texts", rendered)  # what rendered them is no longer needed
        return rendered

    # Each reads `_texts` itself: `check --json` reads the three texts of every finding.
    @property
    def message(self) -> str:
        texts = self._texts
        return (texts if isinstance(texts, tuple) else self._render(texts))[0]

    @property
    def action(self) -> str:
        texts = self._texts
        return (texts if isinstance(texts, tuple) else self._render(texts))[1]

    @property
    def why(self) -> str:
        texts = self._texts
        return (texts if isinstance(texts, tuple) else self._render(texts))[2]

    @property
    def rendered(self) -> bool:
        """Whether the texts are written out (given, or rendered since)."""
        return isinstance(self._texts, tuple)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a finding across runs."""
        return (self.account, self.rule, self.subject)

    def acknowledged_as(self, acknowledged: bool) -> Finding:
        """This finding, acknowledged or not (texts not rendered yet stay so)."""
        if acknowledged == self.acknowledged:
            return self
        fields = (self.rule, self.category, self.subject, self.account, self.weight)
        texts = self._texts
        if isinstance(texts, tuple):
            return Finding(*fields, *texts, acknowledged)
        return Finding(*fields, acknowledged=acknowledged, texts=texts)

    def _fields(self) -> tuple[str, Category, str, str, float, bool]:
        return (
            self.rule,
            self.category,
            self.subject,
            self.account,
            self.weight,
            self.acknowledged,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        if self is other:
            return True
        if self._fields() != other._fields():
            return False
        if self._texts is other._texts:
            return True  # the same texts, or the same render function: they read the same
        return self.texts == other.texts

    def __hash__(self) -> int:
        # Without the texts: equal findings hash alike, and hashing renders nothing.
        return hash(self._fields())

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # Copied or pickled with its texts written out: what renders them may not pickle.
        return (Finding, (*self._fields()[:5], *self.texts, self.acknowledged))

    def __repr__(self) -> str:
        return (
            f"Finding(rule={self.rule!r}, category={self.category!r}, subject={self.subject!r}, "
            f"account={self.account!r}, weight={self.weight!r}, message={self.message!r}, "
            f"action={self.action!r}, why={self.why!r}, acknowledged={self.acknowledged!r})"
        )


def apply_acknowledgements(
    findings: Iterable[Finding], acknowledged: Iterable[Acknowledgement], day: dt.date
) -> list[Finding]:
    """Mark findings whose (rule, subject) the user acknowledged, until the end date passes."""
    active = {(a.rule, a.subject) for a in acknowledged if a.active_on(day)}
    return [f.acknowledged_as((f.rule, f.subject) in active) for f in findings]


def score(findings: Iterable[Finding]) -> int:
    """`round(100 × (1 − Π(1 − weight)))` over the unacknowledged findings."""
    remaining = math.prod(1.0 - f.weight for f in findings if not f.acknowledged)
    return min(100, max(0, round(100 * (1.0 - remaining))))
