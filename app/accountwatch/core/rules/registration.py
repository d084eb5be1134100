"""Registration rules: the company record at each platform, its verification, licence and terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from accountwatch.core import company_fields
from accountwatch.core.catalogue import fold
from accountwatch.core.findings import Finding
from accountwatch.core.model import COMPANY_IDENTITY_FIELDS, CompanyRecord
from accountwatch.core.rules import Rule, RuleContext
from accountwatch.i18n import _, format_date, join_list, ngettext


def field_name(name: str) -> str:
    return company_fields.in_sentence(name)


def _differs(name: str, on_file: str, current: dict[str, str], corporate: str) -> bool:
    """Whether the value a platform has on file differs from the company's own (both set)."""
    if name == "registration_number" and corporate:
        # For a Japanese company the platform usually shows its 法人番号 here (profile-format
        # "Version 1 additions"): either number of the company's own matches.
        if "".join(c for c in on_file if c.isdigit()) == corporate:
            return False
        return on_file != current[name] if current[name] else True
    return bool(current[name]) and on_file != current[name]


def _folded(record: CompanyRecord, name: str) -> str:
    return fold(str(getattr(record, name)))


def incomplete(ctx: RuleContext) -> Iterator[Finding]:
    rule = "REG-INCOMPLETE"
    required: list[str] = list(ctx.catalogue[rule].extra["required"])
    if ctx.profile.company is None:
        # Without it nothing can be compared with what the platforms have on file.
        for account in ctx.accounts:
            yield ctx.finding(
                rule,
                account,
                "company",
                texts=_no_company_texts,
            )
    for account in ctx.accounts:
        record = account.registered_company
        missing: tuple[str, ...] | None = None
        if record is not None:
            missing = tuple(name for name in required if not _folded(record, name))
            if not missing:
                continue
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            texts=partial(_incomplete_texts, account.display_name, missing),
        )


def _no_company_texts() -> tuple[str, str, str]:
    return (
        _("Your company record is not in AccountWatch."),
        _(
            "Enter your company's details as they really are today: name, registration "
            "number, address, phone and e-mail."
        ),
        _(
            "Platforms freeze accounts whose registration data is false or incomplete; "
            "without your own record AccountWatch cannot check what they have on file."
        ),
    )


def _incomplete_texts(account: str, missing: tuple[str, ...] | None) -> tuple[str, str, str]:
    """`missing`: the fields the platform's record lacks (None: no record)."""
    if missing is None:
        message = _(
            "The company details on file for {account} at the platform are not recorded in "
            "AccountWatch."
        ).format(account=account)
    else:
        message = _(
            "The company details on file for {account} at the platform lack: {fields}."
        ).format(account=account, fields=join_list(field_name(n) for n in missing))
    return (
        message,
        _(
            "Open the company profile at the platform, fill in every missing detail "
            "accurately, and record what it shows in AccountWatch."
        ),
        _(
            "Platforms freeze accounts whose registration data is false or incomplete; keep "
            "company information accurate and up to date."
        ),
    )


def mismatch(ctx: RuleContext) -> Iterator[Finding]:
    rule = "REG-MISMATCH"
    company = ctx.profile.company
    if company is None:
        return
    heavy = set(ctx.catalogue[rule].extra["heavy_fields"])
    current = {name: _folded(company, name) for name in COMPANY_IDENTITY_FIELDS}
    corporate = company.corporate_number
    for account in ctx.accounts:
        record = account.registered_company
        if record is None:
            continue
        # A field missing on either side is REG-INCOMPLETE's business, not a mismatch.
        differing = [
            name
            for name in COMPANY_IDENTITY_FIELDS
            if (on_file := _folded(record, name)) and _differs(name, on_file, current, corporate)
        ]
        if not differing:
            continue
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            tier=0 if heavy.intersection(differing) else 1,
            texts=partial(_mismatch_texts, account.display_name, tuple(differing)),
        )


def _mismatch_texts(account: str, differing: tuple[str, ...]) -> tuple[str, str, str]:
    return (
        _(
            "The company details on file for {account} at the platform differ from yours "
            "in: {fields}."
        ).format(
            account=account,
            fields=join_list(field_name(n) for n in differing),
        ),
        _(
            "Update the company profile at the platform to match your current details (or "
            "correct your own record if it is out of date), then record the change."
        ),
        _(
            "Untrue or outdated company information counts as false registration data, one of "
            "the main reasons accounts are frozen."
        ),
    )


