"""README.md shows the demo's appeal letters as the app drafts them today."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_letters_are_the_ones_the_app_writes() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "appeal_drafts.py"), "--check"],
        capture_output=True,
        text=True,
        env={**os.environ, "ACCOUNTWATCH_LANG": ""},
        check=False,
    )
    assert done.returncode == 0, "README.md is out of date: run python tools/appeal_drafts.py"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "件名：アカウント利用制限解除のお願い（お問い合わせ番号：AE-20261024-0387）" in readme
    assert "Subject: Request to lift the restriction on account sakura-store" in readme
