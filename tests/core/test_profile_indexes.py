"""A profile made by `Profile.changed` answers as one whose indexes are built anew."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from accountwatch.core.model import (
    Account,
    Card,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    Profile,
    YearMonth,
    place_of,
)


def _profile() -> Profile:
    return Profile(
        accounts=(
            Account(id="a", login_id="a"),
            # Pays with a card the profile does not hold (yet).
            Account(
                id="b", login_id="b", payment_methods=(PaymentMethod(PaymentMethodType.CARD, "c2"),)
            ),
        ),
        cards=(Card(id="c1", last4="1111", expires=YearMonth(2027, 1)),),
        payments=(Payment(id="p1", account="a", due=dt.date(2026, 12, 1), card="c1"),),
    )


def _answers(profile: Profile) -> tuple[object, ...]:
    return (
        [profile.account(a) for a in ("a", "b", "c")],
        [profile.card(c) for c in ("c1", "c2")],
        [profile.payment(p) for p in ("p1", "p2")],
        [profile.payments_of(a) for a in ("a", "b")],
        [profile.accounts_using_card(c) for c in ("c1", "c2")],
    )


def test_indexes_carried_or_brought_up_to_date_answer_as_built_anew() -> None:
    before = _profile()
    _answers(before)  # every index built, for `changed` to carry or bring up to date
    card = Card(id="c2", last4="2222", expires=YearMonth(2028, 1))
    changes = [
        {"cards": (replace(before.cards[0], label="Visa"),)},
        {"cards": (*before.cards, card)},  # the card account b pays with comes
        {"accounts": (replace(before.accounts[0], label="Main"), before.accounts[1])},
        {"payments": (replace(before.payments[0], account="b"),)},
        {"payments": (*before.payments, Payment(id="p2", account="b", due=dt.date(2027, 1, 1)))},
        {"payments": ()},
    ]
    for change in changes:
        after = before.changed(**change)
        assert _answers(after) == _answers(replace(after)), change


def test_the_place_of_an_item_is_found_by_identity() -> None:
    one = Payment(id="p", account="a", due=dt.date(2026, 12, 1))
    other = replace(one)  # equal, not the same
    assert place_of((other, one), one) == 1
