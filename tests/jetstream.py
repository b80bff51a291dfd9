"""NATS JetStream as the tests read it: streams made afresh, and everything a stream holds
on a subject (what a consumer of wagate's event streams would get)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import nats
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError


@dataclass(frozen=True)
class Held:
    msg_id: str  # the Nats-Msg-Id header: the event id
    subject: str
    body: bytes


async def fresh_streams(url: str, streams: dict[str, list[str]]) -> None:
    """Each named JetStream stream, on file (it outlives a server restart), holding its
    subjects, emptied of what an earlier test left."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for name, subjects in streams.items():
            with contextlib.suppress(NotFoundError):
                await js.delete_stream(name)
            config = StreamConfig(name=name, subjects=subjects, storage=StorageType.FILE)
            await js.add_stream(config)
    finally:
        await nc.close()


async def held(url: str, stream: str, subject: str) -> list[Held]:
    """Every message `stream` holds on `subject`, in order."""
    nc = await nats.connect(url)
    try:
        sub = await nc.jetstream().pull_subscribe(subject, stream=stream)
        got: list[Held] = []
        while True:
            try:
                batch = await sub.fetch(100, timeout=0.5)
            except TimeoutError:  # nats' own, or asyncio's raised as it is by fetch
                return got
            for msg in batch:
                got.append(Held((msg.headers or {})["Nats-Msg-Id"], msg.subject, msg.data))
                await msg.ack()
    finally:
        await nc.close()
