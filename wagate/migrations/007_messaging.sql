-- Presence events (online, typing, …) are chatty: a tenant opts in to them.
ALTER TABLE tenants
    ADD COLUMN presence_events boolean NOT NULL DEFAULT false;

-- The options of each poll a tenant sent: a vote names the options it chooses by their
-- SHA-256 only (as WhatsApp does), so the connector maps them back to names here.
CREATE TABLE poll_options (
    company_id  text NOT NULL REFERENCES tenants (company_id) ON DELETE CASCADE,
    poll_id     text NOT NULL,
    options     text[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, poll_id)
);
