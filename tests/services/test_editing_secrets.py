"""Two-factor setup from the app: codes are verified, secrets go to the keyring or nowhere."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from accountwatch.core import twofactor
from accountwatch.core.model import TwoFactorMethod
from accountwatch.core.problems import ProfileError
from accountwatch.services import checks, editing, profiles
from accountwatch.services.workspace import Workspace
from keyring_doubles import MemoryKeyring

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def rules_of(ws: Workspace, account_id: str) -> set[str]:
    result = checks.run_check(ws, NOW.date(), record=False, now=NOW)
    return {f.rule for f in result.assessment.findings if f.account == account_id}


def test_a_new_secret_makes_a_link_whose_codes_verify() -> None:
    secret = editing.new_totp_secret()
    uri = editing.totp_uri(secret, "sakura-store", "AliExpress")
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    code = twofactor.current_code(secret, NOW)
    assert editing.verify_totp(secret, code, NOW)
    assert editing.verify_totp(secret, code, NOW + dt.timedelta(seconds=30))  # one step late
    assert not editing.verify_totp(secret, code, NOW + dt.timedelta(minutes=5))
    assert not editing.verify_totp(secret, "12345", NOW)


def test_a_pasted_key_or_link_is_read_and_a_bad_one_is_refused() -> None:
    assert editing.normalize_totp_secret("jbsw y3dp ehpk 3pxp") == "JBSWY3DPEHPK3PXP"
    link = f"otpauth://totp/AliExpress:store?secret={SECRET}&issuer=AliExpress"
    assert editing.normalize_totp_secret(link) == SECRET
    with pytest.raises(ValueError, match="base32"):
        editing.normalize_totp_secret("not a secret!")


def test_enabling_totp_without_a_keyring_saves_the_method_and_says_why_the_secret_was_not_kept(
    ws: Workspace, no_keyring: None
) -> None:
    assert "SEC-2FA-OFF" in rules_of(ws, "aliexpress-store")
    reason = editing.enable_totp(ws, "aliexpress-store", SECRET)
    assert reason is not None and "keyring" in reason
    account = ws.repo.load_profile().account("aliexpress-store")
    assert account is not None
    assert account.two_factor.method is TwoFactorMethod.TOTP
    assert not account.two_factor.backup_codes_saved
    assert not account.has_totp_secret
    assert "SEC-2FA-OFF" not in rules_of(ws, "aliexpress-store")
    assert editing.totp_code(ws, "aliexpress-store", NOW) is None
    assert not editing.vault_status(ws).usable


def test_a_kept_secret_lives_in_the_keyring_only_and_shows_codes(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    assert editing.vault_status(ws).usable
    assert editing.enable_totp(ws, "1688-shop", SECRET) is None
    account = ws.repo.load_profile().account("1688-shop")
    assert account is not None and account.has_totp_secret
    # backup_codes_saved is kept as it was
    assert not account.two_factor.backup_codes_saved
    assert SECRET in memory_keyring.entries.values()
    assert editing.totp_code(ws, "1688-shop", NOW) == twofactor.current_code(SECRET, NOW)
    for file in ws.data_dir.rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file


def test_setting_up_again_without_keeping_forgets_the_old_secret(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    editing.enable_totp(ws, "1688-shop", SECRET)
    assert editing.enable_totp(ws, "1688-shop", None) is None
    account = ws.repo.load_profile().account("1688-shop")
    assert account is not None and not account.has_totp_secret
    assert SECRET not in memory_keyring.entries.values()


def test_a_keyring_that_fails_midway_still_saves_the_method(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    assert editing.vault_status(ws).usable
    memory_keyring.broken = True
    reason = editing.enable_totp(ws, "aliexpress-store", SECRET)
    assert reason is not None and "locked" in reason
    account = ws.repo.load_profile().account("aliexpress-store")
    assert account is not None and account.two_factor.method is TwoFactorMethod.TOTP
    assert not account.has_totp_secret


def test_enabling_totp_on_a_deleted_account_is_refused(ws: Workspace) -> None:
    with pytest.raises(ProfileError):
        editing.enable_totp(ws, "no-such-account", None)


def test_an_export_file_is_private_and_carries_secrets_only_when_asked(
    ws: Workspace, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    editing.keep_totp_secret(ws, "alibaba-main", SECRET)
    plain, full = tmp_path / "plain.json", tmp_path / "full.json"
    editing.export_to_file(ws, plain, include_secrets=False)
    editing.export_to_file(ws, full, include_secrets=True)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o600
    assert SECRET not in plain.read_text("utf-8")
    assert SECRET in full.read_text("utf-8")
    parsed, secrets = profiles.read_import(full)
    assert secrets.totp_secrets == {"alibaba-main": SECRET}
    assert [a.id for a in parsed.accounts] == [a.id for a in ws.repo.load_profile().accounts]
    assert not list(tmp_path.glob(".aw-export-*"))
