"""The weekly health check: why each question matters, the verdict, the to-do list, when next."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from accountwatch.core.dates import next_weekday_at
from accountwatch.core.findings import Band, Finding
from accountwatch.core.healthcheck import Change, FindingKey
from accountwatch.core.model import Payment, Profile, WeeklyCheck
from accountwatch.core.risk import Assessment
from accountwatch.i18n import N_, _


class Step(IntEnum):
    """The steps of the check for one account; the verdict closes the check for all accounts."""

    COMPANY = 1
    ACCESS = 2
    PAYMENTS = 3
    CONDUCT = 4
    VERDICT = 5


ACCOUNT_STEPS: tuple[Step, ...] = (Step.COMPANY, Step.ACCESS, Step.PAYMENTS, Step.CONDUCT)


class Question(StrEnum):
    COMPANY = "company"
    ON_FILE = "on_file"
    TERMS = "terms"
    LOGINS = "logins"
    SHARED = "shared"
    CARDS = "cards"
    PAYMENTS = "payments"
    PENALTIES = "penalties"
    LISTINGS = "listings"
    MESSAGES = "messages"
    REVIEWS = "reviews"
    PHISHING = "phishing"
    SUPPLIER_DEALS = "supplier_deals"


# One line per question, after the source article (see seed/digest.md); translated where shown.
_WHY: dict[Question, str] = {
    Question.COMPANY: N_(
        "Untrue or outdated company information is a reason platforms give for freezing "
        "accounts: keep it accurate and current."
    ),
    Question.ON_FILE: N_(
        "The platform judges you by what it has on file: a record that no longer matches your "
        "company counts as false registration data."
    ),
    Question.TERMS: N_(
        "Platform rules change; reviewing the terms regularly is how you avoid breaking one "
        "you did not know about."
    ),
    Question.LOGINS: N_(
        "Logins from an unusual place or device, especially from abroad, make the platform "
        "suspect a takeover and freeze the account."
    ),
    Question.SHARED: N_(
        "Several people using one account looks like unauthorised access to the platform."
    ),
    Question.CARDS: N_(
        "An expired card makes a payment fail, and unpaid bills freeze accounts: keep card "
        "information current."
    ),
    Question.PAYMENTS: N_(
        "Pay by the due date; if a payment will be late, tell the platform beforehand."
    ),
    Question.PENALTIES: N_(
        "Penalty points add up over a year: each step restricts the account for longer, and "
        "repeated infringements close it."
    ),
    Question.LISTINGS: N_(
        "Prohibited goods and famous brands used without permission are among the most common "
        "reasons for a freeze."
    ),
    Question.MESSAGES: N_("Mass messages count as spam, which the platforms' rules forbid."),
    Question.REVIEWS: N_(
        "Fraudulent reviews — praising yourself or running down competitors — break the terms."
    ),
    Question.PHISHING: N_(
        "Mails that imitate the platform lead to fake sign-in pages; a password typed there "
        "lets others sign in, and sign-ins by others get accounts frozen."
    ),
    Question.SUPPLIER_DEALS: N_(
        "A supplier who asks to be paid outside the platform, or offers prices far below the "
        "market, is a common fraud; paying outside the platform also breaks its rules."
    ),
}


def why(question: Question) -> str:
    """The one line on why `question` matters, in the user's language."""
    return _(_WHY[question])


def payments_to_confirm(
    profile: Profile, account_id: str, today: dt.date, days: int
) -> list[Payment]:
    """The account's unpaid payments due within `days` (overdue ones too), soonest first."""
    last = today + dt.timedelta(days=days)
    due = [p for p in profile.payments_of(account_id) if not p.is_paid and p.due <= last]
    return sorted(due, key=lambda p: p.due)


def next_weekly_check(weekly: WeeklyCheck, now: dt.datetime) -> dt.datetime:
    """The first scheduled check strictly after `now`, in `now`'s time zone (pass local time)."""
    moment = next_weekday_at(now, weekly.weekday.number, weekly.time)
    return moment + dt.timedelta(days=7) if moment <= now else moment


@dataclass(frozen=True)
class TodoItem:
    """One thing to fix; a card or company finding shared by several accounts is listed once."""

    finding: Finding
    accounts: tuple[str, ...]


