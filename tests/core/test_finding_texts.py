"""`Finding`: texts given or rendered on first read, immutable, compared by what they read."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Callable

import pytest

from accountwatch import i18n
from accountwatch.core.findings import Category, Finding, apply_acknowledgements
from accountwatch.core.model import Acknowledgement

DAY = dt.date(2026, 11, 29)


def _lazy(render: Callable[[], tuple[str, str, str]], acknowledged: bool = False) -> Finding:
    return Finding(
        "SEC-2FA-OFF",
        Category.SECURITY,
        "account:main",
        "main",
        0.3,
        acknowledged=acknowledged,
        texts=render,
    )


def _given(message: str = "Main has no two-step verification.") -> Finding:
    return Finding(
        rule="SEC-2FA-OFF",
        category=Category.SECURITY,
        subject="account:main",
        account="main",
        weight=0.3,
        message=message,
        action="Turn it on.",
        why="It stops a stolen password.",
    )


class Renders:
    """A render function that says how often it ran."""

    def __init__(self, message: str = "Main has no two-step verification.") -> None:
        self.message = message
        self.runs = 0

    def __call__(self) -> tuple[str, str, str]:
        self.runs += 1
        return (self.message, "Turn it on.", "It stops a stolen password.")


def test_texts_render_once_on_first_read():
    render = Renders()
    finding = _lazy(render)
    assert render.runs == 0 and not finding.rendered

    assert finding.why == "It stops a stolen password."
    assert finding.message == "Main has no two-step verification."
    assert finding.action == "Turn it on."
    assert render.runs == 1 and finding.rendered


def test_texts_render_in_the_language_current_when_read():
    def render() -> tuple[str, str, str]:
        return (i18n._("e-mail"), i18n._("bank transfer"), "")

    english, japanese = _lazy(render), _lazy(render)
    english.message  # noqa: B018 - read while English is in use
    i18n.set_language("ja")
    assert (japanese.message, japanese.action) == (i18n._("e-mail"), i18n._("bank transfer"))
    assert japanese.message != "e-mail" and japanese.action != "bank transfer"
    assert (english.message, english.action) == ("e-mail", "bank transfer")  # kept as first read


def test_a_lazy_finding_equals_one_with_the_same_texts_given():
    lazy, given = _lazy(Renders()), _given()
    assert lazy == given and given == lazy
    assert hash(lazy) == hash(given)
    assert {lazy: 1}[given] == 1


def test_findings_with_other_texts_or_fields_differ():
    assert _lazy(Renders("Other text.")) != _given()
    assert _given("Other text.") != _given()
    assert _lazy(Renders(), acknowledged=True) != _lazy(Renders())
    assert _given() != ("SEC-2FA-OFF", "account:main")


def test_hashing_renders_nothing():
    render = Renders()
    finding = _lazy(render)
    hash(finding)
    assert render.runs == 0


def test_acknowledging_keeps_the_texts_unrendered():
    render = Renders()
    finding = _lazy(render)
    ack = Acknowledgement("SEC-2FA-OFF", "account:main", reason="known")
    (marked,) = apply_acknowledgements([finding], [ack], DAY)
    (unmarked,) = apply_acknowledgements([finding], [], DAY)

    assert marked.acknowledged and not finding.acknowledged
    assert unmarked is finding  # nothing to change: the same finding
    assert render.runs == 0
    assert marked.message == finding.message
    assert marked.key == finding.key and marked.weight == finding.weight


def test_a_finding_cannot_be_changed():
    finding = _given()
    with pytest.raises(AttributeError):
        finding.message = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        finding.weight = 1.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del finding.rule


def test_copies_and_pickles_carry_the_texts_written_out():
    finding = _lazy(lambda: ("Message.", "Action.", "Why."))  # a lambda does not pickle
    for copied in (copy.copy(finding), copy.deepcopy(finding), pickle.loads(pickle.dumps(finding))):
        assert copied == finding and copied.rendered
        assert (copied.message, copied.action, copied.why) == ("Message.", "Action.", "Why.")


def test_repr_shows_the_texts():
    assert "message='Main has no two-step verification.'" in repr(_lazy(Renders()))
