"""The weekly check's use cases on a real data folder: answers, progress, finished runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from accountwatch.core.model import Platform
from accountwatch.core.problems import ProfileError
from accountwatch.core.weekly import Step, WeeklyProgress
from accountwatch.services import preferences, weekly
from accountwatch.services.workspace import Workspace

DAY = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def progress(started_on: dt.date) -> WeeklyProgress:
    return WeeklyProgress(started_on, 1, "1688-shop", Step.ACCESS, {"1688-shop:2": {"terms": True}})


def test_progress_is_kept_until_cleared_and_only_offered_in_its_week(ws: Workspace) -> None:
    assert weekly.load_progress(ws, DAY) is None
    weekly.save_progress(ws, progress(dt.date(2026, 11, 24)))
    assert weekly.load_progress(ws, DAY) == progress(dt.date(2026, 11, 24))
    assert weekly.load_progress(ws, DAY + dt.timedelta(days=1)) is None  # a new week
    weekly.clear_progress(ws)
    assert weekly.load_progress(ws, DAY) is None
    assert ws.db.get_meta(weekly.PROGRESS_KEY) is None


def test_a_card_number_in_a_draft_answer_is_left_out_of_the_kept_progress(ws: Workspace) -> None:
    # A check cancelled on a value its step refused still keeps where it left off.
    kept = replace(
        progress(DAY),
        answers={
            "1688-shop:conduct": {
                "penalties": [{"date": "2026-11-20", "note": "card 4111 1111 1111 1111"}],
                "brands": ["4111", "1111", "1111", "1111"],
                "label": "fine",
            }
        },
    )
    weekly.save_progress(ws, kept)
    stored = ws.db.get_meta(weekly.PROGRESS_KEY)
    assert stored is not None and "4111" not in stored and "1111" not in stored
    loaded = weekly.load_progress(ws, DAY)
    assert loaded is not None
    page = loaded.answers["1688-shop:conduct"]
    assert page["penalties"] == [{"date": "2026-11-20", "note": ""}]
    assert page["brands"] == [] and page["label"] == "fine"


def test_unreadable_progress_means_a_fresh_start(ws: Workspace) -> None:
    ws.db.set_meta(weekly.PROGRESS_KEY, "{broken")
    assert weekly.load_progress(ws, DAY) is None


def test_finishing_records_the_run_schedules_the_next_check_and_forgets_progress(
    ws: Workspace,
) -> None:
    weekly.save_progress(ws, progress(DAY))
    finished = weekly.finish(ws, DAY, NOW)
    assert [r.id for r in ws.repo.runs()] == [finished.result.run_id]
    assert finished.next_check == dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    assert preferences.next_weekly_check(ws) == finished.next_check
    assert weekly.load_progress(ws, DAY) is None
    previous = weekly.previous_check(ws)
    assert previous is not None
    assert previous.scores == {a.account_id: a.score for a in finished.result.assessment.accounts}
    assert ("1688-shop", "PAY-OVERDUE", "payment:1688-service") in previous.findings


def test_confirming_the_company_sets_its_verification_date(ws: Workspace) -> None:
    company = weekly.confirm_company(ws, DAY).company
    assert company is not None and company.verified_on == DAY
    assert ws.repo.load_profile().company == company


def test_copy_from_company_makes_the_record_on_file_match(ws: Workspace) -> None:
    saved = weekly.copy_company_to(ws, "alibaba-main")
    account, company = saved.account("alibaba-main"), saved.company
    assert account is not None and account.registered_company is not None and company
    assert account.registered_company.address == company.address
    assert account.registered_company.license_expires is None  # not part of the identity
    # The rest of the account is untouched, its password analysis included.
    assert account.password is not None
    assert account.payment_methods == ws.repo.load_profile().account("alibaba-main").payment_methods  # type: ignore[union-attr]


def test_access_review_sets_the_dates_ticked_and_the_people_signing_in(ws: Workspace) -> None:
    before = ws.repo.load_profile().account("1688-shop")
    assert before is not None
    saved = weekly.record_access_review(
        ws, "1688-shop", terms_reviewed=False, logins_reviewed=True, shared_with=0, today=DAY
    )
    account = saved.account("1688-shop")
    assert account is not None
    assert account.logins_reviewed_on == DAY
    assert account.terms_reviewed_on == before.terms_reviewed_on
    assert account.shared_with == 0


def test_replacing_a_card_keeps_its_id_and_label(ws: Workspace) -> None:
    saved = weekly.replace_card(ws, "mc-old", "7788", "2029-05")
    card = saved.card("mc-old")
    assert card is not None
    assert (card.last4, str(card.expires), card.label) == ("7788", "2029-05", "Old Mastercard")


def test_a_full_card_number_is_refused_as_anywhere_else(ws: Workspace) -> None:
    with pytest.raises(ProfileError) as error:
        weekly.replace_card(ws, "mc-old", "5105105105105100", "2029-05")
    assert {p.path for p in error.value.problems} == {"last4"}
    assert any("full card number" in p.message for p in error.value.problems)
    assert ws.repo.load_profile().card("mc-old").last4 == "5100"  # type: ignore[union-attr]


def test_new_penalties_are_appended_and_problems_numbered_among_the_new_rows(
    ws: Workspace,
) -> None:
    saved = weekly.record_conduct(
        ws,
        "aliexpress-store",
        new_penalties=[{"date": "2026-11-27", "points": 2, "kind": "general"}],
        messages_per_day=120,
        incentivized_reviews=False,
    )
    account = saved.account("aliexpress-store")
    assert account is not None
    assert [p.points for p in account.penalties] == [4, 6, 2]
    assert account.messages_per_day == 120
    with pytest.raises(ProfileError) as error:
        weekly.record_conduct(
            ws,
            "aliexpress-store",
            new_penalties=[{"date": "2026-11-31", "points": 1}],
            messages_per_day=None,
            incentivized_reviews=True,
        )
    assert [p.path for p in error.value.problems] == ["penalties[0].date"]
    assert len(ws.repo.load_profile().account("aliexpress-store").penalties) == 3  # type: ignore[union-attr]


def test_every_marketplace_has_its_terms_page() -> None:
    links = weekly.platform_links()
    assert links[Platform.ALIBABA].terms == "https://rule.alibaba.com/"
    assert links[Platform.P1688].terms == "https://rule.1688.com/"
    assert links[Platform.ALIEXPRESS].terms.startswith("https://")
    assert links[Platform.OTHER].terms == ""
