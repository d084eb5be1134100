"""Every edit command leaves the database as importing the edited profile whole would have,
and the check after it, built on the check before, gives what checking it whole would."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from accountwatch.core.dates import next_due_after, series_start
from accountwatch.core.demo import demo_profile
from accountwatch.core.merge import merge
from accountwatch.core.model import Acknowledgement, PasswordAnalysis, Profile
from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import parse_profile, profile_to_dict
from accountwatch.core.risk import assess, reassess
from accountwatch.services import checks, edits, profiles
from accountwatch.services.edits import Edit
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
ROUNDS = 60


def _large_document(accounts: int) -> dict[str, Any]:
    """A profile of `accounts` accounts, each with a card, payments, listings and a penalty."""
    rng = random.Random(7)
    doc: dict[str, Any] = demo_profile(DAY)
    for i in range(accounts):
        doc["cards"].append(
            {"id": f"card-{i}", "last4": f"{i:04d}", "expires": f"{2026 + i % 5}-{1 + i % 12:02d}"}
        )
        doc["accounts"].append(
            {
                "id": f"acct-{i}",
                "platform": ["alibaba.com", "1688", "aliexpress", "other"][i % 4],
                "label": f"Account {i}",
                "login_id": f"user{i}",
                "payment_methods": [{"type": "card", "card": f"card-{i}"}],
                "listings": [{"title": f"steel bottle {j}"} for j in range(rng.randint(0, 4))],
                "penalties": [{"date": "2026-06-01", "points": 2}] if i % 3 == 0 else [],
                **({"password": f"shared-pass-{i % 3}"} if i < 6 else {}),
            }
        )
        doc["payments"].append(
            {
                "id": f"pay-{i}",
                "account": f"acct-{i}",
                "due": (DAY + dt.timedelta(days=i % 40)).isoformat(),
                "repeat": "FREQ=MONTHLY",
                "card": f"card-{i}",
            }
        )
    return doc


def _open_with(folder: Path, doc: dict[str, Any]) -> Workspace:
    ws = Workspace.open(folder)
    parsed = parse_profile(json.dumps(doc).encode())
    profiles.import_profile(ws, parsed, replace_all=True, today=DAY)
    return ws


@pytest.fixture(params=["demo", "200 accounts"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    doc = demo_profile(DAY) if request.param == "demo" else _large_document(200)
    ws = _open_with(tmp_path / "data", doc)
    yield ws
    ws.close()


# -- the database as rows, positions reduced to order -------------------------------------------

_ORDER = {
    "company": "id",
    "accounts": "position",
    "registered_companies": "account_id",
    "payment_methods": "account_id, position",
    "authorized_brands": "account_id, position",
    "listings": "account_id, position",
    "penalties": "account_id, position",
    "password_analyses": "account_id",
    "other_fingerprints": "account_id, position",
    "other_sites": "account_id, position",
    "cards": "position",
    "payments": "position",
    "acknowledgements": "position",
    "settings": "key",
}


def _rows(ws: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(ws.db.path)
    try:
        dump = {}
        for table, order in _ORDER.items():
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            kept = ", ".join(c for c in columns if c != "position")
            dump[table] = conn.execute(f"SELECT {kept} FROM {table} ORDER BY {order}").fetchall()
        return dump
    finally:
        conn.close()


# -- the same edit on the whole document, the way an import reads it -----------------------------


def _rename(doc: dict[str, Any], collection: str, old: str, new: str | None) -> None:
    for payment in doc.get("payments", []):
        key = "account" if collection == "accounts" else "card"
        if payment.get(key) == old:
            if new is None:
                del payment[key]
            else:
                payment[key] = new
    if collection == "cards":
        for account in doc.get("accounts", []):
            methods = account.get("payment_methods", [])
            if new is None:
                account["payment_methods"] = [m for m in methods if m.get("card") != old]
            for method in methods:
                if method.get("card") == old and new is not None:
                    method["card"] = new


def _edited_document(before: Profile, edit: Edit) -> dict[str, Any]:
    doc = profile_to_dict(before)
    match edit:
        case edits.PutItem(collection, item, replacing):
            items = doc.setdefault(collection, [])
            at = next((i for i, x in enumerate(items) if x["id"] == replacing), len(items))
            items[at : at + 1] = [copy.deepcopy(dict(item))]
            if replacing is not None and item.get("id") != replacing:
                _rename(doc, collection, replacing, item["id"])
        case edits.RemoveItem(collection, item_id):
            doc[collection] = [x for x in doc.get(collection, []) if x["id"] != item_id]
            if collection == "accounts":
                doc["payments"] = [p for p in doc.get("payments", []) if p["account"] != item_id]
            elif collection == "cards":
                _rename(doc, collection, item_id, None)
        case edits.PutAccountPart(account_id, part, item, index):
            account = next(a for a in doc["accounts"] if a["id"] == account_id)
            parts = account.setdefault(part, [])
            at = len(parts) if index is None else index
            parts[at : at + 1] = [dict(item)]
        case edits.RemoveAccountPart(account_id, part, index):
            account = next(a for a in doc["accounts"] if a["id"] == account_id)
            del account[part][index]
        case edits.PutCompany(record):
            doc.pop("company", None)
            if record is not None:
                doc["company"] = dict(record)
        case edits.PutSettings(settings):
            doc["settings"] = dict(settings)
        case edits.Acknowledge(ack):
            acks = [
                a
                for a in doc.get("acknowledged", [])
                if (a["rule"], a["subject"])
                != (
                    ack.rule,
                    ack.subject,
                )
            ]
            doc["acknowledged"] = [
                *acks,
                {"rule": ack.rule, "subject": ack.subject, "reason": ack.reason},
            ]
        case edits.Withdraw(rule, subject):
            doc["acknowledged"] = [
                a
                for a in doc.get("acknowledged", [])
                if (a["rule"], a["subject"]) != (rule, subject)
            ]
        case _:
            raise AssertionError(f"no document form for {edit!r}")
    return doc


def _expected(before: Profile, edit: Edit) -> Profile:
    """What reading the edited document whole and merging it as the app always did gives."""
    if isinstance(edit, edits.MarkPaid):
        payment = next(p for p in before.payments if p.id == edit.payment_id)
        following = None if payment.repeat is None else next_due_after(payment, payment.due)
        paid = (
            replace(payment, paid_on=edit.paid_on)
            if following is None
            else replace(payment, due=following, repeat_start=series_start(payment))
        )
        return replace(
            before, payments=tuple(paid if p.id == payment.id else p for p in before.payments)
        )
    if isinstance(edit, edits.KeepPasswordAnalysis):
        return replace(
            before,
            accounts=tuple(
                replace(a, password=edit.analysis, password_changed_on=edit.changed_on)
                if a.id == edit.account_id
                else a
                for a in before.accounts
            ),
        )
    edited, _secrets = parse_profile(json.dumps(_edited_document(before, edit)).encode())
    if isinstance(edit, edits.PutItem) and edit.collection == "accounts" and edit.replacing:
        # A renamed account keeps what its document cannot carry, as under its old id.
        old = before.account(edit.replacing)
        assert old is not None
        before = replace(
            before,
            accounts=tuple(
                replace(a, id=edit.item["id"]) if a.id == old.id else a for a in before.accounts
            ),
        )
    return merge(before, edited, replace_all=True)


# -- random edits --------------------------------------------------------------------------------


def _random_edit(rng: random.Random, profile: Profile, serial: int) -> Edit:
    doc = profile_to_dict(profile)
    choice = rng.randrange(14)
    if choice < 3 and doc.get("accounts"):
        item = dict(rng.choice(doc["accounts"]))
        old = item["id"]
        item["label"] = f"Edited {serial}"
        if choice == 1:
            item["id"] = f"renamed-{serial}"
        elif choice == 2:
            item["id"], item["login_id"] = f"added-{serial}", f"new{serial}"
            old = None
        item.pop("penalties", None) if rng.random() < 0.3 else None
        if rng.random() < 0.3:  # the format's version 1 additions
            item["last_login_on"] = f"2026-{rng.randint(1, 11):02d}-01"
            item["recovery"] = {"case_number": f"case-{serial}", "notice_on": "2026-10-02"}
        return edits.PutItem("accounts", item, old)
    if choice < 5 and doc.get("cards"):
        item = dict(rng.choice(doc["cards"]))
        old = item["id"]
        item["expires"] = f"{rng.randint(2025, 2030)}-{rng.randint(1, 12):02d}"
        if choice == 4:
            item["id"] = f"card-renamed-{serial}"
        item["holder"] = rng.choice(["company", "employee", "other"])
        return edits.PutItem("cards", item, old)
    if choice < 7 and doc.get("payments"):
        item = dict(rng.choice(doc["payments"]))
        old = item["id"]
        item["description"] = f"Fee {serial}"
        item["account"] = rng.choice(doc["accounts"])["id"]
        if choice == 6:
            item["id"], old = f"pay-added-{serial}", None
        return edits.PutItem("payments", item, old)
    if choice == 7 and doc.get("accounts"):
        collection = rng.choice(["accounts", "cards", "payments"])
        items = doc.get(collection) or doc["accounts"]
        return edits.RemoveItem(collection, rng.choice(items)["id"])  # type: ignore[arg-type]
    if choice == 8 and doc.get("accounts"):
        account = rng.choice(doc["accounts"])
        part = rng.choice(["penalties", "listings"])
        existing = account.get(part, [])
        if existing and rng.random() < 0.4:
            return edits.RemoveAccountPart(account["id"], part, rng.randrange(len(existing)))
        item = (
            {"date": "2026-10-01", "points": rng.randint(1, 12), "note": f"n{serial}"}
            if part == "penalties"
            else {"title": f"replica bag {serial}", "description": "cotton"}
        )
        index = rng.randrange(len(existing)) if existing and rng.random() < 0.5 else None
        return edits.PutAccountPart(account["id"], part, item, index)
    if choice == 9:
        return edits.PutCompany(
            None
            if rng.random() < 0.2
            else {
                "name": f"Sakura {serial}",
                "country": "JP",
                "license_expires": "2027-03-31",
                "postal_code": "150-0013",
                "corporate_number": "7000012050002",
            }
        )
    if choice == 10:
        return edits.PutSettings({"card_warn_days": [45, 15], "language": rng.choice(["ja", "en"])})
    if choice == 11 and doc.get("accounts"):
        subject = f"account:{rng.choice(doc['accounts'])['id']}"
        if rng.random() < 0.5 and doc.get("acknowledged"):
            ack = rng.choice(doc["acknowledged"])
            return edits.Withdraw(ack["rule"], ack["subject"])
        return edits.Acknowledge(Acknowledgement("SEC-2FA-OFF", subject, f"reason {serial}"))
    if choice == 12 and doc.get("payments"):
        unpaid = [p for p in profile.payments if not p.is_paid]
        if unpaid:
            return edits.MarkPaid(rng.choice(unpaid).id, DAY)
    if doc.get("accounts"):
        analysis = PasswordAnalysis(score=3, guesses_log10=11.5, fingerprint=f"fp{serial % 3}")
        return edits.KeepPasswordAnalysis(rng.choice(doc["accounts"])["id"], analysis, DAY)
    return edits.PutCompany({"name": "Only a company"})


def _broken(rng: random.Random, edit: Edit) -> Edit | None:
    """The edit with a mistake an import would refuse, when it has a document to break."""
    if isinstance(edit, edits.PutItem):
        field = {"accounts": "email", "cards": "expires", "payments": "due"}[edit.collection]
        mistake = rng.choice(["not-a-date-or-mail", "4111 1111 1111 1111"])
        return replace(edit, item={**edit.item, field: mistake})
    if isinstance(edit, edits.PutCompany) and edit.record is not None:
        return replace(edit, record={**edit.record, "address": "card 4111-1111-1111-1111"})
    if isinstance(edit, edits.PutAccountPart) and edit.part == "penalties":
        return replace(edit, item={**edit.item, "date": "2026-02-30"})
    return None


def test_random_edits_store_what_importing_the_edited_profile_would(
    workspace: Workspace, tmp_path: Path
) -> None:
    rng = random.Random(2026)
    assessment = assess(workspace.repo.load_profile(), DAY)
    for serial in range(ROUNDS):
        before = workspace.repo.load_profile()
        edit = _random_edit(rng, before, serial)
        broken = _broken(rng, edit) if rng.random() < 0.25 else None
        if broken is not None:
            rows = _rows(workspace)
            with pytest.raises(ProfileError):
                edits.apply(workspace, broken)
            assert _rows(workspace) == rows, f"a refused {broken!r} changed the database"
            continue
        expected = _expected(before, edit)
        applied = edits.apply(workspace, edit)

        with Workspace.open(tmp_path / f"reference-{serial}") as reference:
            reference.repo.save_profile(expected)
            assert _rows(workspace) == _rows(reference), f"after {edit!r}"
        with Workspace.open(workspace.data_dir) as fresh:  # nothing cached: what is stored
            assert fresh.repo.load_profile() == applied.profile == expected
        # Assessing only the accounts the edit names gives what assessing them all would.
        assessment = reassess(assessment, applied.profile, DAY, applied.touched)
        assert assessment == assess(applied.profile, DAY), f"after {edit!r}"


def test_an_edit_writes_only_the_rows_it_concerns(workspace: Workspace) -> None:
    profile = workspace.repo.load_profile()
    account = profile.accounts[-1]
    item = profile_to_dict(profile)["accounts"][-1]
    changes_before = workspace.db.connection.total_changes

    edits.apply(workspace, edits.PutItem("accounts", {**item, "label": "Main"}, account.id))

    # Its own row and the profile's generation counted: its parts (listings, payment methods,
    # its password's analysis…) are as they were, and nothing of the rest of the profile.
    assert workspace.db.connection.total_changes - changes_before == 2

    changes_before = workspace.db.connection.total_changes
    listings = [*item.get("listings", []), {"title": "Arita mug"}]
    edited = {**item, "label": "Main", "listings": listings}
    edits.apply(workspace, edits.PutItem("accounts", edited, account.id))

    # Its row, its listings deleted and written again with the new one, the generation.
    written = workspace.db.connection.total_changes - changes_before
    assert written == 1 + len(account.listings) + len(listings) + 1


def test_an_edit_reports_the_accounts_it_may_change(workspace: Workspace) -> None:
    profile = workspace.repo.load_profile()
    card = profile.cards[0]
    users = {a.id for a in profile.accounts_using_card(card.id)}
    item = {**profile_to_dict(profile)["cards"][0], "label": "Renewed"}

    assert edits.apply(workspace, edits.PutItem("cards", item, card.id)).touched == users
    assert edits.apply(workspace, edits.PutCompany({"name": "Moved K.K."})).touched is None
    payment = profile.payments[0]
    assert edits.apply(workspace, edits.MarkPaid(payment.id, DAY)).touched == {payment.account}


def _indexes(profile: Profile) -> tuple[Any, ...]:
    """What a profile's indexes answer, for every account and card."""
    return (
        [profile.account(a.id) for a in profile.accounts],
        [profile.card(c.id) for c in profile.cards],
        [profile.payment(p.id) for p in profile.payments],
        [profile.payments_of(a.id) for a in profile.accounts],
        [profile.cards_of(a) for a in profile.accounts],
        [profile.accounts_using_card(c.id) for c in profile.cards],
    )


