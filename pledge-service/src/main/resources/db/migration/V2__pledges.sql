-- Pledges, the sagas that move them, settlements, and db-scheduler's table.

CREATE TABLE pledge (
    id                   UUID PRIMARY KEY,
    campaign_id          UUID        NOT NULL,
    backer_id            TEXT        NOT NULL,
    backer_email         TEXT        NOT NULL DEFAULT '',
    backer_name          TEXT        NOT NULL DEFAULT '',
    backer_locale        TEXT        NOT NULL DEFAULT '',
    country              TEXT        NOT NULL DEFAULT '',
    campaign_title       TEXT        NOT NULL DEFAULT '',
    funding_model        TEXT        NOT NULL CHECK (funding_model IN ('all_or_nothing', 'keep_it_all')),
    campaign_end_at      TIMESTAMPTZ NOT NULL,
    cutoff_at            TIMESTAMPTZ NOT NULL,
    tier_id              UUID,
    tier_title           TEXT        NOT NULL DEFAULT '',
    estimated_delivery   TEXT        NOT NULL DEFAULT '',
    reservation_id       UUID,
    amount_minor         BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency             TEXT        NOT NULL,
    status               TEXT        NOT NULL,
    idempotency_key      TEXT        NOT NULL,
    request_hash         TEXT        NOT NULL,
    -- the campaign-service ledger entry (RecordPledge's pledge id) and reservation conversion of
    -- the current revision: the pledge id at creation, a new one per change
    ledger_entry_id      UUID        NOT NULL,
    payment_method_token TEXT        NOT NULL,
    return_url           TEXT        NOT NULL DEFAULT '',
    customer_id          TEXT,
    payment_method_id    TEXT,
    hold_payment_id      TEXT,
    hold_capture_before  TIMESTAMPTZ,
    hold_seq             INT         NOT NULL DEFAULT 0,
    hold_failed          BOOLEAN     NOT NULL DEFAULT FALSE,
    charge_payment_id    TEXT,
    charge_seq           INT         NOT NULL DEFAULT 0,
    -- the payment the backer must authenticate, while requires_action
    action_payment_id    TEXT,
    action_url           TEXT,
    action_client_secret TEXT,
    failure_reason       TEXT        NOT NULL DEFAULT '',
    decline_code         TEXT        NOT NULL DEFAULT '',
    failure_message      TEXT        NOT NULL DEFAULT '',
    retryable            BOOLEAN     NOT NULL DEFAULT FALSE,
    next_retry_at        TIMESTAMPTZ,
    fix_before           TIMESTAMPTZ,
    settle_lease_until   TIMESTAMPTZ,
    version              BIGINT      NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    UNIQUE (backer_id, idempotency_key)
);
CREATE INDEX pledge_campaign_status ON pledge (campaign_id, status, id);
CREATE INDEX pledge_backer ON pledge (backer_id, id DESC);
CREATE INDEX pledge_holds_due ON pledge (campaign_end_at) WHERE status = 'pending' AND funding_model = 'all_or_nothing';
CREATE INDEX pledge_failed_payments ON pledge (fix_before) WHERE status = 'payment_failed';

-- One row per saga run: which step runs next, in which direction. Steps and compensations are
-- idempotent (payment operations carry keys derived from the pledge), so a run resumes at
-- next_step after a crash; lease_until keeps two executors off the same saga.
CREATE TABLE pledge_saga (
    id             UUID PRIMARY KEY,
    pledge_id      UUID        NOT NULL REFERENCES pledge (id),
    kind           TEXT        NOT NULL,
    state          TEXT        NOT NULL,
    next_step      INT         NOT NULL DEFAULT 0,
    params         TEXT        NOT NULL DEFAULT '',
    error_code     TEXT        NOT NULL DEFAULT '',
    error_reason   TEXT        NOT NULL DEFAULT '',
    error_message  TEXT        NOT NULL DEFAULT '',
    error_metadata TEXT        NOT NULL DEFAULT '',
    wait_until     TIMESTAMPTZ,
    lease_until    TIMESTAMPTZ,
    attempts       INT         NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX pledge_saga_open ON pledge_saga (updated_at) WHERE state IN ('running', 'compensating', 'waiting');
CREATE INDEX pledge_saga_pledge ON pledge_saga (pledge_id);

-- What a saga step did, in order: the journal behind GetPledge's history and the crash tests.
CREATE TABLE pledge_saga_step (
    saga_id    UUID        NOT NULL REFERENCES pledge_saga (id),
    seq        BIGSERIAL,
    step       TEXT        NOT NULL,
    outcome    TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (saga_id, seq)
);

CREATE TABLE settlement (
    campaign_id            UUID PRIMARY KEY,
    funding_model          TEXT        NOT NULL,
    currency               TEXT        NOT NULL,
    goal_minor             BIGINT      NOT NULL,
    phase                  TEXT        NOT NULL,
    outcome                TEXT,
    pledged_minor          BIGINT      NOT NULL DEFAULT 0,
    campaign_counter_minor BIGINT      NOT NULL DEFAULT 0,
    drift_minor            BIGINT      NOT NULL DEFAULT 0,
    operations             BIGINT      NOT NULL DEFAULT 0,
    started_at             TIMESTAMPTZ NOT NULL,
    decided_at             TIMESTAMPTZ,
    executing_since        TIMESTAMPTZ,
    settled_at             TIMESTAMPTZ
);

-- db-scheduler 16 (com.github.kagkarlsson:db-scheduler), its PostgreSQL schema
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
