"""`Settings`: everything, as the `wagate` command reads it (it starts the other
processes and hands each its own part), with the settings only the command reads."""

from __future__ import annotations

from dataclasses import dataclass

from wagate.config.chatwoot import ChatwootSettings
from wagate.config.connector import ConnectorSettings
from wagate.config.declaring import setting
from wagate.config.gateway import GatewaySettings
from wagate.config.readers import choice, integer, text
from wagate.config.sim import SimSettings


@dataclass(frozen=True)
class Settings(GatewaySettings, ConnectorSettings, SimSettings, ChatwootSettings):
    """What the `wagate` command reads: every setting."""

    embedded: str = setting(
        "WAGATE_EMBEDDED",
        "auto",
        choice("auto", "always", "never"),
        "`wagate up` only: `auto` runs an embedded PostgreSQL / Redis when its URL is "
        "not set and nothing answers on the default port; `always` whenever its URL is "
        "not set; `never`",
        cli=True,
    )
    data_dir: str = setting(
        "WAGATE_DATA_DIR",
        ".wagate",
        text,
        "where the embedded servers keep their data and `wagate up` its generated "
        "secrets (kept across runs)",
        cli=True,
    )
    sign_in_code_ttl_s: int = setting(
        "WAGATE_SIGN_IN_CODE_TTL",
        900,
        integer(10),
        "seconds the console sign-in link `wagate up` prints stays good (it works once)",
        cli=True,
    )
    mcp_api_url: str = setting(
        "WAGATE_MCP_API_URL",
        "http://127.0.0.1:3000/api/whatsapp",
        text,
        "`wagate mcp` only: the gateway's API its tools call",
        cli=True,
    )
    mcp_api_key: str = setting(
        "WAGATE_MCP_API_KEY",
        "",
        text,
        "`wagate mcp` only: the API key (`wg_…`) its tools act with; its tenant and scopes "
        "bound what an agent can do",
        cli=True,
    )
    mcp_company_id: str = setting(
        "WAGATE_MCP_COMPANY_ID",
        "",
        text,
        "`wagate mcp` only: the key's tenant (the `companyId` in the API's paths)",
        cli=True,
    )
