"""`ChatwootSettings`: what `wagate chatwoot` (the Chatwoot bridge, docs/chatwoot.md) reads,
besides DATABASE_URL (its tables live in wagate's database)."""

from __future__ import annotations

from dataclasses import dataclass

from wagate.config.declaring import setting
from wagate.config.readers import integer, real, text


@dataclass(frozen=True)
class ChatwootSettings:
    chatwoot_api_url: str = setting(
        "WAGATE_CHATWOOT_API_URL",
        "http://127.0.0.1:3000/api/whatsapp",
        text,
        "`wagate chatwoot` only: the gateway's API the bridge sends and fetches media through",
        cli=True,
    )
    chatwoot_api_key: str = setting(
        "WAGATE_CHATWOOT_API_KEY",
        "",
        text,
        "`wagate chatwoot` only: the API key (`wg_…`, scopes `send` and `read`) it acts with",
        cli=True,
    )
    chatwoot_company_id: str = setting(
        "WAGATE_CHATWOOT_COMPANY_ID",
        "",
        text,
        "`wagate chatwoot` only: the key's tenant, whose WhatsApp number the inbox is",
        cli=True,
    )
    chatwoot_webhook_secret: str = setting(
        "WAGATE_CHATWOOT_WEBHOOK_SECRET",
        "",
        text,
        "`wagate chatwoot` only: the `whsec_…` secret of the wagate webhook endpoint "
        "pointing at the bridge (its requests are verified with it)",
        cli=True,
    )
    chatwoot_url: str = setting(
        "WAGATE_CHATWOOT_URL",
        "",
        text,
        "`wagate chatwoot` only: Chatwoot's address (`https://chatwoot.example.com`)",
        cli=True,
    )
    chatwoot_token: str = setting(
        "WAGATE_CHATWOOT_TOKEN",
        "",
        text,
        "`wagate chatwoot` only: a Chatwoot access token (`api_access_token`) of an agent "
        "or bot of the account",
        cli=True,
    )
    chatwoot_account_id: int = setting(
        "WAGATE_CHATWOOT_ACCOUNT_ID",
        0,
        integer(0),
        "`wagate chatwoot` only: the Chatwoot account id",
        cli=True,
    )
    chatwoot_inbox_id: int = setting(
        "WAGATE_CHATWOOT_INBOX_ID",
        0,
        integer(0),
        "`wagate chatwoot` only: the id of the Chatwoot API-channel inbox the WhatsApp "
        "number's conversations go to",
        cli=True,
    )
    chatwoot_callback_token: str = setting(
        "WAGATE_CHATWOOT_CALLBACK_TOKEN",
        "",
        text,
        "`wagate chatwoot` only: the secret last part of the path Chatwoot's webhook calls "
        "(`/chatwoot/<token>`); at least 16 characters",
        cli=True,
    )
    chatwoot_host: str = setting(
        "WAGATE_CHATWOOT_HOST",
        "127.0.0.1",
        text,
        "`wagate chatwoot` only: the address the bridge listens on",
        cli=True,
    )
    chatwoot_port: int = setting(
        "WAGATE_CHATWOOT_PORT",
        3100,
        integer(0),
        "`wagate chatwoot` only: the port the bridge listens on",
        cli=True,
    )
    chatwoot_retry_base_s: float = setting(
        "WAGATE_CHATWOOT_RETRY_BASE",
        1.0,
        real(0.01),
        "`wagate chatwoot` only: seconds before a queued message's first retry while "
        "Chatwoot or wagate is unreachable; doubled each time",
        cli=True,
    )
    chatwoot_retry_cap_s: float = setting(
        "WAGATE_CHATWOOT_RETRY_CAP",
        300.0,
        real(0.01),
        "`wagate chatwoot` only: the longest wait between retries (they go on until the "
        "message is through or refused)",
        cli=True,
    )
    chatwoot_retention_days: int = setting(
        "WAGATE_CHATWOOT_RETENTION_DAYS",
        30,
        integer(1),
        "`wagate chatwoot` only: days its done and failed queue rows and message links are "
        "kept (a redelivery of an event is recognised while its row is kept)",
        cli=True,
    )
