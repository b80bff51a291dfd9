-- Event streams (connector/streams/): RabbitMQ (AMQP 0-9-1) and NATS JetStream fed from
-- the webhooks' durable outbox. A stream is a destination row beside the webhook
-- endpoints, of another kind, so the outbox owes it every event in the transaction that
-- records the event, and the same claim, lease, order and retry rules send them.
--
-- kind      'webhook' (an HTTP endpoint, the default) | 'amqp' | 'nats'
-- target    a stream's subject (NATS) or exchange routing key (AMQP); '' for a webhook
-- exchange  the AMQP exchange published to ('' the default exchange); '' otherwise
-- url       a stream's broker URL without its credentials (what the API shows)
-- secret    a stream's broker URL with credentials, sealed like a webhook secret
-- tenant_id NULL: an installation-wide stream, owed every tenant's events (set from the
--           connector's settings, never through the API)
ALTER TABLE webhook_endpoints
    ADD COLUMN kind text NOT NULL DEFAULT 'webhook'
        CHECK (kind IN ('webhook', 'amqp', 'nats')),
    ADD COLUMN target text NOT NULL DEFAULT '',
    ADD COLUMN exchange text NOT NULL DEFAULT '',
    ALTER COLUMN tenant_id DROP NOT NULL,
    ADD CONSTRAINT webhook_endpoints_only_streams_installation_wide
        CHECK (tenant_id IS NOT NULL OR kind <> 'webhook');
CREATE INDEX webhook_endpoints_installation_wide ON webhook_endpoints (id)
    WHERE tenant_id IS NULL;
