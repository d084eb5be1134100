"""The PyInstaller spec's facts and pruning rules (packaging/specsupport.py), on any OS."""

from __future__ import annotations

import ast
import importlib.util
import plistlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import accountwatch

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def support() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "specsupport", ROOT / "packaging" / "specsupport.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["specsupport"] = module  # NamedTuple needs its module registered
    spec.loader.exec_module(module)
    return module


def test_facts_come_from_the_package(support: ModuleType) -> None:
    facts = support.package_facts()
    assert facts.app_id == accountwatch.APP_ID == "io.github.accountwatch.AccountWatch"
    assert facts.name == "AccountWatch"
    assert facts.version == "0.1.0"


def test_facts_fall_back_to_pyproject_when_not_installed(
    support: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accountwatch, "__version__", "0.0.0+unknown")
    assert support.package_facts().version == "0.1.0"


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2.3rc1", (1, 2, 3, 0)), ("2", (2, 0, 0, 0))],
)
def test_version_tuple(support: ModuleType, version: str, expected: tuple[int, ...]) -> None:
    assert support.version_tuple(version) == expected


def test_info_plist_is_serialisable_with_bundle_id_and_languages(support: ModuleType) -> None:
    facts = support.PackageFacts("AccountWatch", accountwatch.APP_ID, "0.1.0")
    keys = support.macos_info_plist(facts)
    assert keys["CFBundleIdentifier"] == accountwatch.APP_ID
    assert keys["CFBundleShortVersionString"] == "0.1.0"
    assert set(keys["CFBundleLocalizations"]) == {"en", "ja"}
    assert plistlib.loads(plistlib.dumps(keys)) == keys


def _recorder(name: str) -> Callable[..., tuple[str, tuple[Any, ...], dict[str, Any]]]:
    def record(*args: Any, **kwargs: Any) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return name, args, kwargs

    return record


def test_windows_version_info_is_the_text_pyinstaller_reads(support: ModuleType) -> None:
    facts = support.PackageFacts("AccountWatch", accountwatch.APP_ID, "1.2.3")
    text = support.windows_version_info(facts)
    # PyInstaller eval()s the file with its version-resource classes; stand-ins record the call.
    names = (
        "VSVersionInfo FixedFileInfo StringFileInfo StringTable StringStruct VarFileInfo VarStruct"
    )
    made = {name: _recorder(name) for name in names.split()}
    info = eval(text, {"__builtins__": {}}, made)
    assert info[0] == "VSVersionInfo"
    fixed = info[2]["ffi"]
    assert fixed[2]["filevers"] == (1, 2, 3, 0) == fixed[2]["prodvers"]
    table = info[2]["kids"][0][1][0][0]
    strings = {s[1][0]: s[1][1] for s in table[1][1]}
    assert strings["ProductVersion"] == "1.2.3"
    assert strings["OriginalFilename"] == "AccountWatch.exe"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_ja.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/designer_ja.qm", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),  # Windows' wheel layout
        ("PySide6\\plugins\\imageformats\\qtiff.dll", False),
        ("PySide6\\translations\\qtbase_ja.qm", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("babel/locale-data/ja.dat", True),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/de_CH.dat", False),
        ("babel/global.dat", True),
        ("accountwatch/resources/locale/ja/LC_MESSAGES/accountwatch.mo", True),
    ],
)
def test_keep_file(support: ModuleType, dest: str, kept: bool) -> None:
    assert support.keep_file(dest) is kept


def test_prune_binaries_drops_what_only_dropped_plugins_needed(support: ModuleType) -> None:
    libs = {
        "gtk.so": ["gdk.so", "glib.so", "cairo.so"],
        "gdk.so": ["cairo.so", "glib.so"],
        "cairo.so": [],
        "glib.so": [],
        "core.so": ["glib.so", "icu.so"],
        "icu.so": [],
        "qgtk3.so": ["gtk.so", "core.so"],
        "qxcb.so": ["core.so", "xcb.so"],
        "xcb.so": [],
    }

    # Direct imports only, as on macOS and Windows: the closure must still be followed.
    def imports(path: str) -> Iterable[tuple[str, str | None]]:
        return [(name, f"/usr/lib/{name}") for name in libs[Path(path).name]]

    toc = [
        ("PySide6/Qt/plugins/platformthemes/qgtk3.so", "/src/qgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/qxcb.so", "/src/qxcb.so", "BINARY"),
        *((name, f"/usr/lib/{name}", "BINARY") for name in libs if "q" not in name),
    ]
    kept = {entry[0] for entry in support.prune_binaries(toc, imports)}
    assert kept == {
        "PySide6/Qt/plugins/platforms/qxcb.so",
        "core.so",
        "glib.so",
        "icu.so",
        "xcb.so",
    }


def imported_modules(source: Path) -> set[str]:
    """The absolute modules a Python file imports (at any depth, as PyInstaller would see)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize(
    ("platform", "backend", "native"),
    [("win32", "winrt", "winrt."), ("darwin", "macos", "rubicon.")],
)
def test_desktop_notifier_and_its_backend_go_into_the_windows_and_macos_apps(
    support: ModuleType, platform: str, backend: str, native: str
) -> None:
    # The backend module desktop-notifier picks inside a function, and every platform module
    # that backend imports (read from the installed desktop-notifier's source: the WinRT and
    # Cocoa modules themselves only exist on their own platforms).
    hidden = support.platform_hidden_imports(platform)
    backend_module = f"desktop_notifier.backends.{backend}"
    assert backend_module in hidden
    found = importlib.util.find_spec(backend_module)
    assert found is not None and found.origin is not None
    wanted = {m for m in imported_modules(Path(found.origin)) if m.startswith(native)}
    assert wanted, f"{backend_module} imports no {native}* module: the check is moot"
    assert wanted <= set(hidden)
    # Its default icon is read as it is imported: its data files go along.
    assert support.notifier_data_packages(platform) == ["desktop_notifier"]
    package = importlib.util.find_spec("desktop_notifier")
    assert package is not None and package.origin is not None
    assert (Path(package.origin).parent / "resources" / "python.png").is_file()


def test_linux_bundles_no_desktop_notifier(support: ModuleType) -> None:
    # Linux's notifications go through jeepney (already in HIDDEN_IMPORTS).
    assert support.platform_hidden_imports("linux") == []
    assert support.notifier_data_packages("linux") == []
    assert "jeepney.io.threading" in support.HIDDEN_IMPORTS
