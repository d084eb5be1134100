"""The demo's vault: its secrets stay in the process's memory, never in the system keyring."""

from __future__ import annotations

from pathlib import Path

from accountwatch.core import demo
from accountwatch.secrets.vault import KEY_FILE_NAME, MemoryVault
from accountwatch.services.workspace import Workspace
from keyring_doubles import MemoryKeyring


def test_secrets_stay_in_memory(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    vault = MemoryVault("demo-install", tmp_path)
    status = vault.status()
    assert status.usable and "memory" in status.detail
    vault.set_totp_secret("shop", "jbsw y3dp ehpk 3pxp")
    # The demo's fixed key, which the sample passwords' shipped fingerprints were made with.
    assert vault.fingerprint_key() == (demo.FINGERPRINT_KEY, False)
    # The same install opened again in this process (the demo opens its folder twice).
    again = MemoryVault("demo-install", tmp_path)
    assert again.get_totp_secret("shop") == "JBSWY3DPEHPK3PXP"
    # Nothing reached the system keyring, nothing was written to the folder.
    assert memory_keyring.entries == {}
    assert not (tmp_path / KEY_FILE_NAME).exists()

    again.delete_all()
    assert vault.get_totp_secret("shop") is None


def test_the_demo_workspace_uses_it(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "demo", memory_secrets=True) as ws:
        assert isinstance(ws.vault, MemoryVault)
    with Workspace.open(tmp_path / "real") as ws:
        assert not isinstance(ws.vault, MemoryVault)
