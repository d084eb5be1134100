-- What a recorded run assessed: the profile's generation and the rules' version, so that the
-- app can show the last run at start and skip assessing again when nothing changed since.
ALTER TABLE runs ADD COLUMN profile_state TEXT;  -- NULL: recorded before this was kept
