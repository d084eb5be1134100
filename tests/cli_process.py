"""The command line run as a user runs it: a process of its own, in English."""

from __future__ import annotations

import os
import subprocess
import sys


def accountwatch(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACCOUNTWATCH_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "accountwatch", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