def test_the_check_after_each_edit_is_the_check_of_the_whole_profile(
    workspace: Workspace,
) -> None:
    rng = random.Random(17)
    result = checks.run_check(workspace, DAY, record=True, now=NOW)
    kept_somewhere = 0
    for serial in range(ROUNDS):
        before = workspace.repo.load_profile()
        _indexes(before)  # built, for the edit to carry over or bring up to date
        change = _random_edit(rng, before, serial)
        applied = edits.apply(workspace, change)
        recording = serial % 9 == 8
        after = checks.run_check(workspace, DAY, record=recording, now=NOW, since=result)
        whole = checks.run_check(workspace, DAY, record=False, now=NOW)
        edit = f"after {change!r}"
        assert after.assessment == whole.assessment, edit
        assert after.upcoming == whole.upcoming, edit
        if not recording:  # `whole` compares itself with the run `after` recorded
            assert after.change == whole.change, edit
        # The indexes an edit carried over answer as those of a profile read anew.
        assert _indexes(applied.profile) == _indexes(replace(applied.profile)), edit
        # Built on the check before: the accounts the edit did not name kept their results.
        if applied.touched is not None:
            earlier = {r.account_id: r for r in result.assessment.accounts}
            kept_somewhere += sum(earlier.get(r.account_id) is r for r in after.assessment.accounts)
        result = after
    assert kept_somewhere > 0
