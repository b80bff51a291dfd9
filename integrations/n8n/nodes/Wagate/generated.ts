// Generated from openapi.yaml by integrations/n8n/generate.py (`make sdk`). Do not edit.
import type { SendKind } from "./fields.js";

export const SEND_KINDS: readonly SendKind[] = [
  {
    "kind": "text",
    "route": "/sessions/{companyId}/messages/text",
    "summary": "Send a text message to a chat",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat (`ChatId`); `status@broadcast`: the message is a status update (a story), which WhatsApp sends to the account's contacts (the numbers its address book names); or a channel's id (`…@newsletter`): a post to a channel the account owns or administers (`403 not_channel_admin` otherwise, `404 channel_not_found` for no such channel). Only text, images and videos may be a status or a post, and neither quotes anything."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "text",
        "type": "string",
        "required": true,
        "description": "The text, 1 to 4096 characters."
      },
      {
        "name": "mentions",
        "type": "array",
        "required": false,
        "description": "Numbers the text mentions (7 to 15 digits, optional leading +), each written in the text as `@` and its digits (`@79001234567`): WhatsApp shows it as the person's name and notifies them. A number that is not valid, or that the text does not write, is `422 validation_failed`."
      },
      {
        "name": "mentionAll",
        "type": "boolean",
        "required": false,
        "description": "In a group only: the text's `@all` mentions every member (WhatsApp's own mention of everyone). The text must write `@all`, and `to` must be a group; else `422 validation_failed`."
      },
      {
        "name": "linkPreview",
        "type": "string",
        "required": false,
        "description": "A preview card under the text for a URL it writes. `true`: the connector fetches the first http(s) URL the text writes (through the media URLs' SSRF guard, timeout and byte caps), reads its Open Graph title, description and image, and sends the image as a small JPEG thumbnail, all within 5 s; what cannot be read by then is left out (at worst the bare URL). Or the caller's own card (no thumbnail). A text with no URL, or a card whose `url` the text does not write, is `422 validation_failed`; a URL the SSRF guard refuses (here, or at the connector for any address it resolves to) is `422 url_not_allowed`."
      }
    ]
  },
  {
    "kind": "image",
    "route": "/sessions/{companyId}/messages/image",
    "summary": "Send an image",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat (`ChatId`); `status@broadcast`: the message is a status update (a story), which WhatsApp sends to the account's contacts (the numbers its address book names); or a channel's id (`…@newsletter`): a post to a channel the account owns or administers (`403 not_channel_admin` otherwise, `404 channel_not_found` for no such channel). Only text, images and videos may be a status or a post, and neither quotes anything."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "mimetype",
        "type": "string",
        "required": false,
        "description": "The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide."
      },
      {
        "name": "url",
        "type": "string",
        "required": false,
        "description": "A public http(s) URL the connector fetches (SSRF guard, timeout, size cap)."
      },
      {
        "name": "data",
        "type": "string",
        "required": false,
        "description": "The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`)."
      },
      {
        "name": "mentions",
        "type": "array",
        "required": false,
        "description": "Numbers the text mentions (7 to 15 digits, optional leading +), each written in the text as `@` and its digits (`@79001234567`): WhatsApp shows it as the person's name and notifies them. A number that is not valid, or that the text does not write, is `422 validation_failed`."
      },
      {
        "name": "mentionAll",
        "type": "boolean",
        "required": false,
        "description": "In a group only: the text's `@all` mentions every member (WhatsApp's own mention of everyone). The text must write `@all`, and `to` must be a group; else `422 validation_failed`."
      },
      {
        "name": "caption",
        "type": "string",
        "required": false,
        "description": ""
      },
      {
        "name": "viewOnce",
        "type": "boolean",
        "required": false,
        "description": "true: the recipient can open it once (WhatsApp's view once); a multipart field says `true` or `false`."
      }
    ]
  },
  {
    "kind": "video",
    "route": "/sessions/{companyId}/messages/video",
    "summary": "Send a video",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat (`ChatId`); `status@broadcast`: the message is a status update (a story), which WhatsApp sends to the account's contacts (the numbers its address book names); or a channel's id (`…@newsletter`): a post to a channel the account owns or administers (`403 not_channel_admin` otherwise, `404 channel_not_found` for no such channel). Only text, images and videos may be a status or a post, and neither quotes anything."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "mimetype",
        "type": "string",
        "required": false,
        "description": "The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide."
      },
      {
        "name": "url",
        "type": "string",
        "required": false,
        "description": "A public http(s) URL the connector fetches (SSRF guard, timeout, size cap)."
      },
      {
        "name": "data",
        "type": "string",
        "required": false,
        "description": "The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`)."
      },
      {
        "name": "mentions",
        "type": "array",
        "required": false,
        "description": "Numbers the text mentions (7 to 15 digits, optional leading +), each written in the text as `@` and its digits (`@79001234567`): WhatsApp shows it as the person's name and notifies them. A number that is not valid, or that the text does not write, is `422 validation_failed`."
      },
      {
        "name": "mentionAll",
        "type": "boolean",
        "required": false,
        "description": "In a group only: the text's `@all` mentions every member (WhatsApp's own mention of everyone). The text must write `@all`, and `to` must be a group; else `422 validation_failed`."
      },
      {
        "name": "caption",
        "type": "string",
        "required": false,
        "description": ""
      },
      {
        "name": "viewOnce",
        "type": "boolean",
        "required": false,
        "description": "true: the recipient can open it once (WhatsApp's view once); a multipart field says `true` or `false`."
      }
    ]
  },
  {
    "kind": "audio",
    "route": "/sessions/{companyId}/messages/audio",
    "summary": "Send an audio file",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "mimetype",
        "type": "string",
        "required": false,
        "description": "The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide."
      },
      {
        "name": "url",
        "type": "string",
        "required": false,
        "description": "A public http(s) URL the connector fetches (SSRF guard, timeout, size cap)."
      },
      {
        "name": "data",
        "type": "string",
        "required": false,
        "description": "The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`)."
      }
    ]
  },
  {
    "kind": "voice",
    "route": "/sessions/{companyId}/messages/voice",
    "summary": "Send a voice note",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "mimetype",
        "type": "string",
        "required": false,
        "description": "The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide."
      },
      {
        "name": "url",
        "type": "string",
        "required": false,
        "description": "A public http(s) URL the connector fetches (SSRF guard, timeout, size cap)."
      },
      {
        "name": "data",
        "type": "string",
        "required": false,
        "description": "The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`)."
      },
      {
        "name": "viewOnce",
        "type": "boolean",
        "required": false,
        "description": "true: the recipient can open it once (WhatsApp's view once); a multipart field says `true` or `false`."
      }
    ]
  },
  {
    "kind": "document",
    "route": "/sessions/{companyId}/messages/document",
    "summary": "Send a document",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "mimetype",
        "type": "string",
        "required": false,
        "description": "The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide."
      },
      {
        "name": "url",
        "type": "string",
        "required": false,
        "description": "A public http(s) URL the connector fetches (SSRF guard, timeout, size cap)."
      },
      {
        "name": "data",
        "type": "string",
        "required": false,
        "description": "The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`)."
      },
      {
        "name": "mentions",
        "type": "array",
        "required": false,
        "description": "Numbers the text mentions (7 to 15 digits, optional leading +), each written in the text as `@` and its digits (`@79001234567`): WhatsApp shows it as the person's name and notifies them. A number that is not valid, or that the text does not write, is `422 validation_failed`."
      },
      {
        "name": "mentionAll",
        "type": "boolean",
        "required": false,
        "description": "In a group only: the text's `@all` mentions every member (WhatsApp's own mention of everyone). The text must write `@all`, and `to` must be a group; else `422 validation_failed`."
      },
      {
        "name": "caption",
        "type": "string",
        "required": false,
        "description": ""
      },
      {
        "name": "filename",
        "type": "string",
        "required": false,
        "description": "The name the recipient sees; an upload's own file name by default."
      }
    ]
  },
  {
    "kind": "sticker",
    "route": "/sessions/{companyId}/messages/sticker",
    "summary": "Send a sticker",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "mimetype",
        "type": "string",
        "required": false,
        "description": "The file's type; absent, the bytes (or the part's or URL's `Content-Type`) decide."
      },
      {
        "name": "url",
        "type": "string",
        "required": false,
        "description": "A public http(s) URL the connector fetches (SSRF guard, timeout, size cap)."
      },
      {
        "name": "data",
        "type": "string",
        "required": false,
        "description": "The file, base64 (within `WAGATE_MEDIA_JSON_MAX_BYTES`)."
      }
    ]
  },
  {
    "kind": "location",
    "route": "/sessions/{companyId}/messages/location",
    "summary": "Send a location",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "latitude",
        "type": "number",
        "required": true,
        "description": ""
      },
      {
        "name": "longitude",
        "type": "number",
        "required": true,
        "description": ""
      },
      {
        "name": "name",
        "type": "string",
        "required": false,
        "description": "The place's name, shown above the map."
      },
      {
        "name": "address",
        "type": "string",
        "required": false,
        "description": ""
      }
    ]
  },
  {
    "kind": "contacts",
    "route": "/sessions/{companyId}/messages/contacts",
    "summary": "Send contact cards",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "contacts",
        "type": "array",
        "required": true,
        "description": ""
      }
    ]
  },
  {
    "kind": "poll",
    "route": "/sessions/{companyId}/messages/poll",
    "summary": "Send a poll",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "quotedMessageId",
        "type": "string",
        "required": false,
        "description": "Makes the message a reply quoting this one: the `messageId` of a message the session received (a `message` event) or sent. Absent: not a reply."
      },
      {
        "name": "question",
        "type": "string",
        "required": true,
        "description": ""
      },
      {
        "name": "options",
        "type": "array",
        "required": true,
        "description": "Distinct option names (a vote names options by their SHA-256)."
      },
      {
        "name": "selectableCount",
        "type": "integer",
        "required": false,
        "description": "How many options one voter may choose (at most the options given); 1 if absent."
      }
    ]
  },
  {
    "kind": "reaction",
    "route": "/sessions/{companyId}/messages/reaction",
    "summary": "React to a message",
    "fields": [
      {
        "name": "to",
        "type": "string",
        "required": true,
        "description": "A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`), a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to send to, a LID (`digits@lid`), sent to its number."
      },
      {
        "name": "messageId",
        "type": "string",
        "required": true,
        "description": "A message sent or received in the chat `to`."
      },
      {
        "name": "emoji",
        "type": "string",
        "required": true,
        "description": "One emoji, no spaces; empty removes the session's reaction."
      }
    ]
  }
];

export const WEBHOOK_EVENT_TYPES: readonly string[] = ["state", "qr", "connected", "disconnected", "reconnecting", "logout", "reconnect_failed", "health_check_failed", "error", "message", "receipt", "reaction", "message_edited", "message_revoked", "poll_vote", "presence", "group_update", "history_sync", "call", "status", "endpoint_disabled", "webhook_test"];
