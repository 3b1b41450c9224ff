-- campaign-service owns campaigns, reward tiers, goal tracking, milestones and creator updates.

CREATE TABLE campaign (
    id                       UUID PRIMARY KEY,
    creator_id               TEXT        NOT NULL,
    create_request_id        TEXT        NOT NULL,
    title                    TEXT        NOT NULL,
    description              TEXT        NOT NULL DEFAULT '',
    funding_model            TEXT        NOT NULL CHECK (funding_model IN ('all_or_nothing', 'keep_it_all')),
    currency                 CHAR(3)     NOT NULL,
    goal_minor               BIGINT      NOT NULL CHECK (goal_minor > 0),
    pledged_minor            BIGINT      NOT NULL DEFAULT 0 CHECK (pledged_minor >= 0),
    backer_count             INT         NOT NULL DEFAULT 0 CHECK (backer_count >= 0),
    status                   TEXT        NOT NULL CHECK (status IN ('draft', 'active', 'settling', 'funded',
                                                                    'failed', 'partially_funded', 'cancelled')),
    end_at                   TIMESTAMPTZ,
    pledge_cutoff_hours      INT         NOT NULL DEFAULT 48,
    no_rewards               BOOLEAN     NOT NULL DEFAULT FALSE,
    reservation_ttl_minutes  INT         NOT NULL DEFAULT 0,
    version                  BIGINT      NOT NULL DEFAULT 1,
    created_at               TIMESTAMPTZ NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL,
    launched_at              TIMESTAMPTZ,
    ended_at                 TIMESTAMPTZ,
    settled_at               TIMESTAMPTZ,
    cancelled_at             TIMESTAMPTZ,
    cancel_reason            TEXT        NOT NULL DEFAULT '',
    UNIQUE (creator_id, create_request_id)
);
CREATE INDEX campaign_by_status ON campaign (status, id DESC);
CREATE INDEX campaign_by_creator ON campaign (creator_id, id DESC);
CREATE INDEX campaign_due ON campaign (end_at) WHERE status = 'active';

CREATE TABLE tier (
    id                  UUID PRIMARY KEY,
    campaign_id         UUID        NOT NULL REFERENCES campaign (id),
    request_id          TEXT        NOT NULL,
    title               TEXT        NOT NULL,
    description         TEXT        NOT NULL DEFAULT '',
    min_pledge_minor    BIGINT      NOT NULL CHECK (min_pledge_minor > 0),
    quantity_limit      INT         CHECK (quantity_limit IS NULL OR quantity_limit > 0),
    quantity_claimed    INT         NOT NULL DEFAULT 0 CHECK (quantity_claimed >= 0),
    estimated_delivery  DATE,
    position            INT         NOT NULL,
    revision            BIGINT      NOT NULL DEFAULT 1,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (campaign_id, request_id),
    -- a limit never drops below what backers already claimed
    CHECK (quantity_limit IS NULL OR quantity_claimed <= quantity_limit)
);
CREATE INDEX tier_by_campaign ON tier (campaign_id, position);

-- One row per pledge counted in a campaign total: makes RecordPledge and ReleasePledge idempotent.
CREATE TABLE campaign_pledge (
    pledge_id       UUID PRIMARY KEY,
    campaign_id     UUID        NOT NULL REFERENCES campaign (id),
    tier_id         UUID REFERENCES tier (id),
    backer_id       TEXT        NOT NULL,
    backer_country  TEXT        NOT NULL DEFAULT '',
    amount_minor    BIGINT      NOT NULL CHECK (amount_minor > 0),
    recorded_at     TIMESTAMPTZ NOT NULL,
    released_at     TIMESTAMPTZ
);
CREATE INDEX campaign_pledge_by_campaign ON campaign_pledge (campaign_id);

-- A milestone fires once per campaign and percentage, ever.
CREATE TABLE milestone (
    campaign_id    UUID        NOT NULL REFERENCES campaign (id),
    percent        INT         NOT NULL CHECK (percent IN (25, 50, 75, 100)),
    pledged_minor  BIGINT      NOT NULL,
    reached_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (campaign_id, percent)
);

CREATE TABLE creator_update (
    id           UUID PRIMARY KEY,
    campaign_id  UUID        NOT NULL REFERENCES campaign (id),
    author_id    TEXT        NOT NULL,
    request_id   TEXT        NOT NULL,
    title        TEXT        NOT NULL,
    body         TEXT        NOT NULL,
    posted_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (campaign_id, request_id)
);
CREATE INDEX creator_update_by_campaign ON creator_update (campaign_id, id DESC);

-- Creator dashboard read model, fed only by pledge_recorded / pledge_released events.
CREATE TABLE dashboard_campaign (
    campaign_id    UUID PRIMARY KEY,
    pledge_count   INT         NOT NULL DEFAULT 0,
    pledged_minor  BIGINT      NOT NULL DEFAULT 0,
    as_of          TIMESTAMPTZ NOT NULL
);
CREATE TABLE dashboard_tier (
    campaign_id   UUID   NOT NULL,
    tier_id       TEXT   NOT NULL,  -- '' = pledges without reward
    pledge_count  INT    NOT NULL DEFAULT 0,
    amount_minor  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, tier_id)
);
CREATE TABLE dashboard_country (
    campaign_id   UUID NOT NULL,
    country       TEXT NOT NULL,  -- '' = unknown
    pledge_count  INT  NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, country)
);
CREATE TABLE dashboard_daily (
    campaign_id   UUID   NOT NULL,
    day           DATE   NOT NULL,
    pledge_count  INT    NOT NULL DEFAULT 0,
    amount_minor  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, day)
);
