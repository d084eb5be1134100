"""Dated obligations: what falls due on which day, for "coming up", reminders and the calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from accountwatch.core.catalogue import load_catalogue
from accountwatch.core.company_fields import company_name
from accountwatch.core.dates import occurrences
from accountwatch.core.model import Account, AccountStatus, Payment, Profile
from accountwatch.i18n import _, format_date, format_money, ngettext

# Licence lead times: the profile has no setting for them.
LICENSE_WARN_DAYS = (60, 30, 7)


class Kind(StrEnum):
    """What falls due. The values are part of the reminder ids stored in users' databases."""

    CARD_EXPIRY = "card-expiry"
    PAYMENT_DUE = "payment-due"
    LICENSE_EXPIRY = "license-expiry"
    WEEKLY_CHECK = "weekly-check"
    TERMS_REVIEW = "terms-review"
    COMPANY_CONFIRMATION = "company-confirmation"
    PENALTY_LAPSE = "penalty-lapse"
    RECOVERY_FOLLOW_UP = "recovery-follow-up"
    FROZEN_WARNING = "frozen-warning"


@dataclass(frozen=True, slots=True)
class Obligation:
    """Something falling due on `date`. `subject` names the thing ("card:<id>", "payment:<id>",
    "account:<id>", "company", "weekly-check"); `message` says what and when."""

    kind: Kind
    subject: str
    date: dt.date
    message: str
    # The time of day it falls at (the weekly check); None: the whole day.
    time: dt.time | None = None
    # The names `message` is made of, for other texts about the same thing (a calendar entry,
    # an overdue payment's recall); one mapping serves every date of a recurring payment.
    names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def item_id(self) -> str:
        """The id of the card, payment or account; the subject itself for the company or the
        weekly check."""
        return self.subject.partition(":")[2] or self.subject

    def at(self, tz: dt.tzinfo | None, all_day: dt.time) -> dt.datetime:
        """Its moment on the wall clock of `tz`; a thing of the whole day at `all_day`."""
        return dt.datetime.combine(self.date, all_day if self.time is None else self.time, tz)


@dataclass(frozen=True, slots=True)
class FolderStart:
    """When the data folder was made: nothing dated before it is owed (a weekly check due last
    Monday is not owed by a folder made today; an overdue payment entered with it is a finding
    on the Overview, not news)."""

    moment: dt.datetime
    # Its day on the local wall clock.
    day: dt.date

    @classmethod
    def of(cls, since: dt.datetime | None, tz: dt.tzinfo) -> FolderStart | None:
        """The start of a folder made at `since` (None: unknown). It holds whatever "now" is:
        asked as of an earlier moment (--at), the folder owed nothing then either."""
        if since is None:
            return None
        return cls(since, since.astimezone(tz).date())

    def predates(self, kind: Kind, day: dt.date, moment: dt.datetime) -> bool:
        """Whether an obligation of `day` came before the folder: an earlier day, or (a weekly
        check, which has a time) its `moment` came before."""
        return day < self.day or (kind is Kind.WEEKLY_CHECK and moment < self.moment)


def warn_days(profile: Profile, kind: Kind) -> tuple[int, ...]:
    """How many days before its date an obligation of `kind` is brought up (0: on the day)."""
    if kind == Kind.CARD_EXPIRY:
        return profile.settings.card_warn_days
    if kind == Kind.PAYMENT_DUE:
        return profile.settings.payment_warn_days
    if kind == Kind.LICENSE_EXPIRY:
        return LICENSE_WARN_DAYS
    return (0,)


def payment_names(profile: Profile, payment: Payment) -> dict[str, str]:
    """The names a payment's texts are made of: `payment`, `amount` (with its leading space,
    empty without an amount) and `account`."""
    account = profile.account(payment.account)
    amount = payment.amount
    return {
        "payment": payment.display_name,
        "amount": "" if amount is None else f" ({format_money(amount, payment.currency)})",
        "account": account.display_name if account else payment.account,
    }


def title(kind: Kind, names: Mapping[str, str]) -> str | None:
    """What falls due, said without its date, from the obligation's `names`: a calendar
    event's title, a line under the day it is listed at. None for the kinds said only whole."""
    if kind == Kind.PAYMENT_DUE:
        return _("{payment}{amount} for {account} is due").format(**names)
    if kind == Kind.CARD_EXPIRY:
        return _("Card {card} (…{last4}) expires").format(**names)
    if kind == Kind.LICENSE_EXPIRY:
        return _("The business licence of {company} expires").format(**names)
    return None


