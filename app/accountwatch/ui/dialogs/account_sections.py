"""The account editor's form sections: account, sign-in, two-factor and conduct."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from accountwatch.core.model import (
    Account,
    AccountStatus,
    PasswordAnalysis,
    Platform,
    Role,
    TwoFactorMethod,
)
from accountwatch.core.naming import derive_id, guess_platform, id_problem
from accountwatch.i18n import _, format_date
from accountwatch.services.wording import account_status_words, strength_words
from accountwatch.ui.common import text_line
from accountwatch.ui.dialogs.account_section import Section, muted, put
from accountwatch.ui.models_accounts import (
    platform_text,
    role_text,
    strength_text,
    two_factor_text,
)
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.account_fields import CountField, EnumCombo
from accountwatch.ui.widgets.date_input import DateInput
from accountwatch.ui.widgets.disclosure import Disclosure


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return box


class AccountSection(Section):
    def __init__(self, state: AppState, account_id: str | None) -> None:
        super().__init__(
            _("Account"), _("Which marketplace account this is and how it stands today.")
        )
        self._taken = {a.id for a in state.profile.accounts if a.id != account_id}
        # A new account's id follows its label until the user types an id of their own, and
        # its platform follows the label and login until the user picks one.
        self._follow_label = account_id is None
        self._guess_platform = account_id is None
        self._login = ""
        # Once the id was found wrong, it is checked as it is typed (the error goes when fixed).
        self._id_checked = False
        form = self.new_form()
        self.label = text_line()
        self.label.setAccessibleName(_("Label"))
        self.label.setPlaceholderText(_("e.g. Alibaba.com main"))
        self.add_field(form, _("&Label:"), self.label, "label", tip=_("A name you recognise."))
        self.platform = EnumCombo(_("Platform"), Platform, platform_text)
        self.add_field(form, _("&Platform:"), self.platform, "platform")
        self.role = EnumCombo(_("Role"), Role, role_text)
        self.add_field(form, _("&Role:"), self.role, "role")
        self.status = EnumCombo(_("Status"), AccountStatus, account_status_words)
        self.add_field(
            form,
            _("&Status:"),
            self.status,
            "status",
            tip=_("Restricted or frozen: what the platform shows for the account now."),
        )
        self.status_since = DateInput(_("Status since"), lambda: state.today)
        self.add_field(
            form,
            _("Status s&ince:"),
            self.status_since,
            "status_since",
            tip=_("The day the account became restricted or frozen; leave empty if active."),
        )

        # The id is technical: made from the label, shown and editable under "Advanced".
        self.id = text_line()
        self.id.setAccessibleName(_("Id"))
        self.id.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.id.setMaximumWidth(320)
        advanced_box = QWidget()
        advanced_form = QFormLayout(advanced_box)
        advanced_form.setContentsMargins(18, 0, 0, 0)
        advanced_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.id_error = self.add_field(
            advanced_form,
            _("&Id:"),
            self.id,
            "id",
            tip=_("Used in profile files and reports: lower-case letters, digits, '.', '_', '-'."),
        )
        id_note = QLabel(
            _("Made from the label. Profile files, reports and the command line use it.")
        )
        id_note.setWordWrap(True)
        muted(id_note)
        advanced_form.addRow("", id_note)
        self.advanced = Disclosure(_("Advanced"), advanced_box)
        self.layout_.addWidget(self.advanced)
        self.finish()
        self.label.textEdited.connect(self._label_edited)
        self.platform.activated.connect(self._platform_picked)
        self.platform.currentIndexChanged.connect(self._derive)
        self.id.textEdited.connect(self._id_edited)
        self.id.textChanged.connect(self._id_changed)

    def guess_from_login(self, login: str) -> None:
        """The login typed in the Sign-in section may name the platform too."""
        self._login = login
        self._guess()

    def _label_edited(self) -> None:
        self._guess()
        self._derive()

    def _guess(self) -> None:
        if self._guess_platform:
            guessed = guess_platform(self.label.text(), self._login)
            self.platform.set_value((guessed or Platform.OTHER).value)

    def _platform_picked(self) -> None:
        # Chosen by the user (not by a guess): a later label no longer changes it.
        self._guess_platform = False

    def _derive(self) -> None:
        if self._follow_label:
            platform = self.platform.value()
            fallback = "account" if platform == Platform.OTHER.value else platform
            self.id.setText(derive_id(self.label.text(), fallback, self._taken))

    def _id_edited(self) -> None:
        self._follow_label = False

    def _id_changed(self, text: str) -> None:
        self.advanced.set_summary(text.strip())
        # Once shown, the error follows the field: it says what is wrong until it is fixed.
        if self._id_checked or not self.id_error.isHidden():
            self._id_checked = True
            self.id_error.show_message(id_problem(text.strip(), self._taken) or "")
        if not self.id_error.isHidden():
            self.advanced.expand()

    def check_id(self) -> bool:
        """Show what is wrong with the id before saving; whether it is fine."""
        problem = id_problem(self.id.text().strip(), self._taken)
        self._id_checked = self._id_checked or problem is not None
        self.id_error.show_message(problem or "")
        if problem:
            self.advanced.expand()
        return problem is None

    def saved_as(self, account_id: str) -> None:
        """The account is stored under `account_id` (Apply): from now on it is edited."""
        self._taken.discard(account_id)
        self._follow_label = self._guess_platform = False

    def load(self, doc: dict[str, Any]) -> None:
        self.label.setText(doc.get("label", ""))
        self.id.setText(doc.get("id", ""))
        self.platform.set_value(doc.get("platform", Platform.OTHER.value))
        self.role.set_value(doc.get("role", Role.BUYER.value))
        self.status.set_value(doc.get("status", AccountStatus.ACTIVE.value))
        self.status_since.set_date(doc.get("status_since"))
        if self._follow_label:
            self._label_edited()

    def store(self, doc: dict[str, Any]) -> None:
        doc["id"] = self.id.text().strip()
        doc["platform"] = self.platform.value()
        put(doc, "label", self.label.text().strip())
        doc["role"] = self.role.value()
        doc["status"] = self.status.value()
        put(doc, "status_since", self.status_since.text())


class SignInSection(Section):
    def __init__(self, state: AppState, check_password: Callable[[], None]) -> None:
        super().__init__(
            _("Sign-in"),
            _(
                "How you sign in. AccountWatch never keeps a password: only how strong it is "
                "and a fingerprint to spot the same password on two accounts."
            ),
        )
        form = self.new_form()
        self.login_id = text_line()
        self.login_id.setAccessibleName(_("Login id"))
        self.login_id.setPlaceholderText(_("the name you sign in with"))
        self.add_field(form, _("Lo&gin id:"), self.login_id, "login_id")
        self.email = text_line()
        self.email.setAccessibleName(_("E-mail"))
        self.email.setPlaceholderText(_("name@example.com"))
        self.add_field(form, _("&E-mail:"), self.email, "email")
        self.strength = QLabel()
        self.strength.setAccessibleName(_("Password strength"))
        self.check_button = QPushButton(_("Check password…"))
        self.check_button.setAccessibleName(_("Check password"))
        self.check_button.clicked.connect(check_password)
        self.add_field(form, _("Password:"), _row(self.strength, self.check_button), "password")
        self.focus["password"] = self.check_button
        self.changed_on = DateInput(_("Password changed on"), lambda: state.today)
        self.add_field(
            form,
            _("Password &changed on:"),
            self.changed_on,
            "password_changed_on",
            tip=_("Leave empty if you do not know."),
        )
        self.last_login = DateInput(_("Last sign-in"), lambda: state.today)
        self.add_field(
            form,
            _("&Last sign-in:"),
            self.last_login,
            "last_login_on",
            tip=_("The last day anyone signed in; an account left unused for months is a risk."),
        )
        self.exposed_on = DateInput(
            _("Password entered on a suspicious page on"), lambda: state.today
        )
        self.add_field(
            form,
            _("Entered on a suspicious &page:"),
            self.exposed_on,
            "password_exposed_on",
            tip=_(
                "If the password was typed after a link in an e-mail, or on a site that only "
                "looked like the platform: the day it happened. Change the password afterwards."
            ),
        )
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        muted(self.hint)
        self.layout_.addWidget(self.hint)
        self.finish()

    def show_account(
        self, account: Account | None, pending: PasswordAnalysis | None = None
    ) -> None:
        """The stored password analysis (it changes outside the editor, in its own dialog), or
        the rating of a new account's password, kept with the account when it is saved."""
        if pending is not None:
            self.strength.setText(strength_words(pending.score))
            self.hint.setText(_("The rating is kept with the account when you save it."))
            return
        self.hint.setText("")
        if account is None:
            self.strength.setText(_("Not checked"))
            return
        text = strength_text(account)
        if account.password is not None and account.password.analysed_on is not None:
            text = _("{strength} (checked on {date})").format(
                strength=text, date=format_date(account.password.analysed_on)
            )
        self.strength.setText(text)

    def load(self, doc: dict[str, Any]) -> None:
        self.login_id.setText(doc.get("login_id", ""))
        self.email.setText(doc.get("email", ""))
        self.changed_on.set_date(doc.get("password_changed_on"))
        self.last_login.set_date(doc.get("last_login_on"))
        self.exposed_on.set_date(doc.get("password_exposed_on"))

    def store(self, doc: dict[str, Any]) -> None:
        doc["login_id"] = self.login_id.text().strip()
        put(doc, "email", self.email.text().strip())
        put(doc, "password_changed_on", self.changed_on.text())
        put(doc, "last_login_on", self.last_login.text())
        put(doc, "password_exposed_on", self.exposed_on.text())


