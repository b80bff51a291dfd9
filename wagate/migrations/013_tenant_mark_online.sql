-- Whether the tenant's business is marked available (online) at WhatsApp each time its
-- session connects: on by default, as WhatsApp's own clients do; off keeps the account
-- looking offline (and its phone notified of new messages).
ALTER TABLE tenants
    ADD COLUMN mark_online boolean NOT NULL DEFAULT true;
