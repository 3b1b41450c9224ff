-- Campaigns that ended or were cancelled. Closing is terminal and wins over every tier event,
-- whatever order they arrive in: a tier first seen after its campaign closed is created closed.
CREATE TABLE closed_campaign (
    campaign_id  UUID        PRIMARY KEY,
    reason       TEXT        NOT NULL,
    closed_at    TIMESTAMPTZ NOT NULL
);
-- Campaigns closed before this table existed.
INSERT INTO closed_campaign (campaign_id, reason, closed_at)
SELECT DISTINCT ON (campaign_id) campaign_id, closed_reason, closed_at FROM inventory
WHERE closed_at IS NOT NULL ORDER BY campaign_id, closed_at;
