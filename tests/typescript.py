"""Compiling the repository's TypeScript packages for the tests that run them against a
deployment (the SDK's, the n8n nodes'): only when a source is newer than the output, as
`make tstest` and `make n8ntest` compile both just before pytest, and a test in another
worker may be importing the SDK's compiled files at that moment."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import httpx

from devstack.stack import Stack
from devstack.webhook_receiver import Received, Receiver


def _stale(package: Path) -> bool:
    def ours(path: Path) -> bool:
        return not {"node_modules", "dist"} & set(path.relative_to(package).parts)

    sources = [p for p in package.rglob("*.ts") if ours(p)]
    built = list((package / "dist").rglob("*.js"))
    newest_source = max(p.stat().st_mtime for p in sources)
    return not built or min(p.stat().st_mtime for p in built) < newest_source


async def compile_if_stale(package: Path) -> None:
    if not _stale(package):
        return
    tsc = package / "node_modules" / ".bin" / "tsc"  # `make install` put it there (npm ci)
    build = await asyncio.create_subprocess_exec(str(tsc), "-p", "tsconfig.json", cwd=package)
    assert await build.wait() == 0


async def run_script(package: Path, script: str, env: dict[str, str]) -> dict[str, Any]:
    """Runs a package's live script with node; its answer is the JSON of its last line."""
    node = await asyncio.create_subprocess_exec(
        "node", script, cwd=package, env=env, stdout=subprocess.PIPE
    )
    async with asyncio.timeout(60):
        out, _ = await node.communicate()
    assert node.returncode == 0, out
    answer: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return answer


async def signed_delivery(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver, key: str, text: dict[str, str]
) -> tuple[dict[str, Any], Received]:
    """A webhook request the connector signed, for a verifier to check: an endpoint for
    `message` events, then `text` ({from: a phone, to: the session's number, text}) sent.
    Answers the request as the live scripts take it ({secret, body, headers}) and the
    delivery as the receiver took it."""
    url = receiver.add()
    r = await client.post(
        f"{stack.api}/webhooks",
        headers={"X-API-Key": key},
        json={"url": url, "eventTypes": ["message"]},
    )
    assert r.status_code == 201, r.text
    secret = r.json()["secret"]
    r = await client.post(
        f"{stack.sim}/phones/{text['from']}/messages",
        json={"to": text["to"], "text": text["text"]},
    )
    assert r.status_code in (200, 201, 202), r.text
    [delivery] = await receiver.wait_accepted(url, 1)
    hook = {"secret": secret, "body": delivery.body.decode(), "headers": delivery.headers}
    return hook, delivery
