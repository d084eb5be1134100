"""Where a finding is fixed: the place, the item and the editor field, as the catalogue says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accountwatch.core.catalogue import FixPlace, load_catalogue
from accountwatch.core.findings import Finding
from accountwatch.core.model import Profile


@dataclass(frozen=True)
class Fix:
    """Where a finding is fixed: the editor, the item in it and the field."""

    place: FixPlace
    item: str | None  # account, card or payment id; None for the company record
    field: str | None  # profile-format key of the field, e.g. "two_factor.method"


def fix_for(finding: Finding, profile: Profile | None = None) -> Fix:
    """Where to fix `finding`, on the item it is about; with `profile`, on the row of a table
    that holds the problem (e.g. `payment_methods[2]`)."""
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
    return Fix(FixPlace.ACCOUNT, finding.account, _row_of(spec.fix_field, finding, profile))


def _row_of(field: str | None, finding: Finding, profile: Profile | None) -> str | None:
    """`field` narrowed to the table row the finding is about, when one can tell."""
    kind, _sep, rest = finding.subject.partition(":")
    if field == "listings" and kind == "listing":  # listing:<account>:<index>
        return f"listings[{rest.rpartition(':')[2]}]"
    account = profile.account(finding.account) if profile is not None else None
    if field == "payment_methods" and account is not None:
        rows = [i for i, m in enumerate(account.payment_methods) if not m.platform_approved]
        if rows:
            return f"payment_methods[{rows[0]}]"
    return field


def first_by_field(findings: Iterable[Finding], place: FixPlace) -> dict[str, Finding]:
    """The first finding fixed in each editor field of `place` (e.g. the company record's)."""
    catalogue = load_catalogue()
    found: dict[str, Finding] = {}
    for finding in findings:
        spec = catalogue[finding.rule]
        if spec.fix == place and spec.fix_field is not None:
            found.setdefault(spec.fix_field, finding)
    return found
