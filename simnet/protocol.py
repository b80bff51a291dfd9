"""Frames between a linked device (the sim engine) and the sim network, as JSON objects.

Device → network
    {"op": "hello", "credentials": {"device_id", "secret"} | null, "available"?: bool,
     "history_sync"?}                   available (default true): mark the account
                                        available once connected
                                        history_sync (pairing only): all | none | <N>d,
                                        how much history the phone sends after pairing
    {"op": "send", "ref", "to", "text", "id"?, "quoted"?: {"id", "from"}}
                                        a client-chosen id ([A-Za-z0-9]{1,64}) makes the send
                                        idempotent: a repeat is acked, not delivered; "quoted"
                                        makes it a reply to that message
    {"op": "received", "id"}            incoming message persisted; the network drops it
    {"op": "ping", "ref"}
    {"op": "logout", "ref"}
    {"op": "pair_code", "ref", "phone"}  while pairing: ask for a code to type on the phone
    {"op": "media_conn", "ref"}         ask for a media connection (an upload token)
    {"op": "send", ..., "media": {...}} a media message: "text" is its caption, "media"
                                        names the encrypted file uploaded to the media host
                                        before (see Media below)
    {"op": "query", "ref", "kind", ...}  number checks, contacts and groups (simnet/queries.py):
                                        kind check_numbers {phones}, profile {phone},
                                        lid_lookup {addresses: digits | digits@lid}
                                        -> {pairs: [{phone, lid}]},
                                        groups, group_info {group}, create_group {subject,
                                        participants}, group_subject {group, subject},
                                        group_description {group, description},
                                        group_participants {group, action, participants},
                                        leave_group {group}, group_invite {group, revoke},
                                        join_group {code} (answers {group, pending}:
                                        pending when an admin must approve),
                                        group_setting {group, setting, value} (one of
                                        simnet/group_settings.py's), group_picture {group,
                                        jpeg: base64 | null}, group_requests {group},
                                        group_requests_action {group, action: approve |
                                        reject, participants}; answered by "result" or "error"
    {"op": "send", "to": "…@g.us", ...} a group message: to every other member

Network → device
    {"op": "qr", "code"}                a new pairing code (rotates, limited count)
    {"op": "pair_timeout"}              no phone scanned in time; the socket closes
    {"op": "paired", "phone", "credentials"}
    {"op": "connected", "phone"}
    {"op": "auth_failed", "reason"}     stored credentials no longer valid (logged out)
    {"op": "replaced"}                  another connection took this device; closes
    {"op": "unlinked", "reason"}        the phone removed this device; closes, forgotten
    {"op": "restart_required"}          reconnect now (WhatsApp's 515 after pairing); closes
    {"op": "temporary_ban", "code", "expire"}  the number is banned for `expire` more seconds
                                        (WhatsApp's time left, not a moment); closes
    {"op": "client_outdated"}           this client's version is refused (also while
                                        pairing); closes
    {"op": "ack", "ref", "id", "timestamp"}
    {"op": "error", "ref", "code", "message", "retry_after"?, "error"?}
                                        a send refused as account_restricted says the
                                        seconds left in retry_after; new_contact_refused
                                        carries WhatsApp's ack error 463 in "error"
    {"op": "pair_code", "ref", "code"}  e.g. "ABCD-EFGH", valid for this pairing attempt
    {"op": "message", "id", "from", "from_lid"?, "text", "timestamp"}   re-sent until "received"
    {"op": "receipt", "id", "to", "to_lid"?, "status"}
                                        a LID-addressed phone (created with lidAddressed)
                                        is named by its LID (a hidden-number id) too, as
                                        WhatsApp does since it moved 1:1 chats to LIDs
    {"op": "pong", "ref"}
    {"op": "result", "ref", "result": {...}}   a query's answer (simnet/queries.py)
    {"op": "message", ..., "chat": "…@g.us"}   a group message; "from" / "from_lid" its author
    {"op": "group_update", "group", "action", "by", "by_lid", "participants": [{"phone",
     "lid"}], "subject"?, "description"?, "settings"?: {<the one changed>: value},
     "picture_id"?, "timestamp"}
                                        to every member's connected devices: action add,
                                        remove, promote, demote, subject, description,
                                        settings or picture ("picture_id" "": removed);
                                        join_request (a number asked to join by link) to
                                        the admins' alone
    {"op": "logged_out", "ref"}
    {"op": "media_conn", "ref", "auth", "ttl", "host"}
                                        a media connection: `auth` lets uploads to the media
                                        host at `host` (http://...) for `ttl` seconds
    {"op": "message", ..., "media"?: {...}}   a media message; "text" is its caption

Media (simnet/media_host.py, media_crypto.py, media_message.py), as WhatsApp does it: the
sender encrypts the file under a new 32-byte media key, uploads the ciphertext (with its
10-byte MAC) to `POST {host}/mms/{image|video|audio|document}?auth=...`, which answers
{"url", "direct_path", "file_enc_sha256"}, then sends the message. Its "media" object
carries WhatsApp's fields: {"type": image|video|audio|document|sticker, "ptt"?: true (a
voice note), "mimetype", "caption"?, "fileName"?, "directPath", "mediaKey",
"fileSha256", "fileEncSha256" (base64), "fileLength", "seconds"?, "width"?, "height"?}.
The recipient downloads `GET {host}{directPath}` (404 unknown, 410 expired) and checks
fileEncSha256, the MAC and fileSha256 as it decrypts. A bad media object is refused with
bad_frame; the network does not look at the file, as WhatsApp cannot.

History (simnet/history.py): after pairing, the phone's earlier conversations
    {"op": "history", "id", "sync_type", "chunk_order", "progress", "data"}
                                        one chunk: `data` is base64 of zlib of
                                        {"conversations": [{"chat", "messages": [{"id",
                                        "from_me", "from", "text", "timestamp"}]}]};
                                        the next comes after
    {"op": "history_received", "id"}    (device) the chunk is stored; re-sent on every
                                        connect until then
    {"op": "history_request", "ref", "chat", "oldest_id", "oldest_timestamp", "count"}
                                        (device) up to `count` messages of the chat older
                                        than that one: answered "ok", then they come as one
                                        `on_demand` chunk (none older: an empty one)

Messaging (simnet/messaging.py models each kind and applies it at the receiving phone)
    a device's "send" of a kind other than text: {"kind", "content", "target"?, "secret"}:
        content    the message as wagate's bus encodes it (wagate/bus/codec.py: the
                   tagged camelCase form of wagate/content.py's types)
        target     {"id", "from"}: the message it acts on (a reaction's, pin's, edit's ...)
        secret     base64, 32 bytes: the message's secret (a poll's voters encrypt with it)
    "message" frames (and a phone's inbox) carry {"kind", "content"} as the phone keeps
    the kind (absent: text); simnet/messaging.py lists each kind's content, and
        poll_vote  {"target": {"id", "from"}, "enc_payload", "enc_iv"}   base64, AES-GCM
                                        (simnet/poll_crypto.py; only the poll's secret opens it)
Device → network
    {"op": "read", "ref", "chat", "sender", "ids"}   read receipts: the writer (the chat,
                                        or in a group the member `sender`) sees them read
    {"op": "presence", "ref", "state", "chat"?}   available | unavailable; with a chat,
                                        typing | recording | paused there
    {"op": "presence_subscribe", "ref", "phone"}   the phone's later availability
                                        changes are pushed to this device
    {"op": "app_state", "ref", "chat", "state", "on", "muted_until"}   archive, pin, mute
                                        or mark unread a chat (state archived | pinned |
                                        muted | unread; muted_until: epoch ms, 0 forever)
Network → device
    {"op": "ok", "ref"}                 a read, presence, subscribe or app_state frame was
                                        taken
    {"op": "app_state", "chat", "state", "on", "muted_until", "timestamp"}   the phone,
                                        or another of its devices, changed a chat
    {"op": "contact_name", "jid", "lid"?, "name"}   the phone's address book names a
                                        person ("": no longer)
    {"op": "presence", "from", "from_lid"?, "state", "last_seen"?}   a phone's presence

Calls (simnet/calls.py): signalling only, as a linked device sees it
Network → device
    {"op": "call", "id", "from", "from_lid"?, "status", "video", "group"?, "reason"?,
     "timestamp"}                       status offer (rung), accept (the account's phone
                                        answered), terminate (the caller hung up; reason
                                        "timeout": nobody answered, a missed call)
Device → network
    {"op": "call_reject", "ref", "id", "from"}   decline the call `from` made; answered
                                        "ok" (a call no longer ringing is ignored)
"""

