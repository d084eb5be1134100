"""`accountwatch passwords analyse`: a password manager's export against the accounts."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from accountwatch.i18n import _, join_list, ngettext
from accountwatch.paths import data_dir
from accountwatch.services.password_wording import (
    account_lines,
    delete_warning,
    format_name,
    kept_sentence,
)

FORMATS = ("bitwarden", "1password", "keepassxc", "chrome", "firefox")


class BadFileError(Exception):
    """The export or the Pwned Passwords file cannot be used, or the analysis must be run
    again: exit status 2."""


def cmd_analyse(args: argparse.Namespace) -> int:
    from accountwatch.services import breaches, password_export
    from accountwatch.services.pwned_file import BreachFileError
    from accountwatch.services.workspace import Workspace

    if not args.file.strip():
        # Path("") is the current folder: it would be refused as "not a regular file".
        raise BadFileError(_("passwords analyse: the file name is empty"))
    today = dt.datetime.now().astimezone().date()
    path = Path(args.file)
    fmt = password_export.ExportFormat(args.format) if args.format else None
    with Workspace.open_existing(data_dir(args.data_dir)) as ws:
        try:
            result = password_export.analyse_export(
                ws,
                path,
                today=today,
                fmt=fmt,
                pwned=Path(args.hibp) if args.hibp else None,
            )
        except password_export.ExportError as exc:
            raise BadFileError(_("{file}: {problem}").format(file=path, problem=exc)) from exc
        except password_export.AccountsDeletedError as exc:
            raise BadFileError(str(exc)) from exc
        except BreachFileError as exc:
            # The file of --hibp, else the one chosen in Settings: named either way.
            chosen = args.hibp or breaches.configured_path(ws) or ""
            raise BadFileError(
                _("Pwned Passwords file {file}: {problem}").format(file=chosen, problem=exc)
            ) from exc
    if args.json:
        print(json.dumps(_as_json(result, today, path), ensure_ascii=False, indent=2))
    else:
        _print(result, today)
    print(kept_sentence(), file=sys.stderr)
    print(delete_warning(path), file=sys.stderr)
    return 0


def _age_days(changed: dt.date | None, today: dt.date) -> int | None:
    return None if changed is None else (today - changed).days


def _as_json(result: Any, today: dt.date, path: Path) -> dict[str, Any]:
    return {
        "format": str(result.format),
        "entries": result.entries,
        "without_password": result.without_password,
        "distinct_passwords": result.distinct_passwords,
        "accounts": [
            {
                "id": a.account_id,
                "name": a.name,
                "found_in_export": a.found_in_export,
                "reused_on": list(a.reused_on),
                "password_changed_on": a.changed_on.isoformat() if a.changed_on else None,
                "password_age_days": _age_days(a.changed_on, today),
                "password_differs_from_last_check": a.password_differs,
                "breach_count": a.breach_count,
            }
            for a in result.accounts
        ],
        "breach_file": result.breach_source or None,
        "breached_sites": None if result.breached_sites is None else list(result.breached_sites),
        "kept": kept_sentence(),
        "delete_the_export": delete_warning(path),
    }


def _print(result: Any, today: dt.date) -> None:
    print(
        ngettext(
            "{format} export: {entries} entry with a password ({empty} without), {distinct} "
            "different passwords.",
            "{format} export: {entries} entries with a password ({empty} without), {distinct} "
            "different passwords.",
            result.entries,
        ).format(
            format=format_name(str(result.format)),
            entries=result.entries,
            empty=result.without_password,
            distinct=result.distinct_passwords,
        )
    )
    for account in result.accounts:
        print()
        print(account.name)
        for line in account_lines(account, today, result.breach_source):
            print("  " + line)
    if result.breached_sites:
        print()
        print(
            _("Passwords of other sites found in breaches ({file}): {sites}").format(
                file=result.breach_source, sites=join_list(list(result.breached_sites))
            )
        )


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """`passwords analyse FILE.csv [--format F] [--json] [--hibp FILE_OR_DIR]`."""
    text = _("analyse a password manager's export against your accounts")
    p = sub.add_parser("passwords", parents=[common], help=text, description=text)
    p.set_defaults(func=_usage)
    actions = p.add_subparsers(dest="passwords_command", metavar="ACTION")
    analyse = actions.add_parser(
        "analyse",
        parents=[common],
        help=text,
        description=_(
            "Read a CSV export of Bitwarden, 1Password, KeePassXC, Chrome/Edge or Firefox, find "
            "which other sites use each account's password and how old it is, and keep only "
            "keyed fingerprints and host names. The export's passwords are written nowhere."
        ),
    )
    analyse.set_defaults(func=cmd_analyse)
    analyse.add_argument("file", metavar="FILE.csv", help=_("the password manager's CSV export"))
    analyse.add_argument(
        "--format",
        choices=FORMATS,
        help=_("the export's format (default: recognised from its header)"),
    )
    analyse.add_argument("--json", action="store_true", help=_("print as JSON"))
    analyse.add_argument(
        "--hibp",
        metavar="FILE_OR_DIR",
        help=_(
            "a Pwned Passwords SHA-1 file (ordered by hash) or per-prefix folder for the "
            "breach check (default: the one chosen in Settings)"
        ),
    )
    breach = actions.add_parser(
        "breach-file",
        parents=[common],
        help=_("show or set the Pwned Passwords file of the breach check"),
        description=_(
            "Show or set the Pwned Passwords SHA-1 file (ordered by hash) or per-prefix folder "
            "in which every password AccountWatch sees is looked up, on this computer."
        ),
    )
    breach.set_defaults(func=cmd_breach_file)
    breach.add_argument("path", metavar="FILE_OR_DIR", nargs="?", help=_("the file or folder"))
    breach.add_argument("--off", action="store_true", help=_("check passwords no more"))


def cmd_breach_file(args: argparse.Namespace) -> int:
    from accountwatch.services import breaches
    from accountwatch.services.workspace import Workspace

    if args.off and args.path is not None:
        raise BadFileError(_("passwords breach-file: give a file or folder, or --off, not both"))
    if args.path is not None and not args.path.strip():
        raise BadFileError(_("passwords breach-file: the file or folder name is empty"))
    with Workspace.open_existing(data_dir(args.data_dir)) as ws:
        if args.off or args.path:
            path = None if args.off else Path(args.path)
            try:
                breaches.set_path(ws, path)
            except breaches.BreachFileError as exc:
                raise BadFileError(
                    _("Pwned Passwords file {file}: {problem}").format(file=args.path, problem=exc)
                ) from exc
        chosen = breaches.configured_path(ws)
    if chosen is None:
        print(_("No Pwned Passwords file is set: passwords are not checked for breaches."))
    else:
        print(_("Passwords are checked for breaches in {path}.").format(path=chosen))
    return 0


def _usage(args: argparse.Namespace) -> int:
    raise BadFileError(_("passwords: say what to do: analyse or breach-file"))
