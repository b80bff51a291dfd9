"""The `wagate` command: run each part, or all of them (`wagate up`), and bootstrap tokens."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import signal
import sys
from pathlib import Path

from wagate import serving
from wagate.config import (
    DEV_CREDENTIALS_KEY,
    CommonSettings,
    ConfigError,
    ConnectorSettings,
    GatewaySettings,
    Settings,
    SimSettings,
    logging_settings,
    redacted_url,
)
from wagate.deadlines import within
from wagate.logs import setup_logging
from wagatectl import admin_cli, local_secrets
from wagatectl.local_secrets import LocalSecrets

log = logging.getLogger("wagate")


def _warn_dev_secret(settings: CommonSettings) -> None:
    for name in settings.dev_defaults_in_use():
        log.warning(
            "%s has the built-in development value, which anyone can read in the source. "
            "Set your own before this deployment holds real data.",
            name,
        )


# the commands that read the install's secrets from WAGATE_DATA_DIR (`up` makes them)
_DATA_DIR_COMMANDS = ("up", "token", "migrate", "tenant", "api-key", "rotate-credentials")


def _with_local_secrets(settings: Settings, command: str) -> tuple[Settings, LocalSecrets | None]:
    data_dir = Path(settings.data_dir)
    if command == "up":
        local: LocalSecrets | None = local_secrets.read_or_create(data_dir)
    else:
        local = local_secrets.read(data_dir)
    if local is None:
        return settings, None
    if local.keeps_dev_pepper:
        log.warning(
            "this install predates generated secrets: its API keys stay under the development "
            "pepper. To move them: issue new keys with WAGATE_API_KEY_PEPPER set, revoke the old."
        )
    return local_secrets.apply(settings, local, os.environ), local


def _describe_defaults(
    settings: Settings, embedded_postgres: bool = False, embedded_redis: bool = False
) -> None:
    def source(configured: str, is_default: bool, embedded: bool) -> str:
        if embedded:
            return f"embedded, data in {Path(settings.data_dir).resolve()}"
        return "default" if is_default else configured

    pg = source("DATABASE_URL", settings.database_url_is_default, embedded_postgres)
    rd = source("REDIS_URL", settings.redis_url_is_default, embedded_redis)
    log.info("PostgreSQL: %s (%s)", redacted_url(settings.database_url), pg)
    log.info("Redis: %s (%s)", redacted_url(settings.redis_url), rd)


async def _migrate(settings: Settings) -> None:
    from wagate.migrate import prepare_database

    applied = await prepare_database(settings.database_url)
    log.info("migrations: %s", ", ".join(applied) if applied else "up to date")


def _run_sim(settings: Settings) -> int:
    from simnet.main import serve_sim

    asyncio.run(serve_sim(SimSettings.part_of(settings)))
    return 0


def _run_gateway(settings: Settings) -> int:
    from gateway.app import serve_gateway

    _warn_dev_secret(settings)
    serving.run_event_loop(serve_gateway(GatewaySettings.part_of(settings)))
    return 0


def _run_connector(settings: Settings) -> int:
    from connector.lock import AnotherConnectorRunning
    from connector.main import run_connector

    _warn_dev_secret(settings)
    try:
        return serving.run_event_loop(run_connector(ConnectorSettings.part_of(settings)))
    except AnotherConnectorRunning as e:
        log.error("%s", e)
        return 3


def _up(settings: Settings, local: LocalSecrets) -> int:
    """`wagate up`: PostgreSQL and Redis as configured, found, or embedded (stopped on
    exit), then the three parts."""
    from wagatectl.embedded import EmbeddedUnavailable, prepare

    _warn_dev_secret(settings)
    try:
        servers = prepare(settings, local)
    except EmbeddedUnavailable as e:
        log.error("%s", e)
        return 2
    try:
        settings = dataclasses.replace(
            settings, database_url=servers.database_url, redis_url=servers.redis_url
        )
        _describe_defaults(settings, servers.embedded_postgres, servers.embedded_redis)
        return serving.run_event_loop(_run_parts(settings, local))
    finally:
        servers.stop()


async def _retire_dev_key(settings: Settings, local: LocalSecrets) -> Settings:
    """Data an earlier wagate sealed with the development key, re-sealed under the
    install's own; then that key opens nothing here any more."""
    if settings.credentials_keys[1:] != (DEV_CREDENTIALS_KEY,) or local.dev_key_retired:
        return settings  # the keys are configured, or the work is done
    credentials, endpoints = await admin_cli.reseal_stored(settings)
    if credentials or endpoints:
        log.info(
            "re-sealed %d session credential(s) and %d webhook secret(s) under this "
            "install's own key",
            credentials,
            endpoints,
        )
    local_secrets.retire_dev_key(Path(settings.data_dir), local)
    return dataclasses.replace(settings, credentials_keys=settings.credentials_keys[:1])


async def _sign_in_link(settings: Settings, gateway: str) -> str | None:
    """/console#code=…: a single-use code, kept (hashed) in Redis for the gateway."""
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    from gateway.sign_in import create_code

    redis = Redis.from_url(settings.redis_url)
    try:
        code = await create_code(redis, settings.redis_prefix, settings.sign_in_code_ttl_s)
    except RedisError as e:  # the gateway will say so too; sign in with a token meanwhile
        log.warning("no sign-in link: Redis refused its code: %s", e)
        return None
    finally:
        await redis.aclose()
    return f"{gateway}/console#code={code}"


