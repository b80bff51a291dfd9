-- The Chatwoot bridge (`wagate chatwoot`, integrations/chatwoot/): written and read by the
-- bridge alone, through wagate's public API for everything else.
--
-- chatwoot_chats: a WhatsApp chat of a company and the Chatwoot contact, contact inbox
-- (source_id) and conversation it became.
CREATE TABLE chatwoot_chats (
    company_id      text   NOT NULL,
    chat            text   NOT NULL,
    contact_id      bigint NOT NULL,
    source_id       text   NOT NULL,
    conversation_id bigint NOT NULL,
    PRIMARY KEY (company_id, chat)
);
CREATE INDEX chatwoot_chats_conversation ON chatwoot_chats (company_id, conversation_id);

-- chatwoot_jobs: the bridge's durable queue, both ways. A wagate event (to_chatwoot,
-- keyed by its event id) or an agent's reply (to_whatsapp, keyed by the Chatwoot message
-- id) is written here before the bridge answers its webhook, so a redelivery is one row
-- and an outage of the other side only delays it.
CREATE TABLE chatwoot_jobs (
    seq             bigserial   PRIMARY KEY,
    company_id      text        NOT NULL,
    direction       text        NOT NULL CHECK (direction IN ('to_chatwoot', 'to_whatsapp')),
    key             text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'done', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, direction, key)
);
CREATE INDEX chatwoot_jobs_pending ON chatwoot_jobs (direction, seq) WHERE status = 'pending';
CREATE INDEX chatwoot_jobs_settled ON chatwoot_jobs (created_at) WHERE status <> 'pending';

-- chatwoot_messages: a WhatsApp message id and the Chatwoot message id it is, either way
-- (a reply's Chatwoot id is how the bridge knows a message it posted itself).
CREATE TABLE chatwoot_messages (
    company_id          text   NOT NULL,
    wa_message_id       text   NOT NULL,
    chatwoot_message_id bigint NOT NULL,
    direction           text   NOT NULL CHECK (direction IN ('to_chatwoot', 'to_whatsapp')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, wa_message_id, chatwoot_message_id)
);
CREATE INDEX chatwoot_messages_chatwoot ON chatwoot_messages (company_id, chatwoot_message_id);
