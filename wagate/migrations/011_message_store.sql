-- The message store: what each tenant sent and received, kept per its own settings, and
-- its chats. Written by the connector in the transaction of the event (or send) that
-- brings each change; read by the gateway's conversations API.

-- off: nothing kept; metadata: who, when, what kind, status, no bodies; full: bodies too.
-- Metadata by default: chats and unread counts work for everyone, while the text of a
-- third party's messages is kept only by a tenant that asks for it (docs/conversations.md).
ALTER TABLE tenants
    ADD COLUMN message_store text NOT NULL DEFAULT 'metadata'
        CHECK (message_store IN ('off', 'metadata', 'full')),
    ADD COLUMN message_retention_days integer NOT NULL DEFAULT 30
        CHECK (message_retention_days BETWEEN 1 AND 3650);

CREATE TABLE stored_messages (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    text NOT NULL,
    chat         text NOT NULL,            -- a number, a LID, or a group id
    message_id   text NOT NULL,            -- WhatsApp's id
    direction    text NOT NULL CHECK (direction IN ('in', 'out')),
    sender       text NOT NULL,            -- the author's number ('' for our own)
    kind         text NOT NULL,            -- text, location, contacts, poll, or a media kind
    body         text,                     -- the text or caption; NULL: metadata only, revoked
    content      jsonb,                    -- a location, contact cards, a poll
    media        jsonb,                    -- the attachment's descriptor (media id, type, size)
    quoted_id    text,
    sent_at      timestamptz NOT NULL,
    edited_at    timestamptz,
    edits        jsonb NOT NULL DEFAULT '[]',  -- earlier texts, oldest first: [{text, at}]
    revoked_at   timestamptz,                  -- a tombstone: body and content are gone
    reactions    jsonb NOT NULL DEFAULT '{}',  -- reactor -> emoji
    votes        jsonb,                        -- a poll's voters -> the options they chose
    status       text NOT NULL,                -- the latest: received, read, sent, delivered, played
    statuses     jsonb NOT NULL DEFAULT '[]',  -- every receipt: [{status, at}]
    search       tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(body, ''))) STORED,
    UNIQUE (tenant_id, chat, message_id)       -- a redelivery or a re-sync is stored once
);
-- a thread page, both ways
CREATE INDEX stored_messages_thread ON stored_messages (tenant_id, chat, sent_at, id);
-- GET /messages/{id}, receipts (which name no chat in a group)
CREATE INDEX stored_messages_by_id ON stored_messages (tenant_id, message_id);
-- the retention sweep, oldest first
CREATE INDEX stored_messages_age ON stored_messages (sent_at);
-- full-text search on the `simple` configuration (words as written: a tenant's chats mix
-- languages). The tsvector is stored (111 bytes a message) rather than indexed as an
-- expression: a plan that walks a big tenant's newest rows would compute it for each
-- (a common word's search took 134 ms instead of 3: bench/message_store.py). The index
-- leads with the tenant (btree_gin, shipped with PostgreSQL and trusted): a common word
-- is then found among the tenant's rows, not among every tenant's (p50 12 ms for a
-- tenant of 1,000 among a million messages with a plain GIN index).
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX stored_messages_search ON stored_messages USING gin (tenant_id, search);

CREATE TABLE chats (
    tenant_id        text NOT NULL,
    chat             text NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('person', 'group')),
    name             text,
    last_at          timestamptz NOT NULL,
    last_message_id  text NOT NULL,
    last_kind        text NOT NULL,
    last_direction   text NOT NULL,
    preview          text,                 -- NULL in metadata mode
    unread           integer NOT NULL DEFAULT 0 CHECK (unread >= 0),
    PRIMARY KEY (tenant_id, chat)
);
CREATE INDEX chats_recent ON chats (tenant_id, last_at DESC, chat DESC);

-- A second wall behind every statement's own tenant filter: the gateway reads these
-- tables as wagate_reader with `wagate.tenant_id` set for its transaction, and sees
-- nothing of any other tenant (nothing at all without the setting). The owner (the
-- connector's writes, the sweep, a purge) is not subject to it.
ALTER TABLE stored_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE chats ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON stored_messages
    USING (tenant_id = current_setting('wagate.tenant_id', true));
CREATE POLICY tenant_rows ON chats
    USING (tenant_id = current_setting('wagate.tenant_id', true));

-- Made here unless it exists: an operator whose application role may not create roles
-- makes it beforehand (docs/conversations.md), and then nothing here needs CREATEROLE.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wagate_reader') THEN
        CREATE ROLE wagate_reader NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- made at the same moment by another database's migration
END $$;
DO $$
BEGIN
    IF NOT pg_has_role(current_user, 'wagate_reader', 'MEMBER') THEN
        GRANT wagate_reader TO CURRENT_USER;  -- so the app may SET ROLE to it
    END IF;
EXCEPTION WHEN unique_violation OR internal_error THEN
    NULL;  -- granted at the same moment by another database's migration
END $$;
GRANT SELECT ON stored_messages, chats TO wagate_reader;

-- Search as the reader sees it, keyed on the same setting as the policies. PostgreSQL
-- will not use an index for an operator that is not leakproof (`@@` is not) under
-- row-level security, so a search under the policies reads every row of the tenant (130
-- ms for a tenant of 100,000 messages); this function runs as the tables' owner, applies
-- the tenant filter itself and uses the full-text index. Planned for each call's values
-- (EXECUTE), so a big tenant and a small one each get their own plan.
CREATE FUNCTION search_stored_messages(
    words text, before_at timestamptz, before_id bigint, max_rows integer
) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    RETURN QUERY EXECUTE
        'SELECT id FROM stored_messages
         WHERE tenant_id = current_setting(''wagate.tenant_id'', true)
           AND search @@ websearch_to_tsquery(''simple'', $1)
           AND ($2::timestamptz IS NULL OR (sent_at, id) < ($2, $3))
         ORDER BY sent_at DESC, id DESC LIMIT $4'
        USING words, before_at, before_id, max_rows;
END $$;
REVOKE ALL ON FUNCTION search_stored_messages(text, timestamptz, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_stored_messages(text, timestamptz, bigint, integer)
    TO wagate_reader;
