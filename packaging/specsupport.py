"""Facts and rules the PyInstaller spec needs, kept here so that tests can check them on any OS."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent

# Qt modules the app never imports; PyInstaller's hooks would otherwise drag some in.
EXCLUDED_MODULES = [
    "tkinter",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtBluetooth",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtSvgWidgets",
]

# keyring picks its backend through entry points at run time, so PyInstaller cannot see them.
HIDDEN_IMPORTS = [
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.fail",
    "keyring.backends.chainer",
    "keyring.backends.null",
    "secretstorage",
    "jeepney",
    "jeepney.io.blocking",
    "jeepney.io.threading",  # desktop notifications (ui/desktop_notifications.py)
    # The command line imports the GUI and the report by name (importlib) to start fast.
    "accountwatch.ui.app",
    "accountwatch.ui.report_cli",
    "PySide6.QtSvg",
]

# desktop-notifier (ui/native_notifier.py), a dependency on Windows and macOS only: it imports
# its platform's backend inside a function, and that backend imports the WinRT projections or
# rubicon-objc. Named here so that the frozen app has them whatever the analysis follows.
NOTIFIER_HIDDEN_IMPORTS = {
    "win32": [
        "desktop_notifier.backends.winrt",
        "desktop_notifier.backends.dummy",
        "winrt.system",
        "winrt.windows.applicationmodel.core",
        "winrt.windows.data.xml.dom",
        "winrt.windows.foundation",
        "winrt.windows.foundation.collections",
        "winrt.windows.ui.notifications",
    ],
    "darwin": [
        "desktop_notifier.backends.macos",
        "desktop_notifier.backends.macos_support",
        "desktop_notifier.backends.dummy",
        "rubicon.objc",
        "rubicon.objc.runtime",
    ],
}


def platform_hidden_imports(platform: str) -> list[str]:
    """What `platform` (sys.platform) adds to HIDDEN_IMPORTS (desktop-notifier's backend)."""
    return list(NOTIFIER_HIDDEN_IMPORTS.get(platform, []))


def notifier_data_packages(platform: str) -> list[str]:
    """Packages whose data files the frozen app needs on `platform`: desktop-notifier reads its
    default icon (resources/python.png) as it is imported."""
    return ["desktop_notifier"] if platform in NOTIFIER_HIDDEN_IMPORTS else []


# Qt's own translations: only those of the languages the app speaks.
QT_TRANSLATIONS_KEPT = {"qtbase_ja.qm", "qtbase_en.qm"}

# Plugin folder -> the plugins kept (file stems without the "lib" prefix); folders not listed go.
# xcb for X11 and XWayland, wayland for Wayland sessions, offscreen for CI; svg for the icons.
# No tls or networkinformation: the app's only networking is a local socket (single instance).
QT_PLUGINS_KEPT: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    # Not qgtk3: it would bundle the build machine's GTK (about 15 MB) into the app.
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "iconengines": None,
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    "xcbglintegrations": None,
    "styles": None,  # Windows' and macOS' native styles
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    "wayland-shell-integration": {"xdg-shell"},
}


# Babel's locale data (35 MB for every locale): the app formats dates and amounts in ja and en.
BABEL_LOCALES_KEPT = {"root", "en", "en_US", "en_001", "ja", "ja_JP"}


class PackageFacts(NamedTuple):
    """What the frozen app is called and which version it is."""

    name: str
    app_id: str
    version: str


