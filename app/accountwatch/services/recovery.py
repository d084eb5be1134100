"""Recovery mode's own data: each account's checklist and appeal notes, and support contacts."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from accountwatch.core.appeal import LETTER_LANGUAGES, Fix
from accountwatch.core.cardnumbers import find_card_number
from accountwatch.core.findings import Finding
from accountwatch.core.model import Account, Platform
from accountwatch.core.recovery import (
    Attachment,
    Contact,
    contact_from,
    shipped_contacts,
)
from accountwatch.i18n import _
from accountwatch.paths import write_private_file
from accountwatch.services.workspace import Workspace
from accountwatch.store.runs import RecordedRun, RunSummary

log = logging.getLogger(__name__)

CONTACTS_KEY = "recovery-contacts"


def notes_key(account_id: str) -> str:
    return f"recovery:{account_id}"


@dataclass(frozen=True)
class RecoveryNotes:
    """What the user ticked and typed in an account's recovery help."""

    done: frozenset[str] = frozenset()  # ids of core.recovery.STEPS
    reason: str = ""
    explanation: str = ""
    actions: str = ""  # one action per line; empty until the user (or a prefill) writes some
    attachments: frozenset[Attachment] = frozenset()
    other_attachment: str = ""
    apology: bool = True  # the appeal's apology paragraph (a Japanese letter would have one)
    language: str = ""  # the appeal's language; empty: the one the support contact reads
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> str:
        return json.dumps(
            {
                **self.extra,
                "done": sorted(self.done),
                "reason": self.reason,
                "explanation": self.explanation,
                "actions": self.actions,
                "attachments": sorted(str(a) for a in self.attachments),
                "other_attachment": self.other_attachment,
                "apology": self.apology,
                "language": self.language,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> RecoveryNotes:
        """Notes from their stored form; anything unreadable is dropped, never fatal."""
        try:
            data = json.loads(text) if text else {}
        except json.JSONDecodeError:
            log.warning("unreadable recovery notes ignored")
            data = {}
        if not isinstance(data, dict):
            return cls()

        def text_of(key: str) -> str:
            value = data.get(key, "")
            return value if isinstance(value, str) else ""

        def strings(key: str) -> list[str]:
            value = data.get(key, [])
            return [x for x in value if isinstance(x, str)] if isinstance(value, list) else []

        known = {a.value: a for a in Attachment}
        fields = {"done", "reason", "explanation", "actions", "attachments"}
        fields |= {"other_attachment", "apology", "language"}
        return cls(
            done=frozenset(strings("done")),
            reason=text_of("reason"),
            explanation=text_of("explanation"),
            actions=text_of("actions"),
            attachments=frozenset(known[x] for x in strings("attachments") if x in known),
            other_attachment=text_of("other_attachment"),
            apology=data.get("apology") is not False,
            language=language if (language := text_of("language")) in LETTER_LANGUAGES else "",
            # Keys a later version adds survive a save by this one.
            extra={k: v for k, v in data.items() if k not in fields},
        )


class CardNumberInNotesError(ValueError):
    """A recovery text looks like it holds a full card number; nothing was saved. `field`
    names the text: a field of RecoveryNotes (`reason`, `explanation`, `actions`,
    `other_attachment`), of Contact (`name`, `email`, `url`, `notes`, `languages`) or
    `letter`."""

    def __init__(self, field: str) -> None:
        super().__init__(
            _("looks like a full card number; only the last 4 digits of a card are kept")
        )
        self.field = field


def _refuse_card_numbers(*texts: tuple[str, str]) -> None:
    """CardNumberInNotesError naming the first of the (field, text) pairs that holds one."""
    for name, text in texts:
        if find_card_number(text):
            raise CardNumberInNotesError(name)


def load_notes(ws: Workspace, account_id: str) -> RecoveryNotes:
    return RecoveryNotes.from_json(ws.db.get_meta(notes_key(account_id)))


def save_letter(path: Path, text: str) -> None:
    """Write an appeal letter where the user chose, as exports are (beside it, then renamed:
    a pipe nothing reads from is refused, a crash leaves no half letter); CardNumberInNotesError
    when the letter holds a card number (typed into the notes, which refused to keep it)."""
    _refuse_card_numbers(("letter", text))
    write_private_file(path, text.encode("utf-8"))


def save_notes(ws: Workspace, account_id: str, notes: RecoveryNotes) -> None:
    """Keep the notes in the data folder; CardNumberInNotesError if a text holds a card number."""
    _refuse_card_numbers(
        ("reason", notes.reason),
        ("explanation", notes.explanation),
        ("actions", notes.actions),
        ("other_attachment", notes.other_attachment),
    )
    with ws.writing():
        ws.db.set_meta(notes_key(account_id), notes.to_json())


def set_step(ws: Workspace, account_id: str, step: str, done: bool) -> RecoveryNotes:
    """Tick or untick one step of the checklist, keeping everything else of the notes."""
    notes = load_notes(ws, account_id)
    ticked = notes.done | {step} if done else notes.done - {step}
    updated = replace(notes, done=frozenset(ticked))
    with ws.writing():
        ws.db.set_meta(notes_key(account_id), updated.to_json())
    return updated


def _overrides(ws: Workspace) -> dict[str, Any]:
    try:
        data = json.loads(ws.db.get_meta(CONTACTS_KEY) or "{}")
    except json.JSONDecodeError:
        log.warning("unreadable support contacts ignored")
        return {}
    return data if isinstance(data, dict) else {}


def contact_for(ws: Workspace, platform: Platform) -> Contact:
    """The user's own entry for `platform` when there is one, else the shipped one."""
    override = _overrides(ws).get(platform.value)
    if isinstance(override, dict):
        return contact_from(override)
    return shipped_contacts().get(platform, Contact())


def is_overridden(ws: Workspace, platform: Platform) -> bool:
    return isinstance(_overrides(ws).get(platform.value), dict)


def set_contact(ws: Workspace, platform: Platform, contact: Contact | None) -> Contact:
    """Store the user's entry for `platform`; None goes back to the shipped one."""
    if contact is not None:
        # The languages joined too: split at commas, no one of them alone shows the number.
        _refuse_card_numbers(
            ("name", contact.name),
            ("email", contact.email),
            ("url", contact.url),
            ("notes", contact.notes),
            *(("languages", language) for language in contact.languages),
            ("languages", " ".join(contact.languages)),
        )
    with ws.writing():
        data = _overrides(ws)
        if contact is None:
            data.pop(platform.value, None)
        else:
            data[platform.value] = contact.to_dict()
        ws.db.set_meta(CONTACTS_KEY, json.dumps(data, ensure_ascii=False))
    return contact_for(ws, platform)


def previous_run(ws: Workspace, run_id: int | None) -> RecordedRun | None:
    """The run a check's change was measured against: the latest recorded one, or for a check
    that was itself recorded (`run_id`), the one before it."""
    if run_id is None:
        return ws.repo.last_run()
    ids = [summary.id for summary in ws.repo.runs()]
    if run_id not in ids:
        return ws.repo.last_run()
    position = ids.index(run_id)
    return ws.repo.run(ids[position + 1]) if position + 1 < len(ids) else None


def notice_run(ws: Workspace, since: dt.date) -> RecordedRun | None:
    """The recorded check that shows the account as it stood at the notice: the last one on or
    before `since`, else the first one after it (the problems were still there then)."""
    summaries: list[RunSummary] = ws.repo.runs()  # newest first
    before = [s for s in summaries if s.evaluated_on <= since]
    chosen = before[0] if before else (summaries[-1] if summaries else None)
    return ws.repo.run(chosen.id) if chosen is not None else None


def fixes_since_notice(
    ws: Workspace, account: Account, findings: tuple[Finding, ...]
) -> tuple[Fix, ...]:
    """Findings of `account` open at its notice (or, without a notice date, when its status
    changed) that are gone from `findings` (its current ones), counted per rule."""
    since = account.recovery.notice_on or account.status_since
    if since is None:
        return ()
    run = notice_run(ws, since)
    if run is None:
        return ()
    now = {(f.rule, f.subject) for f in findings if f.account == account.id}
    counts: dict[str, int] = {}
    for recorded in run.accounts:
        if recorded.account_id != account.id:
            continue
        for f in recorded.findings:
            if (f.rule, f.subject) not in now:
                counts[f.rule] = counts.get(f.rule, 0) + 1
    return tuple(Fix(rule, count) for rule, count in counts.items())
