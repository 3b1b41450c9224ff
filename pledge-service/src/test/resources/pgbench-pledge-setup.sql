-- Tables for pgbench-pledge.sql (docs/benchmarks.md, Pledges): the seed's schema, minimal.
DROP TABLE IF EXISTS bench_pledge, bench_tier, bench_campaign;
CREATE TABLE bench_campaign (id BIGINT PRIMARY KEY, pledged_amount BIGINT NOT NULL DEFAULT 0, status TEXT NOT NULL);
CREATE TABLE bench_tier (id BIGINT PRIMARY KEY, qty_available INT, qty_claimed INT NOT NULL DEFAULT 0);
CREATE TABLE bench_pledge (id BIGSERIAL PRIMARY KEY, campaign_id BIGINT NOT NULL, tier_id BIGINT, amount BIGINT NOT NULL,
                           status TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
INSERT INTO bench_campaign VALUES (1, 0, 'active');
INSERT INTO bench_tier SELECT g, 1000000000, 0 FROM generate_series(1, 100) g;
