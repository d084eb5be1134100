"""What changed between two health checks."""

from __future__ import annotations

from accountwatch.core.healthcheck import compare

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
