"""The cyclic garbage collector held off while the program starts, and back on after."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from accountwatch.services import collector


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    assert gc.isenabled()
    yield
    collector._held = False
    gc.enable()


def test_held_from_the_entry_until_started() -> None:
    collector.hold_for_start()
    assert not gc.isenabled()
    with collector.spared():  # a block inside the start leaves it off
        pass
    assert not gc.isenabled()
    collector.started()
    assert gc.isenabled()
    collector.started()  # once only
    assert gc.isenabled()


def test_started_leaves_alone_a_collector_it_did_not_hold() -> None:
    # Turned off by someone else (a test, a spared block on another thread): left off.
    gc.disable()
    collector.hold_for_start()
    collector.started()
    assert not gc.isenabled()


def test_the_command_line_turns_it_back_on_once_its_arguments_are_read() -> None:
    # The entry point as the `accountwatch` command runs it: off until the arguments are
    # read, on by the time the command runs.
    code = (
        "import gc, sys\n"
        "from accountwatch import cli\n"
        "from accountwatch.services import collector\n"
        "seen = []\n"
        "turn_on = collector.started\n"
        "collector.started = lambda: (seen.append(gc.isenabled()), turn_on())\n"
        "cli.cmd_demo_profile = lambda args: seen.append(gc.isenabled()) or 0\n"
        "import accountwatch.entry as entry\n"
        "try:\n"
        "    entry.run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(seen)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "demo-profile"], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "[False, True]", done.stderr
