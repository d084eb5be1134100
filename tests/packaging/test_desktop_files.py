"""The Linux desktop integration files pass their validators and agree with the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from accountwatch import APP_ID, APP_NAME

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SCREENSHOT_URL = "https://github.com/accountwatch/accountwatch/raw/main/"


def _tool(name: str) -> str:
    """The validator's path; in CI (CI=true) a missing one fails instead of skipping."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{name} is missing in CI: tools/install-system-deps installs it")
        pytest.skip(f"{name} is not installed (tools/install-system-deps installs it)")
    return path


def test_desktop_file_validates() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_validates_offline() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_names_the_app_and_its_icon() -> None:
    entry = ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Name"] == APP_NAME
    assert section["Icon"] == APP_ID  # installed as hicolor/*/apps/<app id>.{png,svg}
    assert section["Exec"].split()[0] == "accountwatch"  # the wheel's console script
    assert section["Comment[ja]"]


def test_metainfo_matches_the_package_and_its_screenshots_exist() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("content_rating") is not None
    releases = [r.get("version") for r in root.iter("release")]
    assert releases and releases[0] == _pyproject_version()
    images = [image.text or "" for image in root.iter("image")]
    assert images
    for url in images:
        assert url.startswith(SCREENSHOT_URL), url
        assert (ROOT / url.removeprefix(SCREENSHOT_URL)).is_file(), url


def _pyproject_version() -> str:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as handle:
        version: str = tomllib.load(handle)["project"]["version"]
    return version
