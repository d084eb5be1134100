"""The calendar export: the .ics file, its UIDs and event revisions kept per data folder."""

# Imported only where a calendar is exported (it loads icalendar), not by every command.

from __future__ import annotations

import datetime as dt
import json
import secrets

from accountwatch.core.calendar import EmptyCalendarError, Revision, export_ics
from accountwatch.services.reminders import local_zone
from accountwatch.services.workspace import Workspace

# The data folder's own part of every UID: random, made at its first export and kept, so that
# re-exports update the same events and two data folders never share a UID.
NAMESPACE_KEY = "calendar.uid_namespace"
# Per event key: the fingerprint of what was last exported, its SEQUENCE and LAST-MODIFIED.
REVISIONS_KEY = "calendar.revisions"

__all__ = ["NAMESPACE_KEY", "REVISIONS_KEY", "EmptyCalendarError", "calendar_bytes"]


def calendar_bytes(ws: Workspace, now: dt.datetime, tz: dt.tzinfo | None = None) -> bytes:
    """The profile's due dates as an iCalendar file exported at `now`.

    Raises `EmptyCalendarError` (a ValueError) when nothing is dated. Writes (holding the writer
    lock) only when an event is new or changed since the last export, or on the first export.
    """
    zone = tz if tz is not None else local_zone()
    profile = ws.repo.load_profile()
    namespace = ws.db.get_meta(NAMESPACE_KEY)
    since = ws.db.created_at
    result = export_ics(
        profile,
        now,
        zone,
        namespace=namespace or _new_namespace(),
        known=_revisions(ws),
        since=since,
    )
    if namespace is not None and not result.changed:
        return result.data
    with ws.writing():
        # Read again under the lock: another export may have stored revisions meanwhile.
        namespace = ws.db.get_meta(NAMESPACE_KEY) or _new_namespace()
        result = export_ics(
            profile, now, zone, namespace=namespace, known=_revisions(ws), since=since
        )
        with ws.db.transaction():
            ws.db.set_meta(NAMESPACE_KEY, namespace)
            ws.db.set_meta(REVISIONS_KEY, _dump(result.revisions))
    return result.data


def _new_namespace() -> str:
    return secrets.token_hex(8)


def _revisions(ws: Workspace) -> dict[str, Revision]:
    text = ws.db.get_meta(REVISIONS_KEY)
    try:
        stored = json.loads(text) if text else {}
        return {
            str(key): Revision(str(mark), int(sequence), dt.datetime.fromisoformat(modified))
            for key, (mark, sequence, modified) in stored.items()
        }
    except (ValueError, TypeError, AttributeError):
        # Unreadable (never written so by us): every event starts again at SEQUENCE 0, which at
        # worst makes a calendar keep an older copy; the export itself still works.
        return {}


def _dump(revisions: dict[str, Revision]) -> str:
    return json.dumps(
        {
            key: [r.fingerprint, r.sequence, r.modified.isoformat()]
            for key, r in sorted(revisions.items())
        },
        separators=(",", ":"),
    )
