-- Signed outbound webhooks with a durable outbox (connector/webhooks/).
--
-- The gateway writes webhook_endpoints (the tenant API); the connector reads them. When an
-- event happens, the connector writes one webhook_events row and one webhook_deliveries row
-- per matching enabled endpoint, in the same statement, before the event goes on the Redis
-- stream. The dispatcher works through webhook_deliveries and records each try in
-- webhook_attempts.

CREATE TABLE webhook_endpoints (
    id                          text PRIMARY KEY,          -- "ep_" + 24 hex digits
    company_id                  text NOT NULL REFERENCES tenants (company_id) ON DELETE CASCADE,
    url                         text NOT NULL,
    description                 text NOT NULL DEFAULT '',
    event_types                 text[],                    -- NULL: every event type
    enabled                     boolean NOT NULL DEFAULT true,
    headers                     jsonb NOT NULL DEFAULT '{}',  -- custom headers sent as they are
    -- Standard Webhooks signing secrets ("whsec_" + base64). Kept usable for HMAC; their
    -- encryption at rest comes with the security issue. Never returned after create/rotate.
    secret                      text NOT NULL,
    previous_secret             text,                      -- still signs until it expires
    previous_secret_expires_at  timestamptz,
    -- failed attempts in a row and when the first of them happened: auto-disable
    consecutive_failures        integer NOT NULL DEFAULT 0,
    failing_since               timestamptz,
    disabled_reason             text,                      -- 'by_request' | 'failing'
    disabled_at                 timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_company ON webhook_endpoints (company_id);

-- One row per event that at least one endpoint owes; `body` is the exact JSON that is
-- signed and sent on every attempt, so retries and replays carry identical bytes.
CREATE TABLE webhook_events (
    id          text PRIMARY KEY,                          -- "evt_...", the webhook-id
    company_id  text NOT NULL,
    type        text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL                       -- when the event happened
);
CREATE INDEX webhook_events_created ON webhook_events (created_at);

-- The outbox: one row per (event, endpoint). `id` order is the order the events happened
-- in (they are written under the session's emit lock), and the dispatcher only ever takes
-- the oldest pending row of an endpoint, so each endpoint receives its events in order.
CREATE TABLE webhook_deliveries (
    id                bigserial PRIMARY KEY,
    event_id          text NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    endpoint_id       text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    company_id        text NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
    attempts          integer NOT NULL DEFAULT 0,          -- tries in the current schedule
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    -- a dispatcher that took the row owns it until then (a crashed one's lease expires)
    lease_until       timestamptz,
    leased_by         text,
    last_status_code  integer,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    UNIQUE (event_id, endpoint_id)
);
-- the head of each endpoint's queue (the claim query walks endpoints and probes this)
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, id)
    WHERE status = 'pending';
-- the delivery list of an endpoint, newest first
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_attempts (
    id             bigserial PRIMARY KEY,
    delivery_id    bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    endpoint_id    text NOT NULL,
    attempt        integer NOT NULL,
    started_at     timestamptz NOT NULL,
    duration_ms    double precision NOT NULL,
    -- 'delivered' | 'retry' (will be tried again) | 'failed' (refused, not retried) |
    -- 'dead' (the last try of the schedule failed: dead-lettered)
    outcome        text NOT NULL,
    status_code    integer,
    error          text,
    response_body  text                                    -- the first bytes, truncated
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id DESC);