class TwoFactorSection(Section):
    def __init__(self, set_up: Callable[[], None]) -> None:
        super().__init__(
            _("Two-factor"),
            _(
                "A second step at sign-in. An authenticator app or a security key resists "
                "phishing and SIM swaps far better than SMS or e-mail codes."
            ),
        )
        form = self.new_form()
        self.method = EnumCombo(_("Two-factor method"), TwoFactorMethod, two_factor_text)
        self.add_field(form, _("&Method:"), self.method, "two_factor.method")
        self.backup_codes = QCheckBox(_("&Backup codes are saved somewhere safe"))
        self.backup_codes.setAccessibleName(_("Backup codes saved"))
        self.add_field(form, "", self.backup_codes, "two_factor.backup_codes_saved")
        self.set_up_button = QPushButton(_("Set up authenticator…"))
        self.set_up_button.setAccessibleName(_("Set up authenticator"))
        self.set_up_button.setToolTip(
            _("Scan a QR code with your authenticator app and confirm one code.")
        )
        self.set_up_button.clicked.connect(set_up)
        self.secret_note = QLabel()
        self.secret_note.setWordWrap(True)
        muted(self.secret_note)
        self.add_field(form, "", _row(self.set_up_button), "two_factor")
        self.focus["two_factor"] = self.method
        self.layout_.addWidget(self.secret_note)
        self.finish()

    def show_account(self, account: Account | None, *, pending: bool = False) -> None:
        """Whether a secret is kept; `pending`: a new account's authenticator, verified and
        recorded when the account is saved."""
        if pending:
            self.secret_note.setText(
                _(
                    "The authenticator app is verified. It is recorded when you save the "
                    "account; a kept secret goes to the system keyring only then."
                )
            )
        elif account is not None and account.has_totp_secret:
            self.secret_note.setText(
                _("The authenticator secret is kept in the system keyring, not in the profile.")
            )
        else:
            self.secret_note.setText("")

    def load(self, doc: dict[str, Any]) -> None:
        two_factor = doc.get("two_factor", {})
        self.method.set_value(two_factor.get("method", TwoFactorMethod.NONE.value))
        self.backup_codes.setChecked(bool(two_factor.get("backup_codes_saved", False)))

    def store(self, doc: dict[str, Any]) -> None:
        two_factor = {k: v for k, v in doc.get("two_factor", {}).items() if k == "totp_secret"}
        two_factor["method"] = self.method.value()
        two_factor["backup_codes_saved"] = self.backup_codes.isChecked()
        doc["two_factor"] = two_factor


