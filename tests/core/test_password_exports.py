"""Reading the five password managers' CSV exports: detection from the header, quoting,
Japanese titles, empty passwords, change dates, and clear errors for what is not an export."""

from __future__ import annotations

import datetime as dt

import pytest

from accountwatch.core.model import Account, Platform
from accountwatch.core.password_exports import (
    ExportError,
    ExportFormat,
    detect_format,
    host_of,
    own_entry,
    read_export,
)
from export_files import FORMATS, HEADERS, LOGINS, SHARED, export_text


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_export_is_recognised_from_its_header_and_read_whole(fmt: str) -> None:
    bom = "\ufeff" if fmt in ("bitwarden", "1password") else ""
    export = read_export((bom + export_text(fmt)).encode("utf-8"))

    assert export.format == ExportFormat(fmt)
    with_password = [login for login in LOGINS if login.password]
    assert [e.password for e in export.entries] == [login.password for login in with_password]
    # The empty password (and Bitwarden's secure note) are counted, not read as logins.
    assert export.without_password == (2 if fmt == "bitwarden" else 1)
    assert [e.host for e in export.entries] == [
        "login.alibaba.com",
        "rakuten.co.jp",
        "amazon.co.jp",
        "github.com",
        "login.1688.com",
        "sakura.slack.com",
    ]
    # A password with a comma and quotes survives the quoting exactly.
    assert 'Only,"Here"-55-xq' in {e.password for e in export.entries}
    assert export.entries[0].username == "sakura-main"


@pytest.mark.parametrize(
    ("fmt", "changed"),
    [("firefox", dt.date(2025, 3, 4)), ("keepassxc", dt.date(2025, 3, 4)), ("chrome", None)],
)
def test_change_dates_are_read_where_the_export_has_them(fmt: str, changed: dt.date) -> None:
    export = read_export(export_text(fmt).encode())
    assert export.entries[0].changed_on == changed
    assert export.entries[1].changed_on is None  # this login has no date in any export


def test_the_repr_of_an_entry_never_shows_its_password() -> None:
    export = read_export(export_text("chrome").encode())
    assert SHARED not in repr(export.entries[0])
    assert SHARED not in repr(export)


@pytest.mark.parametrize(
    ("header", "expected"),
    [(HEADERS[fmt], ExportFormat(fmt)) for fmt in FORMATS]
    + [(["url", "username", "password"], None), (["a", "b"], None)],
)
def test_detect_format(header: list[str], expected: ExportFormat | None) -> None:
    assert detect_format(header) == expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0", "not a CSV text file"),
        ("名前,URL\n".encode("shift_jis"), "not UTF-8"),
        (b"", "empty"),
        (b"date,amount,payee\n2026-01-01,3,x\n", "not the header of a Bitwarden"),
        (b'name,url,username,password,note\n"a,"b",c,d,e\n', "line 2 is not valid CSV"),
    ],
)
def test_what_is_not_an_export_is_refused_saying_why(data: bytes, words: str) -> None:
    with pytest.raises(ExportError, match=words):
        read_export(data)


def test_a_chosen_format_whose_columns_are_missing_names_them() -> None:
    with pytest.raises(ExportError, match="no column login_uri, login_username"):
        read_export(export_text("chrome").encode(), ExportFormat.BITWARDEN)


def test_a_chosen_format_reads_a_header_detection_would_not_know() -> None:
    # Firefox without its extra columns: only --format firefox says what it is.
    text = "url,username,password\nhttps://a.example,me,Secret-1\n"
    with pytest.raises(ExportError):
        read_export(text.encode())
    export = read_export(text.encode(), ExportFormat.FIREFOX)
    assert [(e.host, e.username) for e in export.entries] == [("a.example", "me")]


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("https://www.Amazon.co.jp/ap/signin?x=1", "amazon.co.jp"),
        ("login.alibaba.com/path", "login.alibaba.com"),
        ("androidapp://com.example.app", "com.example.app"),
        ("", ""),
        ("http://[broken", ""),
    ],
)
def test_host_of(address: str, host: str) -> None:
    assert host_of(address) == host


def test_own_entry_needs_the_platform_host_and_the_login() -> None:
    account = Account("a", "Sakura-Main", platform=Platform.ALIBABA, email="k@example.jp")
    export = read_export(export_text("chrome").encode())
    alibaba, rakuten = export.entries[0], export.entries[1]
    assert own_entry(account, alibaba)  # login id, case aside, on login.alibaba.com
    assert not own_entry(account, rakuten)
    other_login = Account("b", "someone-else", platform=Platform.ALIBABA)
    assert not own_entry(other_login, alibaba)
    no_host = Account("c", "sakura-main", platform=Platform.OTHER)
    assert not own_entry(no_host, alibaba)
