"""A right-to-left override in a label stays inside the label in the PDF report: the words
after it read in order, as pdftotext finds them."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot

from accountwatch.core.demo import demo_profile
from accountwatch.services import profiles
from accountwatch.services.workspace import Workspace
from accountwatch.ui.report_cli import write_report

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
# An override (U+202E) that nothing closes.
LABEL = "Store 114 \u202e114"


def test_an_override_in_a_label_does_not_reverse_the_sentence_after_it(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "pdftotext (poppler-utils) is needed"
    document = demo_profile(NOW.date())
    account = copy.deepcopy(document["accounts"][2])
    account.pop("password", None)
    account.update(id="acc-114", label=LABEL, payment_methods=[])
    document.update(accounts=[account], payments=[], acknowledged=[])
    source = tmp_path / "store.json"
    source.write_text(json.dumps(document), "utf-8")
    profiles.import_profile(
        workspace, profiles.read_import(source), replace_all=True, today=NOW.date()
    )
    path = tmp_path / "report.pdf"

    write_report(workspace, path, NOW.date())

    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    joined = " ".join(text.split())
    # The label itself shows as its override says; what follows it reads as written.
    assert "Store 114 411 has no two-step verification." in joined
    assert "noitacifirev" not in joined
    assert "Store 114 411 has 10 active penalty points." in joined
