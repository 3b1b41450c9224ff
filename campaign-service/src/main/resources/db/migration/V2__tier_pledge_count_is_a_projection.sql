-- A tier's quantity_claimed counts recorded pledges for display. It is no guard: slots are
-- reservation-service's, which converted a pledge's reservation before the pledge is recorded
-- here, so this count may pass the limit for a moment (before an earlier pledge's release).
ALTER TABLE tier DROP CONSTRAINT tier_check;
