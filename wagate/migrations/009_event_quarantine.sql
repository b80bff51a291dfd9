-- Events set aside: a session event PostgreSQL refused to store (as the event log and
-- webhook outbox would hold it) WAGATE_EVENT_STORE_TRIES times in a row. One such event
-- must not stop a session's stream, so the connector keeps it here, tells the tenant
-- with an `error` event (`event_quarantined`), and goes on; operators list these rows
-- with `wagate quarantine list`. `event` is the event's stream entry as JSON with every
-- non-ASCII and control character escaped, so any event fits in text.
CREATE TABLE event_quarantine (
    id          bigserial PRIMARY KEY,
    tenant_id   text NOT NULL,
    event_id    text NOT NULL,
    event_type  text NOT NULL,
    event       text NOT NULL,
    error       text NOT NULL,          -- what PostgreSQL (or the driver) said the last time
    tries       integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, event_id)        -- a message the network sends again is kept once
);
CREATE INDEX event_quarantine_created ON event_quarantine (created_at);
