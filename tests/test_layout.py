"""The test tree can be collected as one: pytest imports test modules by base name (no
__init__.py), so two with the same name stop the whole suite at collection."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def test_no_two_test_modules_share_a_name() -> None:
    tests = Path(__file__).parent
    names = Counter(p.name for p in tests.rglob("*.py") if p.name != "conftest.py")
    assert [name for name, count in names.items() if count > 1] == []
