"""The tray on a real X server: Xvfb with trayer as the system tray, in a process of its own.

Qt chooses its platform once per process, and the rest of the suite runs offscreen (no tray
there), so the cases in x11_tray_cases.py run in a child pytest on the xcb platform.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def _need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} is missing: tools/install-system-deps installs it")
        pytest.skip(f"{program} is not installed (tools/install-system-deps installs it)")
    return path


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A virtual screen with a system tray on it; yields its DISPLAY."""
    xvfb, trayer = _need("Xvfb"), _need("trayer")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    display = f":{number}"
    tray = subprocess.Popen(
        [trayer, "--edge", "top", "--align", "right", "--height", "24"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # trayer takes the tray selection; Qt asks for it when the app starts
    try:
        yield display
    finally:
        for process in (tray, server):
            process.terminate()
            process.wait(10)


def test_tray_cases_on_a_real_x_server(x_display: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DISPLAY": x_display,
        "QT_QPA_PLATFORM": "xcb",
        # No StatusNotifier host is on the bus: Qt uses the XEmbed tray and its own balloons.
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    env.pop("WAYLAND_DISPLAY", None)
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(HERE / "x11_tray_cases.py"),
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "child"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stdout[-6000:] + child.stderr[-3000:]
    assert " passed" in child.stdout and "skipped" not in child.stdout, child.stdout[-3000:]


def _app_env(display: str | None, tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_LOGGING_RULES": "qt.widgets.showhide=true",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return env


def _shown(log: Path) -> bool:
    text = log.read_text("utf-8", "replace")
    return "Setting visibility of MainWindow" in text and "to true" in text


def _wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_start_hidden_stays_in_the_tray_until_launched_again(
    x_display: str, tmp_path: Path
) -> None:
    env = _app_env(x_display, tmp_path)
    data = tmp_path / "data"
    command = [sys.executable, "-m", "accountwatch", "gui", "--data-dir", str(data)]
    log = tmp_path / "first.log"
    with log.open("w") as stderr:
        first = subprocess.Popen([*command, "--hidden"], env=env, stderr=stderr)
    try:
        # Up and listening (the single-instance socket), yet no window shown.
        assert _wait_for(lambda: (data / "accountwatch.sqlite3").exists(), 20)
        time.sleep(2)
        assert first.poll() is None, log.read_text()
        assert not _shown(log), log.read_text()
        # Launching it again brings the running app's window up, as from the tray.
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
        assert second.returncode == 0, second.stderr
        assert _wait_for(lambda: _shown(log), 10), log.read_text()
    finally:
        first.terminate()
        first.wait(10)


def test_start_hidden_without_a_tray_shows_the_window(tmp_path: Path) -> None:
    # Hidden with nowhere to be found again would be lost: the window shows after all.
    log = tmp_path / "app.log"
    command = [sys.executable, "-m", "accountwatch", "gui", "--hidden"]
    with log.open("w") as stderr:
        app = subprocess.Popen(
            [*command, "--data-dir", str(tmp_path / "data")],
            env=_app_env(None, tmp_path),
            stderr=stderr,
        )
    try:
        assert _wait_for(lambda: _shown(log), 20), log.read_text()
    finally:
        app.terminate()
        app.wait(10)
