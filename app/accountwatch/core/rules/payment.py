"""Payment rules: expired and expiring cards, overdue and upcoming payments, payment methods."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from fractions import Fraction
from functools import cache, lru_cache, partial

from accountwatch.core.findings import Finding
from accountwatch.core.model import (
    Account,
    Card,
    CardHolder,
    Payment,
    PaymentMethod,
    PaymentMethodType,
)
from accountwatch.core.rules import Rule, RuleContext, card_name
from accountwatch.i18n import _, current_language, format_date, format_money, join_list, ngettext


def method_name(method: PaymentMethodType) -> str:
    names = {
        PaymentMethodType.CARD: _("card"),
        PaymentMethodType.BANK_TRANSFER: _("bank transfer"),
        PaymentMethodType.ALIPAY: _("Alipay"),
        PaymentMethodType.TRADE_ASSURANCE: _("Trade Assurance"),
        PaymentMethodType.PAYPAL: _("PayPal"),
        PaymentMethodType.OFF_PLATFORM: _("payment outside the platform"),
        PaymentMethodType.OTHER: _("other method"),
    }
    return names[method]


def _days_after(day: dt.date, days: float) -> dt.date:
    """The day whole `days` after `day` (before it when negative), within the calendar: a
    payment's date is compared with it instead of working out every payment's distance."""
    try:
        return day + dt.timedelta(days=math.floor(days))
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _payment_name(payment: Payment) -> str:
    """How a message names a payment: "Payment “Fee” ($20.00)"."""
    plain, with_amount = _payment_words(current_language())
    if payment.amount is None:
        return plain.format(payment=payment.display_name)
    amount = format_money(payment.amount, payment.currency)
    return with_amount.format(payment=payment.display_name, amount=amount)


@cache
def _payment_words(language: str) -> tuple[str, str]:
    """The two ways of naming a payment in `language`, translated once: the texts of a large
    profile name thousands of payments."""
    return _("Payment “{payment}”"), _("Payment “{payment}” ({amount})")


def card_expired(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-CARD-EXPIRED"
    for account in ctx.accounts:
        for card in ctx.profile.cards_of(account):
            if ctx.at <= card.valid_through:
                continue
            days = (ctx.at - card.valid_through).days
            yield ctx.finding(
                rule,
                account,
                f"card:{card.id}",
                texts=partial(_card_expired_texts, card, days, account.display_name),
            )


def _card_expired_texts(card: Card, days: int, account: str) -> tuple[str, str, str]:
    return (
        ngettext(
            "{card} expired {days} day ago (valid through {date}); {account} pays with it.",
            "{card} expired {days} days ago (valid through {date}); {account} pays with it.",
            days,
        ).format(
            card=card_name(card),
            days=days,
            date=format_date(card.valid_through),
            account=account,
        ),
        _(
            "Register a valid card at the platform, pay any arrears, and enter the new "
            "expiry month in AccountWatch."
        ),
        _(
            "An expired card makes payments fail, and an unpaid fee is one of the main reasons "
            "accounts are frozen."
        ),
    )


def card_expiring(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-CARD-EXPIRING"
    limits = ctx.catalogue[rule].thresholds
    for account in ctx.accounts:
        for card in ctx.profile.cards_of(account):
            days_left = (card.valid_through - ctx.at).days
            if days_left < 0:
                continue
            tier = ctx.heaviest_tier(rule, (i for i, top in enumerate(limits) if days_left <= top))
            if tier is None:
                continue
            yield ctx.finding(
                rule,
                account,
                f"card:{card.id}",
                tier=tier,
                texts=partial(_card_expiring_texts, card, days_left, account.display_name),
            )


def _card_expiring_texts(card: Card, days_left: int, account: str) -> tuple[str, str, str]:
    if days_left == 0:
        # On the card's last day "before" that day has passed: the advice is for today.
        action = _(
            "Register the renewed card at the platform today, the card's last valid day, and "
            "update the expiry month in AccountWatch."
        )
    else:
        action = _(
            "Ask the issuer for the renewed card, register it at the platform before "
            "{date}, and update the expiry month in AccountWatch."
        ).format(date=format_date(card.valid_through))
    return (
        ngettext(
            "{card} expires in {days} day, on {date}; {account} pays with it.",
            "{card} expires in {days} days, on {date}; {account} pays with it.",
            days_left,
        ).format(
            card=card_name(card),
            days=days_left,
            date=format_date(card.valid_through),
            account=account,
        ),
        action,
        _(
            "Keeping card information current means no payment is missed; a failed "
            "charge on an expired card leads to a payment freeze."
        ),
    )


def _approved(ctx: RuleContext, account: Account, method: PaymentMethod) -> bool:
    """Whether the account's platform allows paying this way: never off the platform or when
    the user marked it unapproved, and only the methods the platform's facts list where they
    are known ("other" names no method, so the list cannot judge it)."""
    if not method.platform_approved:
        return False
    approved = ctx.platforms[account.platform].payments.approved
    return approved is None or method.type in approved or method.type == PaymentMethodType.OTHER


def _method_problem(
    ctx: RuleContext, account: Account, method: PaymentMethod
) -> PaymentMethodType | Card | None:
    """Why a payment method cannot be used today (the type the platform does not approve, or
    the card that has expired), or None when it can."""
    if not _approved(ctx, account, method):
        return method.type
    if method.type == PaymentMethodType.CARD and method.card:
        card = ctx.profile.card(method.card)
        if card is not None and ctx.at > card.valid_through:
            return card
    return None


def _problem_text(problem: PaymentMethodType | Card) -> str:
    if isinstance(problem, Card):
        return _("{card} has expired").format(card=card_name(problem))
    return _("{method} is not approved by the platform").format(method=method_name(problem))


def no_valid_method(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-NO-VALID-METHOD"
    for account in ctx.accounts:
        unpaid = account.id in ctx.unpaid_payments
        if not account.payment_methods and not unpaid:
            continue
        problems = [_method_problem(ctx, account, m) for m in account.payment_methods]
        if any(problem is None for problem in problems):
            continue
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            texts=partial(
                _no_valid_method_texts,
                account.display_name,
                tuple(p for p in problems if p is not None),
            ),
        )


def _no_valid_method_texts(
    account: str, problems: tuple[PaymentMethodType | Card, ...]
) -> tuple[str, str, str]:
    if problems:  # as many as the account has methods: none can be used
        message = _("{account} has no payment method that can be used today: {problems}.").format(
            account=account,
            problems="; ".join(map(_problem_text, problems)),
        )
    else:
        message = _("{account} has unpaid payments but no payment method on record.").format(
            account=account
        )
    return (
        message,
        _(
            "Register a valid card or another payment method the platform approves, and "
            "record it in AccountWatch."
        ),
        _(
            "Without a working approved payment method the next bill fails, and unpaid bills "
            "freeze accounts."
        ),
    )


def _unpaid(ctx: RuleContext, account: Account) -> list[Payment]:
    return ctx.unpaid_payments.get(account.id, [])


def overdue(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-OVERDUE"
    limits = ctx.catalogue[rule].thresholds
    if not limits:
        return
    # Most payments of a large profile are not overdue: they reach no tier, so skip them first.
    first_limit = min(limits)
    # Overdue by more than the first limit: due before this day.
    due_before = _days_after(ctx.at, -first_limit)
    # Per number of days overdue, its tier: thousands of overdue payments of a large profile are
    # overdue by a few dozen different numbers of days.
    by_days: dict[int, int | None] = {}
    for account in ctx.accounts:
        for payment in _unpaid(ctx, account):
            if payment.due >= due_before:
                continue
            days_past = (ctx.at - payment.due).days
            if days_past not in by_days:
                by_days[days_past] = ctx.heaviest_tier(
                    rule, (i for i, top in enumerate(limits) if days_past > top)
                )
            tier = by_days[days_past]
            if tier is None:
                continue
            yield ctx.finding(
                rule,
                account,
                f"payment:{payment.id}",
                tier=tier,
                texts=partial(_overdue_texts, payment, days_past),
            )


def _overdue_texts(payment: Payment, days: int) -> tuple[str, str, str]:
    sentence, action, why = _overdue_words(current_language(), days)
    message = sentence.format(
        payment=_payment_name(payment), date=format_date(payment.due), days=days
    )
    return message, action, why


@lru_cache(maxsize=1024)
def _overdue_words(language: str, days: int) -> tuple[str, str, str]:
    """The overdue texts' words in `language`, translated once per number of days: thousands of
    overdue payments of a large profile are overdue by a few dozen different numbers of days."""
    return (
        ngettext(
            "{payment} was due on {date} and is {days} day overdue.",
            "{payment} was due on {date} and is {days} days overdue.",
            days,
        ),
        _(
            "Pay it now and mark it paid in AccountWatch; if you cannot pay at once, "
            "tell the platform's support when you will."
        ),
        _(
            "Not paying by the due date is one of the main reasons accounts are frozen; tell the "
            "platform beforehand if a payment will be late."
        ),
    )


def due_soon(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-DUE-SOON"
    window = ctx.catalogue[rule].thresholds[0]
    last = _days_after(ctx.at, window)
    for account in ctx.accounts:
        for payment in _unpaid(ctx, account):
            if not ctx.at <= payment.due <= last:
                continue
            yield ctx.finding(
                rule,
                account,
                f"payment:{payment.id}",
                texts=partial(_due_soon_texts, payment, (payment.due - ctx.at).days),
            )


def _due_soon_texts(payment: Payment, days_left: int) -> tuple[str, str, str]:
    if days_left == 0:
        message = _("{payment} is due today ({date}).").format(
            payment=_payment_name(payment), date=format_date(payment.due)
        )
        action = _("Make sure the money or card is ready and pay today, then mark it paid.")
    else:
        message = ngettext(
            "{payment} is due in {days} day, on {date}.",
            "{payment} is due in {days} days, on {date}.",
            days_left,
        ).format(payment=_payment_name(payment), days=days_left, date=format_date(payment.due))
        action = _(
            "Make sure the money or card is ready and pay by {date}, then mark it paid."
        ).format(date=format_date(payment.due))
    why = _("Keeping every payment on time is the first rule against payment freezes.")
    return message, action, why


def card_expires_before_due(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-CARD-EXPIRES-BEFORE-DUE"
    # Only as far ahead as the first card warning: the card is renewed long before a payment
    # due years away, and a card past its expiry is PAY-CARD-EXPIRED's business.
    horizon = max(ctx.profile.settings.card_warn_days, default=0)
    last = _days_after(ctx.at, horizon)
    for account in ctx.accounts:
        for payment in _unpaid(ctx, account):
            if payment.card is None or not ctx.at <= payment.due <= last:
                continue
            card = ctx.profile.card(payment.card)
            if card is None or card.valid_through >= payment.due or card.valid_through < ctx.at:
                continue
            yield ctx.finding(
                rule,
                account,
                f"payment:{payment.id}",
                texts=partial(
                    _expires_before_due_texts, payment, card, card.valid_through == ctx.at
                ),
            )


def _expires_before_due_texts(payment: Payment, card: Card, last_day: bool) -> tuple[str, str, str]:
    valid_through = format_date(card.valid_through)
    message = _(
        "{payment} is due on {due} and charged to {card}, which is valid only through {date}."
    ).format(
        payment=_payment_name(payment),
        due=format_date(payment.due),
        card=card_name(card),
        date=valid_through,
    )
    if last_day:
        # On the card's last day "before" that day has passed: the advice is for today.
        action = _(
            "Register the renewed card or another approved method for this payment today: it is "
            "the card's last valid day."
        )
    else:
        action = _(
            "Register the renewed card or another approved method for this payment before {date}."
        ).format(date=valid_through)
    why = _("A charge to an expired card fails, and the unpaid bill can freeze the account.")
    return message, action, why


def off_platform(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-OFF-PLATFORM"
    for account in ctx.accounts:
        unapproved = tuple(
            m.type for m in account.payment_methods if not _approved(ctx, account, m)
        )
        if not unapproved:
            continue
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            texts=partial(_off_platform_texts, account.display_name, unapproved),
        )


def _off_platform_texts(
    account: str, methods: tuple[PaymentMethodType, ...]
) -> tuple[str, str, str]:
    names = join_list(dict.fromkeys(method_name(m) for m in methods))
    return (
        _("{account} uses a payment method the platform does not approve: {methods}.").format(
            account=account, methods=names
        ),
        _(
            "Stop paying or being paid this way; use the platform's own payment options "
            "(such as Trade Assurance) and remove the method."
        ),
        _(
            "Paying through a payment system the platform does not approve breaks its rules "
            "and freezes accounts."
        ),
    )


def _percent(ratio: Fraction) -> str:
    return f"{float(ratio) * 100:.1f}"


def high_cancellation(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-HIGH-CANCELLATION"
    spec = ctx.catalogue[rule]
    # Exact fractions, so that 1 in 40 is exactly 2.5 % and not above it.
    limits = [Fraction(str(t)) for t in spec.thresholds]
    min_orders = int(spec.extra["min_orders"])
    few_orders_cancellations = int(spec.extra["few_orders_min_cancellations"])
    for account in ctx.accounts:
        orders, cancelled = account.orders_90d, account.cancellations_90d
        if orders is None or cancelled is None or orders < 1:
            continue
        ratio = Fraction(cancelled, orders)
        # A rate of few orders says little, unless several were cancelled at a high rate.
        if orders < min_orders and (cancelled < few_orders_cancellations or ratio <= limits[-1]):
            continue
        tier = ctx.heaviest_tier(rule, (i for i, top in enumerate(limits) if ratio > top))
        if tier is None:
            continue
        yield ctx.finding(
            rule,
            account,
            f"account:{account.id}",
            tier=tier,
            texts=partial(_cancellation_texts, cancelled, orders, limits[tier], limits[0]),
        )


def _cancellation_texts(
    cancelled: int, orders: int, limit: Fraction, target: Fraction
) -> tuple[str, str, str]:
    return (
        _(
            "{cancelled} of {orders} orders in the last 90 days were cancelled ({rate} %, "
            "above {limit} %)."
        ).format(
            cancelled=cancelled,
            orders=orders,
            rate=_percent(Fraction(cancelled, orders)),
            limit=_percent(limit),
        ),
        _(
            "Find out why orders are cancelled (stock, prices, delivery times) and fix it; "
            "keep the rate below {target} %."
        ).format(target=_percent(target)),
        _(
            "Frequent cancellations count as abnormal transaction history, one of the main "
            "reasons accounts are frozen."
        ),
    )


def card_not_own(ctx: RuleContext) -> Iterator[Finding]:
    rule = "PAY-CARD-NOT-OWN"
    tiers = {CardHolder.OTHER: 0, CardHolder.EMPLOYEE: 1}
    for account in ctx.accounts:
        for card in ctx.profile.cards_of(account):
            tier = tiers.get(card.holder)
            if tier is None:
                continue
            yield ctx.finding(
                rule,
                account,
                f"card:{card.id}",
                tier=tier,
                texts=partial(_not_own_texts, card, tier == 0, account.display_name),
            )


def _not_own_texts(card: Card, outsider: bool, account: str) -> tuple[str, str, str]:
    message = (
        _("{card} is in the name of someone outside the company; {account} pays with it.")
        if outsider
        else _("{card} is an employee's own card; {account} pays with it.")
    )
    return (
        message.format(card=card_name(card), account=account),
        _(
            "Pay with a card in the company's name (or the representative's), register "
            "it at the platform, and remove the other card there."
        ),
        _(
            "Paying with a card in another person's name looks like fraud to the "
            "platform's checks and is a known reason for payment freezes."
        ),
    )


RULES: tuple[Rule, ...] = (
    card_expired,
    card_expiring,
    no_valid_method,
    overdue,
    due_soon,
    card_expires_before_due,
    off_platform,
    high_cancellation,
    card_not_own,
)
