"""What the history keeps of a health check: the scores, bands and findings of one run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class RunFinding:
    """A finding as a recorded check keeps it, in the words of that day."""

    rule: str
    category: str
    subject: str
    weight: float
    message: str
    action: str
    why: str
    acknowledged: bool = False
    # The acknowledgement's reason and last day (None: for good), as they stood at the run.
    ack_reason: str = ""
    ack_until: dt.date | None = None


_new, _fill = object.__new__, object.__setattr__


def run_finding(
    rule: str,
    category: str,
    subject: str,
    weight: float,
    message: str,
    action: str,
    why: str,
    acknowledged: bool,
    ack_reason: str,
    ack_until: dt.date | None,
) -> RunFinding:
    """`RunFinding(…)` with its fields filled at once, as its `__init__` would one
    `object.__setattr__` at a time (a frozen dataclass): a run of a large profile has tens of
    thousands of findings, made at every check recorded and every start that reads it back."""
    made = _new(RunFinding)
    _fill(
        made,
        "__dict__",
        {
            "rule": rule,
            "category": category,
            "subject": subject,
            "weight": weight,
            "message": message,
            "action": action,
            "why": why,
            "acknowledged": acknowledged,
            "ack_reason": ack_reason,
            "ack_until": ack_until,
        },
    )
    return made


@dataclass(frozen=True)
class RunAccount:
    """An account's score, band and findings as a recorded check keeps them."""

    account_id: str
    score: int
    band: str
    findings: tuple[RunFinding, ...] = ()


@dataclass(frozen=True)
class RecordedRun:
    """One health check as it was recorded; `id` is None until the repository stores it."""

    id: int | None
    recorded_at: dt.datetime  # aware; stored in UTC
    evaluated_on: dt.date
    score: int
    band: str
    accounts: tuple[RunAccount, ...] = ()
    # What it assessed: the profile's generation and the rules' version (None: not known).
    profile_state: str | None = None


@dataclass(frozen=True)
class RunSummary:
    """A line of the history: a run without its findings, with how many were still open."""

    id: int
    recorded_at: dt.datetime
    evaluated_on: dt.date
    score: int
    band: str
    account_count: int
    open_findings: int


@dataclass(frozen=True)
class RunKeys:
    """What a check compares itself with of a recorded run: its score and, per account in its
    order, the (account id, rule, subject) of each of its findings in order."""

    id: int
    score: int
    accounts: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]
