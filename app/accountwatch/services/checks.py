"""Use cases for the health check: assess the profile, record the run, report it."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from accountwatch import __version__
from accountwatch.core import RESOURCES
from accountwatch.core.findings import Band, Category, Finding
from accountwatch.core.healthcheck import Change, Comparison, FindingKey, compare, compare_accounts
from accountwatch.core.model import Platform, Profile
from accountwatch.core.risk import AccountResult, Assessment, assess, reassess
from accountwatch.core.upcoming import Upcoming, upcoming, upcoming_again
from accountwatch.i18n import current_language
from accountwatch.services import collector
from accountwatch.services.windows import COMING_UP_DAYS
from accountwatch.services.workspace import Workspace
from accountwatch.store.repository import RecordedRun, RunAccount, RunFinding
from accountwatch.store.runs import run_finding

if TYPE_CHECKING:
    from accountwatch.services.edits import Applied

# How many findings the overview's "what to fix first" lists.
FIX_FIRST = 6


@dataclass(frozen=True)
class CheckResult:
    """A health check: the profile, its assessment, what is coming up, what changed."""

    profile: Profile
    assessment: Assessment
    upcoming: tuple[Upcoming, ...]
    # None: not worked out, for a caller that shows no change (`run_check(compare=False)`).
    change: Change | None
    run_id: int | None
    # Some account has fingerprints while no keyring guards their key.
    fingerprints_degraded: bool = False
    # Read back from the history (when it was recorded) rather than assessed now, and whether
    # the profile, the day or the rules have changed since (a fresh assessment is due).
    recorded_at: dt.datetime | None = None
    stale: bool = False
    # The language its texts are in (a later check keeps them only in the same language).
    language: str | None = None
    # How `change` was worked out, account by account, for the check after an edit to build on.
    comparison: Comparison | None = field(default=None, compare=False, repr=False)
    # The day `upcoming` counts from (a recorded run's is the day it is shown, not the day it
    # assessed): a later check that day keeps them for the same profile.
    upcoming_on: dt.date | None = field(default=None, compare=False, repr=False)
    # Its profile may hold listings read without their text (`UnreadListing`): a check at
    # start-up shows its result before the text is read (`completed` reads it afterwards).
    partial: bool = field(default=False, compare=False, repr=False)
    # The generation of the stored profile it assessed (None: a recorded run read back).
    generation: int | None = field(default=None, compare=False, repr=False)

    @cached_property
    def fix_first(self) -> list[tuple[Finding, int]]:
        """What to fix first (tens of thousands of findings on a large profile: worth keeping)."""
        return top_findings(self, FIX_FIRST)


def top_findings(result: CheckResult, limit: int) -> list[tuple[Finding, int]]:
    """The heaviest open findings; one about a card or the company counts once, with how many
    accounts it concerns."""
    seen: dict[tuple[str, str], list[Finding]] = {}
    for account in result.assessment.accounts:
        for finding in account.findings:
            if not finding.acknowledged:
                seen.setdefault((finding.rule, finding.subject), []).append(finding)
    ranked = sorted(seen.values(), key=lambda group: -group[0].weight)
    return [(group[0], len(group)) for group in ranked[:limit]]


def run_keys(run: RecordedRun) -> list[FindingKey]:
    return [(a.account_id, f.rule, f.subject) for a in run.accounts for f in a.findings]


_account_id = attrgetter("account_id")
_findings = attrgetter("findings")


def to_run(
    profile: Profile,
    assessment: Assessment,
    recorded_at: dt.datetime,
    profile_state: str | None = None,
) -> RecordedRun:
    """The assessment as the history records it, with why and until when findings were
    acknowledged."""
    acks = {(a.rule, a.subject): a for a in profile.acknowledged if a.active_on(assessment.at)}

    def finding(f: Finding) -> RunFinding:
        ack = acks.get((f.rule, f.subject)) if f.acknowledged else None
        message, action, why = f.texts
        return run_finding(
            f.rule,
            str(f.category),
            f.subject,
            f.weight,
            message,
            action,
            why,
            f.acknowledged,
            ack.reason if ack else "",
            ack.until if ack else None,
        )

    return RecordedRun(
        id=None,
        recorded_at=recorded_at.astimezone(dt.UTC),
        evaluated_on=assessment.at,
        score=assessment.score,
        band=str(assessment.band),
        accounts=tuple(
            RunAccount(
                account_id=a.account_id,
                score=a.score,
                band=str(a.band),
                findings=tuple(finding(f) for f in a.findings),
            )
            for a in assessment.accounts
        ),
        profile_state=profile_state,
    )


def _state(generation: int) -> str:
    """What a recorded run assessed: the profile's generation, the version of the rules and
    the language its texts are in."""
    return f"{generation}:{rules_version()}:{current_language()}"


@cache
def rules_version() -> str:
    """The app's version and a digest of the rule data it ships: a run recorded by other rules
    is assessed again."""
    digest = hashlib.sha256(__version__.encode())
    for name in ("rules", "platforms.toml"):
        entry = RESOURCES / name
        files = sorted(entry.iterdir(), key=lambda f: f.name) if entry.is_dir() else [entry]
        for file in files:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


_CATEGORIES = {category.value: category for category in Category}


def _recorded_findings(account: RunAccount) -> tuple[Finding, ...]:
    """The findings of one account of a recorded run, as the run recorded them (positional
    arguments and the category looked up: a large profile's run has tens of thousands)."""
    categories, account_id = _CATEGORIES, account.account_id
    return tuple(
        Finding(
            f.rule,
            categories[f.category],
            f.subject,
            account_id,
            f.weight,
            f.message,
            f.action,
            f.why,
            f.acknowledged,
        )
        for f in account.findings
    )


def last_recorded(ws: Workspace, today: dt.date) -> CheckResult | None:
    """The last recorded run as a result to show at once (None: no run yet), marked `stale`
    unless it assessed this very profile today with these rules."""
    run = ws.repo.last_run()
    if run is None:
        return None
    profile, generation = ws.repo.load_versioned()
    platforms = {a.id: a.platform for a in profile.accounts}
    accounts = tuple(
        AccountResult(
            account_id=a.account_id,
            platform=platforms.get(a.account_id, Platform.OTHER),
            score=a.score,
            band=Band(a.band),
            findings=_recorded_findings(a),
        )
        for a in run.accounts
    )
    assessment = Assessment(
        at=run.evaluated_on, score=run.score, band=Band(run.band), accounts=accounts
    )
    keys = run_keys(run)
    return CheckResult(
        profile=profile,
        assessment=assessment,
        upcoming=tuple(upcoming(profile, today, COMING_UP_DAYS)),
        change=compare(keys, keys, run.score, run.score),
        run_id=run.id,
        fingerprints_degraded=_fingerprints_degraded(ws, profile),
        recorded_at=run.recorded_at,
        stale=not _current(run.evaluated_on, run.profile_state, generation, today),
        language=current_language(),
        upcoming_on=today,
    )


def last_recorded_current(ws: Workspace, today: dt.date) -> bool:
    """Whether the last recorded run is the result as it stands (`last_recorded` would not be
    `stale`), told from its head alone: False when there is none."""
    seen = ws.repo.last_run_state()
    return seen is not None and _current(*seen, today)


def _current(
    evaluated_on: dt.date, profile_state: str | None, generation: int, today: dt.date
) -> bool:
    """Whether a run that assessed on `evaluated_on` what `profile_state` names assessed the
    profile of this `generation` on `today`, with these rules, in this language."""
    return evaluated_on == today and profile_state == _state(generation)


def run_check(
    ws: Workspace,
    at: dt.date,
    *,
    record: bool,
    now: dt.datetime,
    since: CheckResult | None = None,
    whole: bool = True,
    compare: bool = True,
) -> CheckResult:
    """Assess the stored profile as of `at`; record the run in the history unless told not to.

    Given the result of an earlier check (`since`), the accounts nothing changed since keep
    their results: all when the profile is the one it assessed, all but those of the one edit
    made since. Not `whole` (a check that is reported and ends, or one whose result is shown
    before `completed` reads the rest): the result's profile may hold listings without their
    text, those in which no term was found (`UnreadListing`). Not `compare` (a report, which
    tells no change): `change` is None, and the previous run's findings are not read.
    """
    with collector.spared():
        profile, generation = ws.repo.load_versioned(whole=whole)
        shown = since
        if since is not None and not _builds_on(since, at):
            since = None
        assessment = _assessment(ws, profile, at, since)
        comparison = _comparison(ws, assessment, since) if compare else None
        # Everything the check reports is worked out before it is recorded: a run that failed
        # half-way must not enter the history.
        items = _upcoming(ws, profile, at, since, shown)
        run_id = None
        if record:
            with ws.writing():
                run = to_run(profile, assessment, now, _state(generation))
                run_id = ws.repo.record_run(run)
                # What the assessment scanned in the listings, for the checks to come.
                ws.repo.keep_listing_scans(profile, generation)
        return CheckResult(
            profile=profile,
            assessment=assessment,
            upcoming=items,
            change=None if comparison is None else comparison.change,
            run_id=run_id,
            fingerprints_degraded=_fingerprints_degraded(
                ws, profile, None if record else _keyring_said(ws, profile, since)
            ),
            language=current_language(),
            comparison=comparison,
            upcoming_on=at,
            # The repository hands out the whole profile it keeps whatever was asked.
            partial=not whole and not ws.repo.keeps(profile),
            generation=generation,
        )


def _comparison(ws: Workspace, assessment: Assessment, since: CheckResult | None) -> Comparison:
    """How `assessment` differs from the newest recorded run (before this one is recorded)."""
    previous = ws.repo.last_run_keys()
    return compare_accounts(
        previous,
        None if previous is None else previous.accounts,
        list(map(_account_id, assessment.accounts)),
        list(map(_findings, assessment.accounts)),
        previous.score if previous else None,
        assessment.score,
        since.comparison if since is not None else None,
    )


def completed(ws: Workspace, result: CheckResult) -> CheckResult | None:
    """`result` (a `partial` one) with its profile read whole, the one the repository keeps
    from now on; None when the stored profile has changed since it was assessed (the check of
    that change brings the whole profile). Its assessment and everything worked out from the
    profile stay: they are the same for the listings' texts, whose kept scans found nothing."""
    if result.generation is None:
        return None
    with collector.spared():
        profile = ws.repo.complete(result.profile, result.generation)
    if profile is None:
        return None
    whole = replace(result, profile=profile, partial=False)
    if "fix_first" in result.__dict__:  # worked out off the GUI thread: kept, not redone
        whole.__dict__["fix_first"] = result.fix_first
    return whole


def _fingerprints_degraded(ws: Workspace, profile: Profile, kept: bool | None = None) -> bool:
    """Some account has fingerprints while no keyring guards their key (`kept`: what the
    keyring said at the check before, kept instead of asking again)."""
    if not _has_fingerprints(profile):
        return False
    # Comparing stored fingerprints needs no key: the keyring is asked (and a key left in a
    # file moved into it) only when the key sits in a file.
    if not ws.vault.key_in_file():
        return False
    return _in_own_thread(ws.vault.key_is_degraded) if kept is None else kept


def _keyring_said(ws: Workspace, profile: Profile, since: CheckResult | None) -> bool | None:
    """Just after an edit, whether the check before it found the key unguarded (None: ask).

    An edit changes nothing of the keyring, and asking takes a thread and a round trip; every
    other check asks again (at start, the one the user runs).
    """
    if since is None or _edit_since(ws, profile, since) is None:
        return None
    return since.fingerprints_degraded if _has_fingerprints(since.profile) else None


def _has_fingerprints(profile: Profile) -> bool:
    return any(a.password or a.other_fingerprints for a in profile.accounts)


def _builds_on(since: CheckResult, at: dt.date) -> bool:
    """Whether a check on day `at` can keep what `since` worked out: it assessed that day, in
    this language, and is not a recorded run shown while out of date."""
    return not since.stale and since.assessment.at == at and since.language == current_language()


def _edit_since(ws: Workspace, profile: Profile, since: CheckResult) -> Applied | None:
    """The one edit that made `profile` of what `since` assessed (None: something else wrote
    meanwhile, another process or an import)."""
    edit = ws.last_edit
    if edit is not None and edit.before is since.profile and edit.profile is profile:
        return edit
    return None


def _assessment(
    ws: Workspace, profile: Profile, at: dt.date, since: CheckResult | None
) -> Assessment:
    if since is None:
        return assess(profile, at)
    if profile is since.profile:  # the repository hands out the same object while unchanged
        return since.assessment
    edit = _edit_since(ws, profile, since)
    if edit is not None:
        return reassess(since.assessment, profile, at, edit.touched)
    return assess(profile, at)


def _upcoming(
    ws: Workspace,
    profile: Profile,
    at: dt.date,
    since: CheckResult | None,
    shown: CheckResult | None = None,
) -> tuple[Upcoming, ...]:
    """What is coming up, made again only for what the edit since `since` changed; kept whole
    from the result `shown` (a recorded run shown while out of date, too) when it counted them
    for this very profile from this day in this language: they depend on nothing else."""
    if (
        shown is not None
        and shown.profile is profile
        and shown.upcoming_on == at
        and shown.language == current_language()
    ):
        return shown.upcoming
    if since is None:
        return tuple(upcoming(profile, at, COMING_UP_DAYS))
    if profile is since.profile:
        return since.upcoming
    if _edit_since(ws, profile, since) is not None:
        return tuple(upcoming_again(since.upcoming, since.profile, profile, at, COMING_UP_DAYS))
    return tuple(upcoming(profile, at, COMING_UP_DAYS))


T = TypeVar("T")


def _in_own_thread(call: Callable[[], T]) -> T:
    """`call()`, made in a short-lived thread of its own.

    The keyring package keeps the exception of an optional import that failed, and with it
    every frame of the call that first loaded its backends. Loaded from within a check, that
    would keep the check's profile and findings alive for good (and every later full garbage
    collection walking them); a thread's frames hold nothing of the check.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # raised again in the calling thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="accountwatch-keyring")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def report_dict(result: CheckResult) -> dict[str, Any]:
    """The `check --json` document (profile-format.md)."""
    a = result.assessment
    return {
        "format": "accountwatch.report",
        "version": 1,
        "at": a.at.isoformat(),
        "score": a.score,
        "band": str(a.band),
        "accounts": [
            {
                "id": acc.account_id,
                "platform": str(acc.platform),
                "score": acc.score,
                "band": str(acc.band),
                "findings": [
                    {
                        "rule": f.rule,
                        "category": str(f.category),
                        "subject": f.subject,
                        "weight": f.weight,
                        "message": f.message,
                        "action": f.action,
                        "why": f.why,
                        "acknowledged": f.acknowledged,
                    }
                    for f in acc.findings
                ],
            }
            for acc in a.accounts
        ],
        "upcoming": [
            {
                "kind": str(u.kind),
                "subject": u.subject,
                "date": u.date.isoformat(),
                "message": u.message,
            }
            for u in result.upcoming
        ],
    }
