"""The calendar export: the .ics file, its UIDs and event revisions kept per data folder."""

# Imported only where a calendar is exported (it loads icalendar), not by every command.

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from accountwatch.core.calendar import EmptyCalendarError, export_ics
from accountwatch.core.calendar_revisions import CANCELLED_KEPT, Revision
from accountwatch.services.reminders import folder_made, local_zone
from accountwatch.services.workspace import Workspace

# The data folder's own part of every UID: random, made at its first export and kept, so that
# re-exports update the same events and two data folders never share a UID.
NAMESPACE_KEY = "calendar.uid_namespace"
# Per event key: what was last exported (see core.calendar_revisions.Revision), events gone
# from the profile included, so that the next export cancels them or goes on from their
# SEQUENCE.
REVISIONS_KEY = "calendar.revisions"

__all__ = [
    "NAMESPACE_KEY",
    "REVISIONS_KEY",
    "CalendarFile",
    "EmptyCalendarError",
    "calendar_file",
    "export_calendar",
    "keep",
]


@dataclass(frozen=True)
class CalendarFile:
    """An exported calendar, and what the data folder is to keep once it is written."""

    data: bytes
    namespace: str
    revisions: str
    # What the data folder held when it was made (the namespace None before a first export);
    # nothing to keep when it holds that still and `revisions` is the same.
    stored_namespace: str | None
    stored_revisions: str | None

    @property
    def news(self) -> bool:
        """Whether the data folder has something to keep (a first export, or a change)."""
        return self.stored_namespace is None or self.revisions != self.stored_revisions


def calendar_file(
    ws: Workspace,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    clock: dt.datetime | None = None,
) -> CalendarFile:
    """The profile's due dates as an iCalendar file exported at `now`, with a cancellation for
    each event exported before from this data folder that is gone. Reads only: `keep` stores
    what it was made with, once the file is written.

    Raises `EmptyCalendarError` (a ValueError) when nothing is dated or to cancel. `clock`:
    the moment it is (the system's by default), for what a look ahead must not forget."""
    zone = tz if tz is not None else local_zone()
    profile = ws.repo.load_profile()
    stored = ws.db.get_meta(NAMESPACE_KEY)
    namespace = stored or secrets.token_hex(8)
    text = ws.db.get_meta(REVISIONS_KEY)
    known = _revisions(text)
    result = export_ics(
        profile, now, zone, namespace=namespace, known=known, since=folder_made(ws, now, clock)
    )
    kept = _still_owed(result.revisions, known, clock or dt.datetime.now(dt.UTC))
    return CalendarFile(result.data, namespace, _dump(kept), stored, text)


def _still_owed(
    revisions: dict[str, Revision], known: dict[str, Revision], clock: dt.datetime
) -> dict[str, Revision]:
    """`revisions`, with what an export made for a later moment than the clock's (a look ahead,
    `calendar --at` a year on) forgot while it is still owed today: a cancellation less than
    `CANCELLED_KEPT` old by the clock, an event whose day is not yet a year past. Without them,
    the next export of today would neither cancel a payment removed today nor go on from an
    event's SEQUENCE."""
    owed = dict(revisions)
    for key, before in known.items():
        if key in owed:
            continue
        if before.gone is not None:
            if before.gone > clock - CANCELLED_KEPT:
                owed[key] = before
        elif before.start is not None and before.start >= (clock - CANCELLED_KEPT).date():
            owed[key] = before
    return owed


def keep(ws: Workspace, made: CalendarFile) -> None:
    """Once `made` is written: keep its namespace and revisions, so that the next export
    updates and cancels its events. Holds the writer lock only when there is news; raises
    DataDirError when another process holds it."""
    if not made.news:
        return
    with ws.writing():
        namespace = ws.db.get_meta(NAMESPACE_KEY)
        if (namespace, ws.db.get_meta(REVISIONS_KEY)) != (
            made.stored_namespace,
            made.stored_revisions,
        ):
            # Another export kept its own meanwhile: the next export goes on from that one
            # (a SEQUENCE never goes down, a cancellation not kept is written again).
            return
        with ws.db.transaction():
            ws.db.set_meta(NAMESPACE_KEY, made.namespace)
            ws.db.set_meta(REVISIONS_KEY, made.revisions)


def export_calendar(
    ws: Workspace,
    now: dt.datetime,
    write: Callable[[bytes], None],
    tz: dt.tzinfo | None = None,
    clock: dt.datetime | None = None,
) -> None:
    """Make the calendar, `write` it, then keep what it was made with. With news to keep, the
    writer lock is taken before anything is written (DataDirError when another process holds
    it); when `write` raises, nothing is kept."""
    made = calendar_file(ws, now, tz, clock)
    if not made.news:
        write(made.data)
        return
    with ws.writing():
        write(made.data)
        keep(ws, made)


def _revisions(text: str | None) -> dict[str, Revision]:
    try:
        stored = json.loads(text) if text else {}
        return {str(key): _revision(fields) for key, fields in stored.items()}
    except (ValueError, TypeError, AttributeError):
        # Unreadable (never written so by us): every event starts again at SEQUENCE 0, which at
        # worst makes a calendar keep an older copy; the export itself still works.
        return {}


def _revision(fields: list[Any]) -> Revision:
    """A revision as `_dump` writes it; one of a version that kept only the first three."""
    mark, sequence, modified, *rest = fields
    revision = Revision(str(mark), int(sequence), dt.datetime.fromisoformat(modified))
    if not rest:
        return revision
    start, summary, repeats, gone = rest
    return replace(
        revision,
        start=dt.date.fromisoformat(start),
        summary=str(summary),
        repeats=bool(repeats),
        gone=None if gone is None else dt.datetime.fromisoformat(gone),
    )


def _dump(revisions: dict[str, Revision]) -> str:
    def fields(r: Revision) -> list[object]:
        kept: list[object] = [r.fingerprint, r.sequence, r.modified.isoformat()]
        if r.start is not None:
            gone = None if r.gone is None else r.gone.isoformat()
            kept += [r.start.isoformat(), r.summary, r.repeats, gone]
        return kept

    return json.dumps(
        {key: fields(r) for key, r in sorted(revisions.items())},
        separators=(",", ":"),
        ensure_ascii=False,
    )
