"""argparse's own texts (usage, option headings, errors) through the app's catalogue."""

from __future__ import annotations

import argparse

from accountwatch import i18n
from accountwatch.i18n import N_

# argparse looks its texts up with `gettext.gettext`, in the process-wide default domain and
# the environment's language; our language comes from --lang or the settings. These are the
# ones a user of our command line can meet (Python 3.11–3.13); argparse's errors about a
# badly built parser are for us, not for users, and stay in English.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def _gettext(message: str) -> str:
    return i18n._(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n)


def translate_argparse() -> None:
    """Make argparse ask our catalogue, in the language chosen by `i18n.set_language`.

    argparse calls its module-level `_` and `ngettext` at the time it formats a text, so
    rebinding them reaches every parser, built before or after.
    """
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
