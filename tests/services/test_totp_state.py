"""An account says it has a TOTP secret only when the keyring took it (issue 16)."""

from __future__ import annotations

import datetime as dt
import json

from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace
from keyring_doubles import MemoryKeyring

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TODAY = dt.date(2026, 11, 29)


def _with_secret(ws: Workspace, account_id: str) -> tuple[profiles.Profile, profiles.Secrets]:
    document = json.loads(profiles.export_profile(ws, include_secrets=False))
    for account in document["accounts"]:
        if account["id"] == account_id:
            account["two_factor"] = {"method": "totp", "totp_secret": SECRET}
    return profiles.parse_import(json.dumps(document))


def test_an_imported_secret_the_keyring_refused_is_not_recorded(
    ws: Workspace, no_keyring: None
) -> None:
    result = profiles.import_profile(
        ws, _with_secret(ws, "alibaba-main"), replace_all=False, today=TODAY
    )
    assert any("not kept" in note for note in result.notes)
    account = ws.repo.load_profile().account("alibaba-main")
    assert account is not None and not account.has_totp_secret
    # The lie showed here: the export with secrets failed for want of a secret that was nowhere.
    exported = json.loads(profiles.export_profile(ws, include_secrets=True))
    assert "totp_secret" not in json.dumps(exported)


def test_an_imported_secret_the_keyring_took_is_recorded(
    ws: Workspace, memory_keyring: MemoryKeyring
) -> None:
    profiles.import_profile(ws, _with_secret(ws, "alibaba-main"), replace_all=False, today=TODAY)
    account = ws.repo.load_profile().account("alibaba-main")
    assert account is not None and account.has_totp_secret
    assert ws.vault.get_totp_secret("alibaba-main") == SECRET
