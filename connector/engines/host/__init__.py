"""The whatsmeow engine over engine host processes (connector/enginehost/, Go)."""
