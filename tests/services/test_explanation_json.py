"""`check --json` written straight from the result is, byte for byte, `json.dumps` of the report
dictionary: on the demo in both languages, and on strings and numbers that JSON escapes or
writes in a form of their own."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from accountwatch import i18n
from accountwatch.core.findings import Band, Category, Finding
from accountwatch.core.healthcheck import Change
from accountwatch.core.model import Acknowledgement, Platform, Profile
from accountwatch.core.obligations import Kind, Obligation
from accountwatch.core.risk import AccountResult, Assessment
from accountwatch.services import checks, editing
from accountwatch.services.explanation import report_dict, report_json
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["en", "ja"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.set_language(request.param)
    try:
        yield request.param
    finally:
        i18n.set_language("en")


def _dumped(result: checks.CheckResult) -> str:
    return json.dumps(report_dict(result), ensure_ascii=False)


def test_the_demo_report_is_what_json_dumps_writes(ws: Workspace, language: str) -> None:
    first = checks.run_check(ws, DAY, record=False, now=NOW)
    # An acknowledged finding too: its points are 0 and it says so.
    found = first.assessment.accounts[0].findings[0]
    editing.set_acknowledgement(ws, Acknowledgement(found.rule, found.subject, "for the test"))
    result = checks.run_check(ws, DAY, record=False, now=NOW)
    assert any(f.acknowledged for f in result.assessment.findings)
    assert result.upcoming
    assert report_json(result) == _dumped(result)
    assert json.loads(report_json(result)) == report_dict(result)


# Quotes, a backslash, control characters, the line and paragraph separators JavaScript
# mishandles, characters beyond the BMP, and Japanese: each as json.dumps writes it.
ODD = 'a "quoted" \\ back\tslash\nnew\x01line\x7f \u2028\u2029 😀 弊社 </script>'


def _finding(rule: str, weight: float, text: str, *, acknowledged: bool = False) -> Finding:
    return Finding(
        rule=rule,
        category=Category.SECURITY,
        subject=f"account:{text}",
        account="odd",
        weight=weight,
        message=f"message {text}",
        action=f"action {text}",
        why=f"why {text}",
        acknowledged=acknowledged,
    )


def test_odd_strings_and_numbers_are_written_as_json_dumps_writes_them() -> None:
    findings = (
        # Weights whose shortest form is an exponent, or many digits; one repeated.
        _finding("SEC-2FA-OFF", 0.1 + 0.2, ODD),
        _finding("SEC-2FA-WEAK", 1e-07, ODD + "2"),
        _finding("SEC-2FA-WEAK", 0.1 + 0.2, ""),
        _finding("SEC-PASSWORD-OLD", 0.5, ODD, acknowledged=True),
    )
    result = checks.CheckResult(
        profile=Profile(),
        assessment=Assessment(
            at=DAY,
            score=37,
            band=Band.MODERATE,
            accounts=(
                AccountResult(ODD, Platform.OTHER, 37, Band.MODERATE, findings),
                AccountResult("nothing", Platform.P1688, 0, Band.LOW, ()),
            ),
        ),
        upcoming=(Obligation(Kind.PAYMENT_DUE, f"payment:{ODD}", DAY, ODD),),
        change=Change((), (), ()),
        run_id=None,
    )
    assert report_json(result) == _dumped(result)
    no_accounts = checks.CheckResult(
        profile=Profile(),
        assessment=Assessment(at=DAY, score=0, band=Band.LOW, accounts=()),
        upcoming=(),
        change=Change((), (), ()),
        run_id=None,
    )
    assert report_json(no_accounts) == _dumped(no_accounts)
