"""Benchmark: the app's start-up, as ratios to a bare PySide6 window, against issue 17's targets.

Each measurement is a fresh process. The cases take turns, round after round (after one warm-up
round), so that a spell of load on the machine slows the baseline as much as the app; the medians
of REPEATS rounds are shown, and for stalls the worst of them. Measured in the same run:
  - baseline: a QMainWindow with one label, shown, then idle;
  - the demo (`--demo`): it fills its empty folder and assesses the sample at start;
  - 1,000 accounts (bench/check_scale.py's profile) whose last check was recorded today with
    nothing changed since: the recorded check is all it shows, no assessment runs;
  - the same profile whose last check was recorded yesterday: the recorded score shows at once,
    marked with its date, and a fresh assessment follows.
The moments, from spawning the process:
  - window up: the first turn of the event loop with the window shown (it answers from then on);
  - score on screen: the Overview's gauge shows a score, the last recorded one or a fresh one;
  - fresh assessment complete: the Overview shows a result assessed in this process;
  - started: nothing left in the background (`AppState.idle`): the assessment, if one is due,
    the first reminder pass (which waits for it) and the read of the listings' text that the
    first assessment left out (see README, "A listing keeps what the keyword scanner found")
    have landed.
Peak memory is the process's own high-water mark (VmHWM, which exec resets; `ru_maxrss` would
also count the peak of the process that spawned it). The longest stall is the longest the GUI
thread went without turning its event loop between the window showing and started. Processor
time is the process's (every thread) to started: on a busy machine it moves far less than the
clock's times.
Run offscreen: `QT_QPA_PLATFORM=offscreen tools/with-keyring .venv/bin/python bench/startup.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from large_app import ENV, cli, write_profile

# Nine rounds: with five, a median moved by 0.1× (a tenth of the bare window) from run to run.
REPEATS = 9

# Prints, as JSON, the epoch seconds at which the window was up, a score was on screen and the
# app had started, its peak memory in KiB, the longest stall in ms and whether the result shown
# at the end was assessed in this process; then quits. A timer asks for a turn of the event
# loop every 5 ms.
_PROBE = """
import json, sys, time

def _peak_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes there, KiB elsewhere

