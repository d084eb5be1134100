"""A finding of a given rule about a given subject, as a rule would make it, for tests."""

from __future__ import annotations

from accountwatch.core.catalogue import load_catalogue
from accountwatch.core.findings import Category, Finding


def finding(rule: str, subject: str, account: str = "shop") -> Finding:
    return Finding(
        rule=rule,
        category=Category(load_catalogue()[rule].category),
        subject=subject,
        account=account,
        weight=0.1,
        message=f"{rule} {subject}",
        action="fix it",
        why="because",
    )
