-- Issue 18: what a password manager export's analysis keeps of the other sites (the keyed
-- fingerprint of each site's password and its host name, never a password), and the offline
-- breach check's result on a password analysis (a count, a date, a file name; never a hash).
CREATE TABLE other_sites (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    host        TEXT NOT NULL,
    PRIMARY KEY (account_id, position)
);

ALTER TABLE password_analyses ADD COLUMN breach_count INTEGER;
ALTER TABLE password_analyses ADD COLUMN breach_checked_on TEXT;
ALTER TABLE password_analyses ADD COLUMN breach_source TEXT NOT NULL DEFAULT '';
