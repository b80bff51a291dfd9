"""Media in the connector: sending files (from the blob store or a URL, voice notes made
OGG/Opus), incoming attachments (a row with their message, copied into the blob store on
arrival, on first request, or never) and the retention sweep."""
