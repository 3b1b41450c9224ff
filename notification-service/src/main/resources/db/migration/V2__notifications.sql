-- Who can be reached how: the newest contact seen for a recipient (backer or creator), from
-- pledge events and from the principal of the recipient's own calls. contact_at orders updates,
-- so an older event never overwrites a newer address.
CREATE TABLE recipient (
    recipient_id  TEXT        PRIMARY KEY,
    email         TEXT        NOT NULL DEFAULT '',
    display_name  TEXT        NOT NULL DEFAULT '',
    locale        TEXT        NOT NULL DEFAULT '',
    contact_at    TIMESTAMPTZ NOT NULL
);

-- This service's projection of campaigns (from campaign events): who created it, its currency.
CREATE TABLE campaign (
    campaign_id   UUID        PRIMARY KEY,
    creator_id    TEXT        NOT NULL,
    title         TEXT        NOT NULL,
    currency      TEXT        NOT NULL,
    end_at        TIMESTAMPTZ
);

-- This service's projection of who backs what, one row per pledge, from pledge events.
-- Each row keeps the time and rank of the newest event applied; an older one is dropped
-- (see domain/PledgeState).
CREATE TABLE backing (
    pledge_id           UUID        PRIMARY KEY,
    campaign_id         UUID        NOT NULL,
    backer_id           TEXT        NOT NULL,
    tier_id             TEXT        NOT NULL DEFAULT '',
    tier_title          TEXT        NOT NULL DEFAULT '',
    estimated_delivery  TEXT        NOT NULL DEFAULT '',
    amount_minor        BIGINT      NOT NULL,
    currency            TEXT        NOT NULL,
    campaign_title      TEXT        NOT NULL DEFAULT '',
    state               TEXT        NOT NULL,
    event_at            TIMESTAMPTZ NOT NULL,
    event_rank          INT         NOT NULL
);
CREATE INDEX backing_by_campaign ON backing (campaign_id, backer_id);

-- Reservations this service has heard are over, so a late "expiring soon" notice is not sent.
CREATE TABLE reservation_closed (
    reservation_id  UUID        PRIMARY KEY,
    closed_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Channel choices per recipient and type; no row = the type's defaults.
CREATE TABLE preference (
    recipient_id  TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    email         BOOLEAN NOT NULL,
    in_app        BOOLEAN NOT NULL,
    PRIMARY KEY (recipient_id, type)
);

-- One row per (event, recipient): the unique key is what makes a redelivered event, a restarted
-- fan-out or a second replica unable to notify anyone twice. in_app = shown in the inbox.
CREATE TABLE notification (
    id            UUID        PRIMARY KEY,
    dedup_key     TEXT        NOT NULL,
    recipient_id  TEXT        NOT NULL,
    type          TEXT        NOT NULL,
    campaign_id   UUID,
    title         TEXT        NOT NULL,
    body          TEXT        NOT NULL,
    link          TEXT        NOT NULL,
    model         TEXT        NOT NULL,   -- JSON: the values the e-mail templates render
    in_app        BOOLEAN     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    read_at       TIMESTAMPTZ,
    UNIQUE (dedup_key, recipient_id)
);
CREATE INDEX notification_inbox ON notification (recipient_id, created_at DESC, id DESC) WHERE in_app;
CREATE INDEX notification_unread ON notification (recipient_id) WHERE in_app AND read_at IS NULL;

-- The e-mail channel: at most one per notification (so one per event, recipient and channel),
-- sent by EmailDeliveryWorker. status: pending -> sending -> sent | pending (retry) | parked.
CREATE TABLE email_delivery (
    notification_id  UUID        PRIMARY KEY REFERENCES notification (id),
    email            TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    lease_until      TIMESTAMPTZ,
    last_error       TEXT,
    sent_at          TIMESTAMPTZ,
    parked_at        TIMESTAMPTZ
);
CREATE INDEX email_due ON email_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_in_flight ON email_delivery (lease_until) WHERE status = 'sending';
CREATE INDEX email_parked ON email_delivery (parked_at, notification_id) WHERE status = 'parked';

-- A message to every backer of a campaign, worked through in batches by FanoutWorker: each
-- batch commits its notifications together with the advanced cursor (the last backer id done),
-- so a crash resumes after the last committed batch and never holds one transaction for all.
CREATE TABLE fanout (
    id            UUID        PRIMARY KEY,
    dedup_key     TEXT        NOT NULL UNIQUE,
    campaign_id   UUID        NOT NULL,
    type          TEXT        NOT NULL,
    audience      TEXT        NOT NULL,   -- which pledge states count (domain/Audience)
    model         TEXT        NOT NULL,   -- JSON: values common to every recipient
    cursor        TEXT        NOT NULL DEFAULT '',
    recipients    INT         NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    done_at       TIMESTAMPTZ
);
CREATE INDEX fanout_open ON fanout (created_at) WHERE done_at IS NULL;
