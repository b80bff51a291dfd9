-- The event log: every session event (state changes, messages, receipts, errors) is
-- committed here first, in the same transaction as what caused it (the state row, the
-- incoming message's de-duplication row, the webhook outbox rows). The connector's relay
-- (connector/relay.py) copies committed rows to the tenant's Redis stream in `seq` order
-- and marks them relayed; relayed rows are pruned once they are old. So an event that
-- happened is on the stream eventually, whatever process or server died in between.
CREATE TABLE event_log (
    seq         bigserial PRIMARY KEY,  -- per tenant, commit order (see connector/event_log.py)
    company_id  text NOT NULL,
    fields      jsonb NOT NULL,         -- the stream entry, as wagate.bus.Event.to_fields
    created_at  timestamptz NOT NULL DEFAULT now(),
    relayed     boolean NOT NULL DEFAULT false
);
-- what the relay reads: small, since rows leave it as soon as they are relayed
CREATE INDEX event_log_unrelayed ON event_log (seq) WHERE NOT relayed;
CREATE INDEX event_log_relayed_created ON event_log (created_at) WHERE relayed;
