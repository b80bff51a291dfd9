"""Security parts tested on their own, with real keys, a real (dead) Redis connection and
the running gateway under fuzzed bodies."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import jwt
import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis

from devstack.stack import Stack, free_port
from devstack.waiting import until
from gateway.errors import ApiError
from gateway.metrics import GatewayMetrics
from gateway.ratelimit import Gate, GateClosed, RateLimiter, StreamAppend
from gateway.tokens import TokenVerifier
from tests.e2e.test_redis_full import _MAXMEMORY, memory_full
from tests.private_redis import private_redis
from wagate.config import Settings
from wagate.sealing import Sealer, SealError


def _claims(**extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "sub": "company:acme",
        "role": "tenant",
        "companyId": "acme",
        "iss": "wagate",
        "aud": "wagate",
        "iat": now,
        "exp": now + 600,
        **extra,
    }


def _pem(public_key: Any) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _hs256_by_hand(claims: dict[str, Any], secret: bytes) -> str:
    """What an attacker builds: PyJWT itself refuses to sign HS256 with a PEM key."""

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    signing_input = b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(json.dumps(claims).encode())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


def _verifier(**env: str) -> TokenVerifier:
    return TokenVerifier(Settings.from_env(env))


def _refused(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(ApiError) as e:
        verifier.verify(token)
    return e.value.code


def test_rs256_with_a_public_key_and_no_algorithm_confusion(tmp_path: Path) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "public.pem"
    pem.write_text(_pem(private.public_key()))
    verifier = _verifier(WAGATE_JWT_ALGORITHM="RS256", WAGATE_JWT_PUBLIC_KEY_FILE=str(pem))

    good = jwt.encode(_claims(), private, algorithm="RS256")
    assert verifier.verify(good).tenant_id == "acme"
    # the classic confusion: HS256 "signed" with the public key as the secret
    forged = _hs256_by_hand(_claims(), pem.read_bytes())
    assert _refused(verifier, forged) == "token_invalid"
    unsigned = jwt.encode(_claims(), key=None, algorithm="none")
    assert _refused(verifier, unsigned) == "token_invalid"
    for missing in ("exp", "iss", "aud", "sub"):
        claims = _claims()
        del claims[missing]
        assert _refused(verifier, jwt.encode(claims, private, algorithm="RS256")) == "token_invalid"


def test_es256_from_a_jwks_file_picks_the_key_by_kid(tmp_path: Path) -> None:
    keys = {kid: ec.generate_private_key(ec.SECP256R1()) for kid in ("old", "new")}
    jwks = {
        "keys": [
            {
                **json.loads(jwt.algorithms.ECAlgorithm.to_jwk(k.public_key())),
                "kid": kid,
                "alg": "ES256",
                "use": "sig",
            }
            for kid, k in keys.items()
        ]
    }
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks))
    verifier = _verifier(WAGATE_JWT_ALGORITHM="ES256", WAGATE_JWT_JWKS_FILE=str(path))
    for kid, key in keys.items():
        token = jwt.encode(_claims(), key, algorithm="ES256", headers={"kid": kid})
        assert verifier.verify(token).tenant_id == "acme"
    wrong_kid = jwt.encode(_claims(), keys["old"], algorithm="ES256", headers={"kid": "new"})
    assert _refused(verifier, wrong_kid) == "token_invalid"
    unknown = jwt.encode(_claims(), keys["old"], algorithm="ES256", headers={"kid": "other"})
    assert _refused(verifier, unknown) == "token_invalid"


def test_a_remembered_token_is_still_refused_once_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Verified tokens are remembered, but only between the times PyJWT would accept them:
    after exp (plus the leeway) the same string is refused as expired, and before its
    nbf it is refused; a forged one is never remembered."""
    secret = "s" * 32
    verifier = _verifier(WAGATE_JWT_SECRET=secret)
    token = jwt.encode(_claims(), secret, algorithm="HS256")
    decoded = 0
    real_decode = jwt.decode

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal decoded
        decoded += 1
        return real_decode(*args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    assert verifier.verify(token).tenant_id == "acme"
    assert verifier.verify(token).tenant_id == "acme"
    assert decoded == 1  # the second was remembered
    later = time.time() + 600 + 31
    monkeypatch.setattr(time, "time", lambda: later)
    assert _refused(verifier, token) == "token_expired"
    monkeypatch.undo()

    early = jwt.encode(_claims(nbf=int(time.time()) + 300), secret, algorithm="HS256")
    assert _refused(verifier, early) == "token_invalid"
    forged = jwt.encode(_claims(), "x" * 32, algorithm="HS256")
    for _ in range(2):
        assert _refused(verifier, forged) == "token_invalid"


def test_asymmetric_algorithms_need_a_key() -> None:
    from wagate.config import ConfigError

    with pytest.raises(ConfigError):
        Settings.from_env({"WAGATE_JWT_ALGORITHM": "RS256"})


async def test_rate_limiter_falls_back_to_memory_when_redis_is_gone() -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    metrics = GatewayMetrics()
    limiter = RateLimiter(dead, "wagate-test", metrics)
    try:
        decisions = [await limiter.hit("send", "acme", 3) for _ in range(5)]
    finally:
        await dead.aclose()
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert limiter.fallback_active
    text = metrics.prometheus_text()
    assert "wagate_ratelimit_fallback_active 1.0" in text
    assert 'wagate_ratelimit_rejections_total{kind="send"} 2.0' in text


async def test_rate_limiter_window_in_redis() -> None:
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    prefix = f"wagate-test-{time.monotonic_ns()}"
    limiter = RateLimiter(redis, prefix, GatewayMetrics())
    try:
        decisions = [await limiter.hit("send", "acme", 2, window_s=0.3) for _ in range(3)]
        assert [d.allowed for d in decisions] == [True, True, False]
        assert 0 < decisions[-1].reset_s <= 0.3
        await asyncio.sleep(0.35)
        assert (await limiter.hit("send", "acme", 2, window_s=0.3)).allowed
        assert not limiter.fallback_active
    finally:
        await redis.aclose()


@pytest.mark.parametrize("redis_up", [True, False])
async def test_a_full_gate_refuses_a_hit_and_counts_nothing(redis_up: bool) -> None:
    """The lockout in front of a send, in the send's own Redis call (or, Redis away, in
    memory): a full gate raises with the gate's figures and leaves the window untouched."""
    port = 6379 if redis_up else free_port()
    redis = Redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=0.5)
    limiter = RateLimiter(redis, f"wagate-test-{time.monotonic_ns()}", GatewayMetrics())
    gate = Gate("authfail", "203.0.113.1", 2)
    try:
        assert (await limiter.hit("send", "acme", 5, gate=gate)).remaining == 4
        for _ in range(2):
            assert (await limiter.hit("authfail", "203.0.113.1", 2)).allowed
        with pytest.raises(GateClosed) as closed:
            await limiter.hit("send", "acme", 5, gate=gate)
        assert closed.value.decision.limit == 2 and not closed.value.decision.allowed
        assert 0 < closed.value.decision.reset_s <= 60
        assert (await limiter.peek("send", "acme", 5)).remaining == 4  # nothing counted
        assert limiter.fallback_active is not redis_up
    finally:
        await redis.aclose()


