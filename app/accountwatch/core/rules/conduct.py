"""Conduct rules: penalty points, IP strikes, reviews, spam and restrictions (not listings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from accountwatch.core.findings import Finding
from accountwatch.core.model import Account, AccountStatus, Penalty, PenaltyKind, Platform
from accountwatch.core.platforms import Step
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


def _active_points(counted: list[Penalty], ipr_cap: int | None) -> int:
    """The points of the penalties counted, the general (not serious) IPR complaints of each
    day adding at most `ipr_cap` when the platform caps them (its facts say so)."""
    if ipr_cap is None:
        return sum(p.points for p in counted)
    total = 0
    general_ipr: dict[dt.date, int] = {}
    for penalty in counted:
        if penalty.kind == PenaltyKind.IPR and not penalty.serious:
            general_ipr[penalty.date] = general_ipr.get(penalty.date, 0) + penalty.points
        else:
            total += penalty.points
    return total + sum(min(points, ipr_cap) for points in general_ipr.values())


def penalty_points(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-PENALTY-POINTS"
    ladder_weights = len(ctx.catalogue[rule].weights) - 1  # the last is for no ladder
    for account in ctx.accounts:
        facts = ctx.platforms[account.platform].penalties
        window = _window(ctx, rule, facts.window_days)
        counted = [p for p in _counted(ctx, account, window) if p.points > 0]
        total = _active_points(counted, facts.general_ipr_points_per_day)
        if not total:
            continue
        lapse = min(p.date for p in counted) + dt.timedelta(days=window)
        if not facts.steps:
            yield ctx.finding(
                rule,
                account,
                _subject(account),
                tier=ladder_weights,
                texts=partial(_points_texts, account.display_name, total, lapse),
            )
            continue
        reached = [i for i, step in enumerate(facts.steps) if total >= step.points]
        if not reached:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=min(reached[-1], ladder_weights - 1),
            texts=partial(
                _ladder_texts,
                account.display_name,
                account.platform,
                total,
                window,
                lapse,
                facts.steps,
            ),
        )


def _lapses(lapse: dt.date) -> str:
    return _("The oldest of these points lapse on {date}.").format(date=format_date(lapse))


def _points_texts(account: str, total: int, lapse: dt.date) -> tuple[str, str, str]:
    """The texts of penalty points on a platform that publishes no ladder of steps."""
    return (
        ngettext(
            "{account} has {total} active penalty point.",
            "{account} has {total} active penalty points.",
            total,
        ).format(account=account, total=total)
        + " "
        + _lapses(lapse),
        _(
            "Read each penalty notice and the platform's rules on penalty points, fix or "
            "remove what it names, and avoid any new violation until the points lapse."
        ),
        _(
            "Penalty points are the platform's record of violations; as they add up, "
            "platforms restrict and close accounts."
        ),
    )


def _ladder_texts(
    account: str,
    platform: Platform,
    total: int,
    window: int,
    lapse: dt.date,
    ladder: tuple[Step, ...],
) -> tuple[str, str, str]:
    summary = _("{account} has {total} penalty points from the last {window} days.").format(
        account=account, total=total, window=window
    )
    next_step = next((step for step in ladder if step.points > total), None)
    if next_step is None:
        last = ladder[-1]
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
        for step in ladder
    )
    return (
        f"{summary} {outlook} {_lapses(lapse)}",
        _(
            "Read each penalty notice, fix or remove the listings and behaviour it names, and "
            "avoid any new violation until the points lapse."
        ),
        _("{platform} acts on penalty points at each step: {steps}.").format(
            platform=platform_name(platform), steps=steps
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
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            texts=partial(_strikes_texts, account.display_name, strikes, window, limit),
        )


def _strikes_texts(
    account: str, strikes: int, window: int, limit: int | None
) -> tuple[str, str, str]:
    message = ngettext(
        "{account} has {count} serious intellectual-property infringement in the last "
        "{window} days.",
        "{account} has {count} serious intellectual-property infringements in the last "
        "{window} days.",
        strikes,
    ).format(account=account, count=strikes, window=window)
    if limit is not None:
        message += " " + _("{closing} close the account.").format(closing=limit)
    return (
        message,
        _(
            "Remove every listing that uses another company's brand, logo, photos or text "
            "without written permission; keep proof of authorisation for the brands you sell."
        ),
        _(
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
            texts=partial(_reviews_texts, account.display_name),
        )


def _reviews_texts(account: str) -> tuple[str, str, str]:
    return (
        _("{account} gives incentives for reviews or reviews itself.").format(account=account),
        _(
            "Stop offering anything for reviews and stop reviewing your own products; ask "
            "for honest feedback only."
        ),
        _(
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
            texts=partial(_messaging_texts, account.display_name, per_day, limit),
        )


def _messaging_texts(account: str, per_day: int, limit: float) -> tuple[str, str, str]:
    return (
        _("{account} sends {count} messages a day (more than {limit}).").format(
            account=account, count=per_day, limit=limit
        ),
        _(
            "Send fewer, individual messages to people who asked; stop mass mailings through "
            "the platform."
        ),
        _(
            "Spam, mass messages and flooding comment areas are among the main reasons "
            "accounts are frozen."
        ),
    )


def account_restricted(ctx: RuleContext) -> Iterator[Finding]:
    rule = "CON-ACCOUNT-RESTRICTED"
    for account in ctx.accounts:
        if account.status == AccountStatus.RESTRICTED:
            tier = 0
        elif account.status == AccountStatus.FROZEN:
            tier = 1
        else:
            continue
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            texts=partial(_restricted_texts, account.display_name, tier == 1),
        )


def _restricted_texts(account: str, frozen: bool) -> tuple[str, str, str]:
    return (
        _("{account} is frozen.").format(account=account)
        if frozen
        else _("{account} is restricted.").format(account=account),
        _(
            "Follow the recovery steps: read the platform's notice for the exact reason, "
            "gather evidence, and contact customer support at once."
        ),
        _(
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
        since = account.status_since or account.recovery.notice_on
        last = account.recovery.last_contact_on
        # Every tier reached, with what its sentence says (the days since); the heaviest one sets
        # weight and advice.
        reached: dict[int, tuple[dt.date | None, int]] = {}
        if account.status == AccountStatus.FROZEN and since is not None:
            frozen_days = (ctx.at - since).days
            if frozen_days > frozen_limit:
                reached[2] = (since, frozen_days)
        if last is None:
            reached[0] = (None, 0)
        elif (ctx.at - last).days > contact_limit:
            reached[1] = (last, (ctx.at - last).days)
        tier = ctx.heaviest_tier(rule, reached)
        if tier is None:
            continue
        weights = ctx.catalogue[rule].weights
        ordered = tuple((t, *reached[t]) for t in sorted(reached, key=lambda t: -weights[t]))
        yield ctx.finding(
            rule,
            account,
            _subject(account),
            tier=tier,
            texts=partial(
                _stalled_texts, account.display_name, ordered, tier, account.recovery.case_number
            ),
        )


def _stalled_texts(
    account: str,
    reached: tuple[tuple[int, dt.date | None, int], ...],
    tier: int,
    case: str,
) -> tuple[str, str, str]:
    """`reached`: each tier reached, heaviest first, with its date and the days since."""
    sentences = []
    for reached_tier, date, days in reached:
        if reached_tier == 2:
            sentence = _(
                "{account} has been frozen since {date}, {days} days; an account frozen "
                "this long may be deleted."
            )
        elif reached_tier == 1:
            sentence = _("Support last heard about {account} on {date}, {days} days ago.")
        else:
            sentence = _("No one has contacted support about {account} yet.")
        when = format_date(date) if date is not None else ""
        sentences.append(sentence.format(account=account, date=when, days=days))
    if tier == 0:
        action = _(
            "Contact the platform's support now: quote the notice, explain what you have "
            "corrected, attach the evidence, and record the date of the contact."
        )
    elif tier == 1:
        action = _(
            "Follow up in the same support case{case}: ask what is still needed, and record "
            "the date of the follow-up."
        ).format(case=_(" ({number})").format(number=case) if case else "")
    else:
        action = _(
            "Follow up with support today and ask for a decision before the account is "
            "deleted; keep every reply, and record the date of the follow-up."
        )
    return (
        " ".join(sentences),
        action,
        _(
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
