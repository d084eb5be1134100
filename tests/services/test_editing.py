"""Edits from the app: validated like a profile file, saved whole or not at all."""

from __future__ import annotations

import datetime as dt

import pytest

from accountwatch.core.model import Acknowledgement
from accountwatch.core.problems import ProfileError
from accountwatch.core.profile_io import profile_to_dict
from accountwatch.services import editing
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)


def test_a_bad_field_is_reported_relative_to_the_item_and_nothing_is_saved(ws: Workspace) -> None:
    before = ws.repo.load_profile()
    item = {
        "id": "new-card",
        "last4": "42",
        "expires": "2027-02-30",
        "label": "4111 1111 1111 1111",
    }
    with pytest.raises(ProfileError) as error:
        editing.put_item(ws, "cards", item, replacing=None)
    paths = {p.path for p in error.value.problems}
    assert {"last4", "expires", "label"} <= paths
    assert ws.repo.load_profile() == before


def test_adding_and_replacing_an_item(ws: Workspace) -> None:
    item = {"id": "amex-new", "brand": "amex", "last4": "1005", "expires": "2029-04"}
    profile = editing.put_item(ws, "cards", item, replacing=None)
    assert profile.card("amex-new") is not None
    profile = editing.put_item(ws, "cards", {**item, "label": "Amex"}, replacing="amex-new")
    card = profile.card("amex-new")
    assert card is not None and card.label == "Amex"
    assert ws.repo.load_profile() == profile


def test_renaming_an_account_carries_its_payments_and_password_analysis(ws: Workspace) -> None:
    stored = ws.repo.load_profile()
    account = stored.account("alibaba-main")
    assert account is not None
    item = profile_to_dict(stored)["accounts"][0]
    item["id"] = "alibaba-buyer"
    profile = editing.put_item(ws, "accounts", item, replacing="alibaba-main")
    assert [p.account for p in profile.payments if p.id == "gold-supplier"] == ["alibaba-buyer"]
    renamed = profile.account("alibaba-buyer")
    assert renamed is not None and account.password is not None
    assert renamed.password == account.password
    assert ws.repo.load_profile().account("alibaba-buyer") == renamed


def test_deleting_an_account_takes_its_payments(ws: Workspace) -> None:
    profile = editing.delete_item(ws, "accounts", "1688-shop")
    assert profile.account("1688-shop") is None
    assert all(p.account != "1688-shop" for p in profile.payments)


def test_deleting_a_card_leaves_its_users_without_it(ws: Workspace) -> None:
    profile = editing.delete_item(ws, "cards", "visa-main")
    assert profile.card("visa-main") is None
    assert all(p.card != "visa-main" for p in profile.payments)


def test_marking_a_recurring_payment_paid_moves_it_on_and_keeps_history(ws: Workspace) -> None:
    profile = editing.mark_paid(ws, "1688-service", DAY)
    payment = next(p for p in profile.payments if p.id == "1688-service")
    assert payment.due == dt.date(2026, 12, 23)
    assert payment.paid_on is None
    assert editing.payment_history(ws, "1688-service") == [(dt.date(2026, 11, 23), DAY)]


def test_marking_a_one_off_payment_paid(ws: Workspace) -> None:
    profile = editing.mark_paid(ws, "aliexpress-deposit", DAY)
    payment = next(p for p in profile.payments if p.id == "aliexpress-deposit")
    assert payment.paid_on == DAY


def test_a_monthly_payment_on_the_31st_returns_to_the_31st_after_february(ws: Workspace) -> None:
    item = {"id": "rent", "account": "alibaba-main", "due": "2027-01-31", "repeat": "FREQ=MONTHLY"}
    editing.put_item(ws, "payments", item, replacing=None)
    editing.mark_paid(ws, "rent", dt.date(2027, 1, 30))
    profile = editing.mark_paid(ws, "rent", dt.date(2027, 2, 27))
    assert next(p for p in profile.payments if p.id == "rent").due == dt.date(2027, 3, 31)


def test_acknowledge_and_withdraw(ws: Workspace) -> None:
    ack = Acknowledgement("SEC-2FA-OFF", "account:aliexpress-store", "hardware key on order")
    assert ack in editing.set_acknowledgement(ws, ack).acknowledged
    profile = editing.remove_acknowledgement(ws, "SEC-2FA-OFF", "account:aliexpress-store")
    assert ack not in profile.acknowledged


def test_company_and_settings_sections(ws: Workspace) -> None:
    with pytest.raises(ProfileError) as error:
        editing.put_section(ws, "company", {"name": "", "country": "Japan"})
    assert {p.path for p in error.value.problems} >= {"name", "country"}
    profile = editing.put_section(ws, "settings", {"password_max_age_days": None})
    assert profile.settings.password_max_age_days is None


def test_password_check_keeps_only_the_analysis(ws: Workspace) -> None:
    profile = ws.repo.load_profile()
    analysis = editing.check_password(ws, profile, "aliexpress-store", "Sakura2024!", DAY)
    assert editing.reused_by(profile, "aliexpress-store", analysis) == [
        "Alibaba.com main",
        "1688 仕入れ用",
    ]
    saved = editing.save_password_analysis(ws, "aliexpress-store", analysis, DAY)
    account = saved.account("aliexpress-store")
    assert account is not None and account.password == analysis
    assert account.password_changed_on == DAY


def test_renaming_an_account_moves_its_kept_two_factor_secret(
    ws: Workspace, memory_keyring: object
) -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    editing.keep_totp_secret(ws, "alibaba-main", secret)
    item = editing.item_document(ws.repo.load_profile(), "accounts", "alibaba-main")
    profile = editing.put_item(
        ws, "accounts", {**item, "id": "alibaba-buyer"}, replacing="alibaba-main"
    )
    renamed = profile.account("alibaba-buyer")
    assert renamed is not None and renamed.has_totp_secret
    assert ws.vault.get_totp_secret("alibaba-buyer") == secret
    assert ws.vault.get_totp_secret("alibaba-main") is None
