"""Start at login: an XDG autostart entry, a Windows Run value or a macOS LaunchAgent."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Protocol

from accountwatch import APP_ID, APP_NAME
from accountwatch.core.error_words import os_error_words
from accountwatch.i18n import _

MARKER_KEY = "X-AccountWatch-Autostart"
_RUN_SUBKEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_KEY = "HKEY_CURRENT_USER\\" + _RUN_SUBKEY
RUN_VALUE = APP_NAME
_NO_WINREG = "the Windows registry exists only on Windows"

# The same texts as packaging/linux/<app id>.desktop, which has no Name[ja].
_COMMENT = "Keep your Alibaba.com, 1688 and AliExpress accounts from being frozen"
_COMMENT_JA = "Alibaba.com・1688・AliExpress のアカウント凍結を防ぎます"

# Desktop Entry Specification, "The Exec key".
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED_IN_QUOTES = re.compile(r'(["`$\\])')


class AutostartError(Exception):
    """The start-at-login entry could not be written or removed; the message says why."""


class Autostart(Protocol):
    """Whether, and how, the app starts at login on this system."""

    @property
    def location(self) -> str:
        """Where the entry lives, for people: a file path or a registry key\\value."""
        ...

    def is_enabled(self) -> bool:
        """Our entry is there and the session will run it."""
        ...

    def enable(self, command: list[str]) -> None:
        """Run `command` at login (replacing an earlier entry of ours)."""
        ...

    def disable(self) -> None:
        """Remove our entry, and nothing else."""
        ...


def autostart_for(
    platform: str = sys.platform, *, home: Path | None = None, config_home: Path | None = None
) -> Autostart:
    """The start-at-login mechanism of `platform` (a `sys.platform` value) for the current user."""
    if platform == "win32":
        return WindowsRunKey()
    home = home if home is not None else Path.home()
    if platform == "darwin":
        return LaunchAgent(home / "Library" / "LaunchAgents" / f"{APP_ID}.plist")
    return XdgAutostart(_config_home(home, config_home) / "autostart" / f"{APP_ID}.desktop")


def launch_command(data_dir: Path | None = None) -> list[str]:
    """The command that starts the app hidden in the tray (with `data_dir` when given)."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "gui", "--hidden"]
    else:
        command = [_python_without_console(), "-m", "accountwatch", "gui", "--hidden"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


def _python_without_console() -> str:
    python = Path(sys.executable)
    if sys.platform == "win32":
        # python.exe opens a console window at login; pythonw.exe does not.
        windowless = python.with_name("pythonw.exe")
        if windowless.is_file():
            return str(windowless)
    return str(python)


def _config_home(home: Path, explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    from_env = os.environ.get("XDG_CONFIG_HOME", "")
    # The XDG Base Directory spec says a relative value is invalid and must be ignored.
    if from_env and Path(from_env).is_absolute():
        return Path(from_env)
    return home / ".config"


class _FileEntry:
    """An entry kept in a file of its own; its path is where it is."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def location(self) -> str:
        return str(self.path)


class XdgAutostart(_FileEntry):
    """An XDG autostart entry (`$XDG_CONFIG_HOME/autostart/<app id>.desktop`), marked as ours."""

    def is_enabled(self) -> bool:
        keys = _desktop_entry_keys(self.path)
        return (
            keys is not None
            and keys.get(MARKER_KEY) == "true"
            # How "Startup Applications" and the spec switch an entry off without removing it.
            and keys.get("Hidden") != "true"
            and keys.get("X-GNOME-Autostart-enabled") != "false"
        )

    def enable(self, command: list[str]) -> None:
        keys = _desktop_entry_keys(self.path)
        if keys is not None and keys.get(MARKER_KEY) != "true":
            raise _not_ours(self.location)
        _write_atomically(self.path, _desktop_entry(command).encode("utf-8"), self.location)

    def disable(self) -> None:
        keys = _desktop_entry_keys(self.path)
        if keys is not None and keys.get(MARKER_KEY) == "true":
            _remove(self.path, self.location)


def _desktop_entry(command: list[str]) -> str:
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        f"Comment={_COMMENT}",
        f"Comment[ja]={_COMMENT_JA}",
        f"Exec={desktop_exec(command)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        f"{MARKER_KEY}=true",
    ]
    return "\n".join(lines) + "\n"


def desktop_exec(command: list[str]) -> str:
    """`command` as the value of a Desktop Entry `Exec` key, quoted and escaped per the spec."""
    arguments = []
    for argument in command:
        if not argument or any(char in _EXEC_RESERVED for char in argument):
            argument = '"' + _EXEC_ESCAPED_IN_QUOTES.sub(r"\\\1", argument) + '"'
        arguments.append(argument.replace("%", "%%"))
    line = " ".join(arguments)
    # Exec is also a string value, whose own escapes are undone before the quoting above.
    return line.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def _desktop_entry_keys(path: Path) -> dict[str, str] | None:
    """The keys of the file's [Desktop Entry] group; None when there is no file. A file that
    cannot be read gives no keys, so it counts as someone else's and is left alone."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError):
        return {}
    keys: dict[str, str] = {}
    group = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line and not line.startswith("#"):
            key, _sep, value = line.partition("=")
            keys[key.strip()] = value.strip()
    return keys


class LaunchAgent(_FileEntry):
    """A per-user launchd agent (`~/Library/LaunchAgents/<app id>.plist`) labelled with our id."""

    def is_enabled(self) -> bool:
        agent = self._read()
        return agent is not None and self._is_ours(agent) and agent.get("Disabled") is not True

    def enable(self, command: list[str]) -> None:
        agent = self._read()
        if agent is not None and not self._is_ours(agent):
            raise _not_ours(self.location)
        import plistlib  # macOS only: not loaded by the Settings page elsewhere

        data = plistlib.dumps(
            {
                "Label": APP_ID,
                "ProgramArguments": command,
                "RunAtLoad": True,
                "ProcessType": "Interactive",
            }
        )
        _write_atomically(self.path, data, self.location)

    def disable(self) -> None:
        agent = self._read()
        if agent is not None and self._is_ours(agent):
            _remove(self.path, self.location)

    def _read(self) -> dict[str, object] | None:
        """The agent's keys; None when there is no file, no keys when it cannot be read."""
        import plistlib  # macOS only (see enable)

        try:
            with self.path.open("rb") as handle:
                agent = plistlib.load(handle)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, plistlib.InvalidFileException, ValueError):
            return {}
        return agent if isinstance(agent, dict) else {}

    @staticmethod
    def _is_ours(agent: dict[str, object]) -> bool:
        # launchd requires the label to match the file name, so a plist with ours is ours.
        return agent.get("Label") == APP_ID


class RunKeyRegistry(Protocol):
    """The values of HKCU\\...\\CurrentVersion\\Run, as far as WindowsRunKey needs them."""

    def get(self, name: str) -> str | None:
        """The value's data; None when there is no such value (or it is not a string)."""
        ...

    def set(self, name: str, data: str) -> None: ...

    def delete(self, name: str) -> None:
        """Remove the value; nothing happens when there is none."""
        ...


class WindowsRunKey:
    """The `AccountWatch` value of the current user's Run key, holding the command line."""

    def __init__(self, registry: RunKeyRegistry | None = None) -> None:
        self.registry = registry if registry is not None else WinregRunKey()

    @property
    def location(self) -> str:
        return f"{RUN_KEY}\\{RUN_VALUE}"

    def is_enabled(self) -> bool:
        try:
            data = self.registry.get(RUN_VALUE)
        except OSError:
            return False
        return data is not None and _runs_accountwatch(data)

    def enable(self, command: list[str]) -> None:
        try:
            data = self.registry.get(RUN_VALUE)
            if data is not None and not _runs_accountwatch(data):
                raise _not_ours(self.location)
            import subprocess  # Windows only: not loaded by the Settings page elsewhere

            self.registry.set(RUN_VALUE, subprocess.list2cmdline(command))
        except OSError as error:
            raise _could_not_write(self.location, error) from error

    def disable(self) -> None:
        try:
            data = self.registry.get(RUN_VALUE)
            if data is not None and _runs_accountwatch(data):
                self.registry.delete(RUN_VALUE)
        except OSError as error:
            raise _could_not_remove(self.location, error) from error


def _runs_accountwatch(data: str) -> bool:
    # The command we wrote changes when the app moves or Python is upgraded, so an exact
    # comparison would strand old entries: a command naming the app (AccountWatch.exe,
    # -m accountwatch) counts as ours; anything else under our value name is left alone.
    return "accountwatch" in data.lower()


class WinregRunKey:
    """The real Run key of HKEY_CURRENT_USER, through winreg (which exists only on Windows)."""

    # Each method's `else` keeps mypy checking the winreg calls when run with --platform win32
    # and skipping them elsewhere, where the module has no attributes.
    def get(self, name: str) -> str | None:
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _RUN_SUBKEY) as key:
                    data, _kind = winreg.QueryValueEx(key, name)
            except FileNotFoundError:
                return None
            return data if isinstance(data, str) else None
        else:
            raise OSError(_NO_WINREG)

    def set(self, name: str, data: str) -> None:
        if sys.platform == "win32":
            import winreg

            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, _RUN_SUBKEY) as key:
                winreg.SetValueEx(key, name, 0, winreg.REG_SZ, data)
        else:
            raise OSError(_NO_WINREG)

    def delete(self, name: str) -> None:
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.OpenKey(
                    winreg.HKEY_CURRENT_USER, _RUN_SUBKEY, 0, winreg.KEY_SET_VALUE
                ) as key:
                    winreg.DeleteValue(key, name)
            except FileNotFoundError:
                pass
        else:
            raise OSError(_NO_WINREG)


