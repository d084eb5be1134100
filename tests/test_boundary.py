"""The layers keep their boundaries (architecture.md): who may import whom, no Qt outside `ui`,
and no domain knowledge in `ui` — no rule ids, no date arithmetic, no repository, database or
vault."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import accountwatch
from accountwatch.core.catalogue import rule_ids

PACKAGE = Path(accountwatch.__file__).parent

Check = Callable[[ast.AST], Iterator[str]]


def _layer(path: Path, root: Path) -> str:
    """`ui`, `core`, `cli`, … : the first part of the path inside the package."""
    return path.relative_to(root).with_suffix("").parts[0]


def _modules(root: Path, *layers: str) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if _layer(p, root) in layers)


def _non_ui_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def _imports(tree: ast.AST, forbidden: Callable[[str], bool]) -> Iterator[str]:
    """Import statements naming a forbidden module (`from a import b` names `a` and `a.b`)."""
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        bad = [name for name in names if forbidden(name)]
        if bad:
            yield f"line {node.lineno}: imports {bad[0]}"


def _importing(*packages: str) -> Check:
    def check(tree: ast.AST) -> Iterator[str]:
        return _imports(
            tree, lambda name: any(name == p or name.startswith(p + ".") for p in packages)
        )

    return check


def _outside_core(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "accountwatch" and len(parts) > 1 and parts[1] not in ("core", "i18n")


def _core_imports(tree: ast.AST) -> Iterator[str]:
    """Of the package, core imports only itself and i18n (third-party libraries are fine)."""
    return _imports(tree, _outside_core)


def _rule_id_pattern() -> re.Pattern[str]:
    # A catalogue prefix and a dash, then a capital or digit: "PAY-OVERDUE", also "PAY-" + …
    prefixes = sorted({rule.split("-", 1)[0] for rule in rule_ids()})
    return re.compile(r"\b(?:" + "|".join(prefixes) + r")-(?:[A-Z0-9]|$)")


def _rule_ids(tree: ast.AST) -> Iterator[str]:
    """A string constant (docstrings and f-string parts included) naming a rule or its prefix:
    which findings a page shows and where "Fix…" goes are asked of core and services."""
    pattern = _rule_id_pattern()
    for node in ast.walk(tree):
        text = node.value if isinstance(node, ast.Constant) else None
        if isinstance(text, str) and pattern.search(text):
            yield f"line {node.lineno}: {text!r}"


def _calls_timedelta_in_days(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name != "timedelta":
        return False
    # timedelta's first positional argument is days.
    return bool(node.args) or any(k.arg in ("days", "weeks") for k in node.keywords)


def _date_arithmetic(tree: ast.AST) -> Iterator[str]:
    """Calendar arithmetic: `.days` (of a difference of dates: "due in N days") and adding or
    subtracting a timedelta of days or weeks ("the next 30 days"). A timedelta of seconds or
    hours is the clock's (timers, sleep detection) and a timedelta that is not added to
    anything is a duration (a snooze): both are allowed."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "days":
            yield f"line {node.lineno}: .days"
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add | ast.Sub)
            and (_calls_timedelta_in_days(node.left) or _calls_timedelta_in_days(node.right))
        ):
            yield f"line {node.lineno}: adds or subtracts days"


def _store_handles(tree: ast.AST) -> Iterator[str]:
    """`ws.repo`, `ws.db`, `ws.vault`: the workspace hands out use cases, not these."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("repo", "db", "vault"):
            yield f"line {node.lineno}: .{node.attr}"


UI, CLI, CORE = ("ui",), ("cli",), ("core",)
RULES: dict[str, tuple[tuple[str, ...], Check]] = {
    "ui and cli do not import store": (UI + CLI, _importing("accountwatch.store")),
    "ui does not import secrets": (UI, _importing("accountwatch.secrets")),
    "core imports only core and i18n": (CORE, _core_imports),
    "no rule id in ui": (UI, _rule_ids),
    "no date arithmetic in ui": (UI, _date_arithmetic),
    "no repository, database or vault in ui and cli": (UI + CLI, _store_handles),
}


def offenders(rule: str, root: Path = PACKAGE) -> list[str]:
    """Where the modules under `root` break `rule`; `root` can be another checkout's package."""
    layers, check = RULES[rule]
    found = []
    for path in _modules(root, *layers):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(root)} {where}" for where in check(tree)]
    return found


@pytest.mark.parametrize("rule", RULES)
def test_layer_rule_holds(rule: str) -> None:
    assert offenders(rule) == []


# What each rule must catch, so that a check that quietly stops matching is noticed.
BREAKING = {
    "ui and cli do not import store": [
        "from accountwatch.store.runs import RecordedRun",
        "import accountwatch.store.db",
        "from accountwatch import store",
    ],
    "ui does not import secrets": ["from accountwatch.secrets.vault import VaultStatus"],
    "core imports only core and i18n": [
        "from accountwatch.services import checks",
        "from accountwatch.paths import data_dir",
        "import accountwatch.store",
    ],
    "no rule id in ui": [
        'rules = {"PAY-OVERDUE", "PAY-DUE-SOON"}',
        'if finding.rule == "SEC-2FA-OFF": pass',
        'if finding.rule.startswith("REG-"): pass',
    ],
    "no date arithmetic in ui": [
        "days = (card.valid_through - today).days",
        "horizon = today + dt.timedelta(days=30)",
        "start = today - timedelta(7)",
        "later = today + dt.timedelta(weeks=2)",
    ],
    "no repository, database or vault in ui and cli": [
        "runs = ws.repo.runs()",
        "self.state.ws.vault.delete_all()",
        "ws.db.close()",
    ],
}
ALLOWED = {
    "ui and cli do not import store": ["from accountwatch.services.types import RecordedRun"],
    "ui does not import secrets": ["from accountwatch.services.types import VaultStatus"],
    "core imports only core and i18n": [
        "from accountwatch.core.model import Card",
        "from accountwatch.i18n import _",
        "from dateutil import rrule",
    ],
    "no rule id in ui": ['edit.setPlaceholderText(_("YYYY-MM-DD"))', 'x = "PAYMENT-DUE"'],
    "no date arithmetic in ui": [
        "JUMP_TOLERANCE = dt.timedelta(seconds=90)",
        "drift = (wall - last) - dt.timedelta(seconds=1)",
        "delays = (dt.timedelta(hours=1), dt.timedelta(days=1))",
    ],
    "no repository, database or vault in ui and cli": ["history.runs(ws)", "ws.data_dir"],
}


@pytest.mark.parametrize(("rule", "source"), [(r, s) for r, ss in BREAKING.items() for s in ss])
def test_each_rule_catches_what_breaks_it(rule: str, source: str) -> None:
    assert list(RULES[rule][1](ast.parse(source)))


@pytest.mark.parametrize(("rule", "source"), [(r, s) for r, ss in ALLOWED.items() for s in ss])
def test_each_rule_lets_through_what_is_allowed(rule: str, source: str) -> None:
    assert not list(RULES[rule][1](ast.parse(source)))


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
