-- Slot inventory per reward tier, fed by campaign-service's RewardTierChanged events.
CREATE TABLE inventory (
    tier_id          UUID        PRIMARY KEY,
    campaign_id      UUID        NOT NULL,
    total            INT,                 -- NULL = unlimited tier (no reservation needed)
    requested_total  INT,                 -- last limit asked for; < total when a shrink was clamped
    reserved         INT         NOT NULL DEFAULT 0,
    sold             INT         NOT NULL DEFAULT 0,
    strategy         TEXT        NOT NULL DEFAULT 'soft',
    ttl_seconds      INT         NOT NULL,
    revision         BIGINT      NOT NULL,
    closed_at        TIMESTAMPTZ,         -- campaign cancelled or ended: no new holds
    closed_reason    TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT inventory_counts_not_negative CHECK (reserved >= 0 AND sold >= 0),
    -- The invariant, enforced by the database as the last line behind the conditional updates.
    CONSTRAINT inventory_never_oversold CHECK (total IS NULL OR reserved + sold <= total),
    CONSTRAINT inventory_strategy CHECK (strategy IN ('soft', 'hard', 'queue_pools'))
);
CREATE INDEX inventory_by_campaign ON inventory (campaign_id);

-- Queue-based allocation: a tier's slots split into one pool per admission queue.
CREATE TABLE inventory_pool (
    tier_id   UUID NOT NULL REFERENCES inventory (tier_id),
    queue_id  TEXT NOT NULL,
    size      INT  NOT NULL,
    reserved  INT  NOT NULL DEFAULT 0,
    sold      INT  NOT NULL DEFAULT 0,
    PRIMARY KEY (tier_id, queue_id),
    CONSTRAINT pool_counts_not_negative CHECK (size >= 0 AND reserved >= 0 AND sold >= 0),
    CONSTRAINT pool_never_oversold CHECK (reserved + sold <= size)
);

CREATE TABLE reservation (
    id                 UUID        PRIMARY KEY,
    tier_id            UUID        NOT NULL REFERENCES inventory (tier_id),
    campaign_id        UUID        NOT NULL,
    backer_id          TEXT        NOT NULL,
    quantity           INT         NOT NULL CHECK (quantity > 0),
    status             TEXT        NOT NULL CHECK (status IN ('active', 'converted', 'released', 'expired')),
    strategy           TEXT        NOT NULL,
    queue_id           TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    expires_at         TIMESTAMPTZ,          -- NULL: hard allocation, does not lapse
    extended_at        TIMESTAMPTZ,
    expiring_notified  BOOLEAN     NOT NULL DEFAULT false,
    pledge_id          UUID,
    converted_at       TIMESTAMPTZ,
    ended_at           TIMESTAMPTZ,
    release_reason     TEXT,
    waitlist_entry_id  UUID
);
-- One active reservation per backer per tier; a second Reserve returns the existing one.
CREATE UNIQUE INDEX reservation_one_active_per_backer ON reservation (tier_id, backer_id) WHERE status = 'active';
-- A pledge converts exactly one reservation.
CREATE UNIQUE INDEX reservation_one_per_pledge ON reservation (pledge_id) WHERE pledge_id IS NOT NULL;
-- Expiry worker: the next holds to lapse.
CREATE INDEX reservation_expiring ON reservation (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;
-- Reconciliation sums and campaign-wide releases.
CREATE INDEX reservation_by_tier_status ON reservation (tier_id, status) INCLUDE (quantity, queue_id);
CREATE INDEX reservation_by_campaign_active ON reservation (campaign_id) WHERE status = 'active';
CREATE INDEX reservation_by_backer ON reservation (backer_id, campaign_id, id);

CREATE TABLE waitlist_entry (
    id              UUID        PRIMARY KEY,   -- time-ordered: the place in line
    tier_id         UUID        NOT NULL REFERENCES inventory (tier_id),
    campaign_id     UUID        NOT NULL,
    backer_id       TEXT        NOT NULL,
    quantity        INT         NOT NULL CHECK (quantity > 0),
    queue_id        TEXT,
    status          TEXT        NOT NULL CHECK (status IN ('waiting', 'offered', 'accepted', 'declined', 'lapsed', 'left', 'closed')),
    joined_at       TIMESTAMPTZ NOT NULL,
    offered_at      TIMESTAMPTZ,
    reservation_id  UUID,
    ended_at        TIMESTAMPTZ
);
CREATE UNIQUE INDEX waitlist_one_open_per_backer ON waitlist_entry (tier_id, backer_id) WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_line ON waitlist_entry (tier_id, id) WHERE status = 'waiting';