def package_facts(root: Path = ROOT) -> PackageFacts:
    """Name and app id from the package, the version from its installed metadata or pyproject."""
    try:
        import accountwatch
    except ImportError:
        sys.path.insert(0, str(root / "app"))
        import accountwatch
    version = accountwatch.__version__
    if version.startswith("0.0.0"):  # never installed: __version__ has only a placeholder
        with (root / "pyproject.toml").open("rb") as handle:
            version = tomllib.load(handle)["project"]["version"]
    return PackageFacts(accountwatch.APP_NAME, accountwatch.APP_ID, version)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """`0.1.0`, `1.2.3rc1` -> four numbers, as Windows' file version wants."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(int(digits or 0))
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def windows_version_info(facts: PackageFacts) -> str:
    """The version resource of AccountWatch.exe (Explorer → Properties → Details).

    In the text form PyInstaller reads from a `version=` file (its module that builds the
    resource only imports on Windows, so the text is what can be written and tested anywhere).
    """
    numbers = version_tuple(facts.version)
    strings = {
        "CompanyName": "AccountWatch developers",
        "FileDescription": facts.name,
        "FileVersion": facts.version,
        "InternalName": facts.name,
        "LegalCopyright": "MIT License, AccountWatch developers",
        "OriginalFilename": f"{facts.name}.exe",
        "ProductName": facts.name,
        "ProductVersion": facts.version,
    }
    structs = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
{structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def macos_info_plist(facts: PackageFacts) -> dict[str, Any]:
    """Info.plist keys of AccountWatch.app beyond those PyInstaller writes itself."""
    return {
        "CFBundleName": facts.name,
        "CFBundleDisplayName": facts.name,
        "CFBundleIdentifier": facts.app_id,
        "CFBundleShortVersionString": facts.version,
        "CFBundleVersion": facts.version,
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": ["en", "ja"],
        "LSApplicationCategoryType": "public.app-category.business",
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow dark mode
        "NSHumanReadableCopyright": "MIT License, AccountWatch developers",
    }


def keep_file(dest: str) -> bool:
    """Whether a collected file (its path inside the bundle) is one the app needs."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if parts[:2] == ("babel", "locale-data"):
        return parts[-1].removesuffix(".dat") in BABEL_LOCALES_KEPT
    if len(parts) < 3 or parts[0] != "PySide6":
        return True
    # Linux and macOS wheels keep Qt under PySide6/Qt/, Windows' directly under PySide6/.
    rest = parts[2:] if parts[1] == "Qt" else parts[1:]
    if rest[0] == "translations":
        return parts[-1] in QT_TRANSLATIONS_KEPT
    if rest[0] != "plugins" or len(rest) < 3:
        return True
    kept = QT_PLUGINS_KEPT.get(rest[1], set())
    if kept is None:
        return True
    stem = parts[-1].split(".")[0]
    return stem.removeprefix("lib") in kept


TocEntry = tuple[str, str, str]  # (path in the bundle, source path, kind)
Imports = Callable[[str], Iterable[tuple[str, str | None]]]


def prune(toc: Iterable[TocEntry]) -> list[TocEntry]:
    """The TOC entries `keep_file` keeps."""
    return [entry for entry in toc if keep_file(entry[0])]


def prune_binaries(binaries: Iterable[TocEntry], imports: Imports) -> list[TocEntry]:
    """`prune`, and also the libraries only the dropped plugins needed (qgtk3 brings GTK).

    `imports(path)` lists a binary's libraries as (name, resolved path), as PyInstaller's
    `bindepend.get_imports` does (all of them on Linux, where it asks ldd; direct ones elsewhere).
    A library a dropped plugin needed stays only if something kept needs it, directly or not.
    """
    entries = list(binaries)
    kept = prune(entries)
    dropped = [entry for entry in entries if entry not in kept]

    def base(path: str) -> str:
        return PurePosixPath(path.replace("\\", "/")).name.lower()

    def names(entry: TocEntry) -> set[str]:
        return {base(name) for name, _ in imports(entry[1])}

    by_name = {base(entry[0]): entry for entry in entries}

    def closure(start: Iterable[TocEntry]) -> set[str]:
        """Every library name the entries need, following the bundled libraries' own needs."""
        seen: set[str] = set()
        todo = list(start)
        while todo:
            for name in names(todo.pop()) - seen:
                seen.add(name)
                if name in by_name:
                    todo.append(by_name[name])
        return seen

    candidates = closure(dropped)
    needed = closure(entry for entry in kept if base(entry[0]) not in candidates)
    orphans = candidates - needed
    return [entry for entry in kept if base(entry[0]) not in orphans]