from __future__ import annotations

from typing import Final

HELLO: Final = "hello"
SEND: Final = "send"
RECEIVED: Final = "received"
PING: Final = "ping"
LOGOUT: Final = "logout"
PAIR_CODE: Final = "pair_code"  # both directions: request and answer
MEDIA_CONN: Final = "media_conn"  # both directions: request and answer
QUERY: Final = "query"  # number checks, contacts, groups
RESULT: Final = "result"
GROUP_UPDATE: Final = "group_update"
HISTORY: Final = "history"  # network -> device: one chunk of a history sync
HISTORY_RECEIVED: Final = "history_received"  # device -> network: the chunk is stored
HISTORY_REQUEST: Final = "history_request"  # device -> network: older messages of a chat
APP_STATE: Final = "app_state"  # both directions: a chat's archived/pinned/muted/unread
CONTACT_NAME: Final = "contact_name"  # network → device: the address book names a person

QR: Final = "qr"
PAIR_TIMEOUT: Final = "pair_timeout"
PAIRED: Final = "paired"
CONNECTED: Final = "connected"
AUTH_FAILED: Final = "auth_failed"
REPLACED: Final = "replaced"
ACK: Final = "ack"
ERROR: Final = "error"
MESSAGE: Final = "message"
RECEIPT: Final = "receipt"
PONG: Final = "pong"
LOGGED_OUT: Final = "logged_out"
UNLINKED: Final = "unlinked"
RESTART_REQUIRED: Final = "restart_required"
TEMPORARY_BAN: Final = "temporary_ban"
CLIENT_OUTDATED: Final = "client_outdated"

