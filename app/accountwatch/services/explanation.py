"""Why each score is what it is: the `check --json` report with the points of every finding
and each category's subtotal, an account's biggest contributors, and the explanation the app
and the report show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accountwatch.core.findings import Band, Category, Finding
from accountwatch.core.model import Platform
from accountwatch.core.risk import AccountResult, Contribution, category_points, contributions
from accountwatch.services import checks
from accountwatch.store.runs import RunAccount

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


@dataclass(frozen=True)
class Line:
    """One counting finding and the points it adds."""

    key: tuple[str, str, str]  # the finding's (account, rule, subject)
    category: Category
    message: str
    weight: float
    points: float


@dataclass(frozen=True)
class Explanation:
    """Why an account's score is what it is: its counting findings heaviest first, each with
    its points, and per category (those with points, biggest first) the subtotal."""

    score: int
    lines: tuple[Line, ...]
    subtotals: tuple[tuple[Category, float], ...]
    acknowledged: int  # findings the user accepted: they add no points

    @property
    def total(self) -> float:
        """The unrounded score: the sum of the points."""
        return sum(line.points for line in self.lines)


def explain(account: AccountResult) -> Explanation:
    """The explanation of one account's score from a fresh check."""
    found = contributions(account)
    subtotals = sorted(
        ((c, p) for c, p in category_points(found).items() if p > 0),
        key=lambda item: -item[1],
    )
    return Explanation(
        score=account.score,
        lines=tuple(
            Line(c.finding.key, c.finding.category, c.finding.message, c.finding.weight, c.points)
            for c in found
        ),
        subtotals=tuple(subtotals),
        acknowledged=len(account.findings) - len(account.open_findings),
    )


def explain_recorded(account: RunAccount) -> Explanation:
    """The explanation of one account's score as a run recorded it (its findings as they were)."""
    findings = tuple(
        Finding(
            rule=f.rule,
            category=Category(f.category),
            subject=f.subject,
            account=account.account_id,
            weight=f.weight,
            message=f.message,
            action=f.action,
            why=f.why,
            acknowledged=f.acknowledged,
        )
        for f in account.findings
    )
    return explain(
        AccountResult(
            account_id=account.account_id,
            platform=Platform.OTHER,  # the points do not depend on it
            score=account.score,
            band=Band(account.band),
            findings=findings,
        )
    )
