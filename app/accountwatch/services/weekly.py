"""Use cases of the weekly health check: answers saved, progress kept, the run finished."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from accountwatch.core import RESOURCES, weekly
from accountwatch.core.cardnumbers import find_card_number
from accountwatch.core.model import COMPANY_IDENTITY_FIELDS, PaymentMethodType, Platform, Profile
from accountwatch.core.problems import Problem, ProfileError
from accountwatch.core.weekly import Noted, PreviousCheck, WeeklyProgress
from accountwatch.i18n import _
from accountwatch.services import checks, editing, preferences
from accountwatch.services.workspace import Workspace

PROGRESS_KEY = "weekly_progress"

_PENALTY_ROW = re.compile(r"penalties\[(\d+)\]")


@dataclass(frozen=True)
class PlatformLinks:
    name: str
    terms: str
    help: str


@cache
def platform_links() -> Mapping[Platform, PlatformLinks]:
    """The terms and help pages of each platform (`resources/platforms.toml`)."""
    text = (RESOURCES / "platforms.toml").read_text("utf-8")
    data = tomllib.loads(text)["platforms"]
    return {
        platform: PlatformLinks(
            name=str(entry.get("name", "")),
            terms=str(entry.get("terms", "")),
            help=str(entry.get("help", "")),
        )
        for platform in Platform
        if (entry := data.get(platform.value)) is not None
    }


# -- progress of an unfinished check -------------------------------------------------------


def load_progress(ws: Workspace, today: dt.date) -> WeeklyProgress | None:
    """The progress of a check started this week, if one was left unfinished."""
    text = ws.db.get_meta(PROGRESS_KEY)
    if not text:
        return None
    try:
        progress = WeeklyProgress.from_json(text)
    except ValueError:
        return None  # unreadable progress only costs the user a fresh start
    return progress if progress.is_current(today) else None


def save_progress(ws: Workspace, progress: WeeklyProgress) -> None:
    """Keep where the check left off. The answers are a draft no edit has checked yet, and the
    draft goes to the data folder: a value that holds a full card number is left out of it
    (the step refuses it anyway), so a check cancelled on such a value stores nothing of it."""
    answers = {
        page: _without_card_numbers(dict(values)) for page, values in progress.answers.items()
    }
    with ws.writing():
        ws.db.set_meta(PROGRESS_KEY, replace(progress, answers=answers).to_json())


def _without_card_numbers(value: Any) -> Any:
    """`value` (plain JSON) with every text that holds a card number emptied; a list whose
    texts hold one only together (split at commas) is emptied whole."""
    if isinstance(value, str):
        return "" if find_card_number(value) else value
    if isinstance(value, dict):
        return {key: _without_card_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        texts = [item for item in value if isinstance(item, str)]
        if len(texts) > 1 and find_card_number(" ".join(texts)):
            return [item for item in value if not isinstance(item, str)]
        return [_without_card_numbers(item) for item in value]
    return value


def clear_progress(ws: Workspace) -> None:
    with ws.writing():
        ws.db.delete_meta(PROGRESS_KEY)


# -- finishing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finished:
    result: checks.CheckResult
    next_check: dt.datetime


def finish(ws: Workspace, today: dt.date, now: dt.datetime) -> Finished:
    """Record the run in the history, schedule the next weekly check, forget the progress."""
    with ws.writing():
        result = checks.run_check(ws, today, record=True, now=now)
        following = weekly.next_weekly_check(result.profile.settings.weekly_check, now)
        ws.db.set_meta(preferences.NEXT_CHECK_KEY, following.isoformat())
        ws.db.delete_meta(PROGRESS_KEY)
    return Finished(result, following)


def previous_check(ws: Workspace) -> PreviousCheck | None:
    """The last recorded check, as the verdict compares with it."""
    run = ws.repo.last_run()
    if run is None:
        return None
    return PreviousCheck(
        evaluated_on=run.evaluated_on,
        score=run.score,
        scores={a.account_id: a.score for a in run.accounts},
        findings={
            (a.account_id, f.rule, f.subject): Noted(f.rule, f.subject, f.message, f.weight)
            for a in run.accounts
            for f in a.findings
        },
    )


# -- answers -------------------------------------------------------------------------------


def _account(ws: Workspace, account_id: str) -> tuple[Profile, dict[str, Any]]:
    stored = ws.repo.load_profile()
    item = editing.item_document(stored, "accounts", account_id)
    if not item:
        raise ProfileError([Problem("", _("It was deleted meanwhile."))])
    return stored, item


def confirm_company(ws: Workspace, today: dt.date) -> Profile:
    """The company record is still true as of `today`."""
    doc = editing.section_document(ws.repo.load_profile(), "company")
    if not doc:
        raise ProfileError([Problem("", _("There is no company record to confirm."))])
    doc["verified_on"] = today.isoformat()
    return editing.put_section(ws, "company", doc)


def copy_company_to(ws: Workspace, account_id: str) -> Profile:
    """Make the record on file at the account's platform the current company record."""
    stored, item = _account(ws, account_id)
    company = editing.section_document(stored, "company")
    if not company:
        raise ProfileError([Problem("", _("There is no company record to copy."))])
    # The record's own bookkeeping (licence, verification dates) is not the company's identity.
    record = {
        k: v
        for k, v in dict(item.get("registered_company") or {}).items()
        if k not in COMPANY_IDENTITY_FIELDS
    }
    record |= {k: v for k, v in company.items() if k in COMPANY_IDENTITY_FIELDS and v}
    item["registered_company"] = record
    return editing.put_item(ws, "accounts", item, replacing=account_id)


