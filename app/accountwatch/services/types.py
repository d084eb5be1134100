"""Types the front ends show or catch, re-exported so that they need not reach `store` or
`secrets`: recorded runs, the vault's status and the errors of the data folder and keyring; and
what an import brought in."""

from __future__ import annotations

from dataclasses import dataclass

from accountwatch.secrets.vault import FingerprintKeyError, KeyringUnavailable, VaultStatus
from accountwatch.store.db import DataDirError
from accountwatch.store.runs import RecordedRun, RunAccount, RunFinding, RunSummary

__all__ = [
    "DataDirError",
    "FingerprintKeyError",
    "ImportResult",
    "KeyringUnavailable",
    "RecordedRun",
    "RunAccount",
    "RunFinding",
    "RunSummary",
    "VaultStatus",
]


@dataclass(frozen=True)
class ImportResult:
    """How many accounts, cards and payments an import brought in, and what to tell about it."""

    accounts: int
    cards: int
    payments: int
    notes: tuple[str, ...] = ()
