"""The `accountwatch` command's entry point: the collector held off while the program loads."""

from __future__ import annotations

from typing import NoReturn

from accountwatch.services import collector


def run() -> NoReturn:
    """`accountwatch`, `python -m accountwatch` and the frozen app: the command, its modules
    loaded with the cyclic garbage collector off (see collector.hold_for_start); the command
    line turns it back on once its arguments are read, the app once its first result is in."""
    collector.hold_for_start()
    from accountwatch.cli import run as command  # loaded with the collector off

    command()
