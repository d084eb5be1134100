"""What changed between two health checks: new, resolved and unchanged findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import is_not, itemgetter
from typing import Any

# (account id, rule id, subject): what identifies a finding from one run to the next.
FindingKey = tuple[str, str, str]


@dataclass(frozen=True)
class Change:
    """What changed since the previous check: findings new, resolved and unchanged."""

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


# One account's new and unchanged keys.
_Part = tuple[tuple[FindingKey, ...], tuple[FindingKey, ...]]


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
    # The accounts compared, in order, and their findings (the very objects: an account
    # assessed again has new ones).
    ids: tuple[str, ...]
    findings: tuple[Sequence[Any], ...]
    parts: Mapping[str, _Part]
    resolved: Mapping[str, tuple[FindingKey, ...]]


def compare_accounts(
    basis: object,
    previous: Iterable[tuple[str, Iterable[FindingKey]]] | None,
    ids: Sequence[str],
    findings: Sequence[Sequence[Any]],
    previous_score: int | None = None,
    current_score: int = 0,
    since: Comparison | None = None,
) -> Comparison:
    """What `compare` gives for the keys of `previous` (per account, in order; None: there was
    no earlier run, which `basis` is made from) and the `findings` of the accounts `ids` (in
    order; each finding has its `key`).

    Given the comparison `since` with the same `basis`, `previous` is not read and only the
    accounts whose findings are not the objects `since` compared are compared again.
    """
    ids, findings = tuple(ids), tuple(findings)
    parts: dict[str, _Part]
    if since is not None and since.basis is basis:
        before = since.before
        if ids == since.ids:  # the same accounts (the usual edit): the places that changed
            places = compress(range(len(ids)), map(is_not, findings, since.findings))
            again = {ids[i]: findings[i] for i in places}
            parts = {**since.parts, **{a: _part(a, f, before) for a, f in again.items()}}
            resolved = {**since.resolved}
            for account_id in again.keys() & (before or {}).keys():
                resolved[account_id] = _gone(before, account_id, parts.get(account_id))
            return _comparison(
                basis, before, ids, findings, parts, resolved, previous_score, current_score
            )
        kept = dict(zip(since.ids, since.findings, strict=True))
        old_parts, old_resolved = since.parts, since.resolved
    else:
        before = (
            None
            if previous is None
            else {account_id: tuple(dict.fromkeys(keys)) for account_id, keys in previous}
        )
        kept, old_parts, old_resolved = {}, {}, {}
    parts = {}
    again_ids: set[str] = set(kept.keys() - set(ids))
    for account_id, found in zip(ids, findings, strict=True):
        if kept.get(account_id) is found:
            parts[account_id] = old_parts[account_id]
        else:
            parts[account_id] = _part(account_id, found, before)
            again_ids.add(account_id)
    resolved = {
        account_id: _gone(before, account_id, parts.get(account_id))
        if account_id in again_ids or account_id not in old_resolved
        else old_resolved[account_id]
        for account_id in (before or {})
    }
    return _comparison(basis, before, ids, findings, parts, resolved, previous_score, current_score)


def _part(
    account_id: str, findings: Sequence[Any], before: Mapping[str, tuple[FindingKey, ...]] | None
) -> _Part:
    keys = list(dict.fromkeys(f.key for f in findings))
    mine = set(before.get(account_id, ())) if before is not None else set()
    return tuple(k for k in keys if k not in mine), tuple(k for k in keys if k in mine)


def _gone(
    before: Mapping[str, tuple[FindingKey, ...]] | None, account_id: str, part: _Part | None
) -> tuple[FindingKey, ...]:
    """The keys of the account's earlier findings that it has no more."""
    now = set(part[0] + part[1]) if part is not None else set()
    return tuple(k for k in (before or {}).get(account_id, ()) if k not in now)


def _comparison(
    basis: object,
    before: Mapping[str, tuple[FindingKey, ...]] | None,
    ids: tuple[str, ...],
    findings: tuple[Sequence[Any], ...],
    parts: dict[str, _Part],
    resolved: dict[str, tuple[FindingKey, ...]],
    previous_score: int | None,
    current_score: int,
) -> Comparison:
    ordered = parts.values()  # made in the order of `ids`
    change = Change(
        new=tuple(chain.from_iterable(map(itemgetter(0), ordered))),
        resolved=tuple(chain.from_iterable(resolved.values())),
        unchanged=tuple(chain.from_iterable(map(itemgetter(1), ordered))),
        score_delta=None
        if before is None or previous_score is None
        else current_score - previous_score,
    )
    return Comparison(change, basis, before, ids, findings, parts, resolved)
