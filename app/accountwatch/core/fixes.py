"""Where a finding is fixed: the place, the item and the editor field, as the catalogue says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accountwatch.core.catalogue import FixPlace, load_catalogue
from accountwatch.core.findings import Finding


@dataclass(frozen=True)
class Fix:
    place: FixPlace
    item: str | None  # account, card or payment id; None for the company record
    field: str | None  # profile-format key of the field, e.g. "two_factor.method"


def fix_for(finding: Finding) -> Fix:
    """Where to fix `finding`, on the item it is about."""
    spec = load_catalogue()[finding.rule]
    kind, _sep, item = finding.subject.partition(":")
    if spec.fix in (FixPlace.CARD, FixPlace.PAYMENT) and kind == spec.fix.value:
        return Fix(spec.fix, item, spec.fix_field)
    if spec.fix == FixPlace.COMPANY:
        return Fix(spec.fix, None, spec.fix_field)
    if kind == "company":  # e.g. no company record at all: it is entered on the company page
        return Fix(FixPlace.COMPANY, None, None)
    if spec.fix == FixPlace.RECOVERY:
        return Fix(spec.fix, finding.account, None)
    # Also a card or payment rule whose finding is about the account: its editor fixes it.
    return Fix(FixPlace.ACCOUNT, finding.account, spec.fix_field)


def first_by_field(findings: Iterable[Finding], place: FixPlace) -> dict[str, Finding]:
    """The first finding fixed in each editor field of `place` (e.g. the company record's)."""
    catalogue = load_catalogue()
    found: dict[str, Finding] = {}
    for finding in findings:
        spec = catalogue[finding.rule]
        if spec.fix == place and spec.fix_field is not None:
            found.setdefault(spec.fix_field, finding)
    return found
