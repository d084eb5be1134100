"""The account editor's recovery section: the notice, the support case and each contact."""

from __future__ import annotations

from typing import Any

from accountwatch.i18n import _
from accountwatch.ui.common import text_line
from accountwatch.ui.dialogs.account_section import Section, put
from accountwatch.ui.state import AppState
from accountwatch.ui.widgets.date_input import DateInput

_DATES = ("notice_on", "contacted_support_on", "last_follow_up_on")


class RecoverySection(Section):
    """Where getting a restricted or frozen account back stands, kept as `recovery`."""

    def __init__(self, state: AppState) -> None:
        super().__init__(
            _("Recovery"),
            _(
                "For a restricted or frozen account: when the notice came, the support case and "
                "when you last contacted support. AccountWatch reminds you to follow up every "
                "7 days until the account is active again."
            ),
        )
        form = self.new_form()
        self.dates: dict[str, DateInput] = {}
        captions = {
            "notice_on": (_("Notice received on"), _("&Notice received on:")),
            "contacted_support_on": (_("First contacted support on"), _("&First contact:")),
            "last_follow_up_on": (_("Last follow-up on"), _("Last &follow-up:")),
        }
        for key in _DATES[:1]:
            self._date(form, state, key, *captions[key])
        self.case_number = text_line()
        self.case_number.setAccessibleName(_("Case number"))
        self.case_number.setPlaceholderText(_("as the platform's notice or support gives it"))
        self.add_field(form, _("&Case number:"), self.case_number, "recovery.case_number")
        for key in _DATES[1:]:
            self._date(form, state, key, *captions[key])
        self.finish()

    def _date(self, form: Any, state: AppState, key: str, name: str, caption: str) -> None:
        self.dates[key] = DateInput(name, lambda: state.today)
        self.add_field(form, caption, self.dates[key], f"recovery.{key}")

    def load(self, doc: dict[str, Any]) -> None:
        recovery = doc.get("recovery") or {}
        for key, field in self.dates.items():
            field.set_date(recovery.get(key))
        self.case_number.setText(recovery.get("case_number", ""))

    def store(self, doc: dict[str, Any]) -> None:
        recovery = dict(doc.get("recovery") or {})
        for key, field in self.dates.items():
            put(recovery, key, field.text())
        put(recovery, "case_number", self.case_number.text().strip())
        put(doc, "recovery", recovery)
