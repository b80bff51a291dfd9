-- A tenant may run on an engine other than the deployment's WAGATE_ENGINE (NULL: that
-- default). A session keeps the engine it was created on: its credentials belong to it.
ALTER TABLE tenants
    ADD COLUMN engine text CHECK (engine IN ('sim', 'whatsmeow'));
