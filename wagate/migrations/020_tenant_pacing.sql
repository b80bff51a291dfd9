-- How a tenant's sends are paced against WhatsApp's ban heuristics (docs/pacing.md): caps
-- on new chats started per hour and per day (NULL: none), composing shown before a send,
-- and a random delay up to jitter_ms. A tenant without a row has the defaults.
CREATE TABLE tenant_pacing (
    tenant_id           text PRIMARY KEY REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    new_chats_per_hour  integer CHECK (new_chats_per_hour BETWEEN 1 AND 1000),
    new_chats_per_day   integer CHECK (new_chats_per_day BETWEEN 1 AND 10000),
    typing              boolean NOT NULL DEFAULT false,
    jitter_ms           integer NOT NULL DEFAULT 0 CHECK (jitter_ms BETWEEN 0 AND 30000)
);

-- The chats a tenant started (its first message to a person it had never written to or
-- heard from), counted against the caps; one row a chat.
CREATE TABLE chat_starts (
    tenant_id   text NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    chat        text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, chat)
);
CREATE INDEX chat_starts_recent ON chat_starts (tenant_id, started_at);

-- Whether a tenant ever wrote to or heard from a chat: the message log knows, by peer.
CREATE INDEX message_log_peer ON message_log (tenant_id, peer);
