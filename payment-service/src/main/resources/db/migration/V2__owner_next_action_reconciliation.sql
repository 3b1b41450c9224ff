-- The backer who owns a payment (whose card it is): only they are shown next_action's secrets.
ALTER TABLE payment ADD COLUMN backer_id TEXT NOT NULL DEFAULT '';
-- How the backer finishes authentication: redirect_to_url (we sent a return URL) or use_stripe_sdk.
ALTER TABLE payment ADD COLUMN next_action_type TEXT NOT NULL DEFAULT ''
    CHECK (next_action_type IN ('', 'redirect_to_url', 'use_stripe_sdk'));

-- An operation whose outcome cannot be settled automatically (a refund whose answer was lost and
-- which the provider does not show) ends here instead of being retried forever; operators
-- reconcile it with the provider's dashboard (metric payment.operations.needs_reconciliation).
ALTER TABLE payment_operation DROP CONSTRAINT payment_operation_state_check;
ALTER TABLE payment_operation ADD CONSTRAINT payment_operation_state_check
    CHECK (state IN ('pending', 'succeeded', 'failed', 'needs_reconciliation'));
