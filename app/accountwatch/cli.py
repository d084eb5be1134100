"""The `accountwatch` command line: import, export, check, reminders, demo-profile and the app."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from accountwatch import __version__, cli_passwords, i18n
from accountwatch.cli_argparse import translate_argparse
from accountwatch.core import dates
from accountwatch.core.cardnumbers import find_card_number, masked
from accountwatch.core.demo import demo_profile
from accountwatch.core.error_words import cannot_write, os_error_words
from accountwatch.core.findings import Band
from accountwatch.core.problems import ProfileError
from accountwatch.core.risk import SCORE_SENTENCE
from accountwatch.i18n import _, format_date, ngettext
from accountwatch.paths import data_dir, write_private_file
from accountwatch.services import checks, collector, explanation
from accountwatch.services.preferences import stored_language
from accountwatch.services.types import DataDirError, FingerprintKeyError, KeyringUnavailable
from accountwatch.services.windows import COMING_UP_DAYS
from accountwatch.services.workspace import NoDataFolderError, Workspace

if TYPE_CHECKING:
    from accountwatch.core.reminders import Reminder
    from accountwatch.services.kept_secrets import KeptSecret

# 1 only ever means that --fail-on was reached: a crash is 4, whatever it is.
EXIT_OK, EXIT_FAIL_ON, EXIT_BAD_INPUT, EXIT_DATA_DIR, EXIT_UNEXPECTED = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command Ctrl-C ended


class UsageError(Exception):
    """Bad command-line input: exit status 2."""


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def _shown(text: str) -> str:
    """An argument quoted for a message, never 13 digits or more (it may be a card number)."""
    return masked(text) or repr(text)


def _shown_moment(text: str) -> str:
    """A date or time argument quoted for a message: as typed (a leap second's 14 digits are
    no card number), unless it holds what looks like one."""
    return _shown(text) if find_card_number(text) else repr(text)


def _in_range(day: dt.date) -> None:
    if not dates.EARLIEST <= day <= dates.LATEST:
        raise argparse.ArgumentTypeError(
            _("{value} is outside the dates accepted, {earliest} to {latest}").format(
                value=day.isoformat(),
                earliest=dates.EARLIEST.isoformat(),
                latest=dates.LATEST.isoformat(),
            )
        )


# The forms the contract names, and only those: Python's fromisoformat also takes week dates
# (2026-W49-3), basic forms (20261203T1000), a space for the T and fractions of a second, and
# would quietly evaluate some other day than the user meant.
_DATETIME = re.compile(
    rf"{dates.DAY_FORM.pattern}(T[0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}})?(Z|[+-][0-9]{{2}}:[0-9]{{2}})?)?"
)


def date_argument(text: str) -> dt.date:
    """argparse type of a date option: `YYYY-MM-DD` within the dates the profile accepts."""
    try:
        if not dates.DAY_FORM.fullmatch(text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date (YYYY-MM-DD)").format(value=_shown_moment(text))
        ) from None
    _in_range(day)
    return day


def datetime_argument(text: str) -> dt.datetime:
    """argparse type of a date-time option: `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM[:SS]`,
    local time unless an offset follows (`Z` or `±HH:MM`), within the dates the profile
    accepts."""
    try:
        if not _DATETIME.fullmatch(text):
            raise ValueError
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _(
                "{value} is not a date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], then "
                "optionally Z or ±HH:MM)"
            ).format(value=_shown_moment(text))
        ) from None
    _in_range(moment.date())
    return moment if moment.tzinfo else moment.astimezone()


def _open(args: argparse.Namespace, *, read_only_ok: bool = False) -> Workspace:
    """The data folder for a command that reads it: it must exist and hold a database.
    `read_only_ok`: the command never writes, so a read-only data folder will do."""
    return Workspace.open_existing(data_dir(args.data_dir), read_only_ok=read_only_ok)


def _cannot_write(target: str, exc: OSError) -> UsageError:
    return UsageError(cannot_write(target, exc))


def _write_output(target: str, data: bytes) -> None:
    """Write atomically and privately (an export may hold secrets); '-' is standard output.

    UsageError when it cannot be written."""
    if not target.strip():
        raise UsageError(_("the output file name is empty: give a file name, or - for the screen"))
    try:
        if target == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_private_file(Path(target), data)
    except BrokenPipeError:
        raise  # the reader of standard output went away: not an error (see main)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc


# The profile format and its validation (services.profiles), reminders and the error log load
# only in the commands that use them: `check` and the app's start need none of them.


def cmd_import(args: argparse.Namespace) -> int:
    from accountwatch.services import profiles

    # Validate before the data folder is even opened: a bad file changes nothing. A file merged
    # may name the accounts and cards stored there.
    folder = data_dir(args.data_dir)
    parsed = profiles.read_import(
        args.file, None if args.replace else lambda: profiles.ids_in_folder(folder)
    )
    with Workspace.open(folder) as ws:  # a new data folder starts here
        result = profiles.import_profile(ws, parsed, replace_all=args.replace, today=_today())
    for note in result.notes:
        print(note, file=sys.stderr)
    print(
        _("Imported — accounts: {accounts}, cards: {cards}, payments: {payments}.").format(
            accounts=result.accounts, cards=result.cards, payments=result.payments
        )
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from accountwatch.services import profiles

    with _open(args, read_only_ok=True) as ws:
        text = profiles.export_profile(ws, include_secrets=args.include_secrets)
    _write_output(args.file, text.encode("utf-8"))
    return EXIT_OK


def _print_check(result: checks.CheckResult) -> None:
    a = result.assessment
    print(_("AccountWatch health check — {date}").format(date=format_date(a.at)))
    print(_("Overall freeze risk: {score} ({band})").format(score=a.score, band=band_name(a.band)))
    print(_(SCORE_SENTENCE))
    labels = {acc.id: acc.display_name for acc in result.profile.accounts}
    for account in a.accounts:
        print()
        print(
            _("{account} [{platform}]: {score} ({band})").format(
                account=labels.get(account.account_id, account.account_id),
                platform=account.platform,
                score=account.score,
                band=band_name(account.band),
            )
        )
        if not account.findings:
            print("  " + _("No findings."))
        top = explanation.biggest(account)
        if top:
            print("  " + _("Biggest contributors:"))
        for contribution in top:
            found = contribution.finding
            print(f"    {contribution.points:+5.1f}  {found.rule} ({found.subject})")
        for f in account.findings:
            mark = "·" if f.acknowledged else "!"
            suffix = "  " + _("(acknowledged)") if f.acknowledged else ""
            print(f"  {mark} {f.rule} {f.message}{suffix}")
            print(f"      → {f.action}")
    if result.upcoming:
        print()
        print(_("Coming up:"))
        for item in result.upcoming:
            print(f"  {format_date(item.date)}  {item.message}")


def print_json(doc: object) -> None:
    """Indented for a person at a terminal; compact (and several times faster) for a program."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=indent) + "\n")


