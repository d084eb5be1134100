-- What became of each reminder: delivered, snoozed (until when) or dismissed; the last word wins.
CREATE TABLE reminder_log (
    reminder_id TEXT PRIMARY KEY,
    state       TEXT NOT NULL CHECK (state IN ('delivered', 'snoozed', 'dismissed')),
    at          TEXT NOT NULL,   -- UTC, ISO 8601
    until       TEXT             -- UTC, ISO 8601: the end of a snooze
);
CREATE INDEX reminder_log_by_time ON reminder_log (at);
