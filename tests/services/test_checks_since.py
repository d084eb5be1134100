"""A check after an edit assesses only the accounts the edit may have changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from typing import Any

import pytest

from accountwatch.core import risk
from accountwatch.core.findings import Finding
from accountwatch.core.profile_io import profile_to_dict
from accountwatch.core.rules import evaluate
from accountwatch.services import checks, edits
from accountwatch.services.workspace import Workspace

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
DAY = NOW.date()


@pytest.fixture
def evaluated(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[set[str]]]:
    """The accounts each assessment evaluated (spied on, still evaluated for real)."""
    calls: list[set[str]] = []

    def spy(*args: Any, accounts: Collection[str], **kwargs: Any) -> list[Finding]:
        calls.append(set(accounts))
        return evaluate(*args, accounts=accounts, **kwargs)

    monkeypatch.setattr(risk, "evaluate", spy)
    yield calls


def test_an_edit_is_followed_by_assessing_only_the_accounts_it_touched(
    ws: Workspace, evaluated: list[set[str]]
) -> None:
    first = checks.run_check(ws, DAY, record=False, now=NOW)
    payment = first.profile.payments[0]

    edits.apply(ws, edits.MarkPaid(payment.id, DAY))
    after = checks.run_check(ws, DAY, record=False, now=NOW, since=first)

    assert evaluated == [{a.id for a in first.profile.accounts}, {payment.account}]
    assert after.assessment == risk.assess(after.profile, DAY)
    assert after.assessment != first.assessment


def test_nothing_changed_since_keeps_the_assessment(
    ws: Workspace, evaluated: list[set[str]]
) -> None:
    first = checks.run_check(ws, DAY, record=False, now=NOW)

    again = checks.run_check(ws, DAY, record=True, now=NOW, since=first)

    assert again.assessment is first.assessment
    assert len(evaluated) == 1
    assert again.run_id is not None  # recorded all the same


@pytest.mark.parametrize("why", ["another day", "written elsewhere", "two edits"])
def test_anything_else_is_assessed_whole(
    ws: Workspace, evaluated: list[set[str]], why: str
) -> None:
    first = checks.run_check(ws, DAY, record=False, now=NOW)
    everyone = {a.id for a in first.profile.accounts}
    item = profile_to_dict(first.profile)["accounts"][0]
    day = DAY
    if why == "another day":
        edits.apply(ws, edits.PutItem("accounts", {**item, "label": "Main"}, item["id"]))
        day = DAY + dt.timedelta(days=1)
    elif why == "written elsewhere":
        with Workspace.open(ws.data_dir) as other:
            edits.apply(other, edits.PutItem("accounts", {**item, "label": "Main"}, item["id"]))
    else:
        edits.apply(ws, edits.PutItem("accounts", {**item, "label": "Main"}, item["id"]))
        edits.apply(ws, edits.PutCompany({"name": "Moved K.K."}))
        everyone = {a.id for a in first.profile.accounts}  # a company edit concerns all anyway
        edits.apply(ws, edits.MarkPaid(first.profile.payments[0].id, DAY))

    after = checks.run_check(ws, day, record=False, now=NOW, since=first)

    assert evaluated[-1] == everyone
    assert after.assessment == risk.assess(after.profile, day)
