-- Issue 17: what the keyword scanner found in each listing (`Listing.scan`: the scanner's key,
-- then the terms found), kept beside the text so a check reads it instead of scanning tens of
-- thousands of listings again. NULL: not scanned. A scan is only as good as the text it was made
-- of: any change to a listing's text that does not write its scan as well forgets it.
ALTER TABLE listings ADD COLUMN scan TEXT;

CREATE TRIGGER listings_scan_follows_text
AFTER UPDATE OF title, description ON listings
WHEN NEW.scan IS OLD.scan
BEGIN
    UPDATE listings SET scan = NULL
    WHERE account_id = NEW.account_id AND position = NEW.position;
END;
