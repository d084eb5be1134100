"""Runs a snippet in a fresh interpreter: what a start loads, seen without this test process's
modules (it has loaded everything already)."""

from __future__ import annotations

import subprocess
import sys


def fresh_python(code: str) -> str:
    """What `code` prints, run by this Python in a new process."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