def band_name(band: Band) -> str:
    names = {
        Band.LOW: _("low"),
        Band.MODERATE: _("moderate"),
        Band.HIGH: _("high"),
        Band.CRITICAL: _("critical"),
    }
    return names[band]


def cmd_check(args: argparse.Namespace) -> int:
    at = args.at or _today()
    with _open(args, read_only_ok=args.no_record) as ws:
        # Reported, then the process ends: listings with no term in them need no text, and
        # the report tells no change since the previous run.
        result = checks.run_check(
            ws,
            at,
            record=not args.no_record,
            now=dt.datetime.now(dt.UTC),
            whole=False,
            compare=False,
        )
    if args.json and sys.stdout.isatty():
        print_json(explanation.report_dict(result))
    elif args.json:
        # What print_json writes for a program, without a dictionary per finding first.
        sys.stdout.write(explanation.report_json(result))
        sys.stdout.write("\n")
    else:
        _print_check(result)
    if result.fingerprints_degraded:
        from accountwatch.services.profiles import degraded_note

        print(degraded_note(), file=sys.stderr)
    code = EXIT_OK
    if args.fail_on and result.assessment.band.rank >= Band(args.fail_on).rank:
        code = EXIT_FAIL_ON
    if _PROCESS.ends_with_command:
        _end_process(code)
    return code


class _Process:
    """Whether this process ends when the command does (`run`, not `main` called in a process
    that goes on)."""

    ends_with_command = False


_PROCESS = _Process()


