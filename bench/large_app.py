"""What the app benchmarks share: check_scale's 1,000-account profile in a data folder, and
running the app (or a probe) in a fresh process as the `accountwatch` command runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

BENCH = Path(__file__).parent

# Writes check_scale's 1,000-account profile to the file named, in a process of its own: the
# parent stays small (a child's ru_maxrss would inherit its peak; and so the bench's own size
# does not weigh on the machine while it measures).
MAKE_PROFILE = textwrap.dedent(f"""
    import json, random, sys
    sys.path.insert(0, {str(BENCH)!r})
    from check_scale import make_profile
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(make_profile(random.Random(7)), out)
""")

# As installed: with compiled bytecode (pip writes it; a shell may forbid it for checkouts).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")


def cli(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "accountwatch", *args], check=True, capture_output=True, env=ENV
    )


def write_profile(source: Path) -> None:
    subprocess.run([sys.executable, "-c", MAKE_PROFILE, str(source)], check=True, env=ENV)


def checked_today(tmp: Path) -> Path:
    """A data folder with the profile and a check recorded today: the app starts on it without
    assessing."""
    source, data = tmp / "large.json", tmp / "data"
    write_profile(source)
    cli("import", str(source), "--data-dir", str(data))
    cli("check", "--data-dir", str(data))
    return data


def last_line(code: str, *args: str) -> Any:
    """The JSON the last line of `python -c code args` printed."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])
