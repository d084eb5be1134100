"""Password manager exports written as each program writes them, for the tests: the real header
rows, their quoting, Japanese titles, a password with a comma and a quote, an empty password."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Login:
    title: str
    url: str
    username: str
    password: str
    changed: dt.datetime | None = None


HEADERS = {
    "bitwarden": [
        "folder",
        "favorite",
        "type",
        "name",
        "notes",
        "fields",
        "reprompt",
        "login_uri",
        "login_username",
        "login_password",
        "login_totp",
    ],
    "1password": [
        "Title",
        "Url",
        "Username",
        "Password",
        "OTPAuth",
        "Favorite",
        "Archived",
        "Tags",
        "Notes",
    ],
    "keepassxc": [
        "Group",
        "Title",
        "Username",
        "Password",
        "URL",
        "Notes",
        "TOTP",
        "Icon",
        "Last Modified",
        "Created",
    ],
    "chrome": ["name", "url", "username", "password", "note"],
    "firefox": [
        "url",
        "username",
        "password",
        "httpRealm",
        "formActionOrigin",
        "guid",
        "timeCreated",
        "timeLastUsed",
        "timePasswordChanged",
    ],
}

# Every password here is unique to these tests, so that a scan of the data folder and the
# keyring for them finds only what leaked.
SHARED = "Kumo-Sakura#7731-shared"
LOGINS = (
    Login(
        "アリババ 本店",
        "https://login.alibaba.com/newlogin/login.htm",
        "sakura-main",
        SHARED,
        dt.datetime(2025, 3, 4, 5, 6, tzinfo=dt.UTC),
    ),
    Login("楽天市場 (仕入れ)", "https://www.rakuten.co.jp/", "sakura@example.jp", SHARED),
    Login("Amazon.co.jp, 経理", "https://www.amazon.co.jp/ap/signin", "keiri", SHARED),
    Login("GitHub", "https://github.com/login", "sakura-dev", 'Only,"Here"-55-xq'),
    Login(
        "1688 仕入れ", "https://login.1688.com/member/signin.htm", "sakura1688", "Tora-Umi-4410-zz"
    ),
    Login("社内メモ", "https://intranet.example.jp/", "memo", ""),  # no password: skipped
    Login("Slack", "https://sakura.slack.com/", "keiri@example.jp", "Tora-Umi-4410-zz"),
)


def _row(fmt: str, login: Login) -> list[str]:
    changed = login.changed
    if fmt == "bitwarden":
        return [
            "業務",
            "",
            "login",
            login.title,
            "メモ\n二行目",
            "",
            "0",
            login.url,
            login.username,
            login.password,
            "",
        ]
    if fmt == "1password":
        return [
            login.title,
            login.url,
            login.username,
            login.password,
            "",
            "false",
            "false",
            "仕事",
            "",
        ]
    if fmt == "keepassxc":
        stamp = changed.strftime("%Y-%m-%dT%H:%M:%SZ") if changed else ""
        return [
            "Root/業務",
            login.title,
            login.username,
            login.password,
            login.url,
            "",
            "",
            "0",
            stamp,
            stamp,
        ]
    if fmt == "chrome":
        return [login.title, login.url, login.username, login.password, ""]
    stamp_ms = str(int(changed.timestamp() * 1000)) if changed else ""
    return [
        login.url.split("/", 3)[0] + "//" + login.url.split("/", 3)[2],
        login.username,
        login.password,
        "",
        login.url,
        f"{{0b5f1f0e-0000-4000-8000-{len(login.title):012d}}}",
        stamp_ms,
        stamp_ms,
        stamp_ms,
    ]


def export_text(fmt: str, logins: tuple[Login, ...] = LOGINS) -> str:
    """The CSV text of an export of `logins` as `fmt` writes it."""
    out = io.StringIO(newline="")
    # KeePassXC and Firefox quote every field; the others only where needed.
    quoting = csv.QUOTE_ALL if fmt in ("keepassxc", "firefox") else csv.QUOTE_MINIMAL
    writer = csv.writer(out, quoting=quoting, lineterminator="\r\n" if fmt == "chrome" else "\n")
    writer.writerow(HEADERS[fmt])
    for login in logins:
        writer.writerow(_row(fmt, login))
    if fmt == "bitwarden":  # a secure note: no password to compare
        writer.writerow(["", "", "note", "銀行の連絡先", "03-0000-0000", "", "0", "", "", "", ""])
    return out.getvalue()


def write_export(folder: Path, fmt: str, logins: tuple[Login, ...] = LOGINS) -> Path:
    path = folder / f"{fmt}-export.csv"
    # Bitwarden and 1Password write a byte-order mark; the others do not.
    bom = "\ufeff" if fmt in ("bitwarden", "1password") else ""
    path.write_text(bom + export_text(fmt, logins), encoding="utf-8", newline="")
    return path


FORMATS = tuple(HEADERS)


# The data folder the exports above are analysed against: Alibaba.com main (its password is
# in the exports under its login) and a 1688 account with a password of its own.
PROFILE = {
    "format": "accountwatch.profile",
    "version": 1,
    "accounts": [
        {
            "id": "ali",
            "platform": "alibaba.com",
            "label": "Alibaba.com main",
            "login_id": "sakura-main",
        },
        {
            "id": "shop",
            "platform": "1688",
            "login_id": "other-login",
            "password": "Tora-Umi-4410-zz",
        },
    ],
}