def _write_atomically(path: Path, data: bytes, location: str) -> None:
    """Replace `path` with `data` (mode 0644) through a temporary file beside it, so a crash
    never leaves the session a half-written entry."""
    try:
        _make_dirs(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            # mkstemp makes it 0600; the session and launchd only need to read it.
            Path(tmp).chmod(0o644)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise _could_not_write(location, error) from error


def _make_dirs(folder: Path) -> None:
    """Create `folder` and its missing parents as 0700 (the XDG spec's mode for folders it
    creates); existing folders keep their mode."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def _remove(path: Path, location: str) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise _could_not_remove(location, error) from error


def _reason(error: OSError) -> str:
    return os_error_words(error)


def _could_not_write(location: str, error: OSError) -> AutostartError:
    return AutostartError(
        _("Could not write the start-at-login entry {path}: {error}").format(
            path=location, error=_reason(error)
        )
    )


def _could_not_remove(location: str, error: OSError) -> AutostartError:
    return AutostartError(
        _("Could not remove the start-at-login entry {path}: {error}").format(
            path=location, error=_reason(error)
        )
    )


def _not_ours(location: str) -> AutostartError:
    return AutostartError(
        _(
            "{path} was not made by AccountWatch and was left as it is; "
            "remove it to let AccountWatch start at login."
        ).format(path=location)
    )
