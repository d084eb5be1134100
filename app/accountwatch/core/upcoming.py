"""Due dates coming up: card expiries, payments, the business licence and the weekly check."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import compress
from operator import is_not, not_

from accountwatch.core.model import Payment, Profile
from accountwatch.core.obligations import (
    Kind,
    Obligation,
    card_expiries,
    licence_expiry,
    payments_due,
    weekly_checks,
)

__all__ = ["Kind", "Upcoming", "upcoming", "upcoming_again"]

# An item coming up is an obligation of one of these kinds (the Overview, the report, `check`).
Upcoming = Obligation
# The order of kinds on one day: the order they are declared in.
_KIND_ORDER = {kind: i for i, kind in enumerate(Kind)}


def _order(item: Upcoming) -> tuple[dt.date, int, str]:
    # Subjects are unique within a kind and a day: the order is total, whichever way it is made.
    return (item.date, _KIND_ORDER[item.kind], item.subject)


def upcoming(profile: Profile, today: dt.date, days: int) -> list[Upcoming]:
    """Everything falling due from `today` to `days` days later (both included), by date: only
    the next weekly check, not every one."""
    end = today + dt.timedelta(days=days)
    items = [
        *card_expiries(profile, today, end),
        *payments_due(profile, today, end),
        *licence_expiry(profile, today, end),
        *_next_weekly_check(profile, today, end),
    ]
    items.sort(key=_order)
    return items


def _next_weekly_check(profile: Profile, today: dt.date, end: dt.date) -> list[Upcoming]:
    check = next(weekly_checks(profile, today, end), None)
    return [] if check is None else [check]


def upcoming_again(
    previous: Sequence[Upcoming], before: Profile, profile: Profile, today: dt.date, days: int
) -> list[Upcoming]:
    """`upcoming(profile, today, days)`, given `previous`, which is `upcoming(before, today,
    days)` in the same language: the items of every payment, card, company and setting that
    `profile` shares with `before` are kept, the rest made again.

    After an edit of one item of a large profile (thousands of payments) this makes the few
    items of what the edit changed instead of all of them.
    """
    end = today + dt.timedelta(days=days)
    gone, redo = _changed_payments(before, profile)
    # A payment's texts name its account: an account changed makes its payments' items again.
    for account_id in _changed_accounts(before, profile):
        gone.extend(before.payments_of(account_id))
        redo.extend(profile.payments_of(account_id))
    # What `before` had of what changed (made again to know where it stands) and what
    # `profile` has of it.
    stale = list(payments_due(before, today, end, {id(p): p for p in gone}.values()))
    fresh = list(payments_due(profile, today, end, {id(p): p for p in redo}.values()))
    if profile.cards is not before.cards:
        stale += card_expiries(before, today, end)
        fresh += card_expiries(profile, today, end)
    if profile.company is not before.company:
        stale += licence_expiry(before, today, end)
        fresh += licence_expiry(profile, today, end)
    if profile.settings is not before.settings or bool(profile.accounts) != bool(before.accounts):
        stale += _next_weekly_check(before, today, end)
        fresh += _next_weekly_check(profile, today, end)
    kept = _without(previous, stale)
    if kept is None:  # `previous` is not what `upcoming` gave for `before`
        return upcoming(profile, today, days)
    return _merged(kept, fresh)


def _without(items: Sequence[Upcoming], stale: list[Upcoming]) -> list[Upcoming] | None:
    """`items` (in order) without those in the places of the `stale` ones (None: one is not
    there): each is found by bisection and the runs between them are copied whole, not read
    item by item (thousands of items, most of them no longer in the processor's caches)."""
    places = set()
    for item in stale:
        place = bisect.bisect_left(items, _order(item), key=_order)
        if place == len(items) or _order(items[place]) != _order(item):
            return None
        places.add(place)
    kept: list[Upcoming] = []
    start = 0
    for place in sorted(places):
        kept += items[start:place]
        start = place + 1
    kept += items[start:]
    return kept


def _merged(items: list[Upcoming], fresh: list[Upcoming]) -> list[Upcoming]:
    """`items` (in order) with the `fresh` ones put in their places, found by bisection, the
    runs between them copied whole: the thousands of items kept are not ordered again."""
    fresh.sort(key=_order)
    merged: list[Upcoming] = []
    start = 0
    for item in fresh:
        at = bisect.bisect_left(items, _order(item), lo=start, key=_order)
        merged += items[start:at]
        merged.append(item)
        start = at
    merged += items[start:]
    return merged


def _changed_payments(before: Profile, profile: Profile) -> tuple[list[Payment], list[Payment]]:
    """The payments of `before` that `profile` no longer has, and those it has anew (compared
    by identity, in C: a profile holds tens of thousands)."""
    old, new = before.payments, profile.payments
    if new is old:
        return [], []
    if len(new) == len(old):
        places = list(compress(range(len(new)), map(is_not, new, old)))
        return [old[i] for i in places], [new[i] for i in places]
    return _not_in(old, new), _not_in(new, old)


def _not_in(these: Sequence[Payment], others: Iterable[Payment]) -> list[Payment]:
    kept = set(map(id, others))
    return list(compress(these, map(not_, map(kept.__contains__, map(id, these)))))


def _changed_accounts(before: Profile, profile: Profile) -> set[str]:
    """The ids of the accounts that are not the same objects in both profiles."""
    old, new = before.accounts, profile.accounts
    if new is old:
        return set()
    if len(new) == len(old):
        places = compress(range(len(new)), map(is_not, new, old))
        return {a.id for i in places for a in (old[i], new[i])}
    old_ids = set(map(id, old))
    new_ids = set(map(id, new))
    return {a.id for a in old if id(a) not in new_ids} | {a.id for a in new if id(a) not in old_ids}
