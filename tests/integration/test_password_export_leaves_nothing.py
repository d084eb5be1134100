"""After `accountwatch passwords analyse` of each of the five exports, run as a user runs it
with a real gnome-keyring: no password of the export, nor its SHA-1, is anywhere in the data
folder (every file, the SQLite database's bytes and backups included) or anywhere in the
keyring (every item of every collection: label, attributes and secret)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import secretstorage

from accountwatch.services.pwned_file import sha1_hex
from cli_process import accountwatch
from export_files import FORMATS, LOGINS, PROFILE, write_export

pytestmark = [pytest.mark.keyring, pytest.mark.usefixtures("secret_service")]


def _keyring_texts() -> Iterator[bytes]:
    """Everything every item of the Secret Service holds: label, attributes, secret."""
    connection = secretstorage.dbus_init()
    try:
        for collection in secretstorage.get_all_collections(connection):
            with contextlib.suppress(secretstorage.exceptions.LockedException):
                collection.unlock()
            for item in collection.get_all_items():
                yield item.get_label().encode()
                yield json.dumps(item.get_attributes(), ensure_ascii=False).encode()
                yield item.get_secret()
    finally:
        connection.close()


def _needles() -> list[bytes]:
    secrets = [login.password for login in LOGINS if login.password]
    return [
        needle
        for secret in secrets
        for needle in (
            secret.encode(),
            sha1_hex(secret).encode(),
            sha1_hex(secret).lower().encode(),
        )
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_password_of_the_export_is_left_in_the_data_folder_or_the_keyring(
    tmp_path: Path, fmt: str
) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE), "utf-8")
    folder = tmp_path / "data"
    assert accountwatch("import", str(profile), "--data-dir", str(folder)).returncode == 0
    export = write_export(tmp_path, fmt)
    hibp = tmp_path / "pwned.txt"
    hashes = sorted({sha1_hex(login.password) for login in LOGINS if login.password})
    hibp.write_text("".join(f"{h}:5\n" for h in hashes))

    done = accountwatch(
        "passwords", "analyse", str(export), "--hibp", str(hibp), "--data-dir", str(folder)
    )

    assert done.returncode == 0, done.stderr
    assert "rakuten.co.jp" in done.stdout  # the analysis did find the reuse
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files)
    # The scan reads what the database keeps: the other sites' host names are there.
    assert any(b"rakuten.co.jp" in p.read_bytes() for p in files)
    for path in files:
        data = path.read_bytes()
        for needle in _needles():
            assert needle not in data, f"{path.name} holds a password of the export or its hash"
    texts = list(_keyring_texts())
    # The scan reads secrets: the reuse-check key of this data folder is among them.
    assert any(b"reuse-check key" in text for text in texts)
    for text in texts:
        for needle in _needles():
            assert needle not in text, "the keyring holds a password of the export or its hash"
