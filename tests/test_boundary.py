"""The layers keep their boundary: nothing outside `ui` imports PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import accountwatch

PACKAGE = Path(accountwatch.__file__).parent


def _non_ui_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def test_no_module_outside_ui_imports_qt() -> None:
    offenders = []
    for path in _non_ui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_importing_every_non_ui_module_loads_no_qt() -> None:
    modules = sorted(
        "accountwatch." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in _non_ui_modules()
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
