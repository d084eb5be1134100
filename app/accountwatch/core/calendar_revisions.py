"""What a calendar was given for each event of a data folder, so that an export updates it:
SEQUENCE and LAST-MODIFIED of a changed event, and a cancellation for an event that is gone."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from icalendar import Event

# How long an event gone from the profile (the payment removed or paid, the card removed…) is
# still written, cancelled: a calendar imported as rarely as once in eleven months still drops
# it. After that it is forgotten, its SEQUENCE with it.
CANCELLED_KEPT = dt.timedelta(days=366)
# What is left out of an event's fingerprint: what changes with every export or is derived
# from the fingerprint itself.
_UNFINGERPRINTED = ("UID", "DTSTAMP", "SEQUENCE", "LAST-MODIFIED")
# The fingerprint of a cancelled event: no content's, so a thing that comes back goes up.
_CANCELLED = "cancelled"


@dataclass(frozen=True)
class Revision:
    """What a calendar was last given for one event: a fingerprint of its content, the
    SEQUENCE and LAST-MODIFIED that go with that content, and what its cancellation needs."""

    fingerprint: str
    sequence: int
    modified: dt.datetime
    # Its first day and title (None: kept by a version that did not keep them; such an event
    # is not cancelled when it goes, as before).
    start: dt.date | None = None
    summary: str = ""
    # An event with no RRULE leaves the file a while after its day without being cancelled
    # (the export keeps only the last year); one with a RRULE leaves it only when it is gone.
    repeats: bool = False
    # When it went from the profile (None: it is there): it is written cancelled from then on.
    gone: dt.datetime | None = None


def fingerprint(event: Event) -> str:
    """What a calendar shows of the event (dates, rule, texts, alarms), as a short hash."""
    content = Event()
    for name, value in event.items():
        if name not in _UNFINGERPRINTED:
            content[name] = value
    for component in event.subcomponents:
        content.add_component(component)
    return hashlib.sha256(content.to_ical()).hexdigest()[:32]


def _written(event: Event, mark: str, sequence: int, modified: dt.datetime) -> Revision:
    start = event.decoded("DTSTART")
    day = start.date() if isinstance(start, dt.datetime) else start
    summary = str(event.get("SUMMARY", ""))
    return Revision(mark, sequence, modified, day, summary, "RRULE" in event)


def revise(
    events: Sequence[tuple[str, Event]],
    known: Mapping[str, Revision],
    now: dt.datetime,
    oldest: dt.date,
) -> tuple[dict[str, Revision], bool]:
    """Every event's revision: an unchanged event keeps its own, a changed one goes one
    SEQUENCE up and is modified `now`, a new one starts at 0. An event `known` and not written
    now is cancelled (one SEQUENCE up, gone `now`) unless it simply passed: no RRULE and a day
    before `oldest`, the first day the export keeps. A cancellation is kept `CANCELLED_KEPT`.
    Returns them, and whether they differ from `known`."""
    moment = now.astimezone(dt.UTC).replace(microsecond=0)
    revisions: dict[str, Revision] = {}
    for key, event in events:
        mark = fingerprint(event)
        before = known.get(key)
        if before is not None and before.fingerprint == mark:
            # The same content: its SEQUENCE stays (the start and title filled in if missing).
            revisions[key] = _written(event, mark, before.sequence, before.modified)
        else:
            sequence = 0 if before is None else before.sequence + 1
            revisions[key] = _written(event, mark, sequence, moment)
    for key, before in known.items():
        if key in revisions:
            continue
        if before.gone is not None:
            if moment - before.gone < CANCELLED_KEPT:
                revisions[key] = before
        elif before.start is None or (not before.repeats and before.start < oldest):
            revisions[key] = before  # passed (kept: its SEQUENCE, should the date come back)
        else:
            revisions[key] = replace(
                before,
                fingerprint=_CANCELLED,
                sequence=before.sequence + 1,
                modified=moment,
                gone=moment,
            )
    return revisions, revisions != dict(known)


def cancellation(revision: Revision) -> Event:
    """The event of a thing gone from the profile, as calendars that had it drop it: same UID
    (added by the caller), a higher SEQUENCE, STATUS:CANCELLED, no alarm, and no occurrence."""
    assert revision.start is not None
    event = Event()
    event.add("summary", revision.summary)
    event.add("dtstart", revision.start)
    event.add("dtend", revision.start + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED")
    # A series of its one day with that day excluded has no occurrence (RFC 5545 3.8.5.1):
    # calcurse, which reads no STATUS and would import a live event, imports it and shows
    # nothing (an EXDATE without a RRULE it refused, "Some items could not be imported", exit
    # status 1); khal replaces the old copy by UID and shows nothing instead of "CANCELLED …".
    event.add("rrule", {"FREQ": "DAILY", "COUNT": 1})
    event.add("exdate", revision.start)
    return event
