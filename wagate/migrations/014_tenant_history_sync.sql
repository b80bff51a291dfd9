-- How much history a tenant takes when a phone links: 'all' (what the phone sends),
-- 'none', or '<N>d' (the last N days). WhatsApp takes it only in the pairing payload,
-- so a change applies from the next pairing on (docs/conversations.md).
ALTER TABLE tenants ADD COLUMN history_sync text NOT NULL DEFAULT 'all'
    CHECK (history_sync ~ '^(all|none|[1-9][0-9]{0,3}d)$');
