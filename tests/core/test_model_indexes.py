"""The profile's answers per account (cards an account pays with) stay right while they are kept:
asked again, and asked of an account that is not the profile's own."""

from __future__ import annotations

import dataclasses
import datetime as dt

from accountwatch.core.model import (
    Account,
    Card,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Profile,
    YearMonth,
)

CARDS = tuple(Card(id=f"c{i}", last4=f"000{i}", expires=YearMonth(2030, i)) for i in range(1, 4))


def _profile() -> Profile:
    account = Account(
        id="a",
        login_id="a",
        payment_methods=(PaymentMethod(PaymentMethodType.CARD, card="c1"),),
    )
    return Profile(
        accounts=(account, Account(id="b", login_id="b")),
        cards=CARDS,
        payments=(
            Payment(id="p1", account="a", due=dt.date(2026, 12, 1), card="c2"),
            Payment(id="p2", account="a", due=dt.date(2026, 12, 2), card="c1"),
            Payment(id="p3", account="b", due=dt.date(2026, 12, 3), card="c3"),
        ),
    )


def test_an_accounts_cards_are_its_methods_then_its_payments_once_each_and_stay_so() -> None:
    profile = _profile()
    first = profile.cards_of(profile.accounts[0])
    assert [c.id for c in first] == ["c1", "c2"]
    assert profile.cards_of(profile.accounts[0]) == first
    assert [c.id for c in profile.cards_of(profile.accounts[1])] == ["c3"]


def test_an_account_of_the_same_id_but_not_the_profiles_gets_its_own_cards() -> None:
    profile = _profile()
    profile.cards_of(profile.accounts[0])  # the profile's own account answered (and kept) first
    edited = dataclasses.replace(
        profile.accounts[0],
        payment_methods=(PaymentMethod(PaymentMethodType.CARD, card="c3"),),
    )
    assert [c.id for c in profile.cards_of(edited)] == ["c3", "c2", "c1"]
    assert [c.id for c in profile.cards_of(profile.accounts[0])] == ["c1", "c2"]
