"""wagate: a multi-tenant WhatsApp session gateway. See README.md and docs/."""
