"""A check after an edit assesses only the accounts the edit may have changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from typing import Any

import pytest

from accountwatch import i18n
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


# -- the last recorded check, shown before anything is assessed --------------------------------


def test_without_a_recorded_run_there_is_nothing_to_show(ws: Workspace) -> None:
    assert checks.last_recorded(ws, DAY) is None


def test_a_run_of_this_very_profile_today_is_shown_as_it_is(
    ws: Workspace, evaluated: list[set[str]]
) -> None:
    run = checks.run_check(ws, DAY, record=True, now=NOW)
    del evaluated[:]

    recorded = checks.last_recorded(ws, DAY)

    assert recorded is not None and not recorded.stale
    assert recorded.assessment == run.assessment  # the same findings, read back
    assert recorded.upcoming == run.upcoming
    assert recorded.recorded_at == NOW
    assert evaluated == []  # nothing was assessed to show it


@pytest.mark.parametrize("why", ["an edit", "another day", "another language", "an old run"])
def test_a_run_is_stale_once_anything_it_assessed_changed(ws: Workspace, why: str) -> None:
    checks.run_check(ws, DAY, record=True, now=NOW)
    today = DAY
    if why == "an edit":
        item = profile_to_dict(ws.repo.load_profile())["cards"][0]
        edits.apply(ws, edits.PutItem("cards", {**item, "label": "Renewed"}, item["id"]))
    elif why == "another day":
        today = DAY + dt.timedelta(days=1)
    elif why == "another language":
        i18n.set_language("ja")
    else:  # recorded before runs kept what they assessed
        ws.db.connection.execute("UPDATE runs SET profile_state = NULL")

    recorded = checks.last_recorded(ws, today)

    assert recorded is not None and recorded.stale
    # The stale result is never taken for the current one.
    fresh = checks.run_check(ws, today, record=False, now=NOW, since=recorded)
    assert fresh.assessment == risk.assess(fresh.profile, today)
    assert not fresh.stale and fresh.recorded_at is None


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dt.date]]:
    """The days each working out of what is coming up counted from (still worked out)."""
    calls: list[dt.date] = []
    real = checks.upcoming

    def spy(profile: Any, today: dt.date, days: int) -> Any:
        calls.append(today)
        return real(profile, today, days)

    monkeypatch.setattr(checks, "upcoming", spy)
    yield calls


def test_what_is_coming_up_is_kept_from_a_recorded_run_shown_that_day(
    ws: Workspace, counted: list[dt.date]
) -> None:
    checks.run_check(ws, DAY - dt.timedelta(days=1), record=True, now=NOW)
    recorded = checks.last_recorded(ws, DAY)
    assert recorded is not None and recorded.stale  # it assessed yesterday
    del counted[:]

    fresh = checks.run_check(ws, DAY, record=False, now=NOW, since=recorded)

    assert counted == []
    assert fresh.upcoming is recorded.upcoming
    assert fresh.upcoming == tuple(checks.upcoming(fresh.profile, DAY, checks.COMING_UP_DAYS))


@pytest.mark.parametrize("why", ["an edit", "another day", "another language"])
def test_what_is_coming_up_is_counted_again_for_anything_else(
    ws: Workspace, counted: list[dt.date], why: str
) -> None:
    checks.run_check(ws, DAY - dt.timedelta(days=1), record=True, now=NOW)
    recorded = checks.last_recorded(ws, DAY)
    assert recorded is not None
    today = DAY
    if why == "an edit":
        payment = profile_to_dict(recorded.profile)["payments"][0]
        edits.apply(ws, edits.PutItem("payments", {**payment, "due": "2026-12-05"}, payment["id"]))
    elif why == "another day":
        today = DAY + dt.timedelta(days=1)
    else:
        i18n.set_language("ja")
    del counted[:]

    fresh = checks.run_check(ws, today, record=False, now=NOW, since=recorded)

    assert counted == [today]
    assert fresh.upcoming == tuple(checks.upcoming(fresh.profile, today, checks.COMING_UP_DAYS))
