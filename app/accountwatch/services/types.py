"""Types the front ends show or catch, re-exported so that they need not reach `store` or
`secrets`: recorded runs, the vault's status and the errors of the data folder and keyring."""

from __future__ import annotations

from accountwatch.secrets.vault import FingerprintKeyError, KeyringUnavailable, VaultStatus
from accountwatch.store.db import DataDirError
from accountwatch.store.runs import RecordedRun, RunAccount, RunFinding, RunSummary

__all__ = [
    "DataDirError",
    "FingerprintKeyError",
    "KeyringUnavailable",
    "RecordedRun",
    "RunAccount",
    "RunFinding",
    "RunSummary",
    "VaultStatus",
]