def unverified(ctx: RuleContext) -> Iterator[Finding]:
    rule = "REG-UNVERIFIED"
    company = ctx.profile.company
    if company is None:
        return
    limit = ctx.catalogue[rule].thresholds[0]
    verified = company.verified_on
    if verified is not None and (ctx.at - verified).days <= limit:
        return
    # One for every account: the texts are the same.
    texts = partial(
        _unverified_texts, verified, None if verified is None else (ctx.at - verified).days
    )
    for account in ctx.accounts:
        yield ctx.finding(rule, account, "company", texts=texts)


def _unverified_texts(verified: dt.date | None, days: int | None) -> tuple[str, str, str]:
    if verified is None:
        message = _("Your company record has never been confirmed.")
    else:
        message = _("Your company record was last confirmed on {date}, {days} days ago.").format(
            date=format_date(verified), days=days
        )
    return (
        message,
        _(
            "Check your company details (name, address, phone, licence) against reality "
            "and mark the record confirmed."
        ),
        _(
            "Registered company information must stay accurate and current; an outdated "
            "record can freeze every account."
        ),
    )


def license_expired(ctx: RuleContext) -> Iterator[Finding]:
    rule = "REG-LICENSE-EXPIRED"
    company = ctx.profile.company
    if company is None or company.license_expires is None:
        return
    expires = company.license_expires
    if ctx.at <= expires:
        return
    texts = partial(_license_expired_texts, expires, (ctx.at - expires).days)
    for account in ctx.accounts:
        yield ctx.finding(rule, account, "company", texts=texts)


def _license_expired_texts(expires: dt.date, days: int) -> tuple[str, str, str]:
    return (
        ngettext(
            "Your business licence expired on {date}, {days} day ago.",
            "Your business licence expired on {date}, {days} days ago.",
            days,
        ).format(date=format_date(expires), days=days),
        _(
            "Renew the business licence, upload the new one to each platform, and enter "
            "its new expiry date."
        ),
        _(
            "An expired licence makes the registration data untrue; platforms restrict such "
            "accounts."
        ),
    )


def license_expiring(ctx: RuleContext) -> Iterator[Finding]:
    rule = "REG-LICENSE-EXPIRING"
    company = ctx.profile.company
    if company is None or company.license_expires is None:
        return
    expires = company.license_expires
    days_left = (expires - ctx.at).days
    if not 0 <= days_left <= ctx.catalogue[rule].thresholds[0]:
        return
    texts = partial(_license_expiring_texts, expires, days_left)
    for account in ctx.accounts:
        yield ctx.finding(rule, account, "company", texts=texts)


def _license_expiring_texts(expires: dt.date, days_left: int) -> tuple[str, str, str]:
    return (
        ngettext(
            "Your business licence expires in {days} day, on {date}.",
            "Your business licence expires in {days} days, on {date}.",
            days_left,
        ).format(date=format_date(expires), days=days_left),
        # On the licence's last day "before" that day has passed: the advice is for today.
        _(
            "Renew the business licence and upload the new one to each platform today: "
            "it is the licence's last valid day."
        )
        if days_left == 0
        else _(
            "Start renewing the business licence now and upload the new one to each "
            "platform before {date}."
        ).format(date=format_date(expires)),
        _(
            "An expired licence makes the registration data untrue; platforms restrict such "
            "accounts."
        ),
    )


def terms_unreviewed(ctx: RuleContext) -> Iterator[Finding]:
    rule = "REG-TERMS-UNREVIEWED"
    limit = ctx.catalogue[rule].thresholds[0]
    for account in ctx.accounts:
        reviewed = account.terms_reviewed_on
        if reviewed is not None and (ctx.at - reviewed).days <= limit:
            continue
        days = None if reviewed is None else (ctx.at - reviewed).days
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            texts=partial(_terms_texts, account.display_name, reviewed, days),
        )


def _terms_texts(account: str, reviewed: dt.date | None, days: int | None) -> tuple[str, str, str]:
    if reviewed is None:
        message = _("The platform terms for {account} have never been reviewed.").format(
            account=account
        )
    else:
        message = _(
            "The platform terms for {account} were last reviewed on {date}, {days} days ago."
        ).format(account=account, date=format_date(reviewed), days=days)
    return (
        message,
        _(
            "Read the platform's current terms and rules (prohibited goods, payments, "
            "reviews), then mark them reviewed."
        ),
        _(
            "Most freezes are terms violations, and platforms revise their terms from time to "
            "time: read them carefully and review them regularly."
        ),
    )


RULES: tuple[Rule, ...] = (
    incomplete,
    mismatch,
    unverified,
    license_expired,
    license_expiring,
    terms_unreviewed,
)
