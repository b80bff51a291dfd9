-- Media (issue 16): one row per blob wagate keeps or may fetch.
--
-- direction 'in': an attachment of an incoming message, written by the connector in the
-- message's own transaction (so an event never names a media id that has no row). `ref`
-- is the engine's sealed description of where the bytes are at WhatsApp (it holds the
-- media key); `blob_key` is set once the bytes are copied into the blob store.
-- direction 'out': a file uploaded for a send, written by the gateway when its bytes are
-- stored, deleted by the connector once the send is done; a row left behind (a gateway
-- that died before queueing the send) expires like any other.
-- The connector's sweeper deletes the blob and the row of every media past expires_at.
CREATE TABLE media (
    id          text PRIMARY KEY,            -- "med_" + 24 hex digits
    company_id  text NOT NULL,
    direction   text NOT NULL CHECK (direction IN ('in', 'out')),
    message_id  text,                        -- the incoming message it came with
    kind        text NOT NULL,
    mimetype    text NOT NULL,
    size_bytes  bigint NOT NULL DEFAULT 0,
    sha256      text NOT NULL DEFAULT '',
    caption     text NOT NULL DEFAULT '',
    filename    text NOT NULL DEFAULT '',
    duration_s  integer,
    width       integer,
    height      integer,
    ref         text,                        -- sealed (wagate.sealing) engine reference
    blob_key    text,                        -- in the blob store, once stored
    state       text NOT NULL DEFAULT 'remote'
                CHECK (state IN ('remote', 'stored', 'failed')),
    error       text,                        -- the code of a failed download
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX media_expires ON media (expires_at);
-- the downloads an `arrival` connector still owes (after a crash or an outage)
CREATE INDEX media_remote ON media (created_at) WHERE state = 'remote' AND direction = 'in';
