"""Security rules: passwords, two-factor sign-in, shared accounts and unreviewed logins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from accountwatch.core.findings import Finding
from accountwatch.core.model import Account, TwoFactorMethod
from accountwatch.core.rules import Rule, RuleContext
from accountwatch.i18n import _, format_date, join_list, ngettext

# How many other accounts a reuse message names before it only counts the rest.
_NAMED = 5


def _subject(account: Account) -> str:
    return f"account:{account.id}"


def password_weak(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-PASSWORD-WEAK"
    limits = ctx.catalogue[rule].thresholds
    for account in ctx.accounts:
        if account.password is None:
            continue
        strength = account.password.score
        tier = ctx.heaviest_tier(rule, (i for i, top in enumerate(limits) if strength <= top))
        if tier is None:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            texts=partial(_weak_texts, account.display_name, strength),
        )


def _weak_texts(account: str, strength: int) -> tuple[str, str, str]:
    return (
        _("The password of {account} is weak: it scores {score} of 4 on the strength test.").format(
            account=account, score=strength
        ),
        _(
            "Change the password at the platform to a long, unique one from a password "
            "manager, then enter it in AccountWatch again to re-check it."
        ),
        _("A hard-to-guess password keeps others out; a suspected takeover freezes the account."),
    )


def password_reused(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-PASSWORD-REUSED"
    if not any(a.password and a.password.fingerprint for a in ctx.accounts):
        return  # none to look at (often so after an edit): no walk over every account
    owners: dict[str, list[str]] = {}
    elsewhere: set[str] = set()
    # Host names of the other sites a password manager's export showed, by fingerprint.
    sites: dict[str, dict[str, None]] = {}
    for account in ctx.profile.accounts:  # all of them: any may share the password
        if account.password and account.password.fingerprint:
            owners.setdefault(account.password.fingerprint, []).append(account.id)
        elsewhere.update(fp for fp in account.other_fingerprints if fp)
        for site in account.other_sites:
            if site.fingerprint:
                # "" stands for a site without address, named when the text is rendered.
                sites.setdefault(site.fingerprint, {})[site.host] = None
    for account in ctx.accounts:
        fingerprint = account.password.fingerprint if account.password else ""
        if not fingerprint:
            continue
        others = [
            other.display_name
            for other_id in owners[fingerprint]
            if other_id != account.id and (other := ctx.profile.account(other_id)) is not None
        ]
        hosts = list(sites.get(fingerprint, ()))
        if not others and not hosts and fingerprint not in elsewhere:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(
                _reused_texts,
                account.display_name,
                tuple(others),
                tuple(hosts),
                fingerprint in elsewhere,
            ),
        )


def _reused_texts(
    account: str, others: tuple[str, ...], hosts: tuple[str, ...], elsewhere: bool
) -> tuple[str, str, str]:
    places = list(others[:_NAMED])
    if len(others) > _NAMED:
        rest = len(others) - _NAMED
        places.append(
            ngettext("{count} other account", "{count} other accounts", rest).format(count=rest)
        )
    # Hosts are unique; those without address came in as one "" (named alike before).
    places += [host or _("a site without address") for host in hosts[:_NAMED]]
    if len(hosts) > _NAMED:
        rest = len(hosts) - _NAMED
        places.append(
            ngettext("{count} other site", "{count} other sites", rest).format(count=rest)
        )
    if elsewhere and not hosts:
        places.append(_("another service"))
    return (
        _("The password of {account} is also used for {places}.").format(
            account=account, places=join_list(places)
        ),
        _(
            "Give {account} its own password that is used nowhere else, and change the "
            "password of the other places too."
        ).format(account=account),
        _(
            "One leaked password opens every account that shares it, and a break-in is one of "
            "the main reasons accounts are frozen for security."
        ),
    )


def password_breached(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-PASSWORD-BREACHED"
    for account in ctx.accounts:
        analysis = account.password
        if analysis is None or not analysis.breach_count:
            continue
        checked = analysis.breach_checked_on or analysis.analysed_on
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(
                _breached_texts,
                account.display_name,
                analysis.breach_count,
                analysis.breach_source,
                checked,
            ),
        )


def _breached_texts(
    account: str, count: int, file: str, checked: dt.date | None
) -> tuple[str, str, str]:
    message = ngettext(
        "The password of {account} appears {count} time in known data breaches "
        "({file}, looked up on {date}).",
        "The password of {account} appears {count} times in known data breaches "
        "({file}, looked up on {date}).",
        count,
    )
    return (
        message.format(
            account=account,
            count=f"{count:,}",
            file=file,
            date=format_date(checked) if checked else "?",
        ),
        _(
            "Change the password at the platform now to a new one from a password manager, "
            "then enter it in AccountWatch again to check it."
        ),
        _(
            "Attackers try the passwords of breach lists first, on every site; a break-in is "
            "one of the main reasons accounts are frozen for security."
        ),
    )


def password_unchecked(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-PASSWORD-UNCHECKED"
    for account in ctx.accounts:
        if account.password is not None:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_unchecked_texts, account.display_name),
        )


def _unchecked_texts(account: str) -> tuple[str, str, str]:
    return (
        _("The password of {account} has not been checked.").format(account=account),
        _(
            "Enter the password once so AccountWatch can rate its strength and detect reuse; "
            "only the result is kept, never the password."
        ),
        _("A weak or reused password cannot be spotted until it is checked."),
    )


def password_old(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-PASSWORD-OLD"
    max_age = ctx.profile.settings.password_max_age_days
    if max_age is None:
        return
    for account in ctx.accounts:
        changed = account.password_changed_on
        if changed is None:
            if account.password is None:
                continue  # nothing is known of this password: SEC-PASSWORD-UNCHECKED asks
            yield ctx.finding(
                rule,
                account,
                _subject(account),
                tier=1,
                texts=partial(_change_unknown_texts, account.display_name),
            )
            continue
        age = (ctx.at - changed).days
        if age <= max_age:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_old_texts, account.display_name, changed, age, max_age),
        )


def _change_unknown_texts(account: str) -> tuple[str, str, str]:
    return (
        _("When the password of {account} was last changed is not known.").format(account=account),
        _(
            "Record when you last changed the password at the platform; if you cannot "
            "tell, change it now and record today."
        ),
        _("A password changed regularly locks out anyone who learned an old one."),
    )


def _old_texts(account: str, changed: dt.date, age: int, limit: int) -> tuple[str, str, str]:
    return (
        _(
            "The password of {account} was last changed on {date}, {days} days ago "
            "(limit: {limit} days)."
        ).format(account=account, date=format_date(changed), days=age, limit=limit),
        _("Change the password at the platform and record the date of the change."),
        _("A password changed regularly locks out anyone who learned an old one."),
    )


def two_factor_off(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-2FA-OFF"
    for account in ctx.accounts:
        if account.two_factor.method != TwoFactorMethod.NONE:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_two_factor_off_texts, account.display_name),
        )


def _two_factor_off_texts(account: str) -> tuple[str, str, str]:
    return (
        _("{account} has no two-step verification.").format(account=account),
        _(
            "Turn on two-step verification in the platform's security settings, preferably "
            "with an authenticator app or a security key, and save the backup codes."
        ),
        _(
            "Two-step verification stops a stolen password from being enough to take over "
            "the account."
        ),
    )


def two_factor_weak(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-2FA-WEAK"
    weak = (TwoFactorMethod.SMS, TwoFactorMethod.EMAIL)
    for account in ctx.accounts:
        method = account.two_factor.method
        if method not in weak:
            continue
        # Nothing to switch to: asking would only make the user acknowledge it.
        if ctx.platforms[account.platform].two_factor.nothing_stronger_than_codes:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_two_factor_weak_texts, account.display_name, method),
        )


def _two_factor_weak_texts(account: str, method: TwoFactorMethod) -> tuple[str, str, str]:
    names = {TwoFactorMethod.SMS: _("SMS"), TwoFactorMethod.EMAIL: _("e-mail")}
    return (
        _("{account} sends its sign-in codes by {method}.").format(
            account=account, method=names[method]
        ),
        _(
            "Switch two-step verification to an authenticator app or a security key if the "
            "platform offers one."
        ),
        _(
            "Codes by SMS or e-mail can be taken over through a swapped SIM card or a hacked "
            "mailbox."
        ),
    )


def two_factor_no_backup(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-2FA-NO-BACKUP"
    for account in ctx.accounts:
        two_factor = account.two_factor
        if two_factor.method == TwoFactorMethod.NONE or two_factor.backup_codes_saved:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_no_backup_texts, account.display_name),
        )


def _no_backup_texts(account: str) -> tuple[str, str, str]:
    return (
        _("The backup codes of {account} have not been saved.").format(account=account),
        _(
            "Create backup codes in the platform's security settings and keep them somewhere "
            "safe, away from the phone."
        ),
        _(
            "Without backup codes a lost phone locks you out, and recovery goes through "
            "support, as after a freeze."
        ),
    )


def account_shared(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-ACCOUNT-SHARED"
    minimum = ctx.catalogue[rule].thresholds[0]
    for account in ctx.accounts:
        people = account.shared_with
        if people < minimum:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_shared_texts, account.display_name, people),
        )


def _shared_texts(account: str, people: int) -> tuple[str, str, str]:
    return (
        ngettext(
            "{count} other person signs in to {account}.",
            "{count} other people sign in to {account}.",
            people,
        ).format(count=people, account=account),
        _(
            "Give each person their own login (sub-accounts where the platform offers them) "
            "and change the shared password."
        ),
        _(
            "Several people using one account is one of the main reasons accounts are frozen "
            "for security: the platform sees logins from unusual places and devices."
        ),
    )


def logins_unreviewed(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-LOGINS-UNREVIEWED"
    limit = ctx.catalogue[rule].thresholds[0]
    for account in ctx.accounts:
        reviewed = account.logins_reviewed_on
        if reviewed is not None and (ctx.at - reviewed).days <= limit:
            continue
        days = None if reviewed is None else (ctx.at - reviewed).days
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_logins_texts, account.display_name, reviewed, days),
        )


def _logins_texts(account: str, reviewed: dt.date | None, days: int | None) -> tuple[str, str, str]:
    if reviewed is None:
        message = _("The login history of {account} has never been reviewed.").format(
            account=account
        )
    else:
        message = _(
            "The login history of {account} was last reviewed on {date}, {days} days ago."
        ).format(account=account, date=format_date(reviewed), days=days)
    return (
        message,
        _(
            "Open the login history at the platform, look for unknown places or devices "
            "(especially abroad), then mark it reviewed."
        ),
        _(
            "Unauthorised access and suspicious logins freeze accounts; checking the login "
            "history regularly shows a break-in before the platform acts on it."
        ),
    )


def password_exposed(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-PASSWORD-EXPOSED"
    for account in ctx.accounts:
        exposed = account.password_exposed_on
        changed = account.password_changed_on
        # Changed on the day of the exposure or later: the exposed password no longer works.
        if exposed is None or (changed is not None and changed >= exposed):
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_exposed_texts, account.display_name, exposed),
        )


def _exposed_texts(account: str, exposed: dt.date) -> tuple[str, str, str]:
    return (
        _(
            "The password of {account} was entered after a link in an e-mail or on a "
            "look-alike site on {date}, and has not been changed since."
        ).format(account=account, date=format_date(exposed)),
        _(
            "Change the password now by typing the platform's address yourself (never "
            "through the link), check the login history for unknown sign-ins, and record "
            "the date of the change."
        ),
        _(
            "A password given away on a phishing page lets others sign in; sign-ins by "
            "someone else are a common reason platforms freeze accounts."
        ),
    )


def dormant(ctx: RuleContext) -> Iterator[Finding]:
    rule = "SEC-DORMANT"
    limit = ctx.catalogue[rule].thresholds[0]
    for account in ctx.accounts:
        last = account.last_login_on
        if last is None or (ctx.at - last).days <= limit:
            continue
        days = (ctx.at - last).days
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            texts=partial(_dormant_texts, account.display_name, last, days),
        )


def _dormant_texts(account: str, last: dt.date, days: int) -> tuple[str, str, str]:
    return (
        _("No one has signed in to {account} since {date}, {days} days ago.").format(
            account=account, date=format_date(last), days=days
        ),
        _(
            "Sign in, check that the company details, cards and notices are in order, and "
            "record the sign-in; close the account at the platform if you no longer need it."
        ),
        _(
            "An account left unused misses notices, renewals and changed terms, and a "
            "sudden sign-in after a long gap can look like a takeover."
        ),
    )


RULES: tuple[Rule, ...] = (
    password_weak,
    password_reused,
    password_unchecked,
    password_old,
    two_factor_off,
    two_factor_weak,
    two_factor_no_backup,
    account_shared,
    logins_unreviewed,
    password_exposed,
    dormant,
    password_breached,
)