def todo_list(findings: Iterable[Finding]) -> list[TodoItem]:
    """The unacknowledged findings, heaviest first (ties keep the order they came in)."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if not finding.acknowledged:
            groups.setdefault((finding.rule, finding.subject), []).append(finding)
    ranked = sorted(groups.values(), key=lambda group: -group[0].weight)
    return [TodoItem(group[0], tuple(dict.fromkeys(f.account for f in group))) for group in ranked]


@dataclass(frozen=True)
class Noted:
    """A finding as the verdict tells it: what it was about and what it said."""

    rule: str
    subject: str
    message: str
    weight: float


@dataclass(frozen=True)
class PreviousCheck:
    """What the verdict needs of the last recorded check."""

    evaluated_on: dt.date
    score: int
    scores: Mapping[str, int]
    findings: Mapping[FindingKey, Noted]


@dataclass(frozen=True)
class AccountVerdict:
    account_id: str
    score: int
    band: Band
    previous_score: int | None
    new: tuple[Noted, ...]
    resolved: tuple[Noted, ...]
    unchanged: tuple[Noted, ...]

    @property
    def delta(self) -> int | None:
        return None if self.previous_score is None else self.score - self.previous_score


def verdicts(
    assessment: Assessment, change: Change, previous: PreviousCheck | None
) -> list[AccountVerdict]:
    """Per account: score, band, the score before and the findings new, resolved, unchanged."""
    current = {f.key: f for f in assessment.findings}
    before = previous.findings if previous is not None else {}

    def by_account(keys: Iterable[FindingKey]) -> dict[str, list[FindingKey]]:
        # Grouped once: looking through every key for each account was quadratic, seconds
        # on a profile of 1,000 accounts.
        grouped: dict[str, list[FindingKey]] = {}
        for key in keys:
            grouped.setdefault(key[0], []).append(key)
        return grouped

    new, resolved, unchanged = (
        by_account(keys) for keys in (change.new, change.resolved, change.unchanged)
    )

    def now_noted(keys: Iterable[FindingKey]) -> Iterable[Noted]:
        for key in keys:
            finding = current.get(key)
            if finding is not None:
                yield Noted(finding.rule, finding.subject, finding.message, finding.weight)

    def ranked(found: Iterable[Noted | None]) -> tuple[Noted, ...]:
        return tuple(sorted((n for n in found if n is not None), key=lambda n: -n.weight))

    return [
        AccountVerdict(
            account_id=a.account_id,
            score=a.score,
            band=a.band,
            previous_score=previous.scores.get(a.account_id) if previous is not None else None,
            new=ranked(now_noted(new.get(a.account_id, ()))),
            resolved=ranked(before.get(k) for k in resolved.get(a.account_id, ())),
            unchanged=ranked(now_noted(unchanged.get(a.account_id, ()))),
        )
        for a in assessment.accounts
    ]


def riskiest(shown: Sequence[AccountVerdict], count: int) -> list[AccountVerdict]:
    """All verdicts when there are `count` or fewer, in their order; else the `count` with the
    highest scores, highest first (ties keep their order)."""
    if len(shown) <= count:
        return list(shown)
    return sorted(shown, key=lambda v: -v.score)[:count]


def with_changes(shown: Sequence[AccountVerdict]) -> list[AccountVerdict]:
    """The verdicts with new or resolved findings, in their order."""
    return [v for v in shown if v.new or v.resolved]


@dataclass(frozen=True)
class WeeklyProgress:
    """Where a check left off: the account and step, and answers given but not yet saved.

    `answers` maps a page key ("ACCOUNT-ID:STEP") to that page's answers (plain JSON values).
    """

    started_on: dt.date
    account_index: int
    account_id: str
    step: Step
    answers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def is_current(self, today: dt.date) -> bool:
        """Whether `today` falls in the (ISO) week the check was started."""
        return self.started_on.isocalendar()[:2] == today.isocalendar()[:2]

    def to_json(self) -> str:
        return json.dumps(
            {
                "started_on": self.started_on.isoformat(),
                "account_index": self.account_index,
                "account_id": self.account_id,
                "step": int(self.step),
                "answers": {k: dict(v) for k, v in self.answers.items()},
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> WeeklyProgress:
        """ValueError when `text` is not progress this version wrote."""
        try:
            data = json.loads(text)
            answers = data.get("answers", {})
            if not isinstance(answers, dict) or not all(
                isinstance(v, dict) for v in answers.values()
            ):
                raise ValueError("answers")
            index = data["account_index"]
            if not isinstance(index, int) or index < 0:
                raise ValueError("account_index")
            return cls(
                started_on=dt.date.fromisoformat(data["started_on"]),
                account_index=index,
                account_id=str(data["account_id"]),
                step=Step(data["step"]),
                answers=answers,
            )
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not weekly check progress: {exc}") from exc
