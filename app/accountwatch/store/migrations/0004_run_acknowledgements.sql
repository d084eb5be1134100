-- Why a recorded finding was acknowledged, and until when: a past report says so too.
ALTER TABLE run_findings ADD COLUMN ack_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE run_findings ADD COLUMN ack_until TEXT;  -- YYYY-MM-DD, or NULL: for good
