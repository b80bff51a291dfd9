-- A tenant's outbound proxy (docs/proxies.md): its session's WhatsApp socket and media
-- transfers go through it, never around it. `proxy_url` is the URL as reads show it
-- (password redacted); `proxy_sealed` the whole URL sealed like other secrets. Both are
-- set or cleared together.
ALTER TABLE tenants
    ADD COLUMN proxy_url text,
    ADD COLUMN proxy_sealed text,
    ADD CONSTRAINT tenants_proxy_whole CHECK ((proxy_url IS NULL) = (proxy_sealed IS NULL));
