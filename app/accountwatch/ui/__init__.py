"""The PySide6 desktop app; the only package that imports Qt."""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401 - shiboken's import hook is in place from here on


def _names_pyside(module: ModuleType) -> bool:
    """Whether a module's source names PySide6: shiboken's own test, made without keeping the
    source in linecache.

    shiboken asks it of every module imported after PySide6 (through `inspect.getsource`, which
    reads each source whole into linecache, splits it into lines and keeps them): megabytes of
    lines for as long as the app runs and some 20 ms at every start. A module without a source
    file of its own (built-in, an extension, bytecode only as in the frozen app) is one that
    `inspect.getsource` cannot read either: it does not name PySide6.
    """
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    get_data = getattr(getattr(spec, "loader", None), "get_data", None)
    if not isinstance(origin, str) or not origin.endswith(".py") or get_data is None:
        return False
    try:
        return b"PySide6" in get_data(origin)
    except OSError:
        return False


def _spare_linecache() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    # Only where it is the function this replaces (a later PySide6 may do otherwise).
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _names_pyside  # type: ignore[union-attr]


_spare_linecache()
