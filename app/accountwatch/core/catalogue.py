"""The rule catalogue (weights, thresholds) and keyword lists, read from `resources/rules/`."""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from accountwatch.core import RESOURCES


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
    """A rule as the catalogue writes it: category, weights, thresholds, where it is fixed."""

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
    """The rules of `catalogue.toml`, by id."""

    rules: dict[str, RuleSpec]

    def __getitem__(self, rule_id: str) -> RuleSpec:
        return self.rules[rule_id]

    @cached_property
    def order(self) -> dict[str, int]:
        """Each rule's place in the catalogue (findings of equal weight are ranked by it)."""
        return {rule: i for i, rule in enumerate(self.rules)}


@dataclass(frozen=True)
class Keywords:
    """Folded terms of every keyword list; brands map each folded spelling to the brand's display
    name (the lists are described in the files of `resources/rules/`)."""

    prohibited: tuple[str, ...]
    claims: tuple[str, ...]
    brands: dict[str, str]
    ambiguous: tuple[str, ...] = ()
    licensed: tuple[str, ...] = ()
    harmless: tuple[str, ...] = ()
    unsafe: tuple[str, ...] = ()
    inappropriate: tuple[str, ...] = ()
    promotion: tuple[str, ...] = ()
    # Folded brand spellings that are also everyday words, and per display name the words of the
    # brand's products that make such a spelling the brand.
    everyday: frozenset[str] = frozenset()
    brand_context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Compatibility markers before and after a brand, and who-it-is-for words that cancel an
    # "after" marker (compatibility.txt).
    compatible_before: tuple[str, ...] = ()
    compatible_after: tuple[str, ...] = ()
    for_people: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()  # kanji device words allowed among model names
    # Folded terms as the lists (or the user) write them, for messages: "N級品", not "n級品".
    spelled: dict[str, str] = field(default_factory=dict)


def _rules_dir() -> Path:
    return RESOURCES / "rules"


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


_TERM_FILES = (
    "prohibited.txt",
    "claims.txt",
    "ambiguous.txt",
    "licensed.txt",
    "harmless.txt",
    "unsafe.txt",
    "inappropriate.txt",
    "promotion.txt",
)


def _folded(name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(t) for t in _read_terms(name)))


def _spelled(terms: Iterable[str], into: dict[str, str]) -> dict[str, str]:
    for term in terms:
        if fold(term):
            into.setdefault(fold(term), " ".join(term.split()))
    return into


@cache
def _shipped_keywords() -> Keywords:
    brands: dict[str, str] = {}
    everyday: set[str] = set()
    # brands.txt: one brand a line, its spellings separated by "|"; the first is the display name;
    # "~" marks a spelling that is also an everyday word.
    for line in _read_terms("brands.txt"):
        spellings = [s.strip() for s in line.split("|") if s.strip().lstrip("~")]
        name = spellings[0].lstrip("~")
        for spelling in spellings:
            folded = fold(spelling.lstrip("~"))
            brands.setdefault(folded, name)
            if spelling.startswith("~"):
                everyday.add(folded)
    context: dict[str, tuple[str, ...]] = {}
    for line in _read_terms("brand-context.txt"):
        name, _sep, words = line.partition(":")
        context[name.strip()] = tuple(dict.fromkeys(fold(w) for w in words.split("|") if fold(w)))
    before: list[str] = []
    after: list[str] = []
    people: list[str] = []
    devices: list[str] = []
    for line in _read_terms("compatibility.txt"):
        if line.startswith("!"):
            people.append(fold(line[1:]))
        elif line.startswith("+"):
            devices.append(fold(line[1:]))
        elif line.endswith("…"):
            before.append(fold(line[:-1]))
        elif line.startswith("…"):
            after.append(fold(line[1:]))
    return Keywords(
        prohibited=_folded("prohibited.txt"),
        claims=_folded("claims.txt"),
        brands=brands,
        ambiguous=_folded("ambiguous.txt"),
        licensed=_folded("licensed.txt"),
        harmless=_folded("harmless.txt"),
        unsafe=_folded("unsafe.txt"),
        inappropriate=_folded("inappropriate.txt"),
        promotion=_folded("promotion.txt"),
        everyday=frozenset(everyday),
        brand_context=context,
        compatible_before=tuple(dict.fromkeys(before)),
        compatible_after=tuple(dict.fromkeys(after)),
        for_people=tuple(dict.fromkeys(people)),
        devices=tuple(dict.fromkeys(devices)),
        spelled=_spelled((t for name in _TERM_FILES for t in _read_terms(name)), {}),
    )


def _with(shipped: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*shipped, *(f for f in map(fold, extra) if f)]))


def keywords(
    extra_prohibited: tuple[str, ...] = (),
    extra_brands: tuple[str, ...] = (),
    extra_claims: tuple[str, ...] = (),
    *,
    extra_unsafe: tuple[str, ...] = (),
    extra_inappropriate: tuple[str, ...] = (),
    extra_promotion: tuple[str, ...] = (),
) -> Keywords:
    """The shipped keyword lists plus the user's own terms (a user's brand is never an everyday
    word: it counts wherever it stands)."""
    shipped = _shipped_keywords()
    brands = dict(shipped.brands)
    for brand in extra_brands:
        if fold(brand):
            brands.setdefault(fold(brand), brand.strip())
    return replace(
        shipped,
        prohibited=_with(shipped.prohibited, extra_prohibited),
        claims=_with(shipped.claims, extra_claims),
        brands=brands,
        unsafe=_with(shipped.unsafe, extra_unsafe),
        inappropriate=_with(shipped.inappropriate, extra_inappropriate),
        promotion=_with(shipped.promotion, extra_promotion),
        spelled=_spelled(
            (
                *extra_prohibited,
                *extra_claims,
                *extra_unsafe,
                *extra_inappropriate,
                *extra_promotion,
            ),
            dict(shipped.spelled),
        ),
    )


def rule_ids() -> tuple[str, ...]:
    return tuple(load_catalogue().rules)
