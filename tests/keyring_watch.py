"""Watches the throw-away keyring of tools/with-keyring across a test run (issue 16).

About one full run in twenty, the gnome-keyring daemon that tools/with-keyring started was gone
part-way through; D-Bus then started a locked one in its place and a later keyring test hung.
After every test this asks the bus which process owns the Secret Service. When the owner
changed, the test that was running is reported as the one during which the daemon went (with
what /proc still says about the old process), and an unlocked daemon is put back with the
run's password, so the rest of the run neither hangs nor fails for it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

SECRETS = "org.freedesktop.secrets"


class KeyringWatch:
    """The Secret Service's owner on the session bus, asked for after each test."""

    def __init__(self) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self._connection = open_dbus_connection(bus="SESSION")
        self.pid = self.owner()

    def owner(self) -> int | None:
        """The process id owning org.freedesktop.secrets; None when nobody does."""
        from jeepney import MessageType, message_bus

        reply = self._connection.send_and_get_reply(
            message_bus.GetConnectionUnixProcessID(SECRETS), timeout=10
        )
        if reply.header.message_type is MessageType.error:  # no such name
            return None
        return int(reply.body[0])

    def check(self) -> str | None:
        """None while the first daemon still serves; otherwise what happened to it, after an
        unlocked daemon was put back."""
        now = self.owner()
        if now == self.pid:
            return None
        message = (
            f"the test keyring's daemon (pid {self.pid}) went away during this test; "
            f"{'a new one (pid ' + str(now) + ') owns' if now else 'nothing owns'} {SECRETS} now; "
            f"the old process: {_process_state(self.pid)}; {_how_it_ended()}"
        )
        _restart_unlocked()
        for _ in range(100):
            self.pid = self.owner()
            if self.pid is not None:
                break
            time.sleep(0.1)
        return message

    def close(self) -> None:
        self._connection.close()


def _process_state(pid: int | None) -> str:
    if pid is None:
        return "unknown"
    status = Path(f"/proc/{pid}/status")
    try:
        lines = status.read_text().splitlines()
    except OSError:
        return "no longer exists"
    return "; ".join(line for line in lines if line.startswith(("State:", "PPid:")))


def _how_it_ended() -> str:
    """What tools/with-keyring's shell wrote when the daemon ended: its status, or the signal."""
    status = Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"), "keyring-daemon.status")
    try:
        code = int(status.read_text().strip())
    except (OSError, ValueError):
        return "how it ended is not known"
    if code > 128:
        try:
            name = signal.Signals(code - 128).name
        except ValueError:
            name = f"signal {code - 128}"
        return f"it was ended by {name}"
    return f"it exited with status {code}"


def _restart_unlocked() -> None:
    """An unlocked daemon in place of whatever owns the name now."""
    password = os.environ.get("ACCOUNTWATCH_TEST_KEYRING_PASSWORD", "")
    subprocess.run(
        ["gnome-keyring-daemon", "--replace", "--unlock", "--components=secrets"],
        input=password.encode(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
