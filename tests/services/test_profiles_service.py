"""Importing profiles with passwords: reuse recognised, each password stretched once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountwatch.core import passwords
from accountwatch.core.demo import demo_profile
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "data") as workspace:
        yield workspace


def test_one_password_on_several_accounts_is_stretched_once(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    stretched: list[str] = []
    real = passwords.fingerprint

    def counting(password: str, *, key: bytes, salt: bytes) -> str:
        stretched.append(password)
        return real(password, key=key, salt=salt)

    monkeypatch.setattr(passwords, "fingerprint", counting)
    parsed = profiles.parse_import(json.dumps(demo_profile(DAY)))
    profiles.import_profile(ws, parsed, replace_all=True, today=DAY)
    assert stretched == ["Sakura2024!"]


def test_distinct_passwords_stretch_side_by_side_with_the_same_fingerprints(
    ws: Workspace,
) -> None:
    doc = {
        "format": "accountwatch.profile",
        "version": 1,
        "accounts": [
            {"id": f"a{i}", "login_id": f"user{i}", "password": f"Secret-{i % 3}-pass!"}
            for i in range(6)
        ]
        + [{"id": "other", "login_id": "x", "other_passwords": ["Secret-1-pass!", "elsewhere"]}],
    }
    profiles.import_profile(ws, profiles.parse_import(json.dumps(doc)), replace_all=True, today=DAY)
    stored = {a.id: a for a in ws.repo.load_profile().accounts}
    key, _degraded = ws.vault.fingerprint_key()
    expected = {
        i: passwords.fingerprint(f"Secret-{i % 3}-pass!", key=key, salt=ws.db.install_salt)
        for i in range(6)
    }
    for i in range(6):
        analysis = stored[f"a{i}"].password
        assert analysis is not None and analysis.fingerprint == expected[i]
    assert expected[1] in stored["other"].other_fingerprints
