"""A data folder holding the demo profile as of 2026-11-29, for the service tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountwatch.core.demo import demo_profile, demo_started
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace

DEMO_DAY = dt.date(2026, 11, 29)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A closed data folder with the demo profile imported, dated back as the app's demo is:
    no reminder is about a day before the folder was made, and the tests look at 2026-11-29."""
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_profile(DEMO_DAY)), "utf-8")
    with Workspace.open(tmp_path / "data") as ws:
        profiles.import_profile(ws, profiles.read_import(source), replace_all=True, today=DEMO_DAY)
        ws.db.set_created_at(dt.datetime.combine(demo_started(DEMO_DAY), dt.time(0), dt.UTC))
    return tmp_path / "data"


@pytest.fixture
def ws(data_dir: Path) -> Iterator[Workspace]:
    """The demo data folder, open for the test."""
    with Workspace.open(data_dir) as workspace:
        yield workspace
