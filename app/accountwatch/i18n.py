"""Translation of the app's own strings through gettext (`_()` at use, `N_()` at import time)."""

from __future__ import annotations

import contextlib
import gettext
import locale
import os
from importlib import resources

DOMAIN = "accountwatch"
LANGUAGES = ("ja", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def locale_dir() -> str:
    return str(resources.files("accountwatch") / "resources" / "locale")


def system_language() -> str:
    """The first supported language of the environment, English when none is."""
    candidates = [
        os.environ.get(name, "") for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    ]
    with contextlib.suppress(ValueError):
        candidates.append(locale.getlocale()[0] or "")
    for value in candidates:
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
    return "en"


def set_language(language: str | None) -> str:
    """Switch every later `_()` to `language` (None: the system's); returns the one in use."""
    global _translations, _language
    chosen = language if language in LANGUAGES else system_language()
    _translations = gettext.translation(DOMAIN, locale_dir(), languages=[chosen], fallback=True)
    _language = chosen
    return chosen


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message
