-- The backer projection orders a pledge's events by the envelope's aggregate_version (the
-- pledge's own sequence, assigned by pledge-service's outbox) instead of their time: two replicas'
-- clocks can disagree, a version cannot. 0 = unknown (events published before versions existed),
-- for which the old order by (event time, state rank) still applies.
ALTER TABLE backing ADD COLUMN aggregate_version BIGINT NOT NULL DEFAULT 0;
