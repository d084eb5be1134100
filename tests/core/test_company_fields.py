"""The company's fields as people read them, and its name in the language of the text."""

from __future__ import annotations

import datetime as dt

from accountwatch import i18n
from accountwatch.core import company_fields
from accountwatch.core.model import COMPANY_IDENTITY_FIELDS, CompanyRecord, Profile
from accountwatch.core.obligations import licence_expiry

SAKURA = CompanyRecord(
    name="Sakura Trading K.K.",
    name_local="さくら貿易株式会社",
    license_expires=dt.date(2027, 1, 13),
)


def test_the_form_shows_every_field_once_each_with_a_label() -> None:
    assert sorted(company_fields.FORM_ORDER) == sorted(COMPANY_IDENTITY_FIELDS)
    labels = [company_fields.label(name) for name in company_fields.FORM_ORDER]
    assert len(set(labels)) == len(labels) and all(labels)
    assert company_fields.in_sentence("postal_code") == "postal code"


def test_japanese_text_uses_the_local_name() -> None:
    profile = Profile(company=SAKURA)
    i18n.set_language("ja")
    try:
        assert company_fields.company_name(SAKURA) == "さくら貿易株式会社"
        assert company_fields.company_names(SAKURA) == "さくら貿易株式会社 / Sakura Trading K.K."
        (due,) = licence_expiry(profile, dt.date(2027, 1, 1), dt.date(2027, 2, 1))
        assert "さくら貿易株式会社" in due.message and "Sakura" not in due.message
    finally:
        i18n.set_language("en")
    assert company_fields.company_name(SAKURA) == "Sakura Trading K.K."
    assert company_fields.company_names(SAKURA) == "Sakura Trading K.K. / さくら貿易株式会社"
    (due,) = licence_expiry(profile, dt.date(2027, 1, 1), dt.date(2027, 2, 1))
    assert "Sakura Trading K.K." in due.message


def test_a_company_with_one_name_keeps_it_in_every_language() -> None:
    only_english = CompanyRecord(name="Acme Ltd")
    i18n.set_language("ja")
    try:
        assert company_fields.company_name(only_english) == "Acme Ltd"
        assert company_fields.company_names(only_english) == "Acme Ltd"
    finally:
        i18n.set_language("en")
