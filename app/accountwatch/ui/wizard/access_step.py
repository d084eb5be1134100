"""Step 2: the platform's terms and the login history reviewed, and who else signs in."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QWidget

from accountwatch.core.problems import ProfileError
from accountwatch.core.weekly import Question, Step
from accountwatch.i18n import _
from accountwatch.services import weekly
from accountwatch.services.wording import reviewed_words
from accountwatch.ui.common import FieldError, show_problems
from accountwatch.ui.models_accounts import platform_text
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.account_fields import CountField
from accountwatch.ui.wizard.base import Change, StepPage, group, muted_label


class AccessStep(StepPage):
    def __init__(
        self,
        state: AppState,
        account_id: str,
        index: int,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, Step.ACCESS, account_id, index, count, parent)
        self.setTitle(_("{account}: terms and sign-ins").format(account=self.account_name()))

        box, layout = group(_("The platform's terms"), Question.TERMS)
        self.terms_link = QLabel()
        self.terms_link.setOpenExternalLinks(True)
        self.terms_link.setWordWrap(True)
        self.terms_last = muted_label()
        self.terms = QCheckBox(_("I read the platform's current terms this week"))
        self.terms.setAccessibleName(_("Terms reviewed this week"))
        for widget in (self.terms_link, self.terms_last, self.terms):
            layout.addWidget(widget)
        self.body.addWidget(box)

        box, layout = group(_("Login history"), Question.LOGINS)
        self.logins_last = muted_label()
        self.logins = QCheckBox(_("I reviewed the login history — no unknown places or devices"))
        self.logins.setAccessibleName(_("Login history reviewed, nothing unknown"))
        hint = muted_label(
            _(
                "Found a login you do not recognise? Change the password at once and tell "
                "the platform's support."
            )
        )
        for widget in (self.logins_last, self.logins, hint):
            layout.addWidget(widget)
        self.body.addWidget(box)

        box, layout = group(_("Mail and links"), Question.PHISHING)
        self.phished = QCheckBox(
            _(
                "This week I typed this account's password after a link in an e-mail or "
                "message, or on a page that only looked like the platform"
            )
        )
        self.phished.setAccessibleName(_("Password typed after a mail's link this week"))
        self.phished_advice = muted_label(
            _(
                "Platforms never ask for your password by mail. Open the platform by typing its "
                "address yourself. If you did type the password on such a page, change it now "
                "and check the login history."
            )
        )
        for widget in (self.phished, self.phished_advice):
            layout.addWidget(widget)
        self.body.addWidget(box)

        box, layout = group(_("Who signs in"), Question.SHARED)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.shared = CountField(_("People other than you who sign in"), optional=False)
        self.shared.setToolTip(_("Colleagues, agents or anyone else who uses this account."))
        self.shared_error = FieldError()
        caption = QLabel(_("People other than you who sign in:"))
        caption.setBuddy(self.shared)
        form.addRow(caption, self.shared)
        form.addRow("", self.shared_error)
        layout.addLayout(form)
        self.body.addWidget(box)
        self.general_error = FieldError()
        self.body.addWidget(self.general_error)
        self.body.addStretch(1)

    def refresh(self) -> None:
        account = self.account()
        if account is None:
            return
        links = weekly.platform_links().get(account.platform)
        url = links.terms if links is not None else ""
        name = platform_text(account.platform)
        if url:
            self.terms_link.setText(
                _("Open {platform}'s rules and terms: {link}").format(
                    platform=html.escape(name),
                    link=f'<a href="{html.escape(url)}">{html.escape(url)}</a>',
                )
            )
        else:
            self.terms_link.setText(_("Open the platform's rules and terms on its website."))
        today = self.state.today
        self.terms_last.setText(reviewed_words(account.terms_reviewed_on, today))
        self.logins_last.setText(reviewed_words(account.logins_reviewed_on, today))

    def reset_answers(self) -> None:
        account = self.account()
        # Ticked only when the review was already recorded today: a tick is the user's word.
        today = self.state.today
        self.terms.setChecked(account is not None and account.terms_reviewed_on == today)
        self.logins.setChecked(account is not None and account.logins_reviewed_on == today)
        self.phished.setChecked(account is not None and account.password_exposed_on == today)
        self.shared.set_count(account.shared_with if account is not None else 0)
        show_problems([], {"shared_with": self.shared_error}, self.general_error)

    def answers(self) -> dict[str, Any]:
        return {
            "terms": self.terms.isChecked(),
            "logins": self.logins.isChecked(),
            "shared_with": self.shared.value(),
            "phished": self.phished.isChecked(),
        }

    def restore(self, answers: Mapping[str, Any]) -> None:
        self.terms.setChecked(bool(answers.get("terms", self.terms.isChecked())))
        self.logins.setChecked(bool(answers.get("logins", self.logins.isChecked())))
        self.phished.setChecked(bool(answers.get("phished", self.phished.isChecked())))
        shared = answers.get("shared_with")
        if isinstance(shared, int):
            self.shared.set_count(shared)

    def change(self) -> Change | None:
        account = self.account()
        if account is None:
            return None
        today = self.state.today
        terms = self.terms.isChecked() and account.terms_reviewed_on != today
        logins = self.logins.isChecked() and account.logins_reviewed_on != today
        shared = self.shared.value()
        phished = self.phished.isChecked() and account.password_exposed_on != today
        if not terms and not logins and not phished and shared == account.shared_with:
            return None
        account_id = account.id

        def save(ws: Any) -> object:
            return weekly.record_access_review(
                ws,
                account_id,
                terms_reviewed=terms,
                logins_reviewed=logins,
                shared_with=shared,
                today=today,
                password_exposed=phished,
            )

        return save

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, ProfileError):
            show_problems(exc.problems, {"shared_with": self.shared_error}, self.general_error)
        else:
            self.state.failed.emit(exc)
