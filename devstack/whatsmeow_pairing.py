"""What pairing a number with WhatsApp leaves behind, written without WhatsApp (which
cannot be reached from here): whatsmeow's device row, in its own table and format. For
the tests and the benchmarks."""

from __future__ import annotations

import os

import asyncpg

# the sizes whatsmeow's table checks: noise, identity and signed pre-key (32 each), the
# pre-key signature (64), ADV key and details, account signature (64) and its key (32),
# device signature (64)
_KEY_SIZES = (32, 32, 32, 64, 32, 16, 64, 32, 64)


async def store_device(
    db: asyncpg.Pool | asyncpg.Connection, jid: str, schema: str = "whatsmeow"
) -> None:
    """whatsmeow's row for a linked device `jid` (`number:device@s.whatsapp.net`), with
    random keys of the sizes its table checks, in `schema`'s whatsmeow_device table."""
    await db.execute(
        f"""INSERT INTO "{schema}".whatsmeow_device (jid, registration_id,
               noise_key, identity_key, signed_pre_key, signed_pre_key_id,
               signed_pre_key_sig, adv_key, adv_details, adv_account_sig,
               adv_account_sig_key, adv_device_sig)
           VALUES ($1, 1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10)""",
        jid,
        *(os.urandom(n) for n in _KEY_SIZES),
    )
