"""Analyse a password manager's export against the marketplace accounts, keep what may be kept
(keyed fingerprints and host names of the other sites, the accounts' password analyses) and
let go of the file's passwords."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import multiprocessing
import os
import queue
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from accountwatch.core import passwords
from accountwatch.core.error_words import os_error_words
from accountwatch.core.model import OtherSite, PasswordAnalysis, Profile
from accountwatch.core.password_exports import (
    MAX_EXPORT_BYTES,
    Export,
    ExportEntry,
    ExportError,
    ExportFormat,
    own_entry,
    read_export,
    too_large_error,
)
from accountwatch.core.problems import ProfileError
from accountwatch.core.regular_file import FileTooLargeError, NotRegularFileError, read_regular
from accountwatch.i18n import _, join_list, ngettext
from accountwatch.services import breaches, edits
from accountwatch.services.pwned_file import PwnedFile, sha1_hex
from accountwatch.services.workspace import Workspace

__all__ = [
    "AccountResult",
    "AccountsDeletedError",
    "AnalysisCancelledError",
    "ExportAnalysis",
    "ExportError",
    "ExportFormat",
    "analyse_export",
    "delete_export",
    "sites_using",
]

Progress = Callable[[int, int], None]

# Below this many passwords, threads stretch them (starting processes costs a few tenths).
MIN_FOR_PROCESSES = 16


class AnalysisCancelledError(Exception):
    """The user stopped the analysis: nothing was kept."""


class AccountsDeletedError(Exception):
    """Accounts that were analysed were deleted before the analysis was kept: nothing was kept."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(
            ngettext(
                "the account {accounts} was deleted while the export was analysed, so nothing "
                "was kept: analyse the export again",
                "the accounts {accounts} were deleted while the export was analysed, so nothing "
                "was kept: analyse the export again",
                len(names),
            ).format(accounts=join_list(names))
        )


@dataclass(frozen=True)
class AccountResult:
    """What the export says about one marketplace account."""

    account_id: str
    name: str
    # Whether the export holds the account's own entry (platform host and login).
    found_in_export: bool
    # Other sites (host names) whose password is the account's.
    reused_on: tuple[str, ...]
    # When the export says the password was last changed (Firefox, KeePassXC), else None.
    changed_on: dt.date | None
    # The stored analysis was of another password than the export's (changed since).
    password_differs: bool
    # The breach check of the account's password (None: not looked up).
    breach_count: int | None
    # Whether a password is known at all: from the export or analysed earlier.
    password_known: bool


@dataclass(frozen=True)
class ExportAnalysis:
    format: ExportFormat
    entries: int
    without_password: int
    distinct_passwords: int
    accounts: tuple[AccountResult, ...]
    # The breach check of the other sites' passwords: host names of those found (None: no file).
    breached_sites: tuple[str, ...] | None
    breach_source: str


