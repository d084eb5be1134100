"""Benchmark: start-up time and peak memory of the app, as ratios to a bare PySide6 window.

Each measurement is a fresh process. "Started" means: the main window is shown, the first
assessment of the profile is on screen and no background task is left (`AppState.idle`: work
moved off the start-up path still counts until it has landed); the targets apply to it. "Window
up", the first turn of the event loop with the window shown (it answers the user from then on,
the overview saying it is still checking), is printed beside it. Measured in the same run:
  - baseline: a QMainWindow with one label, shown, then idle;
  - the app on the demo profile (`--demo`): targets ≤ 2.5 × time, ≤ 2 × peak memory;
  - the app on a 1,000-account profile (bench/check_scale.py's generator): target ≤ 4 × time.
"Without a visible stall": from the window showing until started, the GUI thread never goes
more than MAX_STALL_MS without turning its event loop (the worst of all runs is shown).
Run offscreen: `QT_QPA_PLATFORM=offscreen .venv/bin/python bench/startup.py`.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_scale import make_profile

REPEATS = 3
# A window that does not answer for longer than this looks stuck (the usual 0.1 s response limit).
MAX_STALL_MS = 100

# Prints "<epoch s, window up> <epoch s, started> <peak RSS in KiB> <longest stall in ms>" once
# started, then quits. The window is up at the first turn of the event loop with it shown (from
# then on it answers the user); a stall is the longest the GUI thread then went without turning
# its event loop: a timer asks for a turn every 5 ms.
_IDLE_PROBE = """
import resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def _report_when_idle(ready, shown):
    turns, up = [], []
    def poll():
        if shown():
            turns.append(time.monotonic())
            up.append(time.time())
        if ready():
            gaps = [b - a for a, b in zip(turns, turns[1:])] or [0.0]
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(up[0], time.time(), peak, max(gaps) * 1000, flush=True)
            QApplication.quit()
        else:
            QTimer.singleShot(5, poll)
    QTimer.singleShot(0, poll)
"""

BASELINE = _IDLE_PROBE + textwrap.dedent("""
    from PySide6.QtWidgets import QLabel, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("AccountWatch"))
    window.show()
    _report_when_idle(window.isVisible, window.isVisible)
    app.exec()
""")

APP = _IDLE_PROBE + textwrap.dedent("""
    from accountwatch.ui.main_window import MainWindow
    _exec = QApplication.exec

    def _exec_when_idle(*args):
        def shown():
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            return bool(windows) and windows[0].isVisible()
        def ready():
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            return shown() and windows[0].state.idle
        _report_when_idle(ready, shown)
        return _exec()

    QApplication.exec = _exec_when_idle
    from accountwatch.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@dataclass(frozen=True)
class Start:
    up: float  # seconds from spawning the process to the window answering
    started: float  # ... to started: assessed, on screen, nothing left in the background
    memory: float  # peak MiB
    stall: float  # longest stall in ms


def measure(code: str, *args: str) -> Start:
    # As installed: with compiled bytecode (pip writes it; a shell may forbid it for checkouts).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    up, started, peak_kib, stall = (float(x) for x in out)
    return Start(up - spawned, started - spawned, peak_kib / 1024, stall)


def median_of(code: str, *args: str) -> Start:
    """Medians of times and memory; the worst stall of all runs."""
    measure(code, *args)  # warm-up: writes the bytecode an installed package would have
    runs = [measure(code, *args) for _ in range(REPEATS)]
    return Start(
        statistics.median(r.up for r in runs),
        statistics.median(r.started for r in runs),
        statistics.median(r.memory for r in runs),
        max(r.stall for r in runs),
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.json"
        big.write_text(json.dumps(make_profile(random.Random(7))), "utf-8")
        data = Path(tmp) / "data"
        subprocess.run(
            [sys.executable, "-m", "accountwatch", "import", str(big), "--data-dir", str(data)],
            check=True,
            capture_output=True,
        )
        base = median_of(BASELINE)
        demo = median_of(APP, "gui", "--demo")
        large = median_of(APP, "gui", "--data-dir", str(data))

    def verdict(ratio: float, target: float | None) -> str:
        if target is None:
            return ""
        return f" (≤ {target:g} {'ok' if ratio <= target else 'MISSED'})"

    def line(name: str, run: Start, time_target: float, memory_target: float | None) -> str:
        started, memory = run.started / base.started, run.memory / base.memory
        return (
            f"{name:16}window up {run.up:.2f} s = {run.up / base.started:.1f} ×;"
            f" started {run.started:.2f} s = {started:.1f} ×{verdict(started, time_target)};"
            f" {run.memory:.0f} MiB = {memory:.1f} ×{verdict(memory, memory_target)};"
            f" longest stall {run.stall:.0f} ms{verdict(run.stall, MAX_STALL_MS)}"
        )

    print(f"bare PySide6 window: {base.started:.2f} s, {base.memory:.0f} MiB (median of {REPEATS})")
    print(line("demo profile:", demo, 2.5, 2))
    print(line("1,000 accounts:", large, 4, None))


if __name__ == "__main__":
    main()
