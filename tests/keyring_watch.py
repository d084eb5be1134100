"""Watches the throw-away keyring of tools/with-keyring across a test run (issue 16).

About one full run in six to twenty, the gnome-keyring daemon that tools/with-keyring started
was gone part-way through; D-Bus then started a locked one in its place and a later keyring test
hung. After every test this asks the bus which process owns the Secret Service. When the owner
changed, an unlocked daemon is put back with the run's password, so the rest of the run neither
hangs nor fails for it, and what happened is told:

- the daemon aborted (SIGABRT): gnome-keyring's own bug, an assertion ('client' failed) when a
  short-lived client goes away while the daemon still works for it, as each command-line test's
  `accountwatch` process does; reported with several other programs (for example
  basecamp/hey-cli#352, huacnlee/omamail#239, jkoestinger/omarchy-vpn#42). Not the test's
  doing: the run's summary lists it, the test does not fail;
- anything else (killed, exited): the test during which it happened fails, naming it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

SECRETS = "org.freedesktop.secrets"
ABORTED = "it was ended by SIGABRT"


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

    def check(self) -> tuple[str, bool] | None:
        """None while the daemon still serves; otherwise what happened to it and whether it was
        gnome-keyring's own abort, after an unlocked daemon was put back."""
        now = self.owner()
        if now == self.pid:
            return None
        ended = _how_it_ended()
        message = (
            f"the test keyring's daemon (pid {self.pid}) went away during this test; "
            f"{'a new one (pid ' + str(now) + ') owns' if now else 'nothing owns'} {SECRETS} now; "
            f"the old process: {_process_state(self.pid)}; {ended}"
        )
        _restart_unlocked()
        for _ in range(100):
            self.pid = self.owner()
            if self.pid is not None:
                break
            time.sleep(0.1)
        return message, ended == ABORTED

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


def _status_file() -> Path:
    return Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"), "keyring-daemon.status")


def _how_it_ended() -> str:
    """What tools/with-keyring's shell wrote when the daemon ended: its status, or the signal."""
    try:
        code = int(_status_file().read_text().strip())
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
    """An unlocked daemon in place of whatever owns the name now (D-Bus may have started a
    locked one), started as tools/with-keyring starts it: in a session of its own, its shell
    writing how it ends."""
    _status_file().unlink(missing_ok=True)
    # setsid --fork: the daemon's shell runs in a session of its own and nothing of this
    # process waits for it (tools/with-keyring stops it at the end of the run). The password
    # is the run's, from the environment.
    subprocess.run(
        [
            "setsid",
            "--fork",
            "sh",
            "-c",
            'printf %s "$ACCOUNTWATCH_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --replace '
            "--foreground --unlock --components=secrets >/dev/null 2>&1; "
            '{ echo $? >"$1"; } 2>/dev/null',
            "keyring-daemon",
            str(_status_file()),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
        check=True,
    )