def _report(window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    turns, moments = [], {}
    def poll():
        shown = window() is not None and window().isVisible()
        if shown:
            turns.append(time.monotonic())
            moments.setdefault("up", time.time())
        state = getattr(window(), "state", None)
        # The score the Overview's gauge shows: the last recorded one, or a fresh one.
        gauge = getattr(getattr(window(), "pages", {}).get("overview"), "gauge", None)
        if shown and (state is None or (gauge is not None and gauge.score is not None)):
            moments.setdefault("score", time.time())
        if shown and state is not None and state.result and state.result.recorded_at is None:
            moments.setdefault("assessed", time.time())
        if shown and (state is None or state.idle):
            gaps = [b - a for a, b in zip(turns, turns[1:])] or [0.0]
            fresh = state is not None and state.result.recorded_at is None
            print(json.dumps({**moments, "started": time.time(), "peak_kib": _peak_kib(),
                              "cpu": time.process_time(), "stall_ms": max(gaps) * 1000,
                              "fresh": fresh}), flush=True)
            QApplication.quit()
        else:
            QTimer.singleShot(5, poll)
    QTimer.singleShot(0, poll)
"""

BASELINE = _PROBE + textwrap.dedent("""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    app = QApplication(sys.argv[:1])
    main = QMainWindow()
    main.setCentralWidget(QLabel("AccountWatch"))
    main.show()
    _report(lambda: main)
    app.exec()
""")

# The modules load as the `accountwatch` command loads them (accountwatch.entry): the collector
# held off, the command line first, PySide6 once it starts the app (the probe's own imports come
# after the command line's).
APP = _PROBE + textwrap.dedent("""
    from accountwatch.services import collector
    collector.hold_for_start()
    from accountwatch.cli import main
    from PySide6.QtWidgets import QApplication
    _exec = QApplication.exec

    def _exec_measured(*args):
        from accountwatch.ui.main_window import MainWindow
        def window():
            found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            return found[0] if found else None
        _report(window)
        return _exec()

    QApplication.exec = _exec_measured
    sys.exit(main(sys.argv[1:]))
""")


@dataclass(frozen=True)
class Start:
    up: float  # seconds from spawning the process to the window answering
    score: float  # ... to a score on the Overview
    started: float  # ... to nothing left in the background
    fresh: float  # ... to a fresh assessment on screen (inf: none)
    memory: float  # peak MiB
    stall: float  # longest stall in ms
    cpu: float  # processor time (every thread) to started, in seconds


def measure(code: str, args: tuple[str, ...], fresh: bool | None) -> Start:
    """One start; `fresh` says whether it must assess at start (None: not the app)."""
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV, check=True
    ).stdout
    seen = json.loads(out.splitlines()[-1])
    if fresh is not None and seen["fresh"] != fresh:
        # The case measured would not be the one named.
        raise SystemExit(f"{args}: expected {'a' if fresh else 'no'} assessment at start")
    return Start(
        seen["up"] - spawned,
        seen["score"] - spawned,
        seen["started"] - spawned,
        seen.get("assessed", float("inf")) - spawned,
        seen["peak_kib"] / 1024,
        seen["stall_ms"],
        seen["cpu"],
    )


def medians(cases: dict[str, tuple[str, tuple[str, ...], bool | None]]) -> dict[str, Start]:
    """Per case (code, arguments, whether it must assess at start), the medians of its starts:
    the cases take turns, one start each per round; the first round warms up (it writes the
    bytecode an installed package would have)."""
    runs: dict[str, list[Start]] = {name: [] for name in cases}
    for round_ in range(REPEATS + 1):
        for name, (code, args, fresh) in cases.items():
            start = measure(code, args, fresh)
            if round_:
                runs[name].append(start)
    return {name: median_of(starts) for name, starts in runs.items()}


def median_of(runs: list[Start]) -> Start:
    """Medians of times and memory; the worst stall of all runs."""
    return Start(
        statistics.median(r.up for r in runs),
        statistics.median(r.score for r in runs),
        statistics.median(r.started for r in runs),
        statistics.median(r.fresh for r in runs),
        statistics.median(r.memory for r in runs),
        max(r.stall for r in runs),
        statistics.median(r.cpu for r in runs),
    )


def large_folders(tmp: Path) -> tuple[Path, Path]:
    """Two data folders with the 1,000-account profile: one with a check recorded today,
    one with its last check recorded yesterday."""
    source = tmp / "large.json"
    write_profile(source)
    today, yesterday = tmp / "recorded-today", tmp / "recorded-yesterday"
    cli("import", str(source), "--data-dir", str(today))
    shutil.copytree(today, yesterday)
    cli("check", "--data-dir", str(today))
    earlier = dt.date.today() - dt.timedelta(days=1)
    cli("check", "--at", earlier.isoformat(), "--data-dir", str(yesterday))
    return today, yesterday


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        today, yesterday = large_folders(Path(tmp))
        found = medians(
            {
                "base": (BASELINE, (), None),
                "demo": (APP, ("gui", "--demo"), True),
                "same": (APP, ("gui", "--data-dir", str(today)), False),
                "fresh": (APP, ("gui", "--data-dir", str(yesterday)), True),
            }
        )
        base, demo, same, fresh = (found[name] for name in ("base", "demo", "same", "fresh"))

    # (measure, value, target, its unit, the value the target applies to)
    rows: list[tuple[str, str, float | None, str, float]] = []

    def seconds(name: str, value: float, target: float | None) -> None:
        ratio = value / base.started
        rows.append((name, f"{value:5.2f} s = {ratio:5.2f} ×", target, "×", ratio))

    seconds("window up, demo", demo.up, 2.5)
    seconds("window up, 1,000 accounts, recorded today", same.up, 2.5)
    seconds("window up, 1,000 accounts, recorded yesterday", fresh.up, 2.5)
    seconds("a score on screen, demo", demo.score, 3)
    seconds("a score on screen, 1,000 accounts, recorded today", same.score, 3)
    seconds("a score on screen, 1,000 accounts, recorded yesterday", fresh.score, 3)
    seconds("started, 1,000 accounts, recorded today", same.started, None)
    seconds("fresh assessment complete, 1,000 accounts", fresh.fresh, 6)
    seconds("started, 1,000 accounts, recorded yesterday", fresh.started, None)
    seconds("demo started (nothing pending)", demo.started, 3)
    # On a busy machine the clock's ratios swing with the other processes' load; processor time
    # (every thread of the process, to started) varies far less.
    cpu = demo.cpu / base.cpu
    rows.append(("demo started, processor time", f"{demo.cpu:5.2f} s = {cpu:5.2f} ×", None, "", 0))
    memory = demo.memory / base.memory
    rows.append(("demo peak memory", f"{demo.memory:5.0f} MiB = {memory:.2f} ×", 1.8, "×", memory))
    for name, run in (("recorded today", same), ("recorded yesterday", fresh)):
        label = f"longest stall while starting, 1,000 accounts, {name}"
        rows.append((label, f"{run.stall:5.0f} ms", 50, " ms", run.stall))
    rows.append(("longest stall while starting, demo", f"{demo.stall:5.0f} ms", None, "", 0))

    print(
        f"bare PySide6 window: {base.started:.2f} s ({base.cpu:.2f} s of processor time),"
        f" {base.memory:.0f} MiB"
        f" (medians of {REPEATS}; stalls: the worst run); ratios are to these"
    )
    print(
        f"peak memory with 1,000 accounts: {same.memory:.0f} MiB recorded today,"
        f" {fresh.memory:.0f} MiB recorded yesterday"
    )
    width = max(len(name) for name, *_ in rows)
    for name, value, target, unit, measured in rows:
        verdict = ""
        if target is not None:
            verdict = f"   ≤ {target:g}{unit}  {'ok' if measured <= target else 'MISSED'}"
        print(f"{name:{width}}  {value}{verdict}")


if __name__ == "__main__":
    main()
