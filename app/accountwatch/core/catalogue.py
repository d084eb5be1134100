"""The rule catalogue (weights, thresholds) and keyword lists, read from `resources/rules/`."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any


def fold(text: str) -> str:
    """Text as the rules compare it: NFKC (full-width → ASCII, half-width kana → full), case-folded,
    white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class FixPlace(StrEnum):
    """Where the user fixes what a rule finds."""

    ACCOUNT = "account"
    CARD = "card"  # the card the finding is about
    PAYMENT = "payment"  # the payment the finding is about
    COMPANY = "company"  # the company record all accounts share
    RECOVERY = "recovery"  # the recovery help of a restricted or frozen account


@dataclass(frozen=True)
class RuleSpec:
    id: str
    category: str
    weights: tuple[float, ...]
    fix: FixPlace
    fix_field: str | None  # the editor field (profile-format key), when one fixes it
    thresholds: tuple[float, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def weight(self) -> float:
        return self.weights[0]


@dataclass(frozen=True)
class Catalogue:
    rules: dict[str, RuleSpec]

    def __getitem__(self, rule_id: str) -> RuleSpec:
        return self.rules[rule_id]


@dataclass(frozen=True)
class Keywords:
    """Folded terms; brands map each folded spelling to the brand's display name."""

    prohibited: tuple[str, ...]
    claims: tuple[str, ...]
    brands: dict[str, str]


def _rules_dir() -> Any:
    return resources.files("accountwatch") / "resources" / "rules"


@cache
def load_catalogue() -> Catalogue:
    data = tomllib.loads((_rules_dir() / "catalogue.toml").read_text(encoding="utf-8"))
    rules = {}
    for rule_id, spec in data["rules"].items():
        known = ("category", "weights", "thresholds", "fix")
        extra = {k: v for k, v in spec.items() if k not in known}
        # A rule without a place to fix it is an error here, not a silent default in the app.
        place, *fix_field = spec["fix"]
        rules[rule_id] = RuleSpec(
            id=rule_id,
            category=spec["category"],
            weights=tuple(float(w) for w in spec["weights"]),
            fix=FixPlace(place),
            fix_field=fix_field[0] if fix_field else None,
            thresholds=tuple(spec.get("thresholds", ())),
            extra=extra,
        )
    return Catalogue(rules)


def _read_terms(name: str) -> list[str]:
    text = (_rules_dir() / name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


@cache
def _shipped_keywords() -> Keywords:
    brands: dict[str, str] = {}
    # brands.txt: one brand a line, its spellings separated by "|"; the first is the display name.
    for line in _read_terms("brands.txt"):
        spellings = [s.strip() for s in line.split("|") if s.strip()]
        for spelling in spellings:
            brands.setdefault(fold(spelling), spellings[0])
    return Keywords(
        prohibited=tuple(dict.fromkeys(fold(t) for t in _read_terms("prohibited.txt"))),
        claims=tuple(dict.fromkeys(fold(t) for t in _read_terms("claims.txt"))),
        brands=brands,
    )


def keywords(
    extra_prohibited: tuple[str, ...] = (),
    extra_brands: tuple[str, ...] = (),
    extra_claims: tuple[str, ...] = (),
) -> Keywords:
    """The shipped keyword lists plus the user's own terms."""
    shipped = _shipped_keywords()
    brands = dict(shipped.brands)
    for brand in extra_brands:
        if fold(brand):
            brands.setdefault(fold(brand), brand.strip())
    return Keywords(
        prohibited=tuple(
            dict.fromkeys([*shipped.prohibited, *(fold(t) for t in extra_prohibited)])
        ),
        claims=tuple(dict.fromkeys([*shipped.claims, *(fold(t) for t in extra_claims)])),
        brands=brands,
    )


def rule_ids() -> tuple[str, ...]:
    return tuple(load_catalogue().rules)