@pytest.mark.parametrize("redis_up", [True, False])
async def test_a_counted_hit_adds_its_stream_entry_and_a_refused_one_adds_none(
    redis_up: bool,
) -> None:
    """A send's command goes on the bus in its rate limit's Redis call: only when the hit
    counts (not past the limit, not behind a full gate), and with Redis away the decision
    says it is not there, so the caller queues it itself."""
    port = 6379 if redis_up else free_port()
    redis = Redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=0.5)
    prefix = f"wagate-test-{time.monotonic_ns()}"
    limiter = RateLimiter(redis, prefix, GatewayMetrics())
    stream = f"{prefix}:commands"
    gate = Gate("authfail", "203.0.113.1", 1)

    def entry(n: int) -> StreamAppend:
        return StreamAppend(stream, {"id": f"c{n}", "payload": '{"x":1}'})

    try:
        decisions = [await limiter.hit("send", "acme", 2, append=entry(n)) for n in range(3)]
        assert [(d.allowed, d.appended) for d in decisions] == [
            (True, redis_up),
            (True, redis_up),
            (False, False),
        ]
        assert (await limiter.hit("authfail", "203.0.113.1", 1)).allowed
        with pytest.raises(GateClosed):
            await limiter.hit("send", "other", 5, gate=gate, append=entry(9))
        if redis_up:
            added = await redis.xrange(stream)
            assert [fields for _, fields in added] == [
                {b"id": b"c0", b"payload": b'{"x":1}'},
                {b"id": b"c1", b"payload": b'{"x":1}'},
            ]
    finally:
        if redis_up:
            await redis.delete(stream)
        await redis.aclose()


