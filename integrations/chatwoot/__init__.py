"""The Chatwoot bridge (`wagate chatwoot`, docs/chatwoot.md): WhatsApp messages of one
company become Chatwoot conversations and messages in an API-channel inbox, and agents'
replies go out to WhatsApp, through wagate's public API with one API key.

app.py          the HTTP side: wagate's signed webhooks and Chatwoot's webhook, queued
store.py        every statement on the bridge's tables (migration 017_chatwoot_bridge.sql)
worker.py       the durable queue's two workers (one a direction), in order, with retries
inbound.py      a `message` event into Chatwoot: contact, conversation, message, media
outbound.py     an agent's reply into a send, with an Idempotency-Key per Chatwoot message
chatwoot_api.py the part of Chatwoot's Application API the bridge calls
wagate_api.py   the part of wagate's public API the bridge calls
errors.py       Unavailable (try again later) and Refused (never)
main.py         the process
"""
