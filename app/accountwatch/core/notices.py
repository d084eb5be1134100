"""What a notification or the banner says about reminders: most urgent first, and how urgent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from accountwatch.core.obligations import Kind
from accountwatch.core.reminders import Reminder, kind_name
from accountwatch.i18n import _, ngettext

# Reminder lines shown before the rest are counted ("…and N more"); critical ones always show.
SHOWN = 3

# Among reminders equally urgent, the order of their kinds: money and cards before paperwork.
_KIND_RANK = {
    Kind.PAYMENT_DUE: 0,
    Kind.CARD_EXPIRY: 1,
    Kind.LICENSE_EXPIRY: 2,
    Kind.PENALTY_LAPSE: 3,
    Kind.WEEKLY_CHECK: 4,
    Kind.TERMS_REVIEW: 5,
    Kind.COMPANY_CONFIRMATION: 6,
    Kind.RECOVERY_FOLLOW_UP: 2,
    Kind.FROZEN_WARNING: 2,
}


class Urgency(IntEnum):
    """The freedesktop notification urgency levels (the `urgency` hint's byte)."""

    LOW = 0
    NORMAL = 1
    CRITICAL = 2


def days_overdue(reminder: Reminder) -> int:
    """How many days an unpaid payment is past its date (0: not an overdue recall)."""
    if reminder.kind != Kind.PAYMENT_DUE or not reminder.tier.startswith("overdue-"):
        return 0
    try:
        return int(reminder.tier.removeprefix("overdue-"))
    except ValueError:
        return 0


def urgency(reminder: Reminder) -> Urgency:
    """Critical for an overdue payment and a card on (or past) its last valid day."""
    if days_overdue(reminder) > 0:
        return Urgency.CRITICAL
    if reminder.kind == Kind.CARD_EXPIRY and reminder.tier in ("0", ""):
        return Urgency.CRITICAL
    return Urgency.NORMAL


def by_urgency(reminders: Sequence[Reminder]) -> list[Reminder]:
    """Most urgent first: critical before normal, the longest overdue payment first, then
    payments, cards, the licence and the rest, each by its date."""
    return sorted(
        reminders,
        key=lambda r: (
            -urgency(r),
            _KIND_RANK[r.kind],
            -days_overdue(r),
            r.due_date,
            r.id,
        ),
    )


def title(reminder: Reminder) -> str:
    """A short heading for one reminder."""
    if days_overdue(reminder) > 0:
        return _("Payment overdue")
    if reminder.kind == Kind.CARD_EXPIRY and urgency(reminder) == Urgency.CRITICAL:
        return _("Card expires today")
    return kind_name(reminder.kind)


@dataclass(frozen=True)
class Notice:
    """One notification about reminders delivered together."""

    summary: str
    lines: tuple[str, ...]  # most urgent first; the last may count the rest
    urgency: Urgency  # the highest of the reminders'
    first: Reminder  # the most urgent: what the notification's default action opens
    count: int

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def notice(reminders: Sequence[Reminder]) -> Notice:
    """The summary and body of a notification (or the banner) about `reminders` (not empty).

    Every critical reminder has a line of its own: an overdue payment never falls under
    "…and N more".
    """
    if not reminders:
        raise ValueError("no reminders to tell of")
    ordered = by_urgency(reminders)
    first = ordered[0]
    count = len(ordered)
    if count == 1:
        summary = title(first)
    else:
        summary = ngettext(
            "{count} reminder — {first}", "{count} reminders — {first}", count
        ).format(count=count, first=title(first))
    critical = sum(1 for r in ordered if urgency(r) == Urgency.CRITICAL)
    shown = max(SHOWN, critical)
    lines = [r.message for r in ordered[:shown]]
    if count > shown:
        more = count - shown
        lines.append(ngettext("…and {count} more", "…and {count} more", more).format(count=more))
    return Notice(summary, tuple(lines), urgency(first), first, count)


def payments_among(reminders: Sequence[Reminder]) -> int:
    return sum(1 for r in reminders if r.kind == Kind.PAYMENT_DUE)


def dismiss_question(reminders: Sequence[Reminder]) -> str:
    """What Dismiss asks first: how many reminders, and how many of them are about payments."""
    count = len(reminders)
    parts = [
        ngettext("Dismiss {count} reminder?", "Dismiss {count} reminders?", count).format(
            count=count
        )
    ]
    payments = payments_among(reminders)
    if payments and count == 1:
        parts.append(_("It is about a payment."))
    elif payments:
        parts.append(
            ngettext(
                "{count} of them is about a payment.",
                "{count} of them are about payments.",
                payments,
            ).format(count=payments)
        )
    # A dismissal is of these deliveries only: the next tier of the same item still comes.
    parts.append(_("You will not be reminded of these again; a later reminder still comes."))
    return " ".join(parts)


def dismissed_note(count: int) -> str:
    """What the banner says after Dismiss, beside its Undo."""
    return ngettext("{count} reminder dismissed.", "{count} reminders dismissed.", count).format(
        count=count
    )
