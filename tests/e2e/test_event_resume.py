"""A resume never skips silently: what the trimmed stream no longer holds comes from the
event log, in order and once, then the live events; past the log's retention a gap notice
says where the events pick up again."""

from __future__ import annotations

from devstack.stack import Stack, deployment
from devstack.waiting import until
from tests.e2e.event_helpers import (
    commit_events,
    logged_ids,
    position,
    read_frames,
    stream_first_id,
)
from tests.gateway.test_openapi_contract import Contract, load_spec


async def test_a_resume_past_the_trimmed_stream_is_backfilled_from_the_event_log(
    stack: Stack,
) -> None:
    """A reader gone after 884 events, while 12,000 arrived: the stream keeps the last
    10,000; the resume gets all 11,116 it missed, in order, once, then live ones."""
    tenant = stack.new_tenant()
    await commit_events(stack, tenant, range(884))
    async with stack.events(tenant, since="0-0") as events:
        got = await read_frames(events, 884)
    assert [e["data"]["n"] for e in got] == list(range(884))
    await commit_events(stack, tenant, range(884, 12_000))
    assert position(await stream_first_id(stack, tenant)) > position(got[-1]["id"])

    async with stack.events(tenant, since=got[-1]["id"]) as events:
        rest = await read_frames(events, 12_000 - 884)
        assert [e["data"]["n"] for e in rest] == list(range(884, 12_000))
        ids = [position(e["id"]) for e in rest]
        assert ids == sorted(set(ids))
        await commit_events(stack, tenant, range(12_000, 12_001))
        live = await events.next()
    assert live["data"]["n"] == 12_000 and position(live["id"]) > ids[-1]


async def test_a_resume_past_the_event_log_retention_gets_a_gap_notice() -> None:
    async with deployment(parts=("connector", "gateway"), WAGATE_EVENT_LOG_RETENTION="1") as stack:
        tenant = stack.new_tenant()
        await commit_events(stack, tenant, range(100))
        async with stack.events(tenant, since="0-0") as events:
            got = await read_frames(events, 100)
        await commit_events(stack, tenant, range(100, 10_300))

        async def pruned() -> bool:  # past the retention, the log no longer has them
            return not await logged_ids(stack, tenant)

        await until(pruned, "the event log to be pruned", 30)
        first = await stream_first_id(stack, tenant)
        assert position(first) > position(got[-1]["id"])

        async with stack.events(tenant, since=got[-1]["id"]) as events:
            notice = await events.next()
            Contract(load_spec()).check_ws_frame(notice, "StreamGap")
            assert notice == {
                "type": "gap",
                "companyId": tenant,
                "since": got[-1]["id"],
                "next": first,
            }
            after = await events.next()
            assert after["id"] == first
            held = 10_300 - after["data"]["n"]
            rest = [after, *await read_frames(events, held - 1)]
        assert [e["data"]["n"] for e in rest] == list(range(after["data"]["n"], 10_300))
