"""Conduct rules: penalty points, IP strikes, reviews, spam and restrictions (not listings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from accountwatch.core.findings import Finding
from accountwatch.core.model import Account, AccountStatus, Penalty, PenaltyKind
from accountwatch.core.recovery import platform_name
from accountwatch.core.rules import Rule, RuleContext
from accountwatch.i18n import _, format_date, ngettext


def _subject(account: Account) -> str:
    return f"account:{account.id}"


def _counted(ctx: RuleContext, account: Account, window_days: int) -> list[Penalty]:
    """Penalties dated in (at − window, at]: points lapse `window_days` after their date, and a
    penalty dated in the future has not been received yet."""
    return [p for p in account.penalties if 0 <= (ctx.at - p.date).days < window_days]


def _window(ctx: RuleContext, rule: str, published: int | None) -> int:
    """How long a penalty counts: the platform's period, or the catalogue's where it has none."""
    return published if published is not None else int(ctx.catalogue[rule].extra["window_days"])


def penalty_points(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-PENALTY-POINTS"
    ladder_weights = len(ctx.catalogue[rule].weights) - 1  # the last is for no ladder
    for account in ctx.accounts:
        facts = ctx.platforms[account.platform].penalties
        window = _window(ctx, rule, facts.window_days)
        counted = [p for p in _counted(ctx, account, window) if p.points > 0]
        total = sum(p.points for p in counted)
        if not total:
            continue
        lapse = min(p.date for p in counted) + dt.timedelta(days=window)
        lapses = _("The oldest of these points lapse on {date}.").format(date=format_date(lapse))
        if not facts.steps:
            yield ctx.finding(
                rule,
                account,
                _subject(account),
                tier=ladder_weights,
                message=ngettext(
                    "{account} has {total} active penalty point.",
                    "{account} has {total} active penalty points.",
                    total,
                ).format(account=account.display_name, total=total)
                + " "
                + lapses,
                action=_(
                    "Read each penalty notice and the platform's rules on penalty points, fix or "
                    "remove what it names, and avoid any new violation until the points lapse."
                ),
                why=_(
                    "Penalty points are the platform's record of violations; as they add up, "
                    "platforms restrict and close accounts."
                ),
            )
            continue
        reached = [i for i, step in enumerate(facts.steps) if total >= step.points]
        if not reached:
            continue
        tier = min(reached[-1], ladder_weights - 1)
        summary = _("{account} has {total} penalty points from the last {window} days.").format(
            account=account.display_name, total=total, window=window
        )
        next_step = next((step for step in facts.steps if step.points > total), None)
        if next_step is None:
            last = facts.steps[-1]
            outlook = _("That is past the last step ({step} points: {consequence}).").format(
                step=last.points, consequence=last.consequence_text
            )
        else:
            left = next_step.points - total
            outlook = ngettext(
                "{left} more point reaches {step} points: {consequence}.",
                "{left} more points reach {step} points: {consequence}.",
                left,
            ).format(left=left, step=next_step.points, consequence=next_step.consequence_text)
        steps = "; ".join(
            _("{points} points: {consequence}").format(
                points=step.points, consequence=step.consequence_text
            )
            for step in facts.steps
        )
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            message=f"{summary} {outlook} {lapses}",
            action=_(
                "Read each penalty notice, fix or remove the listings and behaviour it names, and "
                "avoid any new violation until the points lapse."
            ),
            why=_("{platform} acts on penalty points at each step: {steps}.").format(
                platform=platform_name(account.platform), steps=steps
            ),
        )


def ipr_strikes(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-IPR-STRIKES"
    spec = ctx.catalogue[rule]
    for account in ctx.accounts:
        facts = ctx.platforms[account.platform].ipr
        window = _window(ctx, rule, facts.window_days)
        strikes = sum(
            1 for p in _counted(ctx, account, window) if p.kind == PenaltyKind.IPR and p.serious
        )
        limit = facts.strike_limit
        reached = [i for i, t in enumerate(spec.thresholds) if strikes >= t]
        if limit is not None and strikes >= limit:
            reached.append(len(spec.thresholds))  # the tier after the thresholds: closure
        tier = ctx.heaviest_tier(rule, reached)
        if tier is None:
            continue
        message = ngettext(
            "{account} has {count} serious intellectual-property infringement in the last "
            "{window} days.",
            "{account} has {count} serious intellectual-property infringements in the last "
            "{window} days.",
            strikes,
        ).format(account=account.display_name, count=strikes, window=window)
        if limit is not None:
            message += " " + _("{closing} close the account.").format(closing=limit)
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            message=message,
            action=_(
                "Remove every listing that uses another company's brand, logo, photos or text "
                "without written permission; keep proof of authorisation for the brands you sell."
            ),
            why=_(
                "Using famous brand logos or others' content without permission is one of the main "
                "reasons accounts are frozen; repeated serious infringements close the account."
            ),
        )


def incentivized_reviews(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-INCENTIVIZED-REVIEWS"
    for account in ctx.accounts:
        if not account.incentivized_reviews:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            message=_("{account} gives incentives for reviews or reviews itself.").format(
                account=account.display_name
            ),
            action=_(
                "Stop offering anything for reviews and stop reviewing your own products; ask "
                "for honest feedback only."
            ),
            why=_(
                "Fraudulent reviews, praising yourself or running down competitors, are one of the "
                "main reasons accounts are frozen."
            ),
        )


def bulk_messaging(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-BULK-MESSAGING"
    limit = ctx.catalogue[rule].thresholds[0]
    for account in ctx.accounts:
        per_day = account.messages_per_day
        if per_day is None or per_day <= limit:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            message=_("{account} sends {count} messages a day (more than {limit}).").format(
                account=account.display_name, count=per_day, limit=limit
            ),
            action=_(
                "Send fewer, individual messages to people who asked; stop mass mailings through "
                "the platform."
            ),
            why=_(
                "Spam, mass messages and flooding comment areas are among the main reasons "
                "accounts are frozen."
            ),
        )


def account_restricted(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-ACCOUNT-RESTRICTED"
    for account in ctx.accounts:
        if account.status == AccountStatus.RESTRICTED:
            tier = 0
            message = _("{account} is restricted.").format(account=account.display_name)
        elif account.status == AccountStatus.FROZEN:
            tier = 1
            message = _("{account} is frozen.").format(account=account.display_name)
        else:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            message=message,
            action=_(
                "Follow the recovery steps: read the platform's notice for the exact reason, "
                "gather evidence, and contact customer support at once."
            ),
            why=_(
                "Recovery is likely with the right response, but an account frozen for a long "
                "time may be deleted."
            ),
        )


def recovery_stalled(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-RECOVERY-STALLED"
    contact_limit, frozen_limit = ctx.catalogue[rule].thresholds
    for account in ctx.accounts:
        if account.status not in (AccountStatus.RESTRICTED, AccountStatus.FROZEN):
            continue
        name = account.display_name
        since = account.status_since or account.recovery.notice_on
        last = account.recovery.last_contact_on
        # Every tier reached, with its sentence; the heaviest one sets weight and advice.
        reached: dict[int, str] = {}
        if account.status == AccountStatus.FROZEN and since is not None:
            frozen_days = (ctx.at - since).days
            if frozen_days > frozen_limit:
                reached[2] = _(
                    "{account} has been frozen since {date}, {days} days; an account frozen "
                    "this long may be deleted."
                ).format(account=name, date=format_date(since), days=frozen_days)
        if last is None:
            reached[0] = _("No one has contacted support about {account} yet.").format(account=name)
        elif (ctx.at - last).days > contact_limit:
            reached[1] = _("Support last heard about {account} on {date}, {days} days ago.").format(
                account=name, date=format_date(last), days=(ctx.at - last).days
            )
        tier = ctx.heaviest_tier(rule, reached)
        if tier is None:
            continue
        case = account.recovery.case_number
        actions = {
            0: _(
                "Contact the platform's support now: quote the notice, explain what you have "
                "corrected, attach the evidence, and record the date of the contact."
            ),
            1: _(
                "Follow up in the same support case{case}: ask what is still needed, and record "
                "the date of the follow-up."
            ).format(case=_(" ({number})").format(number=case) if case else ""),
            2: _(
                "Follow up with support today and ask for a decision before the account is "
                "deleted; keep every reply, and record the date of the follow-up."
            ),
        }
        weights = ctx.catalogue[rule].weights
        sentences = [reached[t] for t in sorted(reached, key=lambda t: -weights[t])]
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            message=" ".join(sentences),
            action=actions[tier],
            why=_(
                "Platforms restore accounts that answer their notice and keep following up; an "
                "account left frozen without follow-up may be deleted."
            ),
        )


RULES: tuple[Rule, ...] = (
    penalty_points,
    ipr_strikes,
    incentivized_reviews,
    bulk_messaging,
    account_restricted,
    recovery_stalled,
)
