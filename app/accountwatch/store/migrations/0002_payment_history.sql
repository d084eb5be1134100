-- Instalments marked paid, kept after a recurring payment moves on to its next due date.
CREATE TABLE payment_history (
    id         INTEGER PRIMARY KEY,
    payment_id TEXT NOT NULL,
    due        TEXT NOT NULL,
    paid_on    TEXT NOT NULL
);
CREATE INDEX payment_history_by_payment ON payment_history (payment_id, due);
