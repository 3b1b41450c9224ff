-- Event ordering, parking and retention (platform module, history table flyway_platform_history).

-- The last version handed out per aggregate: Outbox.append upserts its row in the transaction of
-- the change and stamps the returned version on the event. The row lock also serializes the
-- appends of one aggregate, so outbox ids follow the versions.
CREATE TABLE aggregate_versions (
    aggregate_id  TEXT   PRIMARY KEY,
    version       BIGINT NOT NULL
);

ALTER TABLE outbox
    ADD COLUMN aggregate_version BIGINT,       -- NULL only for rows written before versions existed
    ADD COLUMN claimed_until     TIMESTAMPTZ,  -- a relay publishes the row (or waits to retry it) until then
    ADD COLUMN claimed_by        TEXT,
    ADD COLUMN parked_at         TIMESTAMPTZ;  -- gave up after crowdfund.events.relay-max-attempts; see outbox_retry_parked

DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_held_aggregates ON outbox (aggregate_id)
    WHERE published_at IS NULL AND (parked_at IS NOT NULL OR claimed_until IS NOT NULL);
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX inbox_processed_at ON inbox (processed_at);

-- Operator command: retry parked outbox rows (all of them, or the given ids) once their cause is
-- fixed. Returns how many rows go back to the relay. Example: SELECT outbox_retry_parked(ARRAY[42]);
CREATE FUNCTION outbox_retry_parked(ids BIGINT[] DEFAULT NULL) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    retried INTEGER;
BEGIN
    UPDATE outbox SET parked_at = NULL, attempts = 0, claimed_until = NULL, claimed_by = NULL
    WHERE parked_at IS NOT NULL AND published_at IS NULL AND (ids IS NULL OR id = ANY(ids));
    GET DIAGNOSTICS retried = ROW_COUNT;
    RETURN retried;
END $$;
