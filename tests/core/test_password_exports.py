"""Reading the five password managers' CSV exports: detection from the header, quoting,
Japanese titles, empty passwords, change dates, and clear errors for what is not an export."""

from __future__ import annotations

import datetime as dt

import pytest

from accountwatch.core.model import Account, Platform
from accountwatch.core.password_exports import (
    ExportError,
    ExportFormat,
    app_of,
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
    assert [e.hosts for e in export.entries] == [
        ("login.alibaba.com",),
        ("rakuten.co.jp",),
        ("amazon.co.jp",),
        ("github.com",),
        ("login.1688.com",),
        ("sakura.slack.com",),
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


@pytest.mark.parametrize("blank", ["\n", "\r\n\r\n", "\n  \n,,\n", "\ufeff\n\n"])
def test_blank_lines_before_the_header_are_skipped(blank: str) -> None:
    export = read_export((blank + export_text("chrome")).encode())
    assert export.format == ExportFormat.CHROME
    assert [e.password for e in export.entries] == [x.password for x in LOGINS if x.password]


@pytest.mark.parametrize("blank", ["\n", "\n\n \n", ", ,\r\n\t\n"])
def test_a_file_of_blank_lines_only_is_empty(blank: str) -> None:
    with pytest.raises(ExportError, match="the file is empty"):
        read_export(blank.encode())


def test_a_first_line_that_is_not_a_header_after_blank_lines_is_named_by_number() -> None:
    data = b"\n\nAlibaba,https://www.alibaba.com/,sakura-buyer,TopSecretPw-123\n"
    with pytest.raises(ExportError, match=r"^line 3 has 4 columns and is not the header"):
        read_export(data)


def test_a_line_that_is_not_a_header_is_described_never_shown() -> None:
    # An export saved without its header starts with a login, password included.
    data = b"Alibaba,https://www.alibaba.com/,sakura-buyer,TopSecretPw-123\n"
    with pytest.raises(ExportError) as refused:
        read_export(data)
    message = str(refused.value)
    assert "line 1 has 4 columns and is not the header of a Bitwarden" in message
    assert "name,url,username,password" in message  # what a header looks like
    for cell in ("Alibaba", "alibaba.com", "sakura-buyer", "TopSecretPw-123"):
        assert cell not in message


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),  # with a byte-order mark, as Excel's "Unicode text" writes it
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_told_to_be_saved_as_utf8(encoding: str, name: str) -> None:
    with pytest.raises(ExportError, match=f"the file is {name} text, not UTF-8: save it as UTF-8"):
        read_export(export_text("chrome").encode(encoding))


def test_a_field_longer_than_pythons_csv_default_is_read() -> None:
    note = "長いメモ" * 50_000  # 200,000 characters, over csv's 131,072
    text = f'name,url,username,password,note\nA,https://a.example/,me,Secret-1,"{note}"\n'
    export = read_export(text.encode())
    assert [(e.username, e.password) for e in export.entries] == [("me", "Secret-1")]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("name,url,username,password,password,note", "password"),
        ("name,URL,username,password,url ,note", "url"),
    ],
)
def test_a_column_the_format_needs_named_twice_is_refused(header: str, column: str) -> None:
    # With the password in the first column, the last one (empty) would have been read.
    data = f"{header}\nA,https://a.example/,me,Secret-1,,\n".encode()
    with pytest.raises(ExportError, match=f"names the column {column} more than once"):
        read_export(data)


def test_a_column_the_format_does_not_read_may_come_twice() -> None:
    data = b"name,url,username,password,note,note\nA,https://a.example/,me,Secret-1,x,y\n"
    assert [e.password for e in read_export(data).entries] == ["Secret-1"]


def test_a_chosen_format_whose_columns_are_missing_names_them() -> None:
    with pytest.raises(ExportError, match="no column login_uri, login_username"):
        read_export(export_text("chrome").encode(), ExportFormat.BITWARDEN)


def test_a_chosen_format_reads_a_header_detection_would_not_know() -> None:
    # Firefox without its extra columns: only --format firefox says what it is.
    text = "url,username,password\nhttps://a.example,me,Secret-1\n"
    with pytest.raises(ExportError):
        read_export(text.encode())
    export = read_export(text.encode(), ExportFormat.FIREFOX)
    assert [(e.hosts, e.username) for e in export.entries] == [(("a.example",), "me")]


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("https://www.Amazon.co.jp/ap/signin?x=1", "amazon.co.jp"),
        ("login.alibaba.com/path", "login.alibaba.com"),
        ("phish.example/?next=https://login.alibaba.com", "phish.example"),
        ("https://例え.jp/", "例え.jp"),
        ("https://example.com./", "example.com"),
        ("http://192.168.1.10:8080/", "192.168.1.10"),
        ("androidapp://com.example.app", ""),  # an app, not a web host
        ("", ""),
        ("http://[broken", ""),
        # No host names: a spreadsheet formula, a space, a right-to-left override, no name.
        ("=cmd|' /C calc'!A0", ""),
        ("https://exa mple.com/", ""),
        ("good.example\u202egnp.exe", ""),
        ("https://a..example/", ""),
        ("2", ""),
    ],
)
def test_host_of(address: str, host: str) -> None:
    assert host_of(address) == host