# messaging
READ: Final = "read"
PRESENCE: Final = "presence"  # both directions
PRESENCE_SUBSCRIBE: Final = "presence_subscribe"
OK: Final = "ok"

# calls
CALL: Final = "call"  # network -> device: an offer, accept or terminate
CALL_REJECT: Final = "call_reject"  # device -> network: decline a call

# error codes in {"op": "error"} frames
NOT_ON_WHATSAPP: Final = "not_on_whatsapp"
NOT_AUTHENTICATED: Final = "not_authenticated"
BAD_FRAME: Final = "bad_frame"
RATE_OVERLIMIT: Final = "rate_overlimit"
NOT_PAIRING: Final = "not_pairing"
PHONE_NOT_FOUND: Final = "phone_not_found"
GROUP_NOT_FOUND: Final = "group_not_found"
NOT_GROUP_ADMIN: Final = "not_group_admin"
INVITE_NOT_FOUND: Final = "invite_not_found"
CALL_NOT_FOUND: Final = "call_not_found"
CALL_ENDED: Final = "call_ended"
CONTACT_BLOCKED: Final = "contact_blocked"  # a send to a number the account blocked
# account restrictions (simnet/faults.py): a send refused for who sends, not what
NEW_CONTACT_REFUSED: Final = "new_contact_refused"  # WhatsApp's 463: no first message
ACCOUNT_RESTRICTED: Final = "account_restricted"  # no send at all; retry_after: time left
