"""Why each score is what it is: the `check --json` report with the points of every finding
and each category's subtotal, an account's biggest contributors, and the explanation the app
and the report show."""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring
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


def report_json(result: checks.CheckResult) -> str:
    """`json.dumps(report_dict(result), ensure_ascii=False)`, written straight from the result.

    A large profile has tens of thousands of findings: building a dictionary for each and
    encoding it took longer than the rules themselves, and most strings of a report (rule ids,
    categories, the action and reason of a rule) repeat thousands of times, so each is escaped
    once. It uses the escaping `json.dumps` uses, and a test holds the two byte for byte.
    """
    a = result.assessment
    text, numbers = _Escaped(), _Numbers()
    number = numbers.of
    categories = {category: text[str(category)] for category in Category}
    parts = [
        '{"format": "accountwatch.report", "version": 1, "at": ',
        encode_basestring(a.at.isoformat()),
        ', "score": ',
        _number(a.score),
        ', "band": ',
        text[str(a.band)],
        ', "accounts": [',
    ]
    for i, account in enumerate(a.accounts):
        found = contributions(account)
        points = {id(finding): round(p, _DECIMALS) for finding, p in found}
        findings = ", ".join(
            [
                f'{{"rule": {text[f.rule]}, "category": {categories[f.category]}, '
                f'"subject": {encode_basestring(f.subject)}, "weight": {number(f.weight)}, '
                f'"message": {encode_basestring(message)}, "action": {text[action]}, '
                f'"why": {text[why]}, "acknowledged": {"true" if f.acknowledged else "false"}, '
                f'"points": {number(points.get(id(f), 0.0))}}}'
                for f in account.findings
                for message, action, why in [f.texts]  # each finding's texts read once
            ]
        )
        by_category = ", ".join(
            f"{categories[category]}: {number(round(total, _DECIMALS))}"
            for category, total in category_points(found).items()
        )
        parts.append(
            f'{", " if i else ""}{{"id": {encode_basestring(account.account_id)}, '
            f'"platform": {text[str(account.platform)]}, "score": {_number(account.score)}, '
            f'"band": {text[str(account.band)]}, "findings": [{findings}], '
            f'"points_by_category": {{{by_category}}}}}'
        )
    parts.append('], "upcoming": [')
    parts.append(
        ", ".join(
            f'{{"kind": {text[str(u.kind)]}, "subject": {encode_basestring(u.subject)}, '
            f'"date": {encode_basestring(u.date.isoformat())}, '
            f'"message": {encode_basestring(u.message)}}}'
            for u in result.upcoming
        )
    )
    parts.append("]}")
    return "".join(parts)


class _Escaped(dict[str, str]):
    """Each string as a JSON string literal, escaped at its first use."""

    def __missing__(self, value: str) -> str:
        escaped = self[value] = encode_basestring(value)
        return escaped


class _Numbers(dict[float, str]):
    """Floats as JSON numbers, each written at its first use (weights and points repeat)."""

    def of(self, value: float) -> str:
        # Only floats are kept: 1 and 1.0 are the same key but not the same JSON.
        return self[value] if type(value) is float else _number(value)

    def __missing__(self, value: float) -> str:
        written = self[value] = _number(value)
        return written


def _number(value: float) -> str:
    """A number as `json.dumps` writes it (`repr` of a finite float or an int)."""
    if type(value) is int or (type(value) is float and value - value == 0.0):
        return repr(value)
    return json.dumps(value)  # infinity, NaN or a subclass: as json writes them


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
