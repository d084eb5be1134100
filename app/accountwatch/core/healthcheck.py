"""What changed between two health checks: new, resolved and unchanged findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# (account id, rule id, subject): what identifies a finding from one run to the next.
FindingKey = tuple[str, str, str]


@dataclass(frozen=True)
class Change:
    new: tuple[FindingKey, ...]
    resolved: tuple[FindingKey, ...]
    unchanged: tuple[FindingKey, ...]
    score_delta: int | None = None

    @property
    def is_first_run(self) -> bool:
        return self.score_delta is None


def compare(
    previous: Iterable[FindingKey] | None,
    current: Iterable[FindingKey],
    previous_score: int | None = None,
    current_score: int = 0,
) -> Change:
    """The change from `previous` (None: there was no earlier run) to `current`, order kept."""
    now = list(dict.fromkeys(current))
    if previous is None:
        return Change(new=tuple(now), resolved=(), unchanged=())
    before = list(dict.fromkeys(previous))
    before_set, now_set = set(before), set(now)
    return Change(
        new=tuple(k for k in now if k not in before_set),
        resolved=tuple(k for k in before if k not in now_set),
        unchanged=tuple(k for k in now if k in before_set),
        score_delta=None if previous_score is None else current_score - previous_score,
    )
