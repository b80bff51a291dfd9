"""Signed outbound webhooks with a durable outbox.

outbox.py      an event becomes owed to the tenant's endpoints (written before the
               event is visible anywhere)
queue.py       the outbox as a work queue: claim due heads, record attempts
dispatcher.py  the loop and the slots that send, in order per endpoint
sender.py      one signed, bounded HTTP attempt
http1.py       the lean HTTP/1.1 client it goes through (h11 does the protocol),
               connecting only to addresses the SSRF guard approved
transport.py   the same guard for httpx (media fetched from a URL)
signing.py     Standard Webhooks signatures through `svix`
schedule.py    the retry policy
"""
