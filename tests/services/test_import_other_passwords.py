"""A profile with many other passwords (issue 16): capped at MAX_OTHER_PASSWORDS, and 400 of
them imported with worker processes, with progress, each to its right fingerprint. (The time,
against 20 s: bench/password_scale.py.)"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from accountwatch.core import passwords
from accountwatch.core.problems import ProfileError
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace

TODAY = dt.date(2026, 12, 2)


def _file(tmp_path: Path, count: int) -> Path:
    doc = {
        "format": "accountwatch.profile",
        "version": 1,
        "accounts": [
            {
                "id": "ae",
                "platform": "aliexpress",
                "login_id": "ae-user",
                "password": "Elsewhere-7-pw-zq",  # also one of its other passwords: reuse
                "other_passwords": [f"Elsewhere-{i}-pw-zq" for i in range(count)],
            }
        ],
    }
    path = tmp_path / f"profile-{count}.json"
    path.write_text(json.dumps(doc), "utf-8")
    return path


def test_400_other_passwords_are_stretched_with_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with Workspace.open(tmp_path / "data") as ws:
        profiles.import_profile(
            ws,
            profiles.read_import(_file(tmp_path, 400)),
            replace_all=True,
            today=TODAY,
            progress=lambda done, total: seen.append((done, total)),
        )
        account = ws.repo.load_profile().account("ae")
        key, _degraded = ws.vault.fingerprint_key()
        salt = ws.db.install_salt
    assert seen[0] == (0, 400) and seen[-1] == (400, 400)
    assert account is not None and len(account.other_fingerprints) == 400
    assert account.other_fingerprints[3] == passwords.fingerprint(
        "Elsewhere-3-pw-zq", key=key, salt=salt
    )
    assert account.password is not None
    assert account.password.fingerprint in account.other_fingerprints


def test_more_other_passwords_than_the_cap_are_refused_naming_the_field(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as refused:
        profiles.read_import(_file(tmp_path, passwords.MAX_OTHER_PASSWORDS + 1))
    [problem] = refused.value.problems
    assert problem.path == "accounts[0].other_passwords"
    assert "at most 1000 different passwords (this list has 1001)" in problem.message
