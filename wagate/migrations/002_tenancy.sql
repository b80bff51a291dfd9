-- Tenancy and security: per-tenant send limits, API keys stored only as keyed hashes,
-- engine credentials sealed with a key from the environment.

ALTER TABLE tenants
    ADD COLUMN name                  text,
    ADD COLUMN send_rate_per_minute  integer CHECK (send_rate_per_minute > 0),  -- NULL: default
    ADD COLUMN disabled_at           timestamptz;

CREATE TABLE api_keys (
    id            text PRIMARY KEY,                 -- "key_" + random, safe to show
    company_id    text NOT NULL REFERENCES tenants (company_id) ON DELETE CASCADE,
    name          text NOT NULL,
    prefix        text NOT NULL UNIQUE,             -- the visible part of the key
    hash          bytea NOT NULL,                   -- HMAC-SHA256(pepper, key)
    scopes        text[] NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_company ON api_keys (company_id);

-- Sealed (encrypted) credentials replace the plain JSON; the connector seals any plain
-- row it still finds when it reads it.
ALTER TABLE session_credentials
    ADD COLUMN sealed text,
    ALTER COLUMN credentials DROP NOT NULL;
