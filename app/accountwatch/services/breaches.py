"""The offline breach check: which Pwned Passwords file this machine uses, and a password's
result (a count, the day, the file's name; never its hash)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from accountwatch.core.model import PasswordAnalysis, Profile
from accountwatch.i18n import _
from accountwatch.services.pwned_file import BreachFileError, PwnedFile, open_pwned, sha1_hex
from accountwatch.services.workspace import Workspace

# This machine's file, not the profile's: an exported profile does not carry it.
PWNED_PATH_KEY = "breach.pwned_passwords_path"

__all__ = [
    "BreachFileError",
    "PwnedFile",
    "check_imported",
    "check_typed",
    "checked",
    "configured_path",
    "open_configured",
    "open_pwned",
    "prepare_index",
    "set_path",
]


def configured_path(ws: Workspace) -> Path | None:
    """The Pwned Passwords file or folder chosen in Settings, or None."""
    value = ws.db.get_meta(PWNED_PATH_KEY)
    return Path(value) if value else None


def set_path(ws: Workspace, path: Path | None) -> None:
    """Use this file or folder from now on (checked first: BreachFileError leaves the setting
    as it was); None turns the breach check off."""
    if path is not None:
        with open_pwned(path) as source:
            if not source.keeps_index:
                # A file under KEEP_INDEX_FROM is read whole in a moment: every line is checked
                # now, so a damaged one is refused here rather than at every later look-up.
                # (A larger one is checked by the index's build, which Settings starts.)
                source.prepare_index()
    with ws.writing():
        ws.db.set_meta(PWNED_PATH_KEY, "" if path is None else str(path.resolve()))


def prepare_index(ws: Workspace, progress: Callable[[int, int], None] | None = None) -> bool:
    """Build (or find kept) the index of the configured single file, so that each password
    looked up later costs microseconds: one pass over the file, which for the official 38 GB
    file takes minutes. `progress(bytes read, size)`; what it raises cancels. Whether look-ups
    use an index (False: a folder, no file, a small file indexed at each opening, or no place
    to keep it)."""
    path = configured_path(ws)
    if path is None or not may_index(path):
        return False
    with open_pwned(path) as source:
        return source.prepare_index(progress) and source.keeps_index


def may_index(path: Path) -> bool:
    """Whether `path` is a single file, which has an index to prepare (False for a folder and
    when it cannot even be looked at: the look-ups then say what is wrong). It may sit on a
    slow network share: ask off the GUI thread."""
    try:
        return path.is_file()
    except OSError:
        return False


def open_configured(ws: Workspace, override: Path | None = None) -> PwnedFile | None:
    """`override` (--hibp) or the configured file, open; None when neither is set."""
    path = override or configured_path(ws)
    return None if path is None else open_pwned(path)


def checked(
    analysis: PasswordAnalysis, password: str, source: PwnedFile | None, today: dt.date
) -> PasswordAnalysis:
    """The analysis with the breach check's result for `password` (unchanged without a file)."""
    if source is None:
        return analysis
    return replace(
        analysis,
        breach_count=source.count(sha1_hex(password)),
        breach_checked_on=today,
        breach_source=source.name,
    )


def check_imported(
    ws: Workspace, profile: Profile, passwords: Mapping[str, str], today: dt.date
) -> tuple[Profile, list[str]]:
    """An imported profile's password analyses with the breach check of the configured file,
    and what the user should know when that file cannot be used (the import goes on)."""
    if not passwords or configured_path(ws) is None:
        return profile, []
    chosen = configured_path(ws)
    try:
        source = open_configured(ws)
    except BreachFileError as exc:
        return profile, [_skipped(chosen, exc)]
    if source is None:
        return profile, []
    try:
        with source:
            accounts = tuple(
                replace(a, password=checked(a.password, passwords[a.id], source, today))
                if a.password is not None and a.id in passwords
                else a
                for a in profile.accounts
            )
    except BreachFileError as exc:
        # A damaged line or a missing prefix file found by a look-up: the import goes on
        # without the check, as when the file cannot be opened at all.
        return profile, [_skipped(chosen, exc)]
    return replace(profile, accounts=accounts), []


def _skipped(chosen: Path | None, problem: BreachFileError) -> str:
    return _("The breach check with {file} was skipped: {problem}").format(
        file=chosen.name if chosen is not None else "?", problem=problem
    )


def check_typed(
    ws: Workspace, analysis: PasswordAnalysis, password: str, today: dt.date
) -> PasswordAnalysis:
    """A password typed in the app with its breach check, when a usable file is configured
    (a file that went missing or is damaged leaves the analysis without one)."""
    try:
        source = open_configured(ws)
    except BreachFileError:
        return analysis
    if source is None:
        return analysis
    try:
        with source:
            return checked(analysis, password, source, today)
    except BreachFileError:
        return analysis
