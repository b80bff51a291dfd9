"""`wagate tenant …`, `wagate api-key …`, `wagate rotate-credentials`, `wagate quarantine
list`: bootstrap and operate without a running gateway, straight against PostgreSQL (and
the bus, to stop a disabled tenant's session)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from redis.asyncio import Redis

from gateway.api_keys import ApiKeys
from gateway.bus_client import BusClient, RedisBus
from gateway.database import Database
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.tenant_ids import COMPANY_ID
from gateway.tenants import Tenants
from gateway.tenants_api import api_key_json, tenant_json
from wagate.bus import BusKeys, Command, Stop, Stopped
from wagate.config import ENGINES, Settings
from wagate.migrate import prepare_database


def add_parsers(sub: Any) -> None:
    tenant_cmd = sub.add_parser("tenant", help="create, list, disable or enable tenants")
    tsub = tenant_cmd.add_subparsers(dest="action", required=True)
    create = tsub.add_parser("create")
    create.add_argument("company")
    create.add_argument("--name")
    create.add_argument("--rate", type=int, help="sends per minute (default: deployment's)")
    create.add_argument(
        "--engine", choices=ENGINES, help="the tenant's engine (default: WAGATE_ENGINE)"
    )
    tsub.add_parser("list")
    for action in ("disable", "enable"):
        tsub.add_parser(action).add_argument("company")

    key = sub.add_parser("api-key", help="create, list or revoke a tenant's API keys")
    ksub = key.add_subparsers(dest="action", required=True)
    kcreate = ksub.add_parser("create")
    kcreate.add_argument("company")
    kcreate.add_argument("--name", default="cli")
    kcreate.add_argument("--scopes", default="send,read", help="comma list of send,read,manage")
    ksub.add_parser("list").add_argument("company")
    revoke = ksub.add_parser("revoke")
    revoke.add_argument("company")
    revoke.add_argument("key_id")

    quarantine = sub.add_parser(
        "quarantine", help="list session events the database refused, set aside"
    )
    qlist = quarantine.add_subparsers(dest="action", required=True).add_parser("list")
    qlist.add_argument("--company", help="one tenant's (default: all)")
    qlist.add_argument("--limit", type=int, default=50, help="the newest N (default 50)")

    sub.add_parser(
        "rotate-credentials",
        help="re-seal stored WhatsApp credentials under the first WAGATE_CREDENTIALS_KEYS key",
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_run(settings, args))
    except ApiError as e:
        print(f"wagate {args.command}: {e.message}", file=sys.stderr)
        return 1


def _print(data: Any) -> None:
    print(json.dumps(data, indent=2))


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    await prepare_database(settings.database_url)
    if args.command == "rotate-credentials":
        return await _rotate(settings)
    tenant = getattr(args, "company", None)
    if tenant is not None and not COMPANY_ID.fullmatch(tenant):
        print("company ids match ^[A-Za-z0-9_-]{1,64}$", file=sys.stderr)
        return 2
    if args.command == "quarantine":
        return await _quarantined(settings, tenant, args.limit)
    db = Database(settings.database_url, max_size=2)
    try:
        if args.command == "tenant":
            return await _tenant(settings, Tenants(db), args)
        return await _api_key(ApiKeys(db, settings.api_key_pepper), args)
    finally:
        await db.close()


async def _tenant(settings: Settings, tenants: Tenants, args: argparse.Namespace) -> int:
    if args.action == "list":
        _print([tenant_json(t) for t in await tenants.list()])
        return 0
    if args.action == "create":
        created = await tenants.create(args.company, args.name, args.rate, args.engine)
        if created is None:
            print(f"tenant {args.company} exists already", file=sys.stderr)
            return 1
        _print(tenant_json(created))
        return 0
    changes = {"disabled": args.action == "disable"}
    updated = await tenants.update(args.company, changes, settings.engine)
    if updated is None:
        print(f"no tenant {args.company}", file=sys.stderr)
        return 1
    if args.action == "disable":
        await _stop_session(settings, args.company)
    _print(tenant_json(updated))
    return 0


async def _stop_session(settings: Settings, tenant_id: str) -> None:
    redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2)
    try:
        bus = BusClient(RedisBus(redis, BusKeys(settings.redis_prefix), settings.command_timeout_s))
        await bus.call_ok(Command.of(tenant_id, Stop("tenant_disabled")), Stopped)
    except ApiError as e:
        # the command stays queued when only the connector is slow; say so either way
        print(f"session not stopped yet: {e.message}", file=sys.stderr)
    finally:
        await redis.aclose()


async def _api_key(keys: ApiKeys, args: argparse.Namespace) -> int:
    if args.action == "list":
        _print([api_key_json(k) for k in await keys.list(args.company)])
        return 0
    if args.action == "revoke":
        record = await keys.revoke(args.company, args.key_id)
        if record is None:
            print("no such API key for this tenant", file=sys.stderr)
            return 1
        _print(api_key_json(record))
        return 0
    try:
        scopes = [Scope(s.strip()) for s in args.scopes.split(",") if s.strip()]
    except ValueError:
        print("scopes are send, read and manage", file=sys.stderr)
        return 2
    record, key = await keys.create(args.company, args.name, scopes)
    _print({**api_key_json(record), "key": key})
    print("Store this key now: it is not shown again.", file=sys.stderr)
    return 0


async def _rotate(settings: Settings) -> int:
    count, endpoints = await reseal_stored(settings)
    print(f"re-sealed {count} stored credential(s) under the newest key")
    print(f"re-sealed the signing secrets of {endpoints} webhook endpoint(s)")
    return 0


async def reseal_stored(settings: Settings) -> tuple[int, int]:
    """Every stored credential (sessions' and tenant proxies') and webhook secret under
    the newest key: (credentials, endpoints) re-sealed."""
    from connector.store import Store
    from wagate import db
    from wagate.sealing import Sealer
    from wagate.webhook_secrets import seal_stored

    pool = await db.create_pool(settings.database_url, max_size=2)
    sealer = Sealer(settings.credentials_keys)
    try:
        store = Store(pool, sealer)
        # a tenant's proxy URL carries the proxy's credentials: counted with the sessions'
        count = await store.reseal_all() + await store.reseal_proxies()
        endpoints = await seal_stored(pool, sealer, only_clear=False)
    finally:
        await pool.close()
    return count, endpoints


async def _quarantined(settings: Settings, tenant_id: str | None, limit: int) -> int:
    from wagate import db
    from wagate.tables import event_quarantine

    pool = await db.create_pool(settings.database_url, max_size=2)
    try:
        rows = await event_quarantine.recent(pool, tenant_id, max(1, limit))
    finally:
        await pool.close()
    _print(
        [
            {
                "companyId": row.tenant_id,
                "eventId": row.event_id,
                "type": row.event_type,
                "tries": row.tries,
                "error": row.error,
                "setAsideAt": row.created_at.isoformat(),
                "data": json.loads(row.event["data"]),
            }
            for row in rows
        ]
    )
    return 0