def analyse_export(
    ws: Workspace,
    path: Path,
    *,
    today: dt.date,
    fmt: ExportFormat | None = None,
    pwned: Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportAnalysis:
    """Read, analyse and keep; ExportError or BreachFileError (bad file), AnalysisCancelledError
    and AccountsDeletedError change nothing. The file's passwords live only in this call's
    memory."""
    try:
        return _analyse(ws, path, today, fmt, pwned, progress, cancelled)
    except BaseException as exc:
        # The frames of its traceback would hold the export's passwords as long as the
        # exception lives (the app keeps it to show why): their variables go now.
        traceback.clear_frames(exc.__traceback__)
        raise


def _analyse(
    ws: Workspace,
    path: Path,
    today: dt.date,
    fmt: ExportFormat | None,
    pwned: Path | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> ExportAnalysis:
    try:
        data = _read_file(path)
    except OSError as exc:
        raise ExportError(os_error_words(exc)) from exc
    export = read_export(data, fmt)
    del data
    distinct = list(dict.fromkeys(entry.password for entry in export.entries))
    if len(distinct) > passwords.MAX_OTHER_PASSWORDS:
        raise ExportError(
            _(
                "the export holds {count} different passwords; at most {limit} are analysed "
                "(export a folder or a vault at a time)"
            ).format(count=len(distinct), limit=passwords.MAX_OTHER_PASSWORDS)
        )
    source = breaches.open_configured(ws, pwned)
    try:
        profile = ws.repo.load_profile()
        key, _degraded = ws.vault.fingerprint_key()
        salt = ws.db.install_salt
        fingerprints = stretch(distinct, key, salt, progress=progress, cancelled=cancelled)
        analysis, kept = _analysed(profile, export, fingerprints, key, salt, source, today)
        if cancelled is not None and cancelled():
            raise AnalysisCancelledError
        _keep(ws, profile, kept)
        return analysis
    finally:
        if source is not None:
            source.close()


def _keep(ws: Workspace, profile: Profile, kept: tuple[edits.AccountFromExport, ...]) -> None:
    """Keep the analysis of `profile`'s accounts; AccountsDeletedError when some are gone since
    it was loaded (an import or the app deleted them while the passwords were stretched)."""
    try:
        edits.apply(ws, edits.KeepExportAnalysis(kept))
    except ProfileError:
        now = {a.id for a in ws.repo.load_profile().accounts}
        gone = [a.display_name for a in profile.accounts if a.id not in now]
        if not gone:
            raise
        raise AccountsDeletedError(gone) from None


def _read_file(path: Path) -> bytes:
    """The export's bytes, never more than the limit allows: a pipe, a device or a folder is
    refused before anything is read (a FIFO would block for ever, /dev/zero never ends)."""
    try:
        # A pipe with a writer is read (`passwords analyse <(gpg -d export.csv.gpg)`: the
        # export never lies decrypted on the disk); one without reads as empty.
        return read_regular(path, MAX_EXPORT_BYTES, pipes=True)
    except NotRegularFileError:
        raise ExportError(
            _(
                "it is not a regular file (but a folder or a device): choose the CSV file the "
                "password manager wrote"
            )
        ) from None
    except FileTooLargeError:
        raise too_large_error() from None


def stretch(
    distinct: list[str],
    key: bytes,
    salt: bytes,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, str]:
    """The keyed fingerprint of each password, stretched side by side on every core.

    A pool of processes (started fresh, never forked from a process with Qt's threads): with
    2 cores here it stretched 100 passwords 1.9× as fast as one at a time, threads only 1.6×
    (bench/password_scale.py). The passwords go to the workers through pipes, in memory; the
    workers end with the pool. A few passwords are not worth starting processes for."""
    total = len(distinct)
    done: dict[str, str] = {}
    if progress is not None:
        progress(0, total)
    if not distinct:
        return done
    workers = max(1, min(total, os.cpu_count() or 1))
    one = functools.partial(passwords.fingerprint, key=key, salt=salt)
    if workers > 1 and total >= MIN_FOR_PROCESSES:
        try:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=_ignore_interrupts
            ) as processes:
                _stretch_on(processes, one, distinct, done, progress, cancelled)
            return done
        except (BrokenProcessPool, OSError):
            # No worker process could run here (a frozen app without its start-up hook, a
            # sandbox): the rest is stretched on threads, which scrypt also keeps busy.
            pass
    with ThreadPoolExecutor(workers, thread_name_prefix="scrypt") as threads:
        _stretch_on(threads, one, [p for p in distinct if p not in done], done, progress, cancelled)
    return done


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C waits (the signal is blocked in this thread) while worker processes start: they
    inherit the blocked signal, so one still importing, before `_ignore_interrupts` runs, does
    not print a traceback and break the pool. Here it arrives right after. (Windows has no
    signal masks: there the initializer alone keeps the workers quiet.)"""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _ignore_interrupts() -> None:
    """A worker's start. Ctrl-C interrupts every process of the terminal's group: the main
    process alone is to handle it (its interrupt cancels the pool); a worker would print a
    KeyboardInterrupt traceback of its own, or die and leave the pool broken."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stretch_on(
    pool: Executor,
    one: Callable[[str], str],
    todo: list[str],
    done: dict[str, str],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    total = len(done) + len(todo)
    # Finished futures come through a queue, not concurrent.futures.wait: that one holds the
    # lock of every pending future in turn, and Ctrl-C in between left one held, on which the
    # pool's shutdown then waited for ever.
    finished: queue.SimpleQueue[Future[str]] = queue.SimpleQueue()
    pending: dict[Future[str], str] = {}
    try:
        with _interrupts_held():  # worker processes start as the first passwords are submitted
            for password in todo:
                future = pool.submit(one, password)
                pending[future] = password
                future.add_done_callback(finished.put)
        while pending:
            batch = _drained(finished, timeout=0.1)
            for future in batch:
                done[pending.pop(future)] = future.result()
            if batch and progress is not None:
                progress(len(done), total)
            if cancelled is not None and cancelled():
                raise AnalysisCancelledError
    finally:
        for future in pending:  # what has not started yet does not start
            future.cancel()


def _drained(finished: queue.SimpleQueue[Future[str]], timeout: float) -> list[Future[str]]:
    """What has finished: waits up to `timeout` for the first, then takes what else is there."""
    try:
        batch = [finished.get(timeout=timeout)]
    except queue.Empty:
        return []
    with contextlib.suppress(queue.Empty):
        while True:
            batch.append(finished.get_nowait())
    return batch


def _analysed(
    profile: Profile,
    export: Export,
    fingerprints: dict[str, str],
    key: bytes,
    salt: bytes,
    source: PwnedFile | None,
    today: dt.date,
) -> tuple[ExportAnalysis, tuple[edits.AccountFromExport, ...]]:
    export = replace(export, entries=_dated_until(export.entries, today))
    owners = {id(e): {a.id for a in profile.accounts if own_entry(a, e)} for e in export.entries}
    others = [e for e in export.entries if not owners[id(e)]]
    # An entry without address is kept as one site of host "" (named when shown).
    sites = tuple(
        dict.fromkeys(
            OtherSite(fingerprints[e.password], site) for e in others for site in e.sites or ("",)
        )
    )
    results: list[AccountResult] = []
    kept: list[edits.AccountFromExport] = []
    for account in profile.accounts:
        mine = [e for e in export.entries if account.id in owners[id(e)]]
        entry = _newest(mine)
        analysis: PasswordAnalysis | None = None
        if entry is not None:
            analysis = passwords.analyse(
                entry.password,
                passwords.user_inputs(account, profile.company),
                key=key,
                salt=salt,
                today=today,
                known_fingerprint=fingerprints[entry.password],
            )
            analysis = breaches.checked(analysis, entry.password, source, today)
        current = analysis or account.password
        fingerprint = current.fingerprint if current else ""
        # Another account's own entry with this password is reuse too (`check` says so from
        # both accounts' analyses); only the account's own entries are not.
        reused = [
            site
            for e in export.entries
            if account.id not in owners[id(e)]
            and fingerprint
            and fingerprints[e.password] == fingerprint
            for site in _site_names(e)
        ]
        results.append(
            AccountResult(
                account_id=account.id,
                name=account.display_name,
                found_in_export=entry is not None,
                reused_on=tuple(dict.fromkeys(reused)),
                changed_on=entry.changed_on if entry else None,
                password_differs=bool(
                    analysis
                    and account.password
                    and account.password.fingerprint
                    and account.password.fingerprint != analysis.fingerprint
                ),
                breach_count=current.breach_count if current else None,
                password_known=current is not None,
            )
        )
        kept.append(
            edits.AccountFromExport(
                account.id, analysis, entry.changed_on if entry else None, sites
            )
        )
    breached: tuple[str, ...] | None = None
    if source is not None:
        breached = _breached_hosts(others, source)
    analysis_of_export = ExportAnalysis(
        format=export.format,
        entries=len(export.entries),
        without_password=export.without_password,
        distinct_passwords=len(fingerprints),
        accounts=tuple(results),
        breached_sites=breached,
        breach_source=source.name if source is not None else "",
    )
    return analysis_of_export, tuple(kept)


def _dated_until(entries: Iterable[ExportEntry], today: dt.date) -> tuple[ExportEntry, ...]:
    """The entries with a change date after today taken as undated: a wrong clock or an edited
    file, whose date kept would make an old password look new (age unknown, not negative)."""
    return tuple(
        replace(e, changed_on=None) if e.changed_on is not None and e.changed_on > today else e
        for e in entries
    )


def _newest(entries: list[ExportEntry]) -> ExportEntry | None:
    """Of an account's own entries, the one changed last (the first when no dates are known)."""
    if not entries:
        return None
    return max(entries, key=lambda e: e.changed_on or dt.date.min)


def _breached_hosts(entries: Iterable[ExportEntry], source: PwnedFile) -> tuple[str, ...]:
    entries = list(entries)
    distinct = list(dict.fromkeys(entry.password for entry in entries))
    found = dict(zip(distinct, source.counts([sha1_hex(p) for p in distinct]), strict=True))
    return tuple(
        dict.fromkeys(site for e in entries if found[e.password] for site in _site_names(e))
    )


def _site_names(entry: ExportEntry) -> tuple[str, ...]:
    """How an entry's sites are named to the user (as `check` names a stored site)."""
    return entry.sites or (_("a site without address"),)


def sites_using(profile: Profile, fingerprint: str) -> list[str]:
    """Host names of the other sites (of the last export analysed) whose password has this
    fingerprint: what "Check password…" names besides other accounts."""
    if not fingerprint:
        return []
    hosts = {
        site.host or _("a site without address"): None
        for account in profile.accounts
        for site in account.other_sites
        if site.fingerprint == fingerprint
    }
    return list(hosts)


def delete_export(path: Path) -> None:
    """Delete the export file (the app offers it once the analysis is kept); OSError when not."""
    path.unlink()
