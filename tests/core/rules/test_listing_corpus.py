"""The labelled listing corpus: its precision and recall meet the goals of issue 12."""

from __future__ import annotations

import re

import pytest
from listing_figures import (
    FULL_WEIGHT,
    LABELS,
    PRECISION_GOAL,
    RECALL_GOAL,
    Case,
    measure,
    read_corpus,
    table,
)


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return read_corpus()


def test_the_corpus_is_large_and_covers_every_list_and_script(cases):
    assert len(cases) >= 400
    assert len({case.title for case in cases}) == len(cases), "a title is listed twice"
    for label in LABELS:
        assert sum(label in case.expected for case in cases) >= 15, label
    assert sum(not case.expected for case in cases) >= 120
    kana = [c for c in cases if re.search(r"[\u3040-\u30ff]", c.title)]
    han_only = [c for c in cases if re.search(r"[\u4e00-\u9fff]", c.title) and c not in kana]
    latin_only = [c for c in cases if c.title.isascii()]
    assert min(len(kana), len(han_only), len(latin_only)) >= 100, (
        len(kana),
        len(han_only),
        len(latin_only),
    )


def test_precision_and_recall_meet_the_goals(cases):
    figures, _wrong = measure(cases)
    shown = table(cases, figures)
    for f in figures:
        if f.label in FULL_WEIGHT:
            assert f.precision >= PRECISION_GOAL, shown
        if f.label in RECALL_GOAL:
            assert f.recall >= RECALL_GOAL[f.label], shown


def test_the_figures_count_what_they_claim(cases):
    # Made-up predictions of a known outcome go through the same arithmetic as the real ones.
    figures, wrong = measure(
        [Case(1, "Super copy bag", frozenset({"strong"})), Case(2, "Mug", frozenset({"strong"}))]
    )
    strong = next(f for f in figures if f.label == "strong")
    assert (strong.expected, strong.true_positives, strong.false_positives) == (2, 1, 0)
    assert (strong.precision, strong.recall) == (1.0, 0.5)
    assert [case.title for case, _got in wrong] == ["Mug"]