async def test_a_redis_past_its_maxmemory_takes_no_stream_entry_from_a_hit() -> None:
    """A Redis that refuses writes (maxmemory, noeviction) refuses the command's entry
    as it refused a bare XADD: the caller is told it is not there and queues it itself
    (and is refused), rather than a command queued whose reply cannot be written."""
    with private_redis(maxmemory=_MAXMEMORY) as bounded:
        redis = Redis.from_url(bounded.url)
        limiter = RateLimiter(redis, "wagate-test", GatewayMetrics())
        entry = StreamAppend("wagate-test:commands", {"id": "c1"})
        try:
            assert (await limiter.hit("send", "acme", 5, append=entry)).appended
            async with memory_full(bounded.url):
                decision = await limiter.hit("send", "acme", 5, append=entry)
                assert decision.allowed and not decision.appended
            assert await redis.xlen("wagate-test:commands") == 1
        finally:
            await redis.aclose()


def test_sealed_credentials_survive_a_key_rotation() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = Sealer((old,)).seal({"device_id": "d1", "secret": "s3cr3t"})
    assert "s3cr3t" not in sealed
    rotated = Sealer((new, old)).reseal(sealed)
    assert Sealer((new,)).open(rotated) == {"device_id": "d1", "secret": "s3cr3t"}
    with pytest.raises(SealError):
        Sealer((new,)).open(sealed)  # the old key is needed until rotation ran
    with pytest.raises(SealError):
        Sealer(("not-a-key",))


