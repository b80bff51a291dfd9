"""Webhook verification vectors for both SDKs, signed by the connector's own signer
(connector/webhooks/signing.py, which signs with svix): what each verifier must accept
and refuse. `python -m tests.sdk.webhook_vectors` writes sdk/testdata/webhook-vectors.json,
which the TypeScript SDK's tests read; a test holds the file to what this makes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from connector.webhooks.signing import signature_headers

VECTORS_FILE = Path(__file__).resolve().parents[2] / "sdk" / "testdata" / "webhook-vectors.json"

# fixed, so the file is the same every time it is made (svix's signatures are HMACs)
_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
_NEW_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
_AT = datetime(2026, 12, 7, 0, 0, 0, tzinfo=UTC)
_ID = "evt_2fGj1lWq8bqH1cZ9"
_BODY = (
    '{"id":"evt_2fGj1lWq8bqH1cZ9","type":"message","companyId":"962302",'
    '"timestamp":1796601600000,"data":{"from":"79001234567","text":"Olá, 世界 👋"}}'
)


def _vector(name: str, valid: bool, secret: str = _SECRET, **changes: Any) -> dict[str, Any]:
    """A request signed at _AT, changed as `changes` say, checked `age_s` seconds later."""
    headers = signature_headers(changes.get("signers", [_SECRET]), _ID, _BODY, _AT)
    headers.update(changes.get("headers", {}))
    for header in changes.get("without", []):
        del headers[header]
    if changes.get("title_case"):
        headers = {k.title(): value for k, value in headers.items()}
    return {
        "name": name,
        "secret": secret,
        "headers": headers,
        "body": changes.get("body", _BODY),
        "now": _AT.timestamp() + changes.get("age_s", 30),
        "valid": valid,
    }


def build() -> list[dict[str, Any]]:
    rotated = [_NEW_SECRET, _SECRET]
    return [
        _vector("signed with the secret", True),
        _vector("rotated secret overlapping: the old one verifies", True, signers=rotated),
        _vector(
            "rotated secret overlapping: the new one verifies", True, _NEW_SECRET, signers=rotated
        ),
        _vector(
            "header names in another case, a clock 30 s behind", True, title_case=True, age_s=-30
        ),
        _vector("another secret", False, _NEW_SECRET),
        _vector("the body changed", False, body=_BODY.replace("Olá", "Ola")),
        _vector("the id changed", False, headers={"webhook-id": "evt_other"}),
        _vector(
            "the timestamp changed",
            False,
            headers={"webhook-timestamp": str(int(_AT.timestamp()) + 1)},
        ),
        _vector("older than 5 minutes", False, age_s=301),
        _vector("more than 5 minutes ahead", False, age_s=-301),
        _vector("a timestamp in other digits", False, headers={"webhook-timestamp": "١٧٩٦٦٠١٦٠٠"}),
        _vector("no signature", False, without=["webhook-signature"]),
        _vector("no timestamp", False, without=["webhook-timestamp"]),
        _vector("another scheme version", False, headers={"webhook-signature": "v2,AAAA"}),
    ]


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    VECTORS_FILE.write_text(render(), encoding="utf-8")
