-- How a tenant's session answers calls: WhatsApp rings the account's linked devices, and a
-- business that takes no calls declines each at once (auto_reject), optionally telling the
-- caller why in a text message (reply_text; NULL sends none). No row: calls ring on.
CREATE TABLE tenant_calls (
    tenant_id   text PRIMARY KEY REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    auto_reject boolean NOT NULL DEFAULT false,
    reply_text  text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
