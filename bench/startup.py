"""Benchmark: start-up time and peak memory of the app, as ratios to a bare PySide6 window.

Each measurement is a fresh process. "Started" means: the main window is shown, the first
assessment of the profile is on screen and no background task is left (`AppState.idle`: work
moved off the start-up path still counts until it has landed). Measured in the same run:
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_scale import make_profile

REPEATS = 3
# A window that does not answer for longer than this looks stuck (the usual 0.1 s response limit).
MAX_STALL_MS = 100

# Prints "<epoch seconds> <peak RSS in KiB> <longest stall in ms>" once idle, then quits. A
# stall is the longest the GUI thread went without turning its event loop, from the moment the
# window was shown: a timer asks for a turn every 5 ms.
_IDLE_PROBE = """
import resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def _report_when_idle(ready, shown):
    turns = []
    def poll():
        if shown():
            turns.append(time.monotonic())
        if ready():
            gaps = [b - a for a, b in zip(turns, turns[1:])] or [0.0]
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(time.time(), peak, max(gaps) * 1000, flush=True)
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


def measure(code: str, *args: str) -> tuple[float, float, float]:
    """(seconds from spawning the process to idle, peak memory in MiB, longest stall in ms)."""
    # As installed: with compiled bytecode (pip writes it; a shell may forbid it for checkouts).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    return float(out[0]) - started, float(out[1]) / 1024, float(out[2])


def median_of(code: str, *args: str) -> tuple[float, float, float]:
    """Medians of time and memory; the worst stall of all runs."""
    measure(code, *args)  # warm-up: writes the bytecode an installed package would have
    runs = [measure(code, *args) for _ in range(REPEATS)]
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs),
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
        base_t, base_m, _stall = median_of(BASELINE)
        demo_t, demo_m, demo_s = median_of(APP, "gui", "--demo")
        big_t, big_m, big_s = median_of(APP, "gui", "--data-dir", str(data))

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"bare PySide6 window: {base_t:.2f} s, {base_m:.0f} MiB (median of {REPEATS})")
    demo_tr, demo_mr, big_tr = demo_t / base_t, demo_m / base_m, big_t / base_t
    print(
        f"demo profile:        {demo_t:.2f} s = {demo_tr:.1f} × (≤ 2.5 {verdict(demo_tr <= 2.5)}),"
        f" {demo_m:.0f} MiB = {demo_mr:.1f} × (≤ 2 {verdict(demo_mr <= 2)}),"
        f" longest stall {demo_s:.0f} ms (≤ {MAX_STALL_MS} {verdict(demo_s <= MAX_STALL_MS)})"
    )
    print(
        f"1,000 accounts:      {big_t:.2f} s = {big_tr:.1f} × (≤ 4 {verdict(big_tr <= 4)}),"
        f" {big_m:.0f} MiB = {big_m / base_m:.1f} ×,"
        f" longest stall {big_s:.0f} ms (≤ {MAX_STALL_MS} {verdict(big_s <= MAX_STALL_MS)})"
    )


if __name__ == "__main__":
    main()
