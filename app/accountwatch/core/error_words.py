"""Python's own error texts (file system, JSON syntax) in the user's language."""

from __future__ import annotations

import errno

from accountwatch.i18n import N_, _

# What the C library says (`strerror`) is English whatever the app's language; these are the
# errors a user meets when choosing a file or folder. Others keep the system's words.
_OS_ERRORS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBUSY: N_("it is in use"),
    errno.ENXIO: N_("it is a pipe nothing reads from"),
}

# json.JSONDecodeError.msg, by how it starts (Python 3.11–3.13).
_JSON_ERRORS = (
    ("Expecting value", N_("a value is missing")),
    ("Expecting ',' delimiter", N_("a comma is missing")),
    ("Expecting ':' delimiter", N_("a colon is missing")),
    ("Expecting property name", N_("a name in double quotes is expected")),
    ("Unterminated string", N_("a string is not closed")),
    ("Invalid control character", N_("a control character stands inside a string")),
    ("Invalid \\escape", N_("an invalid escape (\\) stands inside a string")),
    ("Invalid \\uXXXX escape", N_("an invalid escape (\\) stands inside a string")),
    ("Extra data", N_("there is more after the end of the document")),
    ("Illegal trailing comma", N_("a comma stands before a closing bracket")),
)


def os_error_words(error: OSError) -> str:
    """Why a file operation failed, in the user's language."""
    known = _OS_ERRORS.get(error.errno or 0)
    if known is not None:
        return _(known)
    return error.strerror or str(error)


def cannot_write(file: object, error: OSError) -> str:
    """That `file` (as the user named it, not a temporary file beside it) cannot be written, and
    why."""
    return _("cannot write {file}: {error}").format(file=file, error=os_error_words(error))


def json_error_words(message: str) -> str:
    """What is wrong with a JSON text, from `json.JSONDecodeError.msg`."""
    for start, words in _JSON_ERRORS:
        if message.startswith(start):
            return _(words)
    return _("the JSON syntax is broken")
