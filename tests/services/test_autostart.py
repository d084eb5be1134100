"""Start at login adds one entry where the session looks for it, and removes exactly that."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import stat
import subprocess
import sys
import time
from configparser import ConfigParser, SectionProxy
from pathlib import Path

import pytest

from accountwatch import APP_ID, APP_NAME
from accountwatch.services.autostart import (
    AutostartError,
    LaunchAgent,
    WindowsRunKey,
    XdgAutostart,
    autostart_for,
    desktop_exec,
    launch_command,
)

PACKAGED_DESKTOP = Path(__file__).resolve().parents[2] / "packaging" / "linux" / f"{APP_ID}.desktop"
COMMAND = ["/opt/Account Watch/bin/python", "-m", "accountwatch", "gui", "--hidden"]
# Every kind of character the Exec quoting rules treat specially.
AWKWARD = [
    "/home/me/My Apps/python 3",
    "100%",
    'say "hi"',
    "$HOME",
    "back\\slash",
    "tick`",
    "",
    "semi;colon",
    "%u",
    "tab\there",
    "アカウント",
]


def _entry(path: Path) -> SectionProxy:
    parser = ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _xdg(tmp_path: Path) -> XdgAutostart:
    autostart = autostart_for("linux", home=tmp_path / "home", config_home=tmp_path / "config")
    assert isinstance(autostart, XdgAutostart)
    return autostart


def _parse_exec(value: str) -> list[str]:
    """The arguments of an Exec value, undoing the spec's escapes in its order: the string
    escapes, then the quoting, then %% (what a session manager does, without launching)."""
    string_escapes = {"\\": "\\", "s": " ", "n": "\n", "t": "\t", "r": "\r"}
    unescaped, chars = "", iter(value)
    for char in chars:
        unescaped += string_escapes[next(chars)] if char == "\\" else char
    arguments: list[str] = []
    current: str | None = None
    chars = iter(unescaped)
    for char in chars:
        if char == '"':
            current = current or ""
            for inner in chars:
                if inner == '"':
                    break
                current += next(chars) if inner == "\\" else inner
        elif char == " ":
            if current is not None:
                arguments.append(current)
            current = None
        else:
            current = (current or "") + char
    if current is not None:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


def _validator() -> str:
    path = shutil.which("desktop-file-validate")
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("desktop-file-validate is missing in CI: tools/install-system-deps")
        pytest.skip("desktop-file-validate is not installed (tools/install-system-deps does it)")
    return path


# --- Linux and other Unix: an XDG autostart entry ---------------------------------------------


def test_linux_entry_is_a_marked_desktop_entry_in_the_autostart_folder(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)
    assert not autostart.is_enabled()

    autostart.enable(COMMAND)

    path = tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"
    assert autostart.location == str(path)
    assert autostart.is_enabled()
    entry = _entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["X-AccountWatch-Autostart"] == "true"
    assert _parse_exec(entry["Exec"]) == COMMAND
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_linux_entry_shows_the_same_name_comment_and_icon_as_the_installed_app(
    tmp_path: Path,
) -> None:
    autostart = _xdg(tmp_path)
    autostart.enable(COMMAND)

    entry, packaged = _entry(autostart.path), _entry(PACKAGED_DESKTOP)
    for key in ("Name", "Comment", "Comment[ja]", "Icon"):
        assert entry[key] == packaged[key], key
    assert "Name[ja]" not in packaged  # add it to the autostart entry too if it ever appears


def test_linux_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)
    autostart.enable([*COMMAND, *AWKWARD])

    result = subprocess.run(
        [_validator(), str(autostart.path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


def test_exec_quoting_round_trips_awkward_arguments(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)
    autostart.enable(AWKWARD)

    assert _parse_exec(_entry(autostart.path)["Exec"]) == AWKWARD


def test_exec_quotes_only_what_needs_it() -> None:
    assert desktop_exec(["/usr/bin/python3", "-m", "accountwatch"]) == (
        "/usr/bin/python3 -m accountwatch"
    )
    assert desktop_exec(["/a b/python", "100%", 'x"y']) == r'"/a b/python" 100%% "x\\"y"'


def test_glib_launches_the_entry_with_exactly_our_arguments(tmp_path: Path) -> None:
    gio = shutil.which("gio")
    if gio is None:
        pytest.skip("gio (GLib's launcher) is not installed; the spec parser test still runs")
    out = tmp_path / "argv.json"
    # Written beside and renamed into place: the test must never read a half-written file.
    part = tmp_path / "argv.json.part"
    script = (
        f"import json, os, sys; open({str(part)!r}, 'w').write(json.dumps(sys.argv[1:])); "
        f"os.replace({str(part)!r}, {str(out)!r})"
    )
    autostart = _xdg(tmp_path)
    autostart.enable([sys.executable, "-c", script, *AWKWARD])

    subprocess.run([gio, "launch", str(autostart.path)], check=True, timeout=30)

    deadline = time.monotonic() + 30
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert json.loads(out.read_text("utf-8")) == AWKWARD


def test_enabling_twice_leaves_one_identical_entry(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)
    autostart.enable(COMMAND)
    first = autostart.path.read_bytes()

    autostart.enable(COMMAND)

    assert autostart.path.read_bytes() == first
    assert [p.name for p in autostart.path.parent.iterdir()] == [autostart.path.name]
    assert autostart.is_enabled()


def test_enabling_again_replaces_our_command(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)
    autostart.enable(COMMAND)

    autostart.enable([*COMMAND, "--data-dir", "/data/aw"])

    assert _parse_exec(_entry(autostart.path)["Exec"]) == [*COMMAND, "--data-dir", "/data/aw"]


def test_disabling_removes_exactly_the_entry(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "autostart"
    folder.mkdir(parents=True, mode=0o755)
    other = folder / "org.example.Other.desktop"
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n", "utf-8")
    autostart = _xdg(tmp_path)
    autostart.enable(COMMAND)

    autostart.disable()

    assert not autostart.is_enabled()
    assert not autostart.path.exists()
    assert sorted(folder.iterdir()) == [other]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755  # an existing folder keeps its mode


def test_disabling_when_nothing_is_there_does_nothing(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)

    autostart.disable()

    assert not (tmp_path / "config").exists()
    assert not autostart.is_enabled()


def test_a_hand_made_entry_of_the_same_name_is_left_alone(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)
    autostart.path.parent.mkdir(parents=True)
    hand_made = "[Desktop Entry]\nType=Application\nName=AccountWatch\nExec=accountwatch\n"
    autostart.path.write_text(hand_made, "utf-8")

    assert not autostart.is_enabled()
    autostart.disable()
    with pytest.raises(AutostartError, match="was not made by AccountWatch") as raised:
        autostart.enable(COMMAND)

    assert str(autostart.path) in str(raised.value)
    assert autostart.path.read_text("utf-8") == hand_made


def test_an_entry_switched_off_in_the_session_settings_reads_as_off(tmp_path: Path) -> None:
    autostart = _xdg(tmp_path)
    autostart.enable(COMMAND)
    text = autostart.path.read_text("utf-8")
    autostart.path.write_text(
        text.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"), "utf-8"
    )
    assert not autostart.is_enabled()

    autostart.enable(COMMAND)

    assert autostart.is_enabled()


def test_a_folder_that_cannot_be_written_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "autostart").write_text("not a folder", "utf-8")
    autostart = _xdg(tmp_path)

    with pytest.raises(AutostartError, match="Could not write the start-at-login entry") as raised:
        autostart.enable(COMMAND)

    assert str(autostart.path) in str(raised.value)


def test_the_autostart_folder_follows_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert autostart_for("linux", home=home).location == str(
        tmp_path / "xdg" / "autostart" / f"{APP_ID}.desktop"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")  # invalid per the spec: ignored
    assert autostart_for("freebsd14", home=home).location == str(
        home / ".config" / "autostart" / f"{APP_ID}.desktop"
    )
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert autostart_for("linux", home=home).location == str(
        home / ".config" / "autostart" / f"{APP_ID}.desktop"
    )


# --- macOS: a LaunchAgent ---------------------------------------------------------------------


def test_macos_launch_agent_parses_back_and_is_removed(tmp_path: Path) -> None:
    autostart = autostart_for("darwin", home=tmp_path)
    assert isinstance(autostart, LaunchAgent)
    path = tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    assert autostart.location == str(path)

    autostart.enable(COMMAND)

    with path.open("rb") as handle:
        assert plistlib.load(handle) == {
            "Label": APP_ID,
            "ProgramArguments": COMMAND,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert autostart.is_enabled()

    autostart.disable()

    assert not autostart.is_enabled()
    assert not path.exists()
    assert path.parent.is_dir()


def test_macos_leaves_a_plist_with_another_label_alone(tmp_path: Path) -> None:
    autostart = autostart_for("darwin", home=tmp_path)
    path = tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    path.parent.mkdir(parents=True)
    path.write_bytes(plistlib.dumps({"Label": "org.example.other", "Program": "/bin/true"}))

    assert not autostart.is_enabled()
    autostart.disable()
    with pytest.raises(AutostartError, match="was not made by AccountWatch"):
        autostart.enable(COMMAND)

    assert plistlib.loads(path.read_bytes())["Label"] == "org.example.other"


# --- Windows: a value of the Run key ------------------------------------------------------------


class FakeRunKey:
    """An in-memory Run key: winreg cannot exist off Windows, so these tests use this stand-in
    through the same three operations WindowsRunKey uses on the real registry."""

    def __init__(self, values: dict[str, str] | None = None, *, broken: bool = False) -> None:
        self.values = dict(values or {})
        self.broken = broken

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, data: str) -> None:
        if self.broken:
            raise PermissionError(13, "Access is denied")
        self.values[name] = data

    def delete(self, name: str) -> None:
        if self.broken:
            raise PermissionError(13, "Access is denied")
        self.values.pop(name, None)


WINDOWS_COMMAND = [r"C:\Program Files\AccountWatch\AccountWatch.exe", "gui", "--hidden"]
ONEDRIVE = {"OneDrive": r'"C:\Program Files\Microsoft OneDrive\OneDrive.exe" /background'}


def test_windows_writes_and_deletes_only_its_own_value() -> None:
    registry = FakeRunKey(ONEDRIVE)
    autostart = WindowsRunKey(registry)
    assert autostart.location == (
        r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run\AccountWatch"
    )
    assert not autostart.is_enabled()

    autostart.enable(WINDOWS_COMMAND)

    assert registry.values == {
        **ONEDRIVE,
        "AccountWatch": r'"C:\Program Files\AccountWatch\AccountWatch.exe" gui --hidden',
    }
    assert autostart.is_enabled()

    autostart.disable()

    assert registry.values == ONEDRIVE
    assert not autostart.is_enabled()


def test_windows_replaces_an_older_command_of_ours() -> None:
    registry = FakeRunKey({"AccountWatch": r"C:\Old\Python311\pythonw.exe -m accountwatch gui"})
    autostart = WindowsRunKey(registry)
    assert autostart.is_enabled()

    autostart.enable(WINDOWS_COMMAND)

    assert registry.values["AccountWatch"].startswith('"C:\\Program Files\\AccountWatch\\')


def test_windows_leaves_a_value_of_our_name_that_runs_something_else() -> None:
    registry = FakeRunKey({"AccountWatch": r"C:\Tools\watch.exe --accounts"})
    autostart = WindowsRunKey(registry)

    assert not autostart.is_enabled()
    autostart.disable()
    with pytest.raises(AutostartError, match="was not made by AccountWatch"):
        autostart.enable(WINDOWS_COMMAND)

    assert registry.values == {"AccountWatch": r"C:\Tools\watch.exe --accounts"}


def test_windows_registry_errors_name_the_value() -> None:
    autostart = WindowsRunKey(FakeRunKey(broken=True))

    with pytest.raises(
        AutostartError, match=r"Could not write .*Run\\AccountWatch: permission denied"
    ):
        autostart.enable(WINDOWS_COMMAND)


def test_windows_uses_the_real_registry_by_default() -> None:
    autostart = autostart_for("win32")

    assert isinstance(autostart, WindowsRunKey)
    assert type(autostart.registry).__name__ == "WinregRunKey"


# --- The command the session runs ---------------------------------------------------------------


def test_launch_command_from_python_starts_the_module_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)

    assert launch_command() == [sys.executable, "-m", "accountwatch", "gui", "--hidden"]
    assert launch_command(tmp_path / "my data")[-2:] == ["--data-dir", str(tmp_path / "my data")]


def test_launch_command_of_the_frozen_app_runs_the_app_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/Applications/AccountWatch.app/MacOS/AccountWatch")

    assert launch_command(Path("/data")) == [
        "/Applications/AccountWatch.app/MacOS/AccountWatch",
        "gui",
        "--hidden",
        "--data-dir",
        "/data",
    ]


def test_launch_command_on_windows_prefers_pythonw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python.exe"))
    (tmp_path / "python.exe").touch()
    assert launch_command()[0] == str(tmp_path / "python.exe")  # no pythonw.exe beside it

    (tmp_path / "pythonw.exe").touch()

    assert launch_command()[0] == str(tmp_path / "pythonw.exe")