@pytest.mark.parametrize(
    ("address", "app"),
    [
        (
            "androidapp://com.alibaba.intl.android.apps.poseidon",
            "com.alibaba.intl.android.apps.poseidon",
        ),
        ("android://aGFzaA-_==@com.example.app/", "com.example.app"),
        ("https://com.example.app/", ""),
        ("androidapp://not a package", ""),
    ],
)
def test_app_of(address: str, app: str) -> None:
    assert app_of(address) == app


BITWARDEN_APP_AND_SITE = (
    ",".join(HEADERS["bitwarden"])
    + "\n"
    + ',,login,Alibaba,,,0,"androidapp://com.alibaba.intl.android.apps.poseidon,'
    + 'https://www.alibaba.com/",sakura-buyer,Ali-Secret-7731zq,\n'
)


def test_every_address_of_an_entry_is_read_and_any_makes_it_the_accounts() -> None:
    (entry,) = read_export(BITWARDEN_APP_AND_SITE.encode()).entries
    assert entry.hosts == ("alibaba.com",)
    assert entry.apps == ("com.alibaba.intl.android.apps.poseidon",)
    assert entry.sites == ("alibaba.com", "com.alibaba.intl.android.apps.poseidon")
    account = Account("a", "sakura-buyer", platform=Platform.ALIBABA)
    assert own_entry(account, entry)


# Where each export keeps the address, the user name and the password.
LOGIN_COLUMNS = {
    "bitwarden": ("login_uri", "login_username", "login_password"),
    "1password": ("Url", "Username", "Password"),
    "keepassxc": ("URL", "Username", "Password"),
    "chrome": ("url", "username", "password"),
    "firefox": ("url", "username", "password"),
}
# One address each, with commas: a phishing page naming the platform's host in its query
# string, and a map's place.
PHISHING = '"https://phish.example/?next=1,login.alibaba.com"'
MAP = '"https://www.google.com/maps/@35.68,139.76,15z"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_comma_inside_one_address_never_splits_it_into_more_hosts(fmt: str) -> None:
    # Commas of a query string or a map's place are part of the address, in every format.
    def row(address: str, password: str) -> str:
        values = dict(zip(LOGIN_COLUMNS[fmt], (address, "sakura-buyer", password), strict=True))
        cells = (values.get(name, "login" if name == "type" else "") for name in HEADERS[fmt])
        return ",".join(cells)

    text = "\n".join([",".join(HEADERS[fmt]), row(PHISHING, "PhishPass77!!"), row(MAP, "Pw-2")])
    phish, maps = read_export((text + "\n").encode(), ExportFormat(fmt)).entries
    assert (phish.sites, maps.sites) == (("phish.example",), ("google.com",))
    assert not own_entry(Account("a", "sakura-buyer", platform=Platform.ALIBABA), phish)


@pytest.mark.parametrize(
    ("cell", "sites"),
    [
        ('"https://a.example,https://b.example"', ("a.example", "b.example")),
        ('"https://a.example/?x=1,2,HTTP://b.example"', ("a.example", "b.example")),
        ('"androidapp://com.x.app,https://y.example"', ("y.example", "com.x.app")),
        ('"https://a.example/\nb.example"', ("a.example", "b.example")),
        ('"https://a.example/?next=1,b.example"', ("a.example",)),
    ],
)
def test_bitwarden_splits_its_addresses_at_line_breaks_and_before_a_scheme(
    cell: str, sites: tuple[str, ...]
) -> None:
    text = ",".join(HEADERS["bitwarden"]) + f"\n,,login,X,,,0,{cell},me,Pw-1,\n"
    (entry,) = read_export(text.encode()).entries
    assert entry.sites == sites


def test_an_app_is_never_taken_for_a_platforms_web_host() -> None:
    # A package name that reads like a sub-domain of the platform is still an app.
    text = "name,url,username,password\nX,androidapp://evil.alibaba.com,sakura-buyer,Pw-1\n"
    (entry,) = read_export(text.encode()).entries
    assert (entry.hosts, entry.apps) == ((), ("evil.alibaba.com",))
    assert not own_entry(Account("a", "sakura-buyer", platform=Platform.ALIBABA), entry)


def test_addresses_that_are_no_host_names_leave_the_entry_without_address() -> None:
    text = (
        "name,url,username,password\n"
        "A,=cmd|' /C calc'!A0,me,Pw-1\n"
        "B,https://exa mple.com/,me,Pw-2\n"
        "C,good.example\u202egnp.exe,me,Pw-3\n"
    )
    assert [e.sites for e in read_export(text.encode()).entries] == [(), (), ()]


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
