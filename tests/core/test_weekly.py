"""The weekly check's pure parts: why lines, to-do order, next check time, verdicts, progress."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from accountwatch.core.findings import Category, Finding
from accountwatch.core.healthcheck import compare
from accountwatch.core.model import Payment, Profile, Weekday, WeeklyCheck
from accountwatch.core.risk import assess
from accountwatch.core.weekly import (
    Noted,
    PreviousCheck,
    Question,
    Step,
    WeeklyProgress,
    next_weekly_check,
    payments_to_confirm,
    todo_list,
    verdicts,
    why,
)

UTC = dt.UTC
TOKYO = dt.timezone(dt.timedelta(hours=9))


def finding(rule: str, subject: str, account: str, weight: float, ack: bool = False) -> Finding:
    return Finding(
        rule=rule,
        category=Category.PAYMENT,
        subject=subject,
        account=account,
        weight=weight,
        message=f"{rule} {subject}",
        action="fix it",
        why="because",
        acknowledged=ack,
    )


def test_every_question_has_one_line_on_why_it_matters() -> None:
    for question in Question:
        line = why(question)
        assert line and "\n" not in line and line.endswith(".")


def test_todo_list_is_heaviest_first_once_per_subject_without_acknowledged() -> None:
    findings = [
        finding("PAY-DUE-SOON", "payment:a", "shop", 0.10),
        finding("PAY-CARD-EXPIRED", "card:old", "shop", 0.45),
        finding("PAY-CARD-EXPIRED", "card:old", "main", 0.45),
        finding("SEC-2FA-WEAK", "account:shop", "shop", 0.08, ack=True),
        finding("PAY-OVERDUE", "payment:b", "main", 0.50),
        finding("REG-UNVERIFIED", "company", "main", 0.10),
    ]
    items = todo_list(findings)
    assert [(i.finding.rule, i.accounts) for i in items] == [
        ("PAY-OVERDUE", ("main",)),
        ("PAY-CARD-EXPIRED", ("shop", "main")),
        ("PAY-DUE-SOON", ("shop",)),  # ties keep their order
        ("REG-UNVERIFIED", ("main",)),
    ]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Sunday → the next morning.
        (dt.datetime(2026, 11, 29, 10, 0, tzinfo=UTC), dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        # Monday before the time → the same day.
        (dt.datetime(2026, 11, 30, 8, 0, tzinfo=UTC), dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        # Exactly at the time, or after it → a week later.
        (dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC), dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)),
        (dt.datetime(2026, 11, 30, 9, 1, tzinfo=UTC), dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)),
    ],
)
def test_next_weekly_check_is_strictly_after_now(now: dt.datetime, expected: dt.datetime) -> None:
    assert next_weekly_check(WeeklyCheck(), now) == expected


def test_next_weekly_check_keeps_the_callers_time_zone() -> None:
    now = dt.datetime(2026, 12, 2, 20, 0, tzinfo=TOKYO)  # a Wednesday evening in Tokyo
    got = next_weekly_check(WeeklyCheck(Weekday.FRI, dt.time(18, 30)), now)
    assert got == dt.datetime(2026, 12, 4, 18, 30, tzinfo=TOKYO)
    assert got.utcoffset() == dt.timedelta(hours=9)


def test_payments_to_confirm_are_unpaid_overdue_or_due_within_14_days() -> None:
    today = dt.date(2026, 11, 29)
    profile = Profile(
        payments=(
            Payment("later", "a", today + dt.timedelta(days=15)),
            Payment("soon", "a", today + dt.timedelta(days=14)),
            Payment("late", "a", today - dt.timedelta(days=6)),
            Payment("paid", "a", today, paid_on=today),
            Payment("other", "b", today),
        )
    )
    assert [p.id for p in payments_to_confirm(profile, "a", today, 14)] == ["late", "soon"]


def test_verdicts_tell_per_account_what_is_new_resolved_and_unchanged() -> None:
    from accountwatch.core.model import Account, Card, PaymentMethod, PaymentMethodType, YearMonth

    profile = Profile(
        accounts=(
            Account(
                "shop",
                "login",
                payment_methods=(PaymentMethod(PaymentMethodType.CARD, card="old"),),
                logins_reviewed_on=dt.date(2026, 11, 28),
                terms_reviewed_on=dt.date(2026, 11, 28),
            ),
        ),
        cards=(Card("old", "1234", YearMonth(2026, 10)),),
    )
    at = dt.date(2026, 11, 29)
    assessment = assess(profile, at)
    keys = [f.key for f in assessment.findings]
    gone = ("shop", "PAY-OVERDUE", "payment:rent")
    previous = PreviousCheck(
        evaluated_on=dt.date(2026, 11, 22),
        score=90,
        scores={"shop": 90},
        findings={gone: Noted("PAY-OVERDUE", "payment:rent", "Rent is overdue.", 0.5)},
    )
    kept = next(k for k in keys if k[1] == "PAY-CARD-EXPIRED")
    change = compare([gone, kept], keys, 90, assessment.score)
    (verdict,) = verdicts(assessment, change, previous)
    assert verdict.previous_score == 90
    assert verdict.delta == assessment.accounts[0].score - 90
    assert [n.message for n in verdict.resolved] == ["Rent is overdue."]
    assert [n.rule for n in verdict.unchanged] == ["PAY-CARD-EXPIRED"]
    assert "PAY-CARD-EXPIRED" not in [n.rule for n in verdict.new]
    assert len(verdict.new) == len(keys) - 1
    first = verdicts(assessment, compare(None, keys), None)[0]
    assert first.delta is None and first.resolved == () and len(first.new) == len(keys)


def test_progress_round_trips_through_json_and_belongs_to_its_week() -> None:
    progress = WeeklyProgress(
        started_on=dt.date(2026, 11, 24),  # a Tuesday
        account_index=1,
        account_id="1688-shop",
        step=Step.PAYMENTS,
        answers={"1688-shop:3": {"confirmed": ["gold"]}},
    )
    again = WeeklyProgress.from_json(progress.to_json())
    assert again == progress
    assert again.is_current(dt.date(2026, 11, 29))  # Sunday of the same week
    assert not again.is_current(dt.date(2026, 11, 30))  # next Monday
    assert not again.is_current(dt.date(2026, 11, 22))  # the Sunday before


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        json.dumps({"started_on": "2026-11-24", "account_index": 0, "account_id": "a"}),
        json.dumps({"started_on": "2026-11-24", "account_index": -1, "account_id": "a", "step": 1}),
        json.dumps({"started_on": "2026-13-24", "account_index": 0, "account_id": "a", "step": 1}),
        json.dumps({"started_on": "2026-11-24", "account_index": 0, "account_id": "a", "step": 9}),
    ],
)
def test_unreadable_progress_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        WeeklyProgress.from_json(text)
