-- The first schema: the profile, password analyses and the history of health checks.
-- Enums are stored as their string values, dates as ISO 8601 text, money as exact decimal text.
-- `position` keeps the order of the model's tuples. References between accounts, cards and
-- payments are plain text: the profile validator owns them, the store keeps what it is given.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The company as it really is today (at most one row).
CREATE TABLE company (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    name                TEXT NOT NULL,
    name_local          TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    country             TEXT NOT NULL,
    address             TEXT NOT NULL,
    representative      TEXT NOT NULL,
    phone               TEXT NOT NULL,
    email               TEXT NOT NULL,
    website             TEXT NOT NULL,
    license_expires     TEXT,
    verified_on         TEXT
);

CREATE TABLE accounts (
    id                   TEXT PRIMARY KEY,
    position             INTEGER NOT NULL UNIQUE,
    login_id             TEXT NOT NULL,
    platform             TEXT NOT NULL,
    label                TEXT NOT NULL,
    email                TEXT NOT NULL,
    role                 TEXT NOT NULL,
    status               TEXT NOT NULL,
    password_changed_on  TEXT,
    two_factor_method    TEXT NOT NULL,
    backup_codes_saved   INTEGER NOT NULL CHECK (backup_codes_saved IN (0, 1)),
    has_totp_secret      INTEGER NOT NULL CHECK (has_totp_secret IN (0, 1)),
    shared_with          INTEGER NOT NULL,
    logins_reviewed_on   TEXT,
    terms_reviewed_on    TEXT,
    orders_90d           INTEGER,
    cancellations_90d    INTEGER,
    messages_per_day     INTEGER,
    incentivized_reviews INTEGER NOT NULL CHECK (incentivized_reviews IN (0, 1))
);

-- What a platform has on file for the company; no row means the user never entered it.
CREATE TABLE registered_companies (
    account_id          TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    name_local          TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    country             TEXT NOT NULL,
    address             TEXT NOT NULL,
    representative      TEXT NOT NULL,
    phone               TEXT NOT NULL,
    email               TEXT NOT NULL,
    website             TEXT NOT NULL,
    license_expires     TEXT,
    verified_on         TEXT
);

CREATE TABLE payment_methods (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    type       TEXT NOT NULL,
    card       TEXT,
    approved   INTEGER NOT NULL CHECK (approved IN (0, 1)),
    PRIMARY KEY (account_id, position)
);

CREATE TABLE authorized_brands (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    brand      TEXT NOT NULL,
    PRIMARY KEY (account_id, position)
);

CREATE TABLE listings (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (account_id, position)
);

CREATE TABLE penalties (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    date       TEXT NOT NULL,
    points     INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    serious    INTEGER NOT NULL CHECK (serious IN (0, 1)),
    note       TEXT NOT NULL,
    PRIMARY KEY (account_id, position)
);

-- What is kept of an account's password: strength and a keyed fingerprint, never the password.
CREATE TABLE password_analyses (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    score         INTEGER NOT NULL,
    guesses_log10 REAL NOT NULL,
    warning       TEXT NOT NULL,
    suggestions   TEXT NOT NULL, -- JSON array of strings
    fingerprint   TEXT NOT NULL,
    analysed_on   TEXT
);

-- Fingerprints of passwords the user marked as used on other services.
CREATE TABLE other_fingerprints (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (account_id, position)
);

CREATE TABLE cards (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    last4    TEXT NOT NULL,
    expires  TEXT NOT NULL, -- YYYY-MM
    label    TEXT NOT NULL,
    brand    TEXT NOT NULL
);

CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL UNIQUE,
    account      TEXT NOT NULL,
    due          TEXT NOT NULL,
    description  TEXT NOT NULL,
    amount       TEXT, -- exact decimal text
    currency     TEXT NOT NULL,
    paid_on      TEXT,
    repeat       TEXT,
    card         TEXT,
    repeat_start TEXT
);

CREATE INDEX payments_by_account ON payments (account);

CREATE TABLE acknowledgements (
    position INTEGER PRIMARY KEY,
    rule     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    reason   TEXT NOT NULL,
    until    TEXT
);

-- Profile settings, one JSON value per key; a missing key means the default.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The history of health checks.
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at  TEXT NOT NULL, -- UTC, fixed-width ISO 8601, so text order is time order
    evaluated_on TEXT NOT NULL,
    score        INTEGER NOT NULL,
    band         TEXT NOT NULL
);

CREATE INDEX runs_by_time ON runs (recorded_at);

CREATE TABLE run_accounts (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    account_id TEXT NOT NULL,
    score      INTEGER NOT NULL,
    band       TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);

CREATE TABLE run_findings (
    run_id           INTEGER NOT NULL,
    account_position INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    rule             TEXT NOT NULL,
    category         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    weight           REAL NOT NULL,
    message          TEXT NOT NULL,
    action           TEXT NOT NULL,
    why              TEXT NOT NULL,
    acknowledged     INTEGER NOT NULL CHECK (acknowledged IN (0, 1)),
    PRIMARY KEY (run_id, account_position, position),
    FOREIGN KEY (run_id, account_position)
        REFERENCES run_accounts (run_id, position) ON DELETE CASCADE
);