def card_expiries(profile: Profile, start: dt.date, end: dt.date) -> Iterator[Obligation]:
    """The cards whose last valid day falls from `start` to `end` (both included)."""
    message = _("Card {card} (…{last4}) expires on {date}.")
    for card in profile.cards:
        day = card.valid_through
        if start <= day <= end:
            names = {"card": card.display_name, "last4": card.last4}
            yield Obligation(
                Kind.CARD_EXPIRY,
                f"card:{card.id}",
                day,
                message.format(date=format_date(day), **names),
                names=names,
            )


# What a payment's due dates depend on: paid on, due, repeat rule, start of the series.
_Series = tuple[dt.date | None, dt.date, str | None, dt.date | None]


def payments_due(
    profile: Profile, start: dt.date, end: dt.date, payments: Iterable[Payment] | None = None
) -> Iterator[Obligation]:
    """Every unpaid due date from `start` to `end` (both included) of every payment (or of the
    `payments` given, of this profile): each one of a recurring payment, a month-end series on
    the last day of shorter months."""
    # A large profile has thousands of payments: the message is looked up once, not per item.
    message = _("{payment}{amount} for {account} is due on {date}.")
    # The due dates depend only on these fields of a payment, and a large profile has many
    # payments alike in them (a monthly fee per account): each series is worked out once.
    due_dates: dict[_Series, list[tuple[dt.date, str]]] = {}
    for payment in profile.payments if payments is None else payments:
        if payment.repeat is None and not start <= payment.due <= end:
            continue  # a one-off payment due outside the window: most of a large profile's
        series = (payment.paid_on, payment.due, payment.repeat, payment.repeat_start)
        dates = due_dates.get(series)
        if dates is None:
            dates = [(day, format_date(day)) for day in occurrences(payment, start, end)]
            due_dates[series] = dates
        if not dates:
            continue
        names = payment_names(profile, payment)
        subject = f"payment:{payment.id}"
        for day, written in dates:
            yield Obligation(
                Kind.PAYMENT_DUE, subject, day, message.format(date=written, **names), names=names
            )


def licence_expiry(profile: Profile, start: dt.date, end: dt.date) -> Iterator[Obligation]:
    """The company's business licence, when it expires from `start` to `end`."""
    company = profile.company
    if company is None or company.license_expires is None:
        return
    day = company.license_expires
    if start <= day <= end:
        names = {"company": company_name(company)}
        yield Obligation(
            Kind.LICENSE_EXPIRY,
            "company",
            day,
            _("The business licence of {company} expires on {date}.").format(
                date=format_date(day), **names
            ),
            names=names,
        )


def weekly_checks(
    profile: Profile,
    start: dt.date,
    end: dt.date,
    *,
    tz: dt.tzinfo | None = None,
    scheduled: dt.datetime | None = None,
) -> Iterator[Obligation]:
    """The weekly health checks from `start` to `end` on the weekday and at the time the
    settings give; none while the profile has no account.

    `scheduled` is the next check as the wizard set it (local time): the checks before it are
    done, the later ones follow the settings. With `tz`, a time the clock skips that day
    (summer time) is written as the time the clock shows then.
    """
    if not profile.accounts:
        return
    weekly = profile.settings.weekly_check
    message = _("Weekly health check on {date} at {time}.")

    def check(day: dt.date, time: dt.time) -> Obligation:
        shown = dt.datetime.combine(day, time, tz)
        if tz is not None:
            shown = shown.astimezone(tz)
        text = message.format(date=format_date(shown.date()), time=shown.strftime("%H:%M"))
        return Obligation(Kind.WEEKLY_CHECK, "weekly-check", day, text, time)

    first = start
    if scheduled is not None:
        if start <= scheduled.date() <= end:
            yield check(scheduled.date(), scheduled.time())
        first = max(first, scheduled.date() + dt.timedelta(days=1))
    day = first + dt.timedelta(days=(weekly.weekday.number - first.weekday()) % 7)
    while day <= end:
        yield check(day, weekly.time)
        day += dt.timedelta(days=7)


def terms_reviews(profile: Profile, start: dt.date, end: dt.date) -> Iterator[Obligation]:
    """The accounts whose platform terms fall due for another review from `start` to `end`:
    the day the health check starts to say so."""
    terms_days = int(load_catalogue()["REG-TERMS-UNREVIEWED"].thresholds[0])
    message = _(
        "The platform terms for {account} were last reviewed on {date}; "
        "it is time to review them again."
    )
    for account in profile.accounts:
        reviewed = account.terms_reviewed_on
        if reviewed is None:
            continue  # never reviewed: the health check says so already, there is no date
        # The rule fires once more than `terms_days` days have passed.
        day = reviewed + dt.timedelta(days=terms_days + 1)
        if start <= day <= end:
            yield Obligation(
                Kind.TERMS_REVIEW,
                f"account:{account.id}",
                day,
                message.format(account=account.display_name, date=format_date(reviewed)),
            )