def _end_process(code: int) -> NoReturn:
    """End the process once the output is written, without freeing what the command made.

    A check of a large profile leaves hundreds of thousands of objects (the profile, its
    findings) and the interpreter's own to free one by one: a tenth of the whole check, for
    memory the system takes back at once. Nothing is left to do: the data folder is closed, no
    thread runs, and standard output and error are flushed here (a reader gone away shows as in
    `main`)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _reminder_dict(item: Reminder) -> dict[str, str]:
    return {
        "kind": str(item.kind),
        "subject": item.subject,
        "date": item.due_date.isoformat(),
        "message": item.message,
        "id": item.id,
        "deliver_at": item.deliver_at.isoformat(),
    }


def cmd_reminders(args: argparse.Namespace) -> int:
    from accountwatch.core.reminders import kind_name
    from accountwatch.services import reminders as reminder_service

    now = args.at or dt.datetime.now().astimezone()
    if args.days < 0 or args.days > 3660:
        raise UsageError(_("--days: expected 0 to 3660, got {days}").format(days=args.days))
    # Listing writes nothing: a read-only data folder will do; --due records what it delivered.
    with _open(args, read_only_ok=not args.due) as ws:
        if args.due:
            # For cron: what is due now, delivered here (printed) and so not again; nothing
            # while the app's "snooze all for today" lasts.
            items = reminder_service.deliver_due(ws, now)
        else:
            items = reminder_service.upcoming(ws, now, args.days)
        made = reminder_service.folder_made(ws, now)
    if made is not None and now < made:
        # Asked as of a moment before the folder existed: say why its earlier dates are missing
        # (on standard error, so that --json stays a list).
        day = format_date(made.astimezone(now.tzinfo).date())
        note = _("This data folder was made on {date}: no reminder is about an earlier date.")
        print(note.format(date=day), file=sys.stderr)
    if args.json:
        print_json([_reminder_dict(r) for r in items])
    elif args.due:
        for item in items:
            print(f"{kind_name(item.kind)}: {item.message}")
    elif not items:
        print(_("Nothing falls due in the next {days} days.").format(days=args.days))
    else:
        for item in items:
            when = item.deliver_at.astimezone(now.tzinfo)
            print(f"{format_date(when.date())} {when:%H:%M}  {item.message}")
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    # icalendar loads only for this command.
    from accountwatch.services import calendar_export

    now = args.at or dt.datetime.now().astimezone()
    with _open(args) as ws:
        try:
            # What the export sent is kept only once the file is written.
            calendar_export.export_calendar(ws, now, lambda data: _write_output(args.file, data))
        except calendar_export.EmptyCalendarError as exc:
            raise UsageError(_("{problem} No calendar was written.").format(problem=exc)) from exc
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    at = args.at or _today()
    # Qt (for the PDF) loads only here, never for the other commands.
    report = importlib.import_module("accountwatch.ui.report_cli")
    with _open(args, read_only_ok=True) as ws:
        try:
            report.write_report(ws, Path(args.file), at)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        except OSError as exc:
            raise _cannot_write(args.file, exc) from exc
    return EXIT_OK


def cmd_secrets_list(args: argparse.Namespace) -> int:
    from accountwatch.services import kept_secrets

    found = kept_secrets.inventory(data_dir(args.data_dir))
    if args.json:
        print_json(
            {
                "complete": found.complete,
                "entries": [_kept_secret_dict(s) for s in found.secrets],
            }
        )
        return EXIT_OK
    if not found.complete:
        print(_secrets_not_listable(), file=sys.stderr)
    if not found.secrets:
        print(_("AccountWatch keeps nothing in the system keyring."))
        return EXIT_OK
    for secret in found.secrets:
        _print_kept_secret(secret)
    unused = sum(1 for s in found.secrets if s.use is kept_secrets.Use.UNUSED)
    print()
    print(
        ngettext(
            "{count} entry, {unused} of them used by no data folder",
            "{count} entries, {unused} of them used by no data folder",
            len(found.secrets),
        ).format(count=len(found.secrets), unused=unused)
        + (_(" (accountwatch secrets prune removes them).") if unused else ".")
    )
    return EXIT_OK


def _secrets_not_listable() -> str:
    return _(
        "This system keyring cannot list its entries: only those of the data folder given are "
        "shown, not those of other or deleted data folders."
    )


def _use_name(use: str) -> str:
    names = {"in-use": _("in use"), "unused": _("not used"), "unknown": _("kept, unclear")}
    return names[use]


def _print_kept_secret(secret: KeptSecret) -> None:
    print(f"[{_use_name(secret.use)}] {secret.entry.label}")
    folder = secret.folder if secret.folder is not None else _("data folder not recorded")
    print("    " + _("data folder: {folder}").format(folder=folder))
    print("    " + secret.why)


def _kept_secret_dict(secret: KeptSecret) -> dict[str, object]:
    return {
        "label": secret.entry.label,
        "username": secret.entry.username,
        "account": secret.entry.account_id,
        "data_folder": None if secret.folder is None else str(secret.folder),
        "use": str(secret.use),
        "why": secret.why,
    }


def cmd_secrets_prune(args: argparse.Namespace) -> int:
    from accountwatch.services import kept_secrets

    removed, found = kept_secrets.prune(data_dir(args.data_dir), dry_run=args.dry_run)
    if not found.complete:
        print(_secrets_not_listable(), file=sys.stderr)
    for secret in removed:
        verb = _("Would remove") if args.dry_run else _("Removed")
        print(f"{verb}: {secret.entry.label}")
        print("    " + secret.why)
    if not removed:
        print(_("Nothing to remove: every entry is used by its data folder."))
    unclear = [s for s in found.secrets if s.use is kept_secrets.Use.UNKNOWN]
    if unclear:
        print(
            ngettext(
                "{count} entry was kept because its data folder is not known or cannot be "
                "read (accountwatch secrets list shows it).",
                "{count} entries were kept because their data folder is not known or cannot "
                "be read (accountwatch secrets list shows them).",
                len(unclear),
            ).format(count=len(unclear)),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from accountwatch.services import storage

    folder = data_dir(args.data_dir)
    if args.list:
        return _list_backups(folder)
    backup = _backup_path(folder, args.backup) if args.backup else None
    try:
        restored = storage.restore(folder, backup)
    except (storage.NothingToRestoreError, storage.BackupRefused) as exc:
        # A backup that cannot be restored is a bad argument: the data folder is as it was.
        raise UsageError(str(exc)) from exc
    # Opened once: a backup of an older schema is brought up to date, and it is seen to open.
    Workspace.open_existing(folder).close()
    print(_("Restored {file}.").format(file=restored.backup))
    if restored.kept_aside is not None:
        print(_("The file it replaced was kept as {path}.").format(path=restored.kept_aside))
    print(
        _(
            "Changes made after this backup was taken are not in it: import your latest "
            "export, or enter them again."
        )
    )
    return EXIT_OK


def _backup_path(folder: Path, given: str) -> Path:
    """BACKUP as given, or the name of a file in the data folder's backups."""
    from accountwatch.services import storage

    path = Path(given).expanduser()
    if path.exists() or path.parent != Path():
        return path
    named = [b for b in storage.backups(folder) if b.name == given]
    return named[0] if named else path


