"""Benchmark: the weekly check on a large profile — pages made and the longest event-loop stall.

The 1,000-account profile of bench/check_scale.py is imported and checked once; then the app
starts on it and, once idle:
  - the weekly check is opened from the Overview (before: 4,001 pages made up front, 18.7 s);
  - Next is pressed four times, one press at a time (one account's steps);
  - the check is closed and opened again, and "Continue where I left off" resumes at the last
    account's verdict (the progress is saved there first).
For each, the longest time the GUI thread went without turning its event loop (the timer of
bench/pages.py), from the call until nothing is left in the background and half a second has
passed, and how many wizard pages exist. Target: no stall above 50 ms. The worst of REPEATS.

Run offscreen: `QT_QPA_PLATFORM=offscreen tools/with-keyring .venv/bin/python
bench/weekly_check.py`.
"""

from __future__ import annotations

import textwrap

from pages import _LOOP, TARGET_MS, measured_runs

REPEATS = 2

APP = _LOOP + textwrap.dedent("""
    from accountwatch.cli import main
    from accountwatch.core.weekly import Step, WeeklyProgress
    from accountwatch.services import weekly
    from accountwatch.ui.navigation import Page
    _exec = QApplication.exec
    SETTLE = 0.5

    def _exec_measured(*args):
        from accountwatch.ui.main_window import MainWindow
        from accountwatch.ui.wizard.base import StepPage
        gaps = Gaps()
        seen = {}
        held = {}

        def window():
            found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            return found[0] if found else None

        def open_check(w):
            held["wizard"] = w.page(Page.OVERVIEW).open_weekly_check()

        def press_next(w):
            held["wizard"].next()

        def resume_at_verdict(w):
            held["wizard"].reject()
            count = len(w.state.profile.accounts)
            last = w.state.profile.accounts[-1].id
            progress = WeeklyProgress(w.state.today, count - 1, last, Step.VERDICT)
            weekly.save_progress(w.state.ws, progress)
            held["wizard"] = w.page(Page.OVERVIEW).open_weekly_check()
            # The offer comes with the last check, loaded in the background.
            held["resume"] = True

        steps = [("open", open_check)]
        steps += [(f"next {n}", press_next) for n in range(1, 5)]
        steps += [("resume", resume_at_verdict)]
        state = {"step": -1, "since": 0.0}

        def settled():
            w = window()
            return w is not None and w.isVisible() and w.state.idle and (
                time.monotonic() - state["since"] >= SETTLE
            )

        def next_step():
            w = window()
            if held.pop("resume", False):
                if held["wizard"].offered is None:
                    held["resume"] = True
                    QTimer.singleShot(5, next_step)
                    return
                held["wizard"].resume()
                state["since"] = time.monotonic()
            if state["step"] >= 0:
                if not settled():
                    QTimer.singleShot(5, next_step)
                    return
                name = steps[state["step"]][0]
                pages = len(held["wizard"].findChildren(StepPage))
                seen[name] = {"stall": gaps.worst * 1000, "pages": pages}
            elif w is None or not w.isVisible() or not w.state.idle:
                QTimer.singleShot(5, next_step)
                return
            state["step"] += 1
            if state["step"] == len(steps):
                print(json.dumps(seen), flush=True)
                QApplication.quit()
                return
            gaps.mark()
            steps[state["step"]][1](w)
            state["since"] = time.monotonic()
            QTimer.singleShot(5, next_step)

        QTimer.singleShot(0, next_step)
        return _exec()

    QApplication.exec = _exec_measured
    sys.exit(main(sys.argv[1:]))
""")


def main() -> None:
    runs = measured_runs(APP, REPEATS)
    print(f"{'action':10}  {'longest stall':16}  pages made (of 4,001)")
    missed = 0
    for action in runs[0]:
        stall = max(float(r[action]["stall"]) for r in runs)
        pages = max(int(r[action]["pages"]) for r in runs)
        ok = stall <= TARGET_MS
        missed += not ok
        print(f"{action:10}  {stall:5.0f} ms {'ok' if ok else 'MISSED':7}  {pages}")
    print(f"target: no stall above {TARGET_MS} ms; {missed} of {len(runs[0])} missed")


if __name__ == "__main__":
    main()
