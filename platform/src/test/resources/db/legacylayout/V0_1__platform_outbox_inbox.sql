-- Shared plumbing tables every service has in its own database (platform module).

-- Events written in the same transaction as the change they describe; OutboxRelay publishes
-- them to NATS JetStream in id order and marks them published.
CREATE TABLE outbox (
    id            BIGSERIAL PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    subject       TEXT        NOT NULL,  -- without the configurable prefix, e.g. campaign.launched
    event_type    TEXT        NOT NULL,  -- proto full name of the event message
    aggregate_id  TEXT        NOT NULL,
    envelope      BYTEA       NOT NULL,  -- serialized crowdfund.events.v1.EventEnvelope
    occurred_at   TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ,
    attempts      INT         NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Event ids a consumer has applied, recorded in the same transaction as the effect.
CREATE TABLE inbox (
    consumer      TEXT        NOT NULL,
    event_id      UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