def company_confirmation(profile: Profile, start: dt.date, end: dt.date) -> Iterator[Obligation]:
    """The company record, when it falls due to be confirmed again from `start` to `end`."""
    company = profile.company
    if company is None or company.verified_on is None:
        return
    verified_days = int(load_catalogue()["REG-UNVERIFIED"].thresholds[0])
    day = company.verified_on + dt.timedelta(days=verified_days + 1)
    if start <= day <= end:
        yield Obligation(
            Kind.COMPANY_CONFIRMATION,
            "company",
            day,
            _(
                "Your company record was last confirmed on {date}; it is time to check it again."
            ).format(date=format_date(company.verified_on)),
        )


def penalty_lapses(
    profile: Profile, start: dt.date, end: dt.date, *, given_by: dt.date
) -> Iterator[Obligation]:
    """Per account and day from `start` to `end`, the penalty points that stop counting then,
    of the penalties given by `given_by` (a penalty dated later is not on record yet)."""
    window = int(load_catalogue()["CON-PENALTY-POINTS"].extra["window_days"])
    for account in profile.accounts:
        lapsing: dict[dt.date, int] = {}
        for penalty in account.penalties:
            if penalty.points <= 0 or penalty.date > given_by:
                continue
            day = penalty.date + dt.timedelta(days=window)
            if start <= day <= end:
                lapsing[day] = lapsing.get(day, 0) + penalty.points
        for day, points in sorted(lapsing.items()):
            message = ngettext(
                "{points} penalty point of {account} lapses on {date}.",
                "{points} penalty points of {account} lapse on {date}.",
                points,
            ).format(points=points, account=account.display_name, date=format_date(day))
            yield Obligation(Kind.PENALTY_LAPSE, f"account:{account.id}", day, message)


def _frozen_since(account: Account) -> dt.date | None:
    """The day a frozen account was frozen, as far as the profile tells."""
    if account.status != AccountStatus.FROZEN:
        return None
    return account.status_since or account.recovery.notice_on


def recovery_follow_ups(profile: Profile, start: dt.date, end: dt.date) -> Iterator[Obligation]:
    """Restricted and frozen accounts on the day support is due to hear from the user again:
    a week after the last contact, or from the notice on when support was never contacted."""
    spec = load_catalogue()["CON-RECOVERY-STALLED"]
    every = dt.timedelta(days=int(spec.thresholds[0]))
    for account in profile.accounts:
        if account.status not in (AccountStatus.RESTRICTED, AccountStatus.FROZEN):
            continue
        recovery = account.recovery
        last = recovery.last_contact_on
        since = account.status_since or recovery.notice_on
        if last is not None:
            day = last + every
            message = _(
                "Time to follow up with support about {account}: the last contact was on {date}."
            ).format(account=account.display_name, date=format_date(last))
        elif since is not None:
            day = since
            message = _("Contact the platform's support about {account}.").format(
                account=account.display_name
            )
        else:
            continue  # nothing dated: the health check asks for the dates
        if not start <= day <= end:
            continue
        if recovery.case_number:
            message += " " + _("Case number: {case}.").format(case=recovery.case_number)
        frozen = _frozen_since(account)
        if frozen is not None and (day - frozen).days >= min(spec.extra["warn_days"]):
            message += " " + _(
                "It has been frozen for {days} days; an account frozen for long may be deleted."
            ).format(days=(day - frozen).days)
        yield Obligation(Kind.RECOVERY_FOLLOW_UP, f"account:{account.id}", day, message)


def frozen_warnings(profile: Profile, start: dt.date, end: dt.date) -> Iterator[Obligation]:
    """A frozen account on the days it has been frozen 30 and 90 days (the catalogue's
    `warn_days`): platforms may delete an account left frozen for long."""
    marks = load_catalogue()["CON-RECOVERY-STALLED"].extra["warn_days"]
    for account in profile.accounts:
        frozen = _frozen_since(account)
        if frozen is None:
            continue
        for days in marks:
            day = frozen + dt.timedelta(days=int(days))
            if start <= day <= end:
                message = _(
                    "{account} has been frozen for {days} days. Platforms may delete an account "
                    "left frozen for long: follow up with support and ask what is still needed."
                ).format(account=account.display_name, days=days)
                yield Obligation(Kind.FROZEN_WARNING, f"account:{account.id}", day, message)
