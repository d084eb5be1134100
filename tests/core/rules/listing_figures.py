"""Precision and recall of the listing checks on the labelled corpus (listing_corpus.tsv).

Run `.venv/bin/python tests/core/rules/listing_figures.py` to print them (README, "Listing checks").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from accountwatch.core.catalogue import keywords, load_catalogue
from accountwatch.core.model import Account, Listing, Profile
from accountwatch.core.rules import evaluate
from accountwatch.core.rules.reading import read_listing
from accountwatch.core.rules.terms import TermScanner, listing_text

CORPUS = Path(__file__).with_name("listing_corpus.tsv")
# The corpus section written after the keyword lists were settled, which no list was tuned on.
HELD_OUT = "# --- Written after the lists were settled"
LABELS = (
    "strong",
    "ambiguous",
    "brand",
    "compatible",
    "unsafe",
    "inappropriate",
    "promotion",
    "claim",
)
# Each listing rule's weights, heaviest first, and the label of each tier.
_TIERS = {
    "CON-PROHIBITED-LISTING": ("strong", "ambiguous"),
    "CON-BRAND-LISTING": ("brand", "compatible"),
    "CON-UNSAFE-LISTING": ("unsafe",),
    "CON-INAPPROPRIATE-CONTENT": ("inappropriate",),
    "CON-EXAGGERATED-CLAIM": ("claim",),
}
# Labels of what is scored at a rule's full weight (the goal: precision ≥ 0.90); the others are
# the light tiers, which only advise. Promotion counts per listing here: the rule itself fires on
# the account once enough listings promote.
FULL_WEIGHT = ("strong", "brand", "unsafe", "inappropriate", "promotion", "claim")
RECALL_GOAL = {"strong": 0.95, "unsafe": 0.95}
PRECISION_GOAL = 0.90


@dataclass(frozen=True)
class Case:
    line: int
    title: str
    expected: frozenset[str]
    held_out: bool = False


@dataclass(frozen=True)
class Figures:
    label: str
    expected: int
    true_positives: int
    false_positives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


def read_corpus(path: Path = CORPUS) -> list[Case]:
    cases = []
    held_out = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        held_out = held_out or line.startswith(HELD_OUT)
        if not line.strip() or line.startswith("#"):
            continue
        labels, title = line.split("\t")
        expected = frozenset(labels.split(",")) - {"clean"}
        unknown = expected - set(LABELS)
        if unknown or not title.strip():
            raise ValueError(f"{path.name}:{number}: bad line {line!r}")
        cases.append(Case(number, title, expected, held_out))
    return cases


def predict(titles: Iterable[str]) -> list[frozenset[str]]:
    """The labels the listing rules give each title, all titles listed by one account that is
    authorised for no brand."""
    titles = list(titles)
    account = Account(id="corpus", login_id="corpus", listings=tuple(map(Listing, titles)))
    catalogue = load_catalogue()
    labels: list[set[str]] = [set() for _ in titles]
    for finding in evaluate(Profile(accounts=(account,)), dt.date(2026, 12, 1)):
        tiers = _TIERS.get(finding.rule)
        if tiers is None:
            continue
        index = int(finding.subject.rpartition(":")[2])
        tier = catalogue[finding.rule].weights.index(finding.weight)
        labels[index].add(tiers[tier])
    # Promotion per listing, which the account-level rule counts.
    words = keywords()
    scanner = TermScanner.of(words)
    for index, found in scanner.scan_listings(account.listings):
        text = listing_text(account.listings[index])
        if read_listing(text, found, words).promotion:
            labels[index].add("promotion")
    return [frozenset(found) for found in labels]


def measure(cases: list[Case]) -> tuple[list[Figures], list[tuple[Case, frozenset[str]]]]:
    """Figures per label, and the cases whose prediction differs from their labels."""
    predicted = predict(case.title for case in cases)
    figures = []
    for label in LABELS:
        expected = sum(label in case.expected for case in cases)
        hits = [label in got for got in predicted]
        true = sum(hit and label in case.expected for hit, case in zip(hits, cases, strict=True))
        figures.append(Figures(label, expected, true, sum(hits) - true))
    wrong = [(c, got) for c, got in zip(cases, predicted, strict=True) if got != c.expected]
    return figures, wrong


def table(cases: list[Case], figures: list[Figures]) -> str:
    clean = sum(not case.expected for case in cases)
    lines = [
        f"{len(cases)} titles ({clean} clean)",
        f"{'list / tier':<14} {'labelled':>8} {'found':>6} {'precision':>9} {'recall':>7}  goal",
    ]
    for f in figures:
        goals = []
        if f.label in FULL_WEIGHT:
            goals.append(f"precision ≥ {PRECISION_GOAL:.2f}")
        if f.label in RECALL_GOAL:
            goals.append(f"recall ≥ {RECALL_GOAL[f.label]:.2f}")
        found = f.true_positives + f.false_positives
        lines.append(
            f"{f.label:<14} {f.expected:>8} {found:>6} {f.precision:>9.3f} {f.recall:>7.3f}  "
            + (", ".join(goals) or "(light tier: advice)")
        )
    return "\n".join(lines)


def main() -> None:
    cases = read_corpus()
    figures, wrong = measure(cases)
    print("All titles:", table(cases, figures), sep="\n")
    held_out = [case for case in cases if case.held_out]
    print(
        "\nWritten after the lists were settled:", table(held_out, measure(held_out)[0]), sep="\n"
    )
    print("\nTitles the checks read differently from their labels:")
    for case, got in wrong:
        labels = ",".join(sorted(got)) or "clean"
        print(f"  line {case.line}: {case.title!r} found {labels}")


if __name__ == "__main__":
    main()