async def _announce_console(settings: Settings, gateway: str) -> None:
    link = None
    if settings.jwt_algorithm != "HS256":
        how = "Sign in with a token from your identity provider."
    else:
        link = await _sign_in_link(settings, gateway)
        ttl = settings.sign_in_code_ttl_s
        within = f"{ttl // 60} min" if ttl >= 60 else f"{ttl} s"
        how = (
            f"Open the link to sign in: it works once, within {within}. Later, paste a token "
            "from `wagate token --admin`."
            if link
            else "Sign in with a token from `wagate token --admin`."
        )
    log.info("console: %s (API docs: %s/docs). %s", link or f"{gateway}/console", gateway, how)


def _browsable(host: str) -> str:
    """The address a browser here reaches a gateway bound to `host` at."""
    if host in ("", "0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


async def _run_parts(settings: Settings, local: LocalSecrets) -> int:
    """Start sim, connector and gateway as child processes in this terminal; stop all on
    Ctrl-C. Each child is a real separate process, exactly as in production."""
    await _migrate(settings)
    settings = await _retire_dev_key(settings, local)
    children: list[asyncio.subprocess.Process] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        **local_secrets.as_env(settings),
    }
    for part in ("sim", "connector", "gateway"):
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "wagatectl", part, env=env
        )
        children.append(child)
        await asyncio.sleep(0.5 if part != "gateway" else 0)
    exits = [asyncio.create_task(c.wait()) for c in children]
    waiter = asyncio.create_task(stop.wait())
    gateway = f"http://{_browsable(settings.host)}:{settings.port}"
    log.info(
        "wagate is up: API %s/api/whatsapp, sim http://%s:%d  (Ctrl-C stops)",
        gateway,
        settings.sim_host,
        settings.sim_port,
    )
    await _announce_console(settings, gateway)
    done, _ = await asyncio.wait([waiter, *exits], return_when=asyncio.FIRST_COMPLETED)
    failed = [c for c, e in zip(children, exits, strict=True) if e in done]
    for child in failed:
        log.error("a part exited with code %s; stopping the others", child.returncode)
    for child in reversed(children):  # gateway first, sim last
        if child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signal.SIGTERM)
            with contextlib.suppress(TimeoutError):
                await within(child.wait(), 30)
            if child.returncode is None:
                child.kill()
    waiter.cancel()
    return 1 if failed else 0


def _token(settings: Settings, args: argparse.Namespace) -> int:
    from gateway.tokens import issue_token

    if not args.admin and not args.company:
        print("wagate token: give --company ID or --admin", file=sys.stderr)
        return 2
    _warn_dev_secret(settings)
    try:
        print(issue_token(settings, tenant_id=args.company, admin=args.admin, ttl_s=args.ttl))
    except ValueError as e:
        print(f"wagate token: {e}", file=sys.stderr)
        return 2
    return 0


def _mcp(settings: Settings) -> int:
    try:
        from wagatectl import mcp_server
    except ImportError as e:  # the `mcp` extra is not installed
        log.error("wagate mcp needs the MCP SDK: pip install 'wagate[mcp]' (%s)", e)
        return 2
    return mcp_server.run(settings)


def _chatwoot(settings: Settings) -> int:
    from integrations.chatwoot import main as bridge

    return bridge.run(settings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wagate", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="run sim network, connector and gateway together")
    sub.add_parser("gateway", help="run one gateway (HTTP API and WebSocket)")
    sub.add_parser("connector", help="run the connector (holds every WhatsApp session)")
    sub.add_parser("sim", help="run the simulated WhatsApp network")
    sub.add_parser("migrate", help="create the database if needed and apply migrations")
    token = sub.add_parser("token", help="print a JWT for a tenant or an operator")
    who = token.add_mutually_exclusive_group()
    who.add_argument("--company", help="tenant company id")
    who.add_argument("--admin", action="store_true", help="operator token (all tenants)")
    token.add_argument("--ttl", type=int, default=24 * 3600, help="lifetime in seconds")
    sub.add_parser(
        "mcp",
        help="serve MCP tools (send, check numbers, status) over stdio with one API key "
        "(WAGATE_MCP_API_KEY, WAGATE_MCP_COMPANY_ID, WAGATE_MCP_API_URL)",
    )
    sub.add_parser(
        "chatwoot",
        help="run the Chatwoot bridge: WhatsApp messages into a Chatwoot inbox, agents' "
        "replies out (docs/chatwoot.md; WAGATE_CHATWOOT_* settings)",
    )
    admin_cli.add_parsers(sub)
    args = parser.parse_args(argv)

    setup_logging(args.command, *logging_settings())
    local = None
    try:
        settings = Settings.from_env()
        if args.command in _DATA_DIR_COMMANDS:
            settings, local = _with_local_secrets(settings, args.command)
    except ConfigError as e:
        log.error("configuration: %s", e)
        sys.exit(2)

    if args.command == "token":
        sys.exit(_token(settings, args))
    if args.command in ("tenant", "api-key", "rotate-credentials", "quarantine"):
        sys.exit(admin_cli.run(settings, args))
    if args.command == "mcp":
        sys.exit(_mcp(settings))
    if args.command == "chatwoot":
        sys.exit(_chatwoot(settings))
    if args.command == "migrate":
        _describe_defaults(settings)
        asyncio.run(_migrate(settings))
        sys.exit(0)
    if args.command == "up":
        assert local is not None  # `up` makes them when missing
        sys.exit(_up(settings, local))
    runners = {"sim": _run_sim, "gateway": _run_gateway, "connector": _run_connector}
    sys.exit(runners[args.command](settings))
