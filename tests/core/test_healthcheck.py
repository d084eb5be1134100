"""What changed between two health checks."""

from __future__ import annotations

import random
from dataclasses import dataclass

from accountwatch.core.healthcheck import Comparison, FindingKey, compare, compare_accounts

A = ("a", "SEC-2FA-OFF", "account:a")
B = ("a", "PAY-OVERDUE", "payment:p")
C = ("b", "REG-MISMATCH", "company")


def test_first_run_has_everything_new_and_no_delta() -> None:
    change = compare(None, [A, B], None, 40)
    assert change.new == (A, B)
    assert change.is_first_run


def test_new_resolved_unchanged_and_score_delta() -> None:
    change = compare([A, B], [B, C], 40, 55)
    assert change.new == (C,)
    assert change.resolved == (A,)
    assert change.unchanged == (B,)
    assert change.score_delta == 15


@dataclass(frozen=True)
class _Found:
    key: FindingKey


def _run(rng: random.Random, accounts: list[str]) -> list[tuple[str, tuple[_Found, ...]]]:
    rules = ["SEC-2FA-OFF", "PAY-OVERDUE", "REG-MISMATCH", "CON-PENALTY-POINTS"]
    return [
        (
            a,
            tuple(
                _Found((a, rule, f"account:{a}")) for rule in rng.sample(rules, rng.randint(0, 3))
            ),
        )
        for a in accounts
    ]


def _keys(run: list[tuple[str, tuple[_Found, ...]]]) -> list[FindingKey]:
    return [f.key for _account, findings in run for f in findings]


def test_compared_account_by_account_and_again_after_changes_as_compare_says() -> None:
    rng = random.Random(3)
    accounts = [f"acct-{i}" for i in range(12)]
    earlier = _run(rng, accounts)
    basis = object()
    previous = [(a, [f.key for f in findings]) for a, findings in earlier]
    current = _run(rng, accounts)
    since: Comparison | None = None
    for _round in range(40):
        comparison = compare_accounts(
            basis, previous, [a for a, _f in current], [f for _a, f in current], 30, 45, since
        )
        assert comparison.change == compare(_keys(earlier), _keys(current), 30, 45)
        since = comparison
        # An edit: some accounts assessed again, one added or removed now and then.
        current = list(current)
        for i in rng.sample(range(len(current)), 2):
            current[i] = _run(rng, [current[i][0]])[0]
        if rng.random() < 0.3:
            current.insert(rng.randrange(len(current) + 1), *_run(rng, [f"new-{_round}"]))
        if rng.random() < 0.3 and current:
            del current[rng.randrange(len(current))]


def test_no_earlier_run_compared_account_by_account_is_a_first_run() -> None:
    current = [("a", (_Found(A), _Found(B))), ("b", (_Found(C),))]
    first = compare_accounts(None, None, ["a", "b"], [f for _a, f in current], None, 40)
    assert first.change == compare(None, [A, B, C], None, 40)
    again = compare_accounts(None, None, ["b"], [current[1][1]], None, 20, first)
    assert again.change == compare(None, [C], None, 20)
    assert again.change.is_first_run