class ConductSection(Section):
    def __init__(self, state: AppState) -> None:
        super().__init__(
            _("Conduct"),
            _(
                "How the account is used. Platforms watch for shared logins, cancellations, "
                "bulk messaging and paid reviews."
            ),
        )
        form = self.new_form()
        self.shared_with = CountField(_("Shared with"), optional=False)
        self.shared_with.setSuffix(_(" people"))
        self.add_field(
            form,
            _("S&hared with:"),
            self.shared_with,
            "shared_with",
            tip=_("People other than the owner who sign in to this account."),
        )
        self.logins_reviewed_on = DateInput(_("Logins reviewed on"), lambda: state.today)
        self.add_field(
            form,
            _("&Logins reviewed on:"),
            self.logins_reviewed_on,
            "logins_reviewed_on",
            tip=_("When you last read the account's sign-in history for strangers."),
        )
        self.terms_reviewed_on = DateInput(_("Terms reviewed on"), lambda: state.today)
        self.add_field(
            form,
            _("&Terms reviewed on:"),
            self.terms_reviewed_on,
            "terms_reviewed_on",
            tip=_("When you last read the platform's rules and their changes."),
        )
        self.orders = CountField(_("Orders in the last 90 days"), optional=True)
        self.add_field(form, _("&Orders (90 days):"), self.orders, "orders_90d")
        self.cancellations = CountField(_("Cancellations in the last 90 days"), optional=True)
        self.add_field(
            form, _("&Cancellations (90 days):"), self.cancellations, "cancellations_90d"
        )
        self.messages = CountField(_("Messages per day"), optional=True)
        self.add_field(form, _("&Messages per day:"), self.messages, "messages_per_day")
        self.incentivized = QCheckBox(_("Reviews are rewarded (discounts, gifts, refunds)"))
        self.incentivized.setAccessibleName(_("Incentivized reviews"))
        self.add_field(form, _("Reviews:"), self.incentivized, "incentivized_reviews")
        self.brands = text_line()
        self.brands.setAccessibleName(_("Authorized brands"))
        self.brands.setPlaceholderText(_("Brand A, Brand B"))
        self.add_field(
            form,
            _("Authorized &brands:"),
            self.brands,
            "authorized_brands",
            tip=_("Brands you may sell, separated by commas: their names in listings are fine."),
        )
        self.finish()

    def load(self, doc: dict[str, Any]) -> None:
        self.shared_with.set_count(doc.get("shared_with", 0))
        self.logins_reviewed_on.set_date(doc.get("logins_reviewed_on"))
        self.terms_reviewed_on.set_date(doc.get("terms_reviewed_on"))
        self.orders.set_count(doc.get("orders_90d"))
        self.cancellations.set_count(doc.get("cancellations_90d"))
        self.messages.set_count(doc.get("messages_per_day"))
        self.incentivized.setChecked(bool(doc.get("incentivized_reviews", False)))
        self.brands.setText(", ".join(doc.get("authorized_brands", [])))

    def store(self, doc: dict[str, Any]) -> None:
        doc["shared_with"] = self.shared_with.count()
        put(doc, "logins_reviewed_on", self.logins_reviewed_on.text())
        put(doc, "terms_reviewed_on", self.terms_reviewed_on.text())
        put(doc, "orders_90d", self.orders.count())
        put(doc, "cancellations_90d", self.cancellations.count())
        put(doc, "messages_per_day", self.messages.count())
        doc["incentivized_reviews"] = self.incentivized.isChecked()
        brands = [b.strip() for b in re.split(r"[,、，]", self.brands.text())]
        put(doc, "authorized_brands", [b for b in brands if b])
