"""Recovery help for a restricted or frozen account: steps to tick, whom to contact, an appeal."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QHideEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from accountwatch.core.appeal import (
    LETTER_LANGUAGES,
    AppealFacts,
    Fix,
    Letter,
    draft,
    in_latin_letters,
    letter_language,
    missing_facts,
)
from accountwatch.core.error_words import os_error_words
from accountwatch.core.model import Account, CompanyRecord
from accountwatch.core.recovery import (
    STEPS,
    TIPS,
    Attachment,
    Contact,
    attachment_text,
    needs_recovery,
    platform_name,
    shipped_contact,
)
from accountwatch.i18n import _, current_language, format_date, join_list, language_name
from accountwatch.services import recovery
from accountwatch.services.recovery import CardNumberInNotesError, RecoveryNotes
from accountwatch.services.wording import account_in_status
from accountwatch.ui.common import FieldError, text_line
from accountwatch.ui.navigation import Page, Target
from accountwatch.ui.pages.base import PageWidget
from accountwatch.ui.state import AppState

SAVE_DELAY_MS = 800
LANGUAGE_NAMES = {"ja": "日本語", "en": "English", "zh": "中文"}


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _text_edit(name: str, placeholder: str, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
    return edit


@dataclass(frozen=True)
class _Loaded:
    notes: RecoveryNotes
    contact: Contact
    overridden: bool


class RecoveryPanel(QWidget):
    """Shown for one account in recovery mode; what the user ticks and types is kept."""

    def __init__(self, state: AppState, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.account = account
        self.notes = RecoveryNotes()
        self.contact = Contact()
        self.contact_overridden = False  # the shipped contact until the user's is loaded
        self._loading = True
        self._fixes: tuple[Fix, ...] = ()
        self._chosen_language = ""  # empty: the language the support contact reads
        self.letter: Letter | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("recoveryBanner")
        self.banner.setStyleSheet(
            "#recoveryBanner { border-left: 5px solid #c62828; padding: 8px 10px;"
            " background: palette(alternate-base); }"
        )
        layout.addWidget(self.banner)
        tips = QLabel(_("Tips: {tips}").format(tips=_(TIPS)))
        tips.setWordWrap(True)
        layout.addWidget(tips)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_steps(), _("Steps"))
        self.tabs.addTab(self._build_contacts(), _("Contact support"))
        self.tabs.addTab(self._build_appeal(), _("Draft appeal"))
        layout.addWidget(self.tabs)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.set_account(account)
        state.changed.connect(self._profile_changed)
        self._load()

    # --- building -------------------------------------------------------------------------

    def _build_steps(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 10, 4, 4)
        layout.setSpacing(4)
        self.progress = QLabel()
        layout.addWidget(self.progress)
        self.steps: dict[str, QCheckBox] = {}
        for number, step in enumerate(STEPS, start=1):
            check = QCheckBox(_("{number}. {title}").format(number=number, title=_(step.title)))
            font = check.font()
            font.setBold(True)
            check.setFont(font)
            check.setAccessibleName(_(step.title))
            check.setAccessibleDescription(_(step.detail))
            check.toggled.connect(self._step_toggled)
            detail = _muted(_(step.detail))
            detail.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(check)
            layout.addWidget(detail)
            self.steps[step.id] = check
        layout.addStretch(1)
        return box

    def _build_contacts(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 10, 4, 4)
        self.contact_stack = QStackedWidget()
        layout.addWidget(self.contact_stack)

        shown = QWidget()
        shown_layout = QVBoxLayout(shown)
        shown_layout.setContentsMargins(0, 0, 0, 0)
        self.contact_view = QLabel()
        self.contact_view.setWordWrap(True)
        self.contact_view.setTextFormat(Qt.TextFormat.RichText)
        self.contact_view.setOpenExternalLinks(True)
        self.contact_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.contact_source = _muted()
        buttons = QHBoxLayout()
        self.contact_edit_button = QPushButton(_("Edit contact…"))
        self.contact_edit_button.setAccessibleName(_("Edit the support contact"))
        self.contact_edit_button.clicked.connect(self._edit_contact)
        self.contact_reset_button = QPushButton(_("Restore the shipped contact"))
        self.contact_reset_button.setAccessibleName(_("Restore the shipped support contact"))
        self.contact_reset_button.clicked.connect(self._reset_contact)
        buttons.addWidget(self.contact_edit_button)
        buttons.addWidget(self.contact_reset_button)
        buttons.addStretch(1)
        shown_layout.addWidget(self.contact_view)
        shown_layout.addWidget(self.contact_source)
        shown_layout.addLayout(buttons)
        shown_layout.addStretch(1)
        self.contact_stack.addWidget(shown)

        editor = QWidget()
        form = QFormLayout(editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.contact_fields = {
            "name": text_line(),
            "email": text_line(),
            "url": text_line(),
            "languages": text_line(),
        }
        self.contact_fields["email"].setPlaceholderText("support@example.com")
        self.contact_fields["url"].setPlaceholderText("https://")
        self.contact_fields["languages"].setPlaceholderText(_("e.g. ja, en"))
        self.contact_notes = _text_edit(_("Notes"), _("Opening hours, form to use, …"), 3)
        labels = {
            "name": _("Name"),
            "email": _("E-mail"),
            "url": _("Web page or form"),
            "languages": _("Languages"),
        }
        for key, edit in self.contact_fields.items():
            edit.setAccessibleName(labels[key])
            form.addRow(labels[key], edit)
        form.addRow(_("Notes"), self.contact_notes)
        row = QHBoxLayout()
        self.contact_save_button = QPushButton(_("Save contact"))
        self.contact_save_button.setAccessibleName(_("Save the support contact"))
        self.contact_save_button.clicked.connect(self._save_contact)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(lambda: self.contact_stack.setCurrentIndex(0))
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.contact_save_button)
        form.addRow(row)
        self.contact_stack.addWidget(editor)
        return box

    def _build_appeal(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 10, 4, 4)
        layout.setSpacing(8)
        layout.addWidget(
            _muted(
                _(
                    "The letter is written from the account's recovery record, the Company page, "
                    "your checks and what you fill in below, and changes as they do. Read every "
                    "sentence before you send it."
                )
            )
        )
        # What the letter takes from elsewhere, and where each is edited.
        self.facts_view = QLabel()
        self.facts_view.setWordWrap(True)
        self.facts_view.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.facts_view)
        links = QHBoxLayout()
        self.edit_record_button = QPushButton(_("Edit notice date and case number…"))
        self.edit_record_button.setAccessibleName(
            _("Edit the notice date and case number in the account's recovery section")
        )
        self.edit_record_button.clicked.connect(self.edit_recovery_record)
        self.edit_sender_button = QPushButton(_("Edit sender and phone…"))
        self.edit_sender_button.setAccessibleName(
            _("Edit the contact person and phone on the Company page")
        )
        self.edit_sender_button.clicked.connect(self.edit_sender)
        links.addWidget(self.edit_record_button)
        links.addWidget(self.edit_sender_button)
        links.addStretch(1)
        layout.addLayout(links)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.reason_edit = _text_edit(
            _("Reason stated in the notice"),
            _("Copy the reason from the platform's e-mail or notice, word for word"),
            2,
        )
        self.explanation_edit = _text_edit(
            _("Your explanation"),
            _("Whether you knew of a violation, what happened — be specific"),
            4,
        )
        self.actions_edit = _text_edit(
            _("Other actions taken"),
            _("One sentence per line, e.g. We now check every listing before it goes on sale."),
            3,
        )
        self.actions_edit.setToolTip(
            _(
                "What your checks show as fixed since the notice is written into the letter "
                "already; add what else you did, in the letter's language."
            )
        )
        attachments = QWidget()
        grid = QGridLayout(attachments)
        grid.setContentsMargins(0, 0, 0, 0)
        self.attachment_boxes: dict[Attachment, QCheckBox] = {}
        for i, item in enumerate(Attachment):
            check = QCheckBox(attachment_text(item))
            check.setAccessibleName(attachment_text(item))
            check.toggled.connect(self._changed)
            self.attachment_boxes[item] = check
            if item != Attachment.OTHER:
                grid.addWidget(check, i, 0, 1, 2)
        self.other_edit = text_line()
        self.other_edit.setPlaceholderText(_("e.g. supplier invoices, the brand's authorisation"))
        self.other_edit.setAccessibleName(_("Other attachments"))
        self.other_edit.textEdited.connect(
            lambda text: self.attachment_boxes[Attachment.OTHER].setChecked(bool(text.strip()))
        )
        grid.addWidget(self.attachment_boxes[Attachment.OTHER], len(Attachment), 0)
        grid.addWidget(self.other_edit, len(Attachment), 1)
        grid.setColumnStretch(1, 1)
        form.addRow(_("Reason in the notice"), self.reason_edit)
        form.addRow(_("Your explanation"), self.explanation_edit)
        form.addRow(_("Other actions taken"), self.actions_edit)
        form.addRow(_("Attachments"), attachments)
        layout.addLayout(form)
        for edit in (self.reason_edit, self.explanation_edit, self.actions_edit):
            edit.textChanged.connect(self._changed)
        self.other_edit.textChanged.connect(self._changed)

        choices = QHBoxLayout()
        self.language_box = QComboBox()
        self.language_box.setAccessibleName(_("Language of the letter"))
        for code in LETTER_LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[code], code)
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        language_label = QLabel(_("&Letter in:"))
        language_label.setBuddy(self.language_box)
        self.apology_check = QCheckBox(_("&Apologise for the trouble caused"))
        self.apology_check.setToolTip(
            _(
                "Adds a paragraph that apologises and promises care not to let it happen again, as "
                "Japanese business letters do; an honest apology often helps to get an account "
                "back."
            )
        )
        self.apology_check.toggled.connect(self._changed)
        choices.addWidget(language_label)
        choices.addWidget(self.language_box)
        choices.addSpacing(12)
        choices.addWidget(self.apology_check)
        choices.addStretch(1)
        layout.addLayout(choices)
        self.language_note = _muted()
        layout.addWidget(self.language_note)

        row = QHBoxLayout()
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setAccessibleName(_("Copy the draft appeal"))
        self.copy_button.clicked.connect(self.copy_draft)
        self.save_button = QPushButton(_("Save as text…"))
        self.save_button.setAccessibleName(_("Save the draft appeal as a text file"))
        self.save_button.clicked.connect(lambda: self.save_draft())
        self.copied = _muted()
        row.addWidget(self.copy_button)
        row.addWidget(self.save_button)
        row.addWidget(self.copied, 1)
        layout.addLayout(row)
        self.draft_edit = QPlainTextEdit()
        self.draft_edit.setReadOnly(True)
        self.draft_edit.setAccessibleName(_("Draft appeal"))
        self.draft_edit.setMinimumHeight(self.draft_edit.fontMetrics().lineSpacing() * 14)
        layout.addWidget(self.draft_edit, 1)  # the letter, not the form, takes the room left
        return box

    # --- state ------------------------------------------------------------------------------

    def set_account(self, account: Account) -> None:
        self.account = account
        self.banner.setText(
            "<b>{title}</b><br>{text}".format(
                title=html.escape(
                    _("Recovery mode: {situation}").format(
                        situation=account_in_status(account.display_name, account.status)
                    )
                ),
                text=html.escape(
                    _(
                        "Recovery is not guaranteed, but likely with the right response. "
                        "An account left frozen for a long time may be deleted: start now."
                    )
                ),
            )
        )
        self.banner.setAccessibleName(self.banner.text())
        if not self._loading:
            self._refresh_letter()

    def _load(self) -> None:
        ws, account_id, platform = self.state.ws, self.account.id, self.account.platform

        def read() -> _Loaded:
            return _Loaded(
                recovery.load_notes(ws, account_id),
                recovery.contact_for(ws, platform),
                recovery.is_overridden(ws, platform),
            )

        self.state.tasks.run(read, self._loaded, self.state.failed.emit)

    def _loaded(self, loaded: _Loaded) -> None:
        self._loading = True
        notes = self.notes = loaded.notes
        for step_id, check in self.steps.items():
            check.setChecked(step_id in notes.done)
        self.reason_edit.setPlainText(notes.reason)
        self.explanation_edit.setPlainText(notes.explanation)
        self.actions_edit.setPlainText(notes.actions)
        for item, check in self.attachment_boxes.items():
            check.setChecked(item in notes.attachments)
        self.other_edit.setText(notes.other_attachment)
        self.apology_check.setChecked(notes.apology)
        self._show_contact(loaded.contact, loaded.overridden)
        self._show_language(notes.language)
        self._loading = False
        self._show_progress()
        self._refresh_letter()
        self._load_fixes()

    def reload_fixes(self) -> None:
        """A check has been made: read again what has been fixed since the notice."""
        self._load_fixes()

    def collect(self) -> RecoveryNotes:
        return RecoveryNotes(
            done=frozenset(k for k, check in self.steps.items() if check.isChecked()),
            reason=self.reason_edit.toPlainText(),
            explanation=self.explanation_edit.toPlainText(),
            actions=self.actions_edit.toPlainText(),
            attachments=frozenset(a for a, c in self.attachment_boxes.items() if c.isChecked()),
            other_attachment=self.other_edit.text(),
            apology=self.apology_check.isChecked(),
            language=self._chosen_language,
            extra=self.notes.extra,
        )

    def save(self) -> None:
        self._save_timer.stop()
        notes = self.collect()
        ws, account_id = self.state.ws, self.account.id
        # Recovery notes are not part of the profile: nothing to re-assess, so a plain write.
        self.state.tasks.write(
            lambda: recovery.save_notes(ws, account_id, notes),
            lambda _none: self.error.show_message(""),
            self._save_failed,
        )

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CardNumberInNotesError):
            label, edit = self._text_fields()[exc.field]
            self.error.show_message(
                _("Not saved: “{field}” {problem}.").format(field=label, problem=str(exc))
            )
            edit.setFocus()
        else:
            self.state.failed.emit(exc)

    def _text_fields(self) -> dict[str, tuple[str, QWidget]]:
        """Each text the panel keeps, by its name in RecoveryNotes or Contact (the names
        CardNumberInNotesError gives): its label and its editor."""
        contact: dict[str, QWidget] = {**self.contact_fields, "notes": self.contact_notes}
        return {
            "reason": (_("Reason in the notice"), self.reason_edit),
            "explanation": (_("Your explanation"), self.explanation_edit),
            "actions": (_("Other actions taken"), self.actions_edit),
            "other_attachment": (_("Other attachments"), self.other_edit),
            **{name: (edit.accessibleName(), edit) for name, edit in contact.items()},
        }

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # Leaving the panel (another account, another page, quitting) keeps what was typed.
        if self._save_timer.isActive():
            self.save()
        super().hideEvent(event)

    def _changed(self) -> None:
        if not self._loading:
            self._save_timer.start()
            self._refresh_letter()

    def _step_toggled(self) -> None:
        self._show_progress()
        if not self._loading:
            self.save()

    def _show_progress(self) -> None:
        done = sum(check.isChecked() for check in self.steps.values())
        self.progress.setText(
            _("{done} of {total} steps done").format(done=done, total=len(self.steps))
        )
        self.tabs.setTabText(
            0, _("Steps ({done}/{total})").format(done=done, total=len(self.steps))
        )

    # --- contacts ---------------------------------------------------------------------------

    def _show_contact(self, contact: Contact, overridden: bool) -> None:
        self.contact = contact
        self.contact_overridden = overridden
        platform = platform_name(self.account.platform)
        lines = [f"<b>{html.escape(contact.name or platform)}</b>"]
        if contact.email:
            email = html.escape(contact.email, quote=True)
            lines.append(
                _("E-mail: {address}").format(address=f"<a href='mailto:{email}'>{email}</a>")
            )
        if contact.url:
            url = html.escape(contact.url, quote=True)
            if contact.url.startswith(("https://", "http://")):
                lines.append(_("Web: {link}").format(link=f"<a href='{url}'>{url}</a>"))
            else:
                lines.append(_("Web: {link}").format(link=url))
        if contact.languages:
            names = join_list(language_name(code) for code in contact.languages)
            lines.append(_("Languages: {names}").format(names=html.escape(names)))
        if contact.notes:
            lines.append(html.escape(contact.notes))
        if not (contact.email or contact.url):
            lines.append(html.escape(_("Check the platform's help centre.")))
        self.contact_view.setText("<br>".join(lines))
        self.contact_source.setText(
            _("Your own entry for {platform}.").format(platform=platform)
            if overridden
            else _("As shipped with AccountWatch; change it if you know a better contact.")
        )
        self.contact_reset_button.setVisible(overridden)
        self.contact_stack.setCurrentIndex(0)
        if not self._loading:  # the desk's languages decide the letter's unless one was chosen
            self._show_language(self._chosen_language)
            self._refresh_letter()

    def _edit_contact(self) -> None:
        c = self.contact
        values = {"name": c.name, "email": c.email, "url": c.url}
        values["languages"] = ", ".join(c.languages)
        for key, edit in self.contact_fields.items():
            edit.setText(values[key])
        self.contact_notes.setPlainText(c.notes)
        self.contact_stack.setCurrentIndex(1)
        self.contact_fields["email"].setFocus()

    def _save_contact(self) -> None:
        fields = {key: edit.text().strip() for key, edit in self.contact_fields.items()}
        contact = Contact(
            name=fields["name"],
            email=fields["email"],
            url=fields["url"],
            languages=tuple(x.strip() for x in fields["languages"].split(",") if x.strip()),
            notes=self.contact_notes.toPlainText().strip(),
        )
        self._store_contact(contact)

    def _reset_contact(self) -> None:
        self._store_contact(None)

    def _store_contact(self, contact: Contact | None) -> None:
        ws, platform = self.state.ws, self.account.platform

        def write() -> tuple[Contact, bool]:
            return recovery.set_contact(ws, platform, contact), contact is not None

        self.state.tasks.write(write, lambda shown: self._show_contact(*shown), self._save_failed)

    # --- the appeal -------------------------------------------------------------------------

    def _company(self) -> CompanyRecord | None:
        return self.state.profile.company

    def _profile_changed(self) -> None:
        """Facts the letter takes from the profile (the account's record, the company's sender
        and phone) may have changed: write the letter again and read the fixes again."""
        account = self.state.profile.account(self.account.id)
        if account is not None and needs_recovery(account):
            self.account = account
            self._refresh_letter()
            self._load_fixes()

    def _load_fixes(self) -> None:
        result, account, ws = self.state.result, self.account, self.state.ws
        if result is None:
            return
        outcome = result.assessment.account(account.id)
        findings = outcome.findings if outcome is not None else ()
        self.state.tasks.run(
            lambda: recovery.fixes_since_notice(ws, account, findings),
            self._fixes_loaded,
            self.state.failed.emit,
        )

    def _fixes_loaded(self, fixes: tuple[Fix, ...]) -> None:
        if fixes != self._fixes:
            self._fixes = fixes
            self._refresh_letter()

    def letter_language(self) -> str:
        """The language chosen for the letter, else the one the support contact reads."""
        return self._chosen_language or letter_language(self.contact, current_language())

    def _show_language(self, chosen: str) -> None:
        self._chosen_language = chosen
        blocked = self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(self.language_box.findData(self.letter_language()))
        self.language_box.blockSignals(blocked)

    def _language_chosen(self) -> None:
        code = str(self.language_box.currentData())
        # The contact's own language is no choice to keep: a changed contact changes it again.
        self._chosen_language = "" if code == letter_language(self.contact, code) else code
        self._changed()

    def facts(self) -> AppealFacts:
        contact = self.contact
        if not self.contact_overridden:
            # The letter names the support desk in the letter's language, whatever the app's.
            contact = shipped_contact(self.account.platform, self.letter_language())
        return AppealFacts(
            account=self.account,
            company=self._company(),
            contact=contact,
            reason=self.reason_edit.toPlainText(),
            explanation=self.explanation_edit.toPlainText(),
            fixes=self._fixes,
            actions=tuple(self.actions_edit.toPlainText().splitlines()),
            attachments=frozenset(a for a, c in self.attachment_boxes.items() if c.isChecked()),
            other_attachment=self.other_edit.text(),
            apology=self.apology_check.isChecked(),
        )

    def _refresh_letter(self) -> None:
        facts = self.facts()
        language = self.letter_language()
        self.letter = draft(facts, language)
        scroll = self.draft_edit.verticalScrollBar().value()
        self.draft_edit.setPlainText(self.letter.text)
        self.draft_edit.verticalScrollBar().setValue(scroll)
        self._show_facts(facts)
        reads = [language_name(c) for c in self.contact.languages]
        # The platform's name, not the contact's: that one may be in another language.
        platform = platform_name(self.account.platform)
        if reads and language not in self.contact.languages:
            self.language_note.setText(
                _(
                    "{platform} support lists {languages} only: check that it reads this language."
                ).format(platform=platform, languages=join_list(reads))
            )
        elif reads:
            self.language_note.setText(
                _("Written in a language {platform} support reads.").format(platform=platform)
            )
        else:
            self.language_note.setText(
                _(
                    "{platform} support lists no language: write in the one its notice is in."
                ).format(platform=platform)
            )

    def _show_facts(self, facts: AppealFacts) -> None:
        record = self.account.recovery
        company = facts.company
        missing = set(missing_facts(facts))
        sender = company.contact_person or company.representative if company else ""
        phone = company.contact_phone or company.phone if company else ""
        values = [
            (_("Notice received on"), format_date(record.notice_on) if record.notice_on else ""),
            (_("Case number"), record.case_number),
            (_("Sender"), sender),
            (_("Phone"), phone),
        ]
        keys = ("notice_on", "case_number", "sender", "phone")
        rows = []
        for (label, value), key in zip(values, keys, strict=True):
            shown = (
                html.escape(value)
                if key not in missing
                else "<span style='color:#c62828'>{}</span>".format(html.escape(_("not recorded")))
            )
            latin_needed = self.letter_language() == "en" and not in_latin_letters(value)
            if key == "sender" and key not in missing and latin_needed:
                # The profile has no romanised name: the English letter leaves a blank for it.
                note = _("write it in Latin letters where the English letter leaves a blank")
                shown += f" <span style='color:#c62828'>({html.escape(note)})</span>"
            rows.append(_("{label}: {value}").format(label=html.escape(label), value=shown))
        self.facts_view.setText(" · ".join(rows))

    def _navigate(self, target: Target) -> None:
        # The panel sits on a page; the page knows how to take the window elsewhere.
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, PageWidget):
            parent = parent.parentWidget()
        if parent is not None:
            parent.navigate(target)

    def edit_recovery_record(self) -> None:
        """The account editor's recovery section, on the notice date."""
        self.save()
        self._navigate(Target(Page.ACCOUNTS, self.account.id, "recovery.notice_on"))

    def edit_sender(self) -> None:
        """The Company page, on the contact person."""
        self.save()
        self._navigate(Target(Page.COMPANY, None, "contact_person"))

    def copy_draft(self) -> None:
        if self.letter is None:
            self._refresh_letter()
        assert self.letter is not None
        QGuiApplication.clipboard().setText(self.letter.text)
        self.copied.setText(_("Copied to the clipboard."))

    def save_draft(self, path: str | None = None) -> None:
        """Write the letter to a text file (UTF-8), asking where unless `path` is given."""
        if self.letter is None:
            self._refresh_letter()
        assert self.letter is not None
        if path is None:
            name = f"appeal-{self.account.id}-{self.letter.language}.txt"
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the draft appeal"), str(Path.home() / name), _("Text (*.txt)")
            )
            if not path:
                return
        target, text = Path(path), self.letter.text

        def write() -> Path:
            recovery.save_letter(target, text)
            return target

        def failed(exc: BaseException) -> None:
            if isinstance(exc, CardNumberInNotesError):
                error = _("the letter {problem}").format(problem=str(exc))
            else:
                error = os_error_words(exc) if isinstance(exc, OSError) else str(exc)
            self.copied.setText(
                _("Could not write {path}: {error}").format(path=target, error=error)
            )

        def done(written: Path) -> None:
            self.copied.setText(_("Saved {path}.").format(path=written))

        self.state.tasks.run(write, done, failed)
