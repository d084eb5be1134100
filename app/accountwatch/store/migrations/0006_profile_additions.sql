-- Profile format "Version 1 additions": Japanese company details, sign-in and recovery dates,
-- a password exposed to phishing, and whose name a card is in. Existing rows get the values a
-- file without these fields reads as.
ALTER TABLE company ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN corporate_number TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN invoice_number TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN contact_person TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';

ALTER TABLE registered_companies ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE registered_companies ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE registered_companies ADD COLUMN corporate_number TEXT NOT NULL DEFAULT '';
ALTER TABLE registered_companies ADD COLUMN invoice_number TEXT NOT NULL DEFAULT '';
ALTER TABLE registered_companies ADD COLUMN contact_person TEXT NOT NULL DEFAULT '';
ALTER TABLE registered_companies ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';

ALTER TABLE accounts ADD COLUMN last_login_on TEXT;
ALTER TABLE accounts ADD COLUMN status_since TEXT;
ALTER TABLE accounts ADD COLUMN recovery_notice_on TEXT;
ALTER TABLE accounts ADD COLUMN recovery_case_number TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN recovery_contacted_support_on TEXT;
ALTER TABLE accounts ADD COLUMN recovery_last_follow_up_on TEXT;
ALTER TABLE accounts ADD COLUMN password_exposed_on TEXT;

ALTER TABLE cards ADD COLUMN holder TEXT NOT NULL DEFAULT 'company';
