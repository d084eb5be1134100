"""What changed between two health checks: new, resolved and unchanged findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

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


# One account's findings as compared: the findings (the very object, to tell whether it was
# assessed again), its new and its unchanged keys.
_Part = tuple[Sequence[object], tuple[FindingKey, ...], tuple[FindingKey, ...]]


@dataclass(frozen=True)
class Comparison:
    """A change worked out account by account (a key names its account, so each account's
    findings are compared with that account's only), kept so that the check after an edit
    compares only the accounts assessed again: tens of thousands of keys otherwise."""

    change: Change
    # What the earlier run's keys were read from (kept only for the very same object).
    basis: object
    # The earlier run's keys per account, in its order (None: there was no earlier run).
    before: Mapping[str, tuple[FindingKey, ...]] | None
    parts: Mapping[str, _Part]
    resolved: Mapping[str, tuple[FindingKey, ...]]


def compare_accounts(
    basis: object,
    previous: Iterable[tuple[str, Iterable[FindingKey]]] | None,
    current: Iterable[tuple[str, Sequence[Any]]],
    previous_score: int | None = None,
    current_score: int = 0,
    since: Comparison | None = None,
) -> Comparison:
    """What `compare` gives for the keys of `previous` (per account, in order; None: there was
    no earlier run, which `basis` is made from) and the findings of `current` (per account, in
    order; each finding has its `key`).

    Given the comparison `since` with the same `basis`, `previous` is not read and only the
    accounts whose findings are not the objects `since` compared are compared again.
    """
    if since is not None and since.basis is basis:
        before, old_parts, old_resolved = since.before, since.parts, since.resolved
    else:
        before = (
            None
            if previous is None
            else {account_id: tuple(dict.fromkeys(keys)) for account_id, keys in previous}
        )
        old_parts, old_resolved = {}, {}
    parts: dict[str, _Part] = {}
    again: set[str] = set()
    for account_id, findings in current:
        part = old_parts.get(account_id)
        if part is None or part[0] is not findings:
            keys = list(dict.fromkeys(f.key for f in findings))
            mine = set(before.get(account_id, ())) if before is not None else set()
            new = tuple(k for k in keys if k not in mine)
            part = (findings, new, tuple(k for k in keys if k in mine))
            again.add(account_id)
        parts[account_id] = part
    again.update(account_id for account_id in old_parts if account_id not in parts)
    resolved: dict[str, tuple[FindingKey, ...]] = {}
    for account_id, keys_before in (before or {}).items():
        gone = old_resolved.get(account_id)
        if gone is None or account_id in again:
            part = parts.get(account_id)
            now = set(part[1] + part[2]) if part is not None else set()
            gone = tuple(k for k in keys_before if k not in now)
        resolved[account_id] = gone
    change = Change(
        new=tuple(chain.from_iterable(map(itemgetter(1), parts.values()))),
        resolved=tuple(chain.from_iterable(resolved.values())),
        unchanged=tuple(chain.from_iterable(map(itemgetter(2), parts.values()))),
        score_delta=None
        if before is None or previous_score is None
        else current_score - previous_score,
    )
    return Comparison(change, basis, before, parts, resolved)
