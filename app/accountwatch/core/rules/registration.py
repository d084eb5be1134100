"""Registration rules: the company record at each platform, its verification, licence and terms."""

from __future__ import annotations

from collections.abc import Iterator

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
                message=_("Your company record is not in AccountWatch."),
                action=_(
                    "Enter your company's details as they really are today: name, registration "
                    "number, address, phone and e-mail."
                ),
                why=_(
                    "Platforms freeze accounts whose registration data is false or incomplete; "
                    "without your own record AccountWatch cannot check what they have on file."
                ),
            )
    for account in ctx.accounts:
        record = account.registered_company
        if record is None:
            message = _(
                "The company details on file for {account} at the platform are not recorded in "
                "AccountWatch."
            ).format(account=account.display_name)
        else:
            missing = [name for name in required if not _folded(record, name)]
            if not missing:
                continue
            message = _(
                "The company details on file for {account} at the platform lack: {fields}."
            ).format(account=account.display_name, fields=join_list(field_name(n) for n in missing))
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            message=message,
            action=_(
                "Open the company profile at the platform, fill in every missing detail "
                "accurately, and record what it shows in AccountWatch."
            ),
            why=_(
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
            message=_(
                "The company details on file for {account} at the platform differ from yours "
                "in: {fields}."
            ).format(
                account=account.display_name,
                fields=join_list(field_name(n) for n in differing),
            ),
            action=_(
                "Update the company profile at the platform to match your current details (or "
                "correct your own record if it is out of date), then record the change."
            ),
            why=_(
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
    if verified is None:
        message = _("Your company record has never been confirmed.")
    elif (ctx.at - verified).days > limit:
        message = _("Your company record was last confirmed on {date}, {days} days ago.").format(
            date=format_date(verified), days=(ctx.at - verified).days
        )
    else:
        return
    for account in ctx.accounts:
        yield ctx.finding(
            rule,
            account,
            "company",
            message=message,
            action=_(
                "Check your company details (name, address, phone, licence) against reality "
                "and mark the record confirmed."
            ),
            why=_(
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
    message = ngettext(
        "Your business licence expired on {date}, {days} day ago.",
        "Your business licence expired on {date}, {days} days ago.",
        (ctx.at - expires).days,
    ).format(date=format_date(expires), days=(ctx.at - expires).days)
    for account in ctx.accounts:
        yield ctx.finding(
            rule,
            account,
            "company",
            message=message,
            action=_(
                "Renew the business licence, upload the new one to each platform, and enter "
                "its new expiry date."
            ),
            why=_(
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
    message = ngettext(
        "Your business licence expires in {days} day, on {date}.",
        "Your business licence expires in {days} days, on {date}.",
        days_left,
    ).format(date=format_date(expires), days=days_left)
    for account in ctx.accounts:
        yield ctx.finding(
            rule,
            account,
            "company",
            message=message,
            # On the licence's last day "before" that day has passed: the advice is for today.
            action=_(
                "Renew the business licence and upload the new one to each platform today: "
                "it is the licence's last valid day."
            )
            if days_left == 0
            else _(
                "Start renewing the business licence now and upload the new one to each "
                "platform before {date}."
            ).format(date=format_date(expires)),
            why=_(
                "An expired licence makes the registration data untrue; platforms restrict such "
                "accounts."
            ),
        )


def terms_unreviewed(ctx: RuleContext) -> Iterator[Finding]:
    rule = "REG-TERMS-UNREVIEWED"
    limit = ctx.catalogue[rule].thresholds[0]
    for account in ctx.accounts:
        reviewed = account.terms_reviewed_on
        if reviewed is None:
            message = _("The platform terms for {account} have never been reviewed.").format(
                account=account.display_name
            )
        elif (ctx.at - reviewed).days > limit:
            message = _(
                "The platform terms for {account} were last reviewed on {date}, {days} days ago."
            ).format(
                account=account.display_name,
                date=format_date(reviewed),
                days=(ctx.at - reviewed).days,
            )
        else:
            continue
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            message=message,
            action=_(
                "Read the platform's current terms and rules (prohibited goods, payments, "
                "reviews), then mark them reviewed."
            ),
            why=_(
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
