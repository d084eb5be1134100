"""Merging an imported profile into the stored one, by id."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import is_dataclass, replace
from typing import Any, TypeVar

from accountwatch.core.model import Account, Profile, Settings

T = TypeVar("T")


def _merge_by(
    key: Callable[[T], object], base: Iterable[T], incoming: Iterable[T]
) -> tuple[T, ...]:
    """Items of `base` replaced by same-key items of `incoming`, new ones appended, order kept."""
    merged: dict[object, T] = {key(item): item for item in base}
    for item in incoming:
        merged[key(item)] = item
    return tuple(merged.values())


def keep_local_knowledge(stored: Account | None, incoming: Account) -> Account:
    """What a profile file cannot carry (password analysis, fingerprints, a kept TOTP secret)
    survives from the stored account of the same id, unless the file brings new values."""
    if stored is None:
        return incoming
    return replace(
        incoming,
        password=incoming.password or stored.password,
        other_fingerprints=incoming.other_fingerprints or stored.other_fingerprints,
        other_sites=incoming.other_sites or stored.other_sites,
        has_totp_secret=incoming.has_totp_secret
        or (stored.has_totp_secret and incoming.two_factor.method == stored.two_factor.method),
    )


def merge(
    base: Profile,
    incoming: Profile,
    *,
    replace_all: bool = False,
    settings_given: Collection[str] = (),
) -> Profile:
    """`incoming` merged into `base` by id, or (replace_all) instead of it. Of the settings,
    those the file gave (`settings_given`, by name) replace the stored ones; the others stay."""
    accounts = tuple(keep_local_knowledge(base.account(a.id), a) for a in incoming.accounts)
    if replace_all:
        return replace(incoming, accounts=accounts)
    return Profile(
        company=incoming.company or base.company,
        accounts=_merge_by(lambda a: a.id, base.accounts, accounts),
        cards=_merge_by(lambda c: c.id, base.cards, incoming.cards),
        payments=_merge_by(lambda p: p.id, base.payments, incoming.payments),
        acknowledged=_merge_by(
            lambda a: (a.rule, a.subject), base.acknowledged, incoming.acknowledged
        ),
        # A file parses the settings it does not give to their defaults: those must not undo
        # the user's own, while a default the file gives is meant.
        settings=_merged_settings(base.settings, incoming.settings, settings_given),
    )


def _merged_settings(base: Settings, incoming: Settings, given: Collection[str]) -> Settings:
    """`base` with each setting `given` taken from `incoming`; of a block (the weekly check, the
    extra terms) only the parts given ("block.part"), the others kept."""
    changes: dict[str, Any] = {}
    for name in given:
        if "." in name:
            continue
        value = getattr(incoming, name)
        stored = getattr(base, name)
        if is_dataclass(stored) and not isinstance(stored, type):
            parts = {p.partition(".")[2] for p in given if p.startswith(f"{name}.")}
            value = replace(stored, **{part: getattr(value, part) for part in parts})
        changes[name] = value
    return replace(base, **changes)
