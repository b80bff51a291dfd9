-- Tenants, their one session, the engine credentials that let a session resume without
-- a new QR, and the log of messages keyed by the command that produced them.

CREATE TABLE tenants (
    company_id   text PRIMARY KEY,
    created_at   timestamptz NOT NULL DEFAULT now(),
    disabled     boolean NOT NULL DEFAULT false
);

-- One row per tenant: the session's last known state, so `status` and a restarted
-- connector both know what each tenant had.
CREATE TABLE sessions (
    company_id          text PRIMARY KEY REFERENCES tenants (company_id) ON DELETE CASCADE,
    state               text NOT NULL,
    reason              text,
    state_changed_at    timestamptz NOT NULL DEFAULT now(),
    phone               text,
    engine              text NOT NULL,
    reconnect_attempts  integer NOT NULL DEFAULT 0,
    -- whether the operator/tenant wants this session running; a restarted connector
    -- restores exactly the sessions that want to run and have credentials
    wanted              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- Engine credentials (the linked-device identity). Wiped on logout.
CREATE TABLE session_credentials (
    company_id   text PRIMARY KEY REFERENCES tenants (company_id) ON DELETE CASCADE,
    engine       text NOT NULL,
    credentials  jsonb NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Outgoing messages keyed by the bus command id: a re-delivered command finds its
-- earlier result here instead of sending twice. Incoming messages are logged too.
CREATE TABLE message_log (
    id            bigserial PRIMARY KEY,
    company_id    text NOT NULL REFERENCES tenants (company_id) ON DELETE CASCADE,
    direction     text NOT NULL CHECK (direction IN ('out', 'in')),
    command_id    text UNIQUE,
    message_id    text,
    peer          text NOT NULL,
    status        text NOT NULL,
    sent_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_log_company_created ON message_log (company_id, created_at);
CREATE UNIQUE INDEX message_log_in_dedup ON message_log (company_id, message_id)
    WHERE direction = 'in';
