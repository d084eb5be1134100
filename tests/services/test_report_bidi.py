"""User text in the HTML report is isolated (`<bdi>`): in headings, the table of scores, the
header's company, and where a finding's sentence quotes it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from accountwatch.core.model import CompanyRecord
from accountwatch.services import checks
from accountwatch.services.report import report_html
from accountwatch.services.report_isolation import Isolator
from accountwatch.services.workspace import Workspace

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
LABEL = "Store 114 \u202e114"


def test_labels_and_the_company_are_isolated_wherever_the_report_shows_them(
    ws: Workspace,
) -> None:
    profile = ws.repo.load_profile()
    store = profile.accounts[2]
    changed = replace(
        profile,
        accounts=(*profile.accounts[:2], replace(store, label=LABEL), *profile.accounts[3:]),
        company=replace(profile.company or CompanyRecord(), name_local="شركة ساكورا"),
    )
    ws.repo.save_profile(changed)
    result = checks.run_check(ws, NOW.date(), record=False, now=NOW)

    html = report_html(result.profile, result, generated_at=NOW)

    isolated = f"<bdi>{LABEL}</bdi>"
    assert re.search(rf"<h2[^>]*>{isolated}</h2>", html)  # the account's heading
    assert f"<tr><td>{isolated}</td>" in html  # its row in the table of scores
    assert f"<b>{isolated} has no two-step verification.</b>" in html  # a finding quoting it
    assert LABEL not in html.replace(isolated, "")  # nowhere bare
    assert "<bdi>Sakura Trading K.K. / شركة ساكورا</bdi>" in html  # the header's company
    # A plain label is isolated where it stands alone; a sentence quoting it is left as it is.
    assert "<tr><td><bdi>Alibaba.com main</bdi></td>" in html
    assert "<b>The password of Alibaba.com main" in html


def test_only_values_that_can_reach_out_are_looked_for_in_sentences() -> None:
    user = Isolator(["Plain shop", "متجر", "", "a \u202eb"])

    assert user("Plain shop & متجر: a \u202eb.") == (
        "Plain shop &amp; <bdi>متجر</bdi>: <bdi>a \u202eb</bdi>."
    )
    assert user("<nothing to isolate>") == "&lt;nothing to isolate&gt;"
    assert Isolator([])("a < b") == "a &lt; b"
