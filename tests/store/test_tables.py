"""The generated row builders: what they make is what the model's own `__init__` makes, field
for field and in the same attribute order, and a model that does more than store its arguments
is still made through its `__init__`."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from accountwatch.core.model import Account, Card, OtherSite, Profile, YearMonth
from accountwatch.store import tables
from accountwatch.store.db import Database
from accountwatch.store.repository import Repository
from accountwatch.store.tables import ACCOUNT_PARTS, Column, Table, plain

TOP_LEVEL = (tables.COMPANY, tables.CARDS, tables.PAYMENTS, tables.ACKNOWLEDGEMENTS)


@pytest.fixture
def profile(profile: Profile) -> Profile:
    """The store tests' rich profile, with a row in every table (other sites too)."""
    first = dataclasses.replace(
        profile.accounts[0], other_sites=(OtherSite("ab" * 32, "shop.example.com"),)
    )
    return dataclasses.replace(profile, accounts=(first, *profile.accounts[1:]))


def _through_init(value: Any) -> Any:
    """The same value made again by its class's `__init__`, then given what is no argument of
    it as its owner gives it (`Listing.scan`, kept by the scanner)."""
    fields = dataclasses.fields(value)
    made = type(value)(**{f.name: getattr(value, f.name) for f in fields if f.init})
    for f in fields:
        if not f.init and f.name in vars(value):
            object.__setattr__(made, f.name, getattr(value, f.name))
    return made


@pytest.mark.parametrize("table", TOP_LEVEL + tuple(p.table for p in ACCOUNT_PARTS))
def test_each_built_row_is_what_init_makes(db: Database, profile: Profile, table: Table) -> None:
    Repository(db).save_profile(profile)
    rows = db.connection.execute(table.select_sql).fetchall()
    assert rows, f"the rich profile leaves {table.name} empty"
    for row in rows:
        built = table.build(row)
        if table.model is None:
            assert isinstance(built, str)
            continue
        again = _through_init(built)
        assert built == again
        assert vars(built) == vars(again)  # what is not compared too (a listing's scan)
        assert list(vars(built)) == list(vars(again))


def test_an_account_is_built_with_its_parts_and_the_defaults_of_those_it_has_none_of(
    db: Database, profile: Profile
) -> None:
    Repository(db).save_profile(profile)
    row = db.connection.execute(tables.ACCOUNTS.select_sql).fetchone()
    bare = tables.ACCOUNTS.build(row)
    assert bare == dataclasses.replace(
        profile.accounts[0], **{part.attr: getattr(Account, part.attr) for part in ACCOUNT_PARTS}
    )
    assert list(vars(bare)) == [f.name for f in dataclasses.fields(Account)]
    whole = tables.ACCOUNTS.build(row, {"listings": profile.accounts[0].listings})
    assert whole.listings == profile.accounts[0].listings
    assert list(vars(whole)) == list(vars(bare))


def test_a_model_with_a_post_init_is_made_through_it() -> None:
    months = Table("months", YearMonth, (plain("year"), plain("month")))
    assert months.build((2026, 2)) == YearMonth(2026, 2)
    with pytest.raises(ValueError, match="not a valid month"):
        months.build((2026, 13))


def test_a_model_with_a_field_no_column_gives_is_made_through_init() -> None:
    # Card's id, last4 and expires have no default: without their columns only __init__ can
    # say what is missing.
    labels = Table("labels", Card, (Column("label", "label"),))
    with pytest.raises(TypeError, match="missing"):
        labels.build(("a label",))
