-- The people a tenant's account has talked with: the name each chose for themselves (the
-- push name their messages carry) and, where the phone's app state gives it, the name in
-- the account's address book. Kept beside the message store, under its setting (none
-- kept when it is off), so a 1:1 chat is listed under its person's name.
CREATE TABLE contacts (
    tenant_id   text NOT NULL,
    contact     text NOT NULL,          -- the number, or a LID when no number is known
    lid         text,                   -- WhatsApp's hidden-number id, where known
    push_name   text,                   -- as the person set it (latest seen)
    name        text,                   -- from the account's address book (app state)
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, contact)
);

-- The same wall as the store's tables (migration 011): the gateway reads as
-- wagate_reader with its tenant set and sees that tenant's rows alone.
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON contacts
    USING (tenant_id = current_setting('wagate.tenant_id', true));
GRANT SELECT ON contacts TO wagate_reader;

-- How the account shows each chat, as WhatsApp syncs it between the phone and its
-- devices (app state): set through the API or on the phone, shown by GET .../chats.
ALTER TABLE chats
    ADD COLUMN archived boolean NOT NULL DEFAULT false,
    ADD COLUMN pinned boolean NOT NULL DEFAULT false,
    ADD COLUMN muted_until timestamptz,            -- NULL: not muted; 'infinity': forever
    ADD COLUMN marked_unread boolean NOT NULL DEFAULT false;
