"""An edited item is read on its own, with exactly the outcome of reading the whole profile."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accountwatch.core import profile_io
from accountwatch.core.model import Profile
from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import parse_item, profile_to_dict
from accountwatch.services import editing, edits
from accountwatch.services.workspace import Workspace

Outcome = Profile | list[tuple[str, str]]


@pytest.fixture
def twin(data_dir: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A second copy of the demo folder, edited the long way for comparison."""
    copy_dir = tmp_path / "twin"
    shutil.copytree(data_dir, copy_dir)
    with Workspace.open(copy_dir) as workspace:
        yield workspace


def _put(
    ws: Workspace, collection: editing.Collection, item: Any, replacing: str | None
) -> Outcome:
    try:
        return editing.put_item(ws, collection, copy.deepcopy(item), replacing=replacing)
    except ProfileError as exc:
        return [(p.path, p.message) for p in exc.problems]


def _both_ways(
    ws: Workspace,
    twin: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    collection: editing.Collection,
    item: Any,
    replacing: str | None,
) -> tuple[Outcome, Outcome]:
    quick = _put(ws, collection, item, replacing)
    with monkeypatch.context() as patch:
        patch.setattr(edits, "parse_item", lambda *_args: None)  # the whole document instead
        whole = _put(twin, collection, item, replacing)
    assert ws.repo.load_profile() == twin.repo.load_profile()  # saved alike, or not at all
    return quick, whole


def _item(ws: Workspace, collection: str, index: int) -> dict[str, Any]:
    item: dict[str, Any] = profile_to_dict(ws.repo.load_profile())[collection][index]
    return item


EDITS: list[tuple[editing.Collection, int, dict[str, Any]]] = [
    ("accounts", 0, {"label": "Renamed, same id"}),
    ("accounts", 1, {"email": "not-an-address"}),
    ("accounts", 1, {"password_changed_on": "2026-02-30"}),
    ("accounts", 0, {"label": "card 4111 1111 1111 1111 here"}),
    ("accounts", 0, {"label": "ＡＢＣ　全角のラベル"}),
    ("accounts", 2, {"role": "owner", "colour": "blue"}),
    ("accounts", 0, {"orders_90d": 3, "cancellations_90d": 9}),
    ("accounts", 0, {"payment_methods": [{"type": "card", "card": "no-such-card"}]}),
    ("accounts", 0, {"listings": [{"title": 5}, "not an object"]}),
    ("accounts", 0, {"label": "tab\there\u0007"}),
    ("cards", 0, {"last4": "12", "expires": "2027-13"}),
    ("cards", 1, {"label": "Spare", "brand": "diners"}),
    ("cards", 2, {"expires": "２０２８-０１"}),
    ("payments", 0, {"account": "nobody"}),
    ("payments", 0, {"repeat": "FREQ=MONTHLY;BYSETPOS=40;BYDAY=MO"}),
    ("payments", 1, {"repeat": "FREQ=YEARLY", "amount": "1,000"}),
    ("payments", 1, {"amount": 12, "currency": "yen"}),
    ("payments", 2, {"card": "visa-main", "due": "2027-02-28", "repeat": "FREQ=MONTHLY"}),
]


@pytest.mark.parametrize(("collection", "index", "change"), EDITS)
def test_an_edit_comes_out_as_reading_the_whole_profile_would_have_it(
    ws: Workspace,
    twin: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    collection: editing.Collection,
    index: int,
    change: dict[str, Any],
) -> None:
    item = {**_item(ws, collection, index), **change}
    quick, whole = _both_ways(ws, twin, monkeypatch, collection, item, item["id"])
    assert quick == whole


ADDITIONS: list[tuple[editing.Collection, dict[str, Any]]] = [
    ("cards", {"id": "amex-new", "brand": "amex", "last4": "1005", "expires": "2029-04"}),
    ("cards", {"id": "visa-main", "last4": "1005", "expires": "2029-04"}),  # a duplicate id
    ("cards", {"id": "Bad Id", "last4": "1005"}),
    ("accounts", {"id": "new-shop", "login_id": "shop@example.com", "platform": "1688"}),
    ("accounts", {"login_id": "no id"}),
    ("accounts", {"id": "1688-shop", "login_id": "again", "platform": "1688"}),  # a duplicate
    ("accounts", {"id": 5, "login_id": "a number for an id"}),
    ("payments", {"id": "fee-2", "account": "1688-shop", "due": "2027-01-31"}),
    ("payments", {"id": "fee-3", "account": "1688-shop", "due": "2027-01-31", "card": "gone"}),
]


@pytest.mark.parametrize(("collection", "item"), ADDITIONS)
def test_an_addition_comes_out_as_reading_the_whole_profile_would_have_it(
    ws: Workspace,
    twin: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    collection: editing.Collection,
    item: dict[str, Any],
) -> None:
    quick, whole = _both_ways(ws, twin, monkeypatch, collection, item, None)
    assert quick == whole


def test_an_item_keeping_its_id_is_read_on_its_own(ws: Workspace) -> None:
    stored = ws.repo.load_profile()
    item = {**_item(ws, "payments", 0), "description": "Renewal"}
    read = parse_item(stored, "payments", 0, item)
    assert read is not None and read.description == "Renewal"
    added = {"id": "amex-new", "last4": "1005", "expires": "2029-04"}
    assert parse_item(stored, "cards", len(stored.cards), added) is not None


@pytest.mark.parametrize(
    ("collection", "index", "item_id"),
    [("accounts", 0, "alibaba-buyer"), ("cards", 0, "jcb-backup"), ("cards", 0, None)],
)
def test_a_new_or_clashing_id_is_left_to_the_whole_profile(
    ws: Workspace, collection: str, index: int, item_id: str | None
) -> None:
    stored = ws.repo.load_profile()
    item = {**_item(ws, collection, index), "id": item_id}
    assert parse_item(stored, collection, index, item) is None


def test_an_edit_of_a_large_profile_does_not_read_it_all_again(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted, not timed: the whole-document reader is not called for an ordinary edit (on
    # 1,000 accounts it takes seconds).
    calls: list[int] = []
    real = profile_io._Reader.profile
    monkeypatch.setattr(
        profile_io._Reader, "profile", lambda self, value: calls.append(1) or real(self, value)
    )
    item = {**_item(ws, "accounts", 0), "label": "Main"}
    profile = editing.put_item(ws, "accounts", item, replacing=item["id"])
    assert calls == []
    assert profile.accounts[0].label == "Main"
