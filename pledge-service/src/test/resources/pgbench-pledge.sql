-- The minimal SQL one pledge needs, for pgbench beside PledgeBenchmark (docs/benchmarks.md):
-- the seed's tier guard update, the pledge insert, the campaign increment.
\set tier random(1, 100)
\set amount random(1000, 5000)
BEGIN;
UPDATE bench_tier SET qty_claimed = qty_claimed + 1 WHERE id = :tier AND qty_claimed < qty_available;
INSERT INTO bench_pledge (campaign_id, tier_id, amount, status) VALUES (1, :tier, :amount, 'pending');
UPDATE bench_campaign SET pledged_amount = pledged_amount + :amount WHERE id = 1 AND status = 'active';
COMMIT;
