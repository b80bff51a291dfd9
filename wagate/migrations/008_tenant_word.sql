-- One word for the tenant in the schema as in the code: `company_id` columns become
-- `tenant_id` (the API keeps `companyId`, the seed's contract). Indexes and foreign keys
-- follow a renamed column by themselves.
ALTER TABLE tenants RENAME COLUMN company_id TO tenant_id;
ALTER TABLE sessions RENAME COLUMN company_id TO tenant_id;
ALTER TABLE session_credentials RENAME COLUMN company_id TO tenant_id;
ALTER TABLE message_log RENAME COLUMN company_id TO tenant_id;
ALTER TABLE api_keys RENAME COLUMN company_id TO tenant_id;
ALTER TABLE webhook_endpoints RENAME COLUMN company_id TO tenant_id;
ALTER TABLE webhook_events RENAME COLUMN company_id TO tenant_id;
ALTER TABLE webhook_deliveries RENAME COLUMN company_id TO tenant_id;
ALTER TABLE event_log RENAME COLUMN company_id TO tenant_id;
ALTER TABLE media RENAME COLUMN company_id TO tenant_id;
ALTER TABLE poll_options RENAME COLUMN company_id TO tenant_id;
