"""Event streams: the outbox's events published to RabbitMQ (AMQP 0-9-1) and NATS
JetStream (docs/event-streams.md).

A stream is a destination row beside the webhook endpoints (`kind` 'amqp' or 'nats',
wagate/tables/webhook_endpoints.py), per tenant or installation-wide, so the durable
outbox (connector/webhooks/outbox.py) owes it each event in the transaction that records
the event, and a dispatcher of its own (connector/webhooks/dispatcher.py, claiming only
streams) sends them in order, leased, retried with back-off while the broker is away and
never given up on. Its attempt is a publication the broker confirms, with the event id as
the message id, instead of an HTTP POST.

publishers.py  one confirmed publication per attempt, connections kept per broker
settings.py    the installation-wide streams the connector's settings name
"""
