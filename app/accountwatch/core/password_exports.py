"""Reading password managers' CSV exports (Bitwarden, 1Password, KeePassXC, Chrome, Firefox)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import ipaddress
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from accountwatch.core.model import Account
from accountwatch.core.platforms import facts_of
from accountwatch.i18n import _, ngettext

# An export larger than this is not read: a password manager's CSV of a few thousand entries
# is well under a megabyte; a bigger file is most likely not an export at all.
MAX_EXPORT_BYTES = 20 * 1024 * 1024


class ExportFormat(StrEnum):
    BITWARDEN = "bitwarden"
    ONEPASSWORD = "1password"
    KEEPASSXC = "keepassxc"
    CHROME = "chrome"
    FIREFOX = "firefox"


@dataclass(frozen=True)
class _Columns:
    """Where an export keeps each value (header names, case-folded)."""

    required: tuple[str, ...]
    title: str | None
    url: str
    username: str
    password: str
    changed: str | None = None  # when the password (or the entry) last changed
    type_column: str | None = None  # Bitwarden: only rows of type "login" are passwords
    several_urls: bool = False  # Bitwarden: the address cell may hold several addresses

    @property
    def used(self) -> frozenset[str]:
        """Every column a value is read from."""
        named = (self.title, self.url, self.username, self.password, self.changed, self.type_column)
        return frozenset(self.required) | {name for name in named if name}


_COLUMNS: Mapping[ExportFormat, _Columns] = {
    ExportFormat.BITWARDEN: _Columns(
        ("name", "login_uri", "login_username", "login_password"),
        "name",
        "login_uri",
        "login_username",
        "login_password",
        type_column="type",
        several_urls=True,
    ),
    ExportFormat.ONEPASSWORD: _Columns(
        ("title", "url", "username", "password"), "title", "url", "username", "password"
    ),
    # KeePassXC writes no change date of the password alone; "Last Modified" is the entry's.
    ExportFormat.KEEPASSXC: _Columns(
        ("group", "title", "username", "password", "url"),
        "title",
        "url",
        "username",
        "password",
        changed="last modified",
    ),
    ExportFormat.CHROME: _Columns(
        ("name", "url", "username", "password"), "name", "url", "username", "password"
    ),
    ExportFormat.FIREFOX: _Columns(
        ("url", "username", "password"),
        None,
        "url",
        "username",
        "password",
        changed="timepasswordchanged",
    ),
}


class ExportError(ValueError):
    """A file that is not a password manager export this program reads (nothing was read)."""


@dataclass(frozen=True, repr=False)
class ExportEntry:
    """One login of an export. `password` stays in memory only; repr never shows it."""

    line: int
    # The host names of its web addresses, lower case, without "www." (an entry may have several).
    hosts: tuple[str, ...]
    username: str
    password: str
    changed_on: dt.date | None = None
    # The package names of its Android apps (androidapp://…): shown as sites, but no web host.
    apps: tuple[str, ...] = ()

    @property
    def sites(self) -> tuple[str, ...]:
        """The names its places are shown by: host names, then apps (none: no address)."""
        return self.hosts + self.apps

    def __repr__(self) -> str:
        return f"ExportEntry(line={self.line}, sites={self.sites!r})"


@dataclass(frozen=True)
class Export:
    format: ExportFormat
    entries: tuple[ExportEntry, ...]
    without_password: int  # rows with no password (a note, a card, an empty field)


def detect_format(header: Sequence[str]) -> ExportFormat | None:
    """The export a header row comes from; None when it is none of the five."""
    names = {name.strip().casefold() for name in header}
    if "login_password" in names:
        return ExportFormat.BITWARDEN
    if {"group", "title"} <= names:
        return ExportFormat.KEEPASSXC
    if "timepasswordchanged" in names or {"httprealm", "formactionorigin"} & names:
        return ExportFormat.FIREFOX
    if {"title", "url", "password"} <= names:
        return ExportFormat.ONEPASSWORD
    if {"name", "url", "password"} <= names:
        return ExportFormat.CHROME
    return None


def host_of(address: str) -> str:
    """The host name of a web address, lower case, without "www." ("" when it has none that is
    a valid host name, or is an app's)."""
    text = address.strip()
    if not text or _scheme(text) in _APP_SCHEMES:
        return ""
    try:
        host = urlsplit(text if _SCHEME.match(text) else "//" + text).hostname or ""
    except ValueError:  # a malformed address ("http://[x") has no host to speak of
        return ""
    host = host.removesuffix(".")
    return host.removeprefix("www.") if _valid_host(host) else ""


# Bitwarden writes an Android app as androidapp://PACKAGE, Chrome as android://HASH@PACKAGE/.
_APP_SCHEMES = ("androidapp", "android")
_PACKAGE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


def app_of(address: str) -> str:
    """The package name of an Android app's address ("" when it is none)."""
    text = address.strip()
    if _scheme(text) not in _APP_SCHEMES:
        return ""
    try:
        package = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return package if _PACKAGE.fullmatch(package) else ""


# An address's scheme: only at its start ("a.example/?next=https://b.example" has none).
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def _scheme(address: str) -> str:
    match = _SCHEME.match(address)
    return match[1].casefold() if match else ""


def _valid_host(host: str) -> bool:
    """Letters (any script), digits and hyphens between dots, or an IP address: nothing a
    spreadsheet formula, a space or an invisible control character could hide in."""
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    if host.rpartition(".")[2].isdigit():  # "2", "1.2.3.999": no name, no address
        return False
    if not all(ch in ".-" or unicodedata.category(ch)[0] in "LMN" for ch in host):
        return False
    try:
        host.encode("idna")  # empty or over-long labels, what IDNA prohibits
    except UnicodeError:
        return False
    return True


# Bitwarden keeps all of an entry's addresses in one cell, on lines of their own or joined by
# commas, each then beginning with a scheme. Any other comma belongs to the address itself (a
# query string's "?next=1,login.shop.example", a map's "@35.68,139.76,15z").
_NEXT_ADDRESS = re.compile(r"[\r\n]+|,(?=[A-Za-z][A-Za-z0-9+.-]*://)")


def _addresses(cell: str, several: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The host names and app packages of an address cell: one address, or with `several`
    (Bitwarden) those its line breaks and the commas before a scheme separate."""
    parts = _NEXT_ADDRESS.split(cell) if several else [cell]
    parts = [part for part in parts if part.strip()]
    hosts = dict.fromkeys(host for host in map(host_of, parts) if host)
    apps = dict.fromkeys(app for app in map(app_of, parts) if app)
    return tuple(hosts), tuple(apps)


def too_large_error() -> ExportError:
    """What a file over MAX_EXPORT_BYTES is told (the service says it before reading it)."""
    return ExportError(
        _("the file is larger than {size} MB: not a password manager's export").format(
            size=MAX_EXPORT_BYTES // (1024 * 1024)
        )
    )


def read_export(data: bytes, fmt: ExportFormat | None = None) -> Export:
    """The logins of an export file's bytes; ExportError says what is wrong with the file."""
    if len(data) > MAX_EXPORT_BYTES:
        raise too_large_error()
    text = _text_of(data)
    # Python's csv refuses a field over 128 KiB, but a long note is a valid export: any field
    # that fits in the file is allowed (the limit is the process's; it is only ever raised).
    csv.field_size_limit(max(csv.field_size_limit(), MAX_EXPORT_BYTES))
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = _header(rows)
        chosen = fmt or detect_format(header)
        if chosen is None:
            raise _unknown_header(rows.line_num, len(header))
        columns = _COLUMNS[chosen]
        return _entries(chosen, columns, _column_index(chosen, columns, header), rows)
    except csv.Error as exc:
        raise ExportError(
            _("line {line} is not valid CSV ({error})").format(line=rows.line_num, error=exc)
        ) from None


def _header(rows: Any) -> list[str]:
    """The first row that is not blank (an editor or a script may leave blank lines above the
    header); ExportError when every row is blank."""
    for row in rows:
        if any(cell.strip() for cell in row):
            return list(row)
    raise ExportError(_("the file is empty"))


def _text_of(data: bytes) -> str:
    """The file's text, when it is UTF-8 (with or without a byte-order mark)."""
    wide = _wide_encoding(data)
    if wide is not None:
        raise ExportError(
            _(
                'the file is {encoding} text, not UTF-8: save it as UTF-8 ("CSV UTF-8") and '
                "choose it again"
            ).format(encoding=wide)
        )
    if b"\0" in data:
        raise ExportError(_("the file is not a CSV text file"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(_("the file is not a CSV text file (it is not UTF-8 text)")) from None


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when the bytes are text in one of them (Excel's "Unicode text",
    Windows tools): told by the byte-order mark, or by the NUL of every other byte that the
    ASCII of a CSV header has in them."""
    if data.startswith((b"\xff\xfe\0\0", b"\0\0\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    start = data[:64]
    if len(start) < 4:
        return None
    if not any(start[1::4] + start[2::4] + start[3::4]) or not any(
        start[0::4] + start[1::4] + start[2::4]
    ):
        return "UTF-32"
    if not any(start[1::2]) or not any(start[0::2]):
        return "UTF-16"
    return None


def _unknown_header(line: int, count: int) -> ExportError:
    # Nothing of the line itself: a file without a header starts with a login, password included.
    return ExportError(
        ngettext(
            "line {line} has {count} column and is not the header of a Bitwarden, "
            "1Password, KeePassXC, Chrome or Firefox export, which names its columns (such as "
            "name,url,username,password): export the passwords from the password manager as "
            "CSV again",
            "line {line} has {count} columns and is not the header of a Bitwarden, "
            "1Password, KeePassXC, Chrome or Firefox export, which names its columns (such as "
            "name,url,username,password): export the passwords from the password manager as "
            "CSV again",
            count,
        ).format(line=line, count=count)
    )


def _column_index(fmt: ExportFormat, columns: _Columns, header: Sequence[str]) -> dict[str, int]:
    """Where each column of the header is; ExportError when one the format needs is missing or
    named twice (which of the two holds the password could not be told)."""
    index: dict[str, int] = {}
    twice: list[str] = []
    for i, cell in enumerate(header):
        name = cell.strip().casefold()
        if name in index and name in columns.used and name not in twice:
            twice.append(name)
        index.setdefault(name, i)
    if twice:
        raise ExportError(
            _(
                "the header names the column {columns} more than once: remove the extra column "
                "or export again"
            ).format(columns=", ".join(twice))
        )
    missing = [name for name in columns.required if name not in index]
    if missing:
        raise ExportError(
            _("the header has no column {columns} of a {format} export").format(
                columns=", ".join(missing), format=fmt.value
            )
        )
    return index


def _entries(fmt: ExportFormat, columns: _Columns, index: Mapping[str, int], rows: Any) -> Export:
    """The rows after the header (`rows`: a csv reader, which knows its line number)."""
    entries: list[ExportEntry] = []
    without_password = 0

    def cell(row: list[str], name: str | None) -> str:
        at = index.get(name) if name else None
        return row[at] if at is not None and at < len(row) else ""

    for row in rows:
        if not any(value.strip() for value in row):
            continue  # a blank line
        line = rows.line_num
        if columns.type_column and cell(row, columns.type_column).strip().casefold() not in (
            "",
            "login",
        ):
            without_password += 1  # a secure note or a card: no password to compare
            continue
        password = cell(row, columns.password)
        if not password:
            without_password += 1
            continue
        hosts, apps = _addresses(cell(row, columns.url), columns.several_urls)
        entries.append(
            ExportEntry(
                line=line,
                hosts=hosts,
                username=cell(row, columns.username).strip(),
                password=password,
                changed_on=_changed_on(cell(row, columns.changed)),
                apps=apps,
            )
        )
    return Export(fmt, tuple(entries), without_password)


_EPOCH_MS = re.compile(r"\d{12,14}")


def _changed_on(value: str) -> dt.date | None:
    """A change date as exports write it: Firefox's milliseconds since 1970, KeePassXC's ISO
    time; None when absent or unreadable (the age is then unknown, not an error)."""
    text = value.strip()
    if not text:
        return None
    try:
        if _EPOCH_MS.fullmatch(text):
            moment = dt.datetime.fromtimestamp(int(text) / 1000, tz=dt.UTC)
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return moment.date()


def own_entry(account: Account, entry: ExportEntry) -> bool:
    """Whether an export's entry is this marketplace account's: one of its addresses is on the
    platform's host (or a sub-domain of it), and the account's login id or e-mail is its user
    name. An app counts only when the platform lists its package name itself."""
    hosts = facts_of(account.platform).hosts
    on_platform = any(
        host == h or host.endswith("." + h) for host in entry.hosts for h in hosts
    ) or any(app in hosts for app in entry.apps)
    if not on_platform:
        return False
    name = entry.username.casefold()
    return bool(name) and name in {account.login_id.casefold(), account.email.casefold()}