def _list_backups(folder: Path) -> int:
    from accountwatch.services import storage

    found = storage.backups(folder)
    if not found:
        print(_("There are no backups in {folder}.").format(folder=folder / "backups"))
        return EXIT_OK
    for backup in found:
        problems = storage.backup_problems(backup)
        state = (
            _("good")
            if not problems
            else _("cannot be restored: {problems}").format(problems="; ".join(problems))
        )
        print(f"{backup.name}  {state}")
    return EXIT_OK


def cmd_demo_profile(args: argparse.Namespace) -> int:
    at = args.at or _today()
    json.dump(demo_profile(at, i18n.current_language()), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _secrets_usage(args: argparse.Namespace) -> int:
    raise UsageError(_("secrets: say what to do: list or prune"))


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        # Qt loads only for the app, never for the other commands.
        app = importlib.import_module("accountwatch.ui.app")
    except ImportError as exc:
        print(_("The desktop app cannot start: {error}").format(error=exc), file=sys.stderr)
        return EXIT_DATA_DIR
    return int(app.run_app(args))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_("data folder (default: $ACCOUNTWATCH_DATA_DIR or the user data folder)"),
    )
    common.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=_("language: ja or en")
    )
    parser = argparse.ArgumentParser(
        prog="accountwatch",
        parents=[common],
        description=_("Keeps your marketplace accounts from being frozen."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"AccountWatch {__version__}",
        help=_("show the version number and exit"),
    )
    parser.add_argument(
        "--demo", action="store_true", default=False, help=_("open the app on sample data")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(
        name: str, func: Callable[[argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=text, description=text)
        p.set_defaults(func=func)
        return p

    gui = add("gui", cmd_gui, _("open the desktop app (the default)"))
    gui.add_argument("--demo", action="store_true", help=_("sample data in a temporary folder"))
    gui.add_argument(
        "--hidden",
        action="store_true",
        help=_("start in the system tray without showing the window (start at login)"),
    )

    p = add("import", cmd_import, _("import a profile file (merge by id, or --replace)"))
    p.add_argument("file", metavar="FILE", help=_("profile JSON file, or - for standard input"))
    p.add_argument(
        "--replace", action="store_true", help=_("replace everything instead of merging")
    )

    p = add("export", cmd_export, _("export the profile (passwords never)"))
    p.add_argument("file", metavar="FILE", help=_("output file, or - for standard output"))
    p.add_argument(
        "--include-secrets", action="store_true", help=_("include two-factor (TOTP) secrets")
    )

    p = add("check", cmd_check, _("run the freeze-risk health check"))
    p.add_argument(
        "--at",
        metavar="DATE",
        type=date_argument,
        help=_("evaluate as of this date (YYYY-MM-DD)"),
    )
    p.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    p.add_argument(
        "--no-record", action="store_true", help=_("do not record the run in the history")
    )
    p.add_argument(
        "--fail-on",
        metavar="BAND",
        choices=[b.value for b in Band],
        help=_("exit with status 1 when the overall band is this or worse"),
    )

    p = add("reminders", cmd_reminders, _("list what falls due soon"))
    p.add_argument(
        "--at",
        metavar="DATETIME",
        type=datetime_argument,
        help=_("as of this local date and time"),
    )
    p.add_argument("--json", action="store_true", help=_("print as JSON"))
    p.add_argument(
        "--days",
        type=int,
        default=COMING_UP_DAYS,
        help=_("how many days ahead (default {days})").format(days=COMING_UP_DAYS),
    )
    p.add_argument(
        "--due", action="store_true", help=_("print what is due now and mark it delivered (cron)")
    )

    p = add("calendar", cmd_calendar, _("export due dates with alarms as an iCalendar file"))
    p.add_argument("file", metavar="FILE.ics", help=_("output file, or - for standard output"))
    p.add_argument(
        "--at",
        metavar="DATETIME",
        type=datetime_argument,
        help=_("export as of this local date and time (the events' time stamp)"),
    )

    p = add("report", cmd_report, _("write the health-check report as HTML or PDF"))
    p.add_argument("file", metavar="FILE", help=_("FILE.html or FILE.pdf"))
    p.add_argument(
        "--at",
        metavar="DATE",
        type=date_argument,
        help=_("evaluate as of this date (YYYY-MM-DD)"),
    )

    p = add("secrets", _secrets_usage, _("what AccountWatch keeps in the system keyring"))
    secrets = p.add_subparsers(dest="secrets_command", metavar="ACTION")
    listing = secrets.add_parser(
        "list",
        parents=[common],
        help=_("list the entries, their data folder and whether it still uses them"),
        description=_(
            "List what AccountWatch keeps in the system keyring (never the secrets): each "
            "entry's label, its data folder and whether that folder still uses it."
        ),
    )
    listing.set_defaults(func=cmd_secrets_list)
    listing.add_argument("--json", action="store_true", help=_("print as JSON"))
    pruning = secrets.add_parser(
        "prune",
        parents=[common],
        help=_("remove the entries no data folder uses"),
        description=_(
            "Remove the keyring entries no data folder uses: those of deleted data folders, "
            "removed accounts and accounts without two-factor by authenticator app."
        ),
    )
    pruning.set_defaults(func=cmd_secrets_prune)
    pruning.add_argument(
        "--dry-run", action="store_true", help=_("only show what would be removed")
    )

    p = add(
        "restore",
        cmd_restore,
        _("put the newest good backup back in place of a damaged database"),
    )
    p.add_argument(
        "backup",
        metavar="BACKUP",
        nargs="?",
        help=_("the backup to restore (a file, or a name in the backups folder)"),
    )
    p.add_argument(
        "--list", action="store_true", help=_("list the backups and whether each can be restored")
    )

    cli_passwords.add_parser(sub, common)

    p = add("demo-profile", cmd_demo_profile, _("print a sample profile that trips most rules"))
    p.add_argument(
        "--at", metavar="DATE", type=date_argument, help=_("date the sample around this day")
    )
    return parser


def run() -> NoReturn:
    """The `accountwatch` command and `python -m accountwatch`: `main`, in a process that ends
    with the command."""
    _PROCESS.ends_with_command = True
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # Started with standard output or error closed (`>&-`, some cron and service set-ups),
    # Python has None there: what would be printed goes nowhere instead of failing the command
    # after its work is done.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115
    try:
        return _run(args_list)
    except BrokenPipeError:
        # The reader went away (`check | head -1`): what it wanted it has. As the Python docs
        # recommend, standard output goes to devnull so that the flush at exit fails no more.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        # Ctrl-C: a write under way was rolled back with its transaction; no traceback, and
        # the shell's status for a command ended by SIGINT.
        print(_("accountwatch: interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the one place that turns any crash into status 4
        _report_unexpected(exc, args_list)
        return EXIT_UNEXPECTED


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor behind it (a test's capture)
        pass


def _report_unexpected(exc: Exception, args_list: list[str]) -> None:
    """One line on standard error naming the log that holds the traceback."""
    # Logging loads only when something went wrong.
    from accountwatch.errorlog import log_unexpected

    command = next((arg for arg in args_list if not arg.startswith("-")), "gui")
    written = log_unexpected(exc, command, data_dir(_option_from(args_list, "--data-dir")))
    error = type(exc).__name__
    if written is None:
        line = _("unexpected error ({error}); no log file could be written").format(error=error)
    elif written.in_data_folder:
        line = _("unexpected error ({error}); the details are in {file}").format(
            error=error, file=written.path
        )
    else:
        line = _(
            "unexpected error ({error}); the data folder cannot hold a log, "
            "the details are in {file}"
        ).format(error=error, file=written.path)
    with contextlib.suppress(OSError):
        print(f"accountwatch: {line}", file=sys.stderr)


def _run(args_list: list[str]) -> int:
    i18n.set_language(_language_from(args_list))
    translate_argparse()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    if args.command is None:
        args.func = cmd_gui
    if args.func is not cmd_gui:  # the app turns it on once it has started
        collector.started()
    if not isinstance(sys.stdout, _Output):
        sys.stdout = _Output(sys.stdout)
    try:
        code = int(args.func(args))
        # Output still buffered would be written at exit, past the handling of a closed pipe.
        sys.stdout.flush()
        return code
    except OutputError as exc:
        # Standard output full or gone (`> /dev/full`): the output's fault, not the data
        # folder's; what the command did before printing (a check recorded) stands.
        print(
            "accountwatch: "
            + _("cannot write the output: {error}").format(error=os_error_words(exc.error)),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except ProfileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (UsageError, NoDataFolderError, cli_passwords.BadFileError) as exc:
        print(f"accountwatch: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (DataDirError, KeyringUnavailable, FingerprintKeyError) as exc:
        print(f"accountwatch: {exc}", file=sys.stderr)
        return EXIT_DATA_DIR
    except (sqlite3.Error, OSError) as exc:
        # A full disk or a damaged database (quick_check tells) is the data folder's state,
        # status 3 with what to do; anything else is unexpected (main: status 4).
        from accountwatch.services import storage

        fault = storage.fault(exc, data_dir(args.data_dir))
        if fault is None:
            raise
        print(f"accountwatch: {fault}", file=sys.stderr)
        return EXIT_DATA_DIR


class OutputError(Exception):
    """Writing to standard output failed (other than a reader gone away)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Output:
    """Standard output, telling its own failures apart from the data folder's: an OSError while
    writing it (ENOSPC into /dev/full) would otherwise read as the data folder's disk full."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise  # a reader gone away: ends quietly (main)
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _option_from(argv: list[str], name: str) -> str | None:
    """The value of `name VALUE` or `name=VALUE` in `argv`, before argparse runs."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _language_from(argv: list[str]) -> str | None:
    """--lang, $ACCOUNTWATCH_LANG, the profile's setting, else None (the system's).

    Chosen before argparse runs, so that its help and errors are translated too.
    """
    chosen = i18n.choose_language(_option_from(argv, "--lang"))
    if chosen is not None:
        return chosen
    return stored_language(data_dir(_option_from(argv, "--data-dir")))


if __name__ == "__main__":
    sys.exit(main())