def record_access_review(
    ws: Workspace,
    account_id: str,
    *,
    terms_reviewed: bool,
    logins_reviewed: bool,
    shared_with: int,
    today: dt.date,
    password_exposed: bool = False,
) -> Profile:
    """Terms and login history reviewed today (when ticked), how many others sign in, and
    whether the password was typed on a phishing page this week."""
    _stored, item = _account(ws, account_id)
    if terms_reviewed:
        item["terms_reviewed_on"] = today.isoformat()
    if logins_reviewed:
        item["logins_reviewed_on"] = today.isoformat()
        # Reviewing the login history means signing in: the account is in use.
        item["last_login_on"] = today.isoformat()
    if password_exposed:
        item["password_exposed_on"] = today.isoformat()
    item["shared_with"] = shared_with
    return editing.put_item(ws, "accounts", item, replacing=account_id)


def record_paid_off_platform(ws: Workspace, account_id: str) -> Profile:
    """The user paid a supplier outside the platform: the account has that payment method."""
    _stored, item = _account(ws, account_id)
    methods = list(item.get("payment_methods", []))
    if not any(m.get("type") == PaymentMethodType.OFF_PLATFORM.value for m in methods):
        methods.append({"type": PaymentMethodType.OFF_PLATFORM.value, "approved": False})
    item["payment_methods"] = methods
    return editing.put_item(ws, "accounts", item, replacing=account_id)


def replace_card(ws: Workspace, card_id: str, last4: str, expires: str) -> Profile:
    """A card was replaced by a new one: same id and label, new last 4 digits and expiry."""
    card = editing.item_document(ws.repo.load_profile(), "cards", card_id)
    if not card:
        raise ProfileError([Problem("", _("It was deleted meanwhile."))])
    card["last4"] = last4.strip()
    card["expires"] = expires.strip()
    return editing.put_item(ws, "cards", card, replacing=card_id)


def record_conduct(
    ws: Workspace,
    account_id: str,
    *,
    new_penalties: list[dict[str, Any]],
    messages_per_day: int | None,
    incentivized_reviews: bool,
) -> Profile:
    """Append the penalty notices received since the last check; update the conduct answers.

    Problems with a new penalty come back numbered among the new rows (`penalties[0]` is the
    first new notice), as the user typed them.
    """
    _stored, item = _account(ws, account_id)
    kept = list(item.get("penalties", []))
    item["penalties"] = kept + new_penalties
    if not item["penalties"]:
        del item["penalties"]
    if messages_per_day is None:
        item.pop("messages_per_day", None)
    else:
        item["messages_per_day"] = messages_per_day
    item["incentivized_reviews"] = incentivized_reviews
    try:
        return editing.put_item(ws, "accounts", item, replacing=account_id)
    except ProfileError as exc:
        raise ProfileError([_renumbered(p, len(kept)) for p in exc.problems]) from None


def _renumbered(problem: Problem, offset: int) -> Problem:
    found = _PENALTY_ROW.match(problem.path)
    if found is None:
        return problem
    row = int(found[1]) - offset
    return Problem(f"penalties[{row}]{problem.path[found.end() :]}", problem.message)
