-- payment-service owns payments: one row per provider object, every status change, the
-- operations (intents) recorded before each provider call, and the webhook events applied.

-- One Stripe customer per backer, reused for every card the backer saves.
CREATE TABLE customer (
    backer_id             TEXT PRIMARY KEY,
    provider_customer_id  TEXT        NOT NULL UNIQUE,
    created_at            TIMESTAMPTZ NOT NULL
);

CREATE TABLE payment (
    id                      UUID PRIMARY KEY,
    kind                    TEXT        NOT NULL CHECK (kind IN ('card_setup', 'hold', 'charge')),
    reference               TEXT        NOT NULL DEFAULT '',
    -- pi_... or seti_...; NULL until the provider answered
    provider_id             TEXT UNIQUE,
    status                  TEXT        NOT NULL CHECK (status IN ('pending', 'requires_action', 'authorized',
                                            'succeeded', 'partially_refunded', 'refunded', 'canceled', 'expired',
                                            'failed')),
    amount_minor            BIGINT      NOT NULL CHECK (amount_minor >= 0),
    currency                TEXT        NOT NULL DEFAULT '',
    amount_capturable_minor BIGINT      NOT NULL DEFAULT 0 CHECK (amount_capturable_minor >= 0),
    amount_captured_minor   BIGINT      NOT NULL DEFAULT 0 CHECK (amount_captured_minor >= 0),
    amount_refunded_minor   BIGINT      NOT NULL DEFAULT 0 CHECK (amount_refunded_minor >= 0),
    customer_id             TEXT        NOT NULL DEFAULT '',
    payment_method_id       TEXT        NOT NULL DEFAULT '',
    off_session             BOOLEAN     NOT NULL DEFAULT FALSE,
    capture_before          TIMESTAMPTZ,
    failure_reason          TEXT        NOT NULL DEFAULT '',
    decline_code            TEXT        NOT NULL DEFAULT '',
    next_action_url         TEXT        NOT NULL DEFAULT '',
    client_secret           TEXT        NOT NULL DEFAULT '',
    replaces_payment_id     UUID REFERENCES payment (id),
    replaced_by_payment_id  UUID REFERENCES payment (id),
    -- the caller's key of the operation that created the row
    idempotency_key         TEXT        NOT NULL UNIQUE,
    version                 BIGINT      NOT NULL DEFAULT 1,
    created_at              TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL,
    CHECK (amount_refunded_minor <= amount_captured_minor)
);
CREATE INDEX payment_by_reference ON payment (reference);

CREATE TABLE payment_status_history (
    id                 BIGSERIAL PRIMARY KEY,
    payment_id         UUID        NOT NULL REFERENCES payment (id),
    from_status        TEXT        NOT NULL,
    to_status          TEXT        NOT NULL,
    source             TEXT        NOT NULL CHECK (source IN ('api', 'webhook', 'recovery')),
    provider_event_id  TEXT        NOT NULL DEFAULT '',
    at                 TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_status_history_by_payment ON payment_status_history (payment_id, id);

-- An operation is recorded (pending) before the provider is called and completed in the
-- transaction that stores the provider's answer. A pending row after a crash is finished by the
-- caller's retry or the recovery job, which ask the provider for its truth before calling again.
CREATE TABLE payment_operation (
    id               UUID PRIMARY KEY,
    idempotency_key  TEXT        NOT NULL UNIQUE,
    operation        TEXT        NOT NULL CHECK (operation IN ('save_payment_method', 'authorize', 'charge',
                                     'capture', 'void', 'refund', 'reauthorize')),
    -- the serialized gRPC request, so recovery repeats exactly the same provider calls
    request          BYTEA       NOT NULL,
    request_sha256   TEXT        NOT NULL,
    payment_id       UUID        NOT NULL REFERENCES payment (id),
    state            TEXT        NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempts         INT         NOT NULL DEFAULT 0,
    -- a serialized google.rpc.Status for failed operations: replayed to retries
    error_status     BYTEA,
    last_error       TEXT        NOT NULL DEFAULT '',
    -- the amount a refund moves, fixed when it is recorded so every retry sends the same request
    amount_minor     BIGINT      NOT NULL DEFAULT 0,
    refund_id        TEXT        NOT NULL DEFAULT '',
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ
);
CREATE INDEX payment_operation_pending ON payment_operation (next_attempt_at) WHERE state = 'pending';

-- Provider events applied (or deliberately skipped), by event id: a redelivery has no effect.
CREATE TABLE webhook_event (
    event_id      TEXT PRIMARY KEY,
    event_type    TEXT        NOT NULL,
    object_id     TEXT        NOT NULL DEFAULT '',
    payment_id    UUID,
    outcome       TEXT        NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL
);
