"""The company record's fields as people read them: one label each, in form order."""

from __future__ import annotations

from accountwatch.core.model import CompanyRecord
from accountwatch.i18n import _, current_language

# The order forms show the fields in: names and numbers, then where, then who.
FORM_ORDER: tuple[str, ...] = (
    "name",
    "name_local",
    "corporate_number",
    "invoice_number",
    "registration_number",
    "country",
    "postal_code",
    "region",
    "address",
    "representative",
    "contact_person",
    "phone",
    "contact_phone",
    "email",
    "website",
)


def label(name: str) -> str:
    """The field's label on forms and in tables ("Postal code")."""
    labels = {
        "name": _("Company name (English)"),
        "name_local": _("Company name (local script)"),
        "registration_number": _("Registration number"),
        "corporate_number": _("Corporate number"),
        "invoice_number": _("Invoice registration number"),
        "country": _("Country"),
        "postal_code": _("Postal code"),
        "region": _("Prefecture or region"),
        "address": _("Address"),
        "representative": _("Representative"),
        "contact_person": _("Contact person"),
        "phone": _("Phone"),
        "contact_phone": _("Contact phone"),
        "email": _("E-mail"),
        "website": _("Website"),
    }
    return labels.get(name, name)


def in_sentence(name: str) -> str:
    """The label inside a sentence: "…differs in: postal code, address"."""
    text = label(name)
    # Only English capitalises a label's first letter; other languages keep it as it is.
    if current_language() == "en" and text[:1].isupper() and not text[1:2].isupper():
        return text[:1].lower() + text[1:]
    return text


def company_name(record: CompanyRecord) -> str:
    """The company's name as the current language writes it: in Japanese its local name
    (さくら貿易株式会社) when recorded, otherwise its English name."""
    names = (record.name_local, record.name)
    if current_language() != "ja":
        names = names[::-1]
    return next((n.strip() for n in names if n.strip()), "")


def company_names(record: CompanyRecord) -> str:
    """Both names, the current language's first ("さくら貿易株式会社 / Sakura Trading K.K.")."""
    first = company_name(record)
    other = record.name if first == record.name_local.strip() else record.name_local
    return " / ".join(n for n in dict.fromkeys((first, other.strip())) if n)
