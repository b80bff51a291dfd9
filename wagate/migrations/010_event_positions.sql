-- Where each relayed event sits on its tenant's Redis stream, so a WebSocket resuming
-- after events the stream no longer holds (trimmed, or Redis lost) is given them from
-- the event log instead (gateway/event_resume.py), and where the log no longer has them
-- either, is told so. Relayed rows are pruned as a prefix of `seq`, so a row still here
-- means every later row of its tenant is here too.
ALTER TABLE event_log ADD COLUMN stream_ms bigint, ADD COLUMN stream_seq bigint;
CREATE INDEX event_log_tenant_position ON event_log (tenant_id, stream_ms, stream_seq)
    WHERE stream_ms IS NOT NULL;

-- Which database this is, made once when it is created: a dump restored or a replica
-- promoted keeps it, a new database has another. The connector names it on the bus (so
-- the connectors of two databases never share one Redis prefix) and on every stream
-- entry (so the relay can tell that a stream holds events this database does not).
CREATE TABLE database_identity (
    id          text PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO database_identity (id) VALUES (md5(random()::text || clock_timestamp()::text));
