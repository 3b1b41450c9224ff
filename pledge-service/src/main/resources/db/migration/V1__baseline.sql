-- pledge-service's own tables arrive with its issue; the platform's outbox and inbox come from db/platform.
SELECT 1;