def test_rotate_credentials_command(stack: Stack) -> None:
    tenant = stack.new_tenant()
    made = httpx.post(
        f"{stack.api}/webhooks", headers=stack.auth(tenant), json={"url": "http://127.0.0.1:9/"}
    )
    assert made.status_code == 201, made.text
    secret, endpoint_id = made.json()["secret"], made.json()["endpoint"]["id"]
    proxy = "socks5://u:pw@proxy.example:1080"
    set_proxy = httpx.put(
        f"{stack.api}/tenants/{tenant}/proxy", headers=stack.admin(), json={"url": proxy}
    )
    assert set_proxy.status_code == 200, set_proxy.text

    async def stored_secret() -> str:
        return await _one_value(
            stack, "SELECT secret FROM webhook_endpoints WHERE id = $1", endpoint_id
        )

    async def stored_proxy() -> str:
        return await _one_value(
            stack, "SELECT proxy_sealed FROM tenants WHERE tenant_id = $1", tenant
        )

    new = Fernet.generate_key().decode()
    env = {**stack.env, "WAGATE_CREDENTIALS_KEYS": f"{new},{stack.settings.credentials_keys[0]}"}
    done = subprocess.run(
        [sys.executable, "-m", "wagate", "rotate-credentials"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "re-sealed" in done.stdout
    # the webhook secret now opens with the new key alone
    assert Sealer((new,)).open_text(asyncio.run(stored_secret())) == secret
    assert Sealer((new,)).open_text(asyncio.run(stored_proxy())) == proxy  # a proxy's too
    # put the deployment's key back first, so the rest of the suite reads what it wrote
    back = {**stack.env, "WAGATE_CREDENTIALS_KEYS": f"{stack.settings.credentials_keys[0]},{new}"}
    subprocess.run(
        [sys.executable, "-m", "wagate", "rotate-credentials"],
        env=back,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


# ---- fuzzing: whatever the body, never a 500 and never a trace ---------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)
_bodies = st.one_of(
    _json,
    st.fixed_dictionaries({"phone": _json, "message": _json}),
    st.fixed_dictionaries({"name": _json, "scopes": _json}),
    st.fixed_dictionaries({"companyId": _json, "sendRatePerMinute": _json}),
)


@pytest.fixture(scope="module")
def fuzz_target(stack: Stack) -> dict[str, Any]:
    return {"api": stack.api, "headers": stack.admin(), "company": stack.new_tenant()}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=_bodies,
    path=st.sampled_from(
        ["/sessions/{c}/send", "/sessions/{c}/pairing-code", "/tenants/{c}/api-keys", "/tenants"]
    ),
)
def test_fuzzed_bodies_never_break_the_gateway(
    fuzz_target: dict[str, Any], body: Any, path: str
) -> None:
    url = fuzz_target["api"] + path.format(c=fuzz_target["company"])
    with httpx.Client(timeout=20) as c:
        r = c.post(url, headers=fuzz_target["headers"], content=json.dumps(body))
    assert r.status_code < 500 or r.json()["code"] in ("connector_timeout", "engine_timeout")
    assert r.json()["success"] in (True, False)
    assert "Traceback" not in r.text


async def test_logs_hold_no_credentials(stack: Stack, client: httpx.AsyncClient) -> None:
    """Every kind of secret passes through the stack here (a JWT, an API key, good and
    wrong, a webhook's signing secret, a session's engine credentials); none reaches a
    log, though the logs record what was done with them."""
    tenant = stack.new_tenant()
    key = await stack.api_key(client, tenant)
    status = f"{stack.api}/sessions/{tenant}/status"
    assert (await client.get(status, headers={"X-API-Key": key + "x"})).status_code == 401
    forged = jwt.encode(_claims(companyId=tenant), "not-the-secret-" + "x" * 32)
    assert (
        await client.get(status, headers={"Authorization": f"Bearer {forged}"})
    ).status_code == 401
    made = await client.post(
        f"{stack.api}/webhooks", headers={"X-API-Key": key}, json={"url": "http://127.0.0.1:9/"}
    )
    assert made.status_code == 201, made.text
    await stack.connect_session(client, tenant)
    sealed = await _one_value(
        stack, "SELECT sealed FROM session_credentials WHERE tenant_id = $1", tenant
    )
    credentials = Sealer(stack.settings.credentials_keys).open(sealed)

    def logs() -> str:
        return "".join(p.read_text(errors="replace") for p in stack.logs.glob("*.log"))

    async def mentioned() -> bool:
        return tenant in logs()

    # the connector logged this session's start (the logs are this test's, not empty)
    await until(mentioned, f"a log line about {tenant}")
    secrets = {
        "the JWT secret": stack.settings.jwt_secret,
        "the API key pepper": stack.settings.api_key_pepper,
        "the API key": key,
        "the tenant's token": stack.token(tenant),
        "the forged token": forged,
        "the webhook secret": made.json()["secret"],
        "the sealed credentials": sealed,
        **{f"credential {k}": str(v) for k, v in credentials.items() if len(str(v)) >= 8},
    }
    found = [what for what, secret in secrets.items() if secret in logs()]
    assert not found, found
    assert "gAAAA" not in logs()  # no sealed credential, let alone an open one


async def _one_value(stack: Stack, query: str, arg: str) -> str:
    pg = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        value: str = await pg.fetchval(query, arg)
        return value
    finally:
        await pg.close()
