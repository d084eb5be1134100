"""The history's records: a finding made with its fields filled at once is the dataclass's own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect

import pytest

from accountwatch.store.runs import RunFinding, run_finding


def test_run_finding_takes_every_field_in_order() -> None:
    # A field added to RunFinding and not to run_finding would be missing from what it makes;
    # and filling the fields at once holds only while the dataclass does nothing else on creation.
    assert not hasattr(RunFinding, "__post_init__")
    assert not hasattr(RunFinding, "__slots__")
    names = list(inspect.signature(run_finding).parameters)
    assert names == [f.name for f in dataclasses.fields(RunFinding)]


@pytest.mark.parametrize(
    ("acknowledged", "reason", "until"),
    [(False, "", None), (True, "paid by bank transfer", dt.date(2026, 12, 31))],
)
def test_run_finding_is_what_the_dataclass_makes(
    acknowledged: bool, reason: str, until: dt.date | None
) -> None:
    values = ("PAY-OVERDUE", "payment", "payment:p1", 0.5, "m", "a", "w", acknowledged, reason)
    made = run_finding(*values, until)
    expected = RunFinding(*values, until)
    assert made == expected and repr(made) == repr(expected)
    assert hash(made) == hash(expected)
    assert dataclasses.replace(made) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.rule = "changed"  # type: ignore[misc]
