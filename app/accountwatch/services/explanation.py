"""Why each score is what it is: the `check --json` report with the points of every finding
and each category's subtotal, and an account's biggest contributors."""

from __future__ import annotations

from typing import Any

from accountwatch.core.risk import AccountResult, Contribution, category_points, contributions
from accountwatch.services import checks

# Points are shown to two decimals: enough for them to add up to the score.
_DECIMALS = 2


def report_dict(result: checks.CheckResult) -> dict[str, Any]:
    """The report of `checks.report_dict` with `points` on every finding (0 for an acknowledged
    one) and `points_by_category` on every account."""
    report = checks.report_dict(result)
    for entry, account in zip(report["accounts"], result.assessment.accounts, strict=True):
        found = contributions(account)
        points = {c.finding.key: c.points for c in found}
        for finding_entry, finding in zip(entry["findings"], account.findings, strict=True):
            finding_entry["points"] = round(points.get(finding.key, 0.0), _DECIMALS)
        entry["points_by_category"] = {
            str(category): round(total, _DECIMALS)
            for category, total in category_points(found).items()
        }
    return report


def biggest(account: AccountResult, count: int = 3) -> tuple[Contribution, ...]:
    """The findings that add the most points to the account's score."""
    return contributions(account)[:count]
