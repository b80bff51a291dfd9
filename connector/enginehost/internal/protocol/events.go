package protocol

// Event types, host -> connector. Every event names its session (Event).

// QR is one code to show; the next replaces it after Timeout.
type QR struct {
	Event
	Code      string `json:"code"`
	TimeoutMS int64  `json:"timeout_ms"`
}

// PairCode is the code the user types on the phone (start with pair_phone).
type PairCode struct {
	Event
	Code string `json:"code"`
}

// Paired: the phone linked this device. DeviceJID is what a later start resumes.
type Paired struct {
	Event
	DeviceJID    string `json:"device_jid"`
	LID          string `json:"lid,omitempty"`
	BusinessName string `json:"business_name,omitempty"`
	Platform     string `json:"platform,omitempty"`
}

// PairFailed: pairing ended without a device. Outcome is whatsmeow's QR channel event
// ("timeout", "error", "err-client-outdated", "err-scanned-without-multidevice",
// "err-unexpected-state", or any newer one as whatsmeow names it); Detail the error.
type PairFailed struct {
	Event
	Outcome string `json:"outcome"`
	Detail  string `json:"detail,omitempty"`
}

// Connected: logged in and ready to send.
type Connected struct {
	Event
	DeviceJID string `json:"device_jid"`
	LID       string `json:"lid,omitempty"`
}

// Disconnected: the connection ended and the host will not reconnect by itself.
// Reason is a name from the list in docs/engine-host.md; Code is WhatsApp's own number
// where it sent one (a connect failure's reason, a temporary ban's code), passed
// through even when whatsmeow has no name for it.
type Disconnected struct {
	Event
	Reason  string `json:"reason"`
	Code    int    `json:"code,omitempty"`
	Detail  string `json:"detail,omitempty"`
	UntilMS int64  `json:"until_ms,omitempty"` // temporary_ban: when it ends
}

// LoggedOut: WhatsApp unlinked the device; its credentials are gone.
type LoggedOut struct {
	Event
	Reason    string `json:"reason"`
	Code      int    `json:"code"`
	OnConnect bool   `json:"on_connect"`
}

// KeepAlive: WhatsApp stopped (state "timeout") or resumed ("restored") answering
// keep-alive pings. The connector decides when to give up on the connection.
type KeepAlive struct {
	Event
	State         string `json:"state"`
	ErrorCount    int    `json:"error_count,omitempty"`
	LastSuccessMS int64  `json:"last_success_ms,omitempty"`
}

// Flags say how WhatsApp wrapped a message.
type Flags struct {
	FromMe    bool `json:"from_me,omitempty"`
	Group     bool `json:"group,omitempty"`
	Ephemeral bool `json:"ephemeral,omitempty"`
	ViewOnce  bool `json:"view_once,omitempty"`
	Edit      bool `json:"edit,omitempty"`
}

// Message is one incoming (or own-device) message. The host does not let whatsmeow
// acknowledge it to WhatsApp until the connector answers Stored with the same Seq.
type Message struct {
	Event
	Seq int64 `json:"seq"`
	MessageBody
}

// MessageBody is what a message says, live (Message) or from a history sync.
type MessageBody struct {
	MessageID   string  `json:"message_id"`
	Chat        string  `json:"chat"`
	Sender      string  `json:"sender"`
	SenderAlt   string  `json:"sender_alt,omitempty"` // the other address: LID or phone JID
	PushName    string  `json:"push_name,omitempty"`
	TimestampMS int64   `json:"timestamp_ms"`
	Flags       Flags   `json:"flags"`
	Content     Content `json:"content"`
	Quote       *Quote  `json:"quote,omitempty"`
	// Mentions: the JIDs the text or caption mentions; MentionAll: its "@all" mentions
	// every member of the group (WhatsApp's non-JID mention)
	Mentions   []string `json:"mentions,omitempty"`
	MentionAll bool     `json:"mention_all,omitempty"`
}

// Receipt reports what happened to messages: Kind is whatsmeow's receipt type as
// WhatsApp sends it ("" delivered, "read", "played", "server-error", any newer one).
// MediaReupload is set for "server-error": the media host lost the attachment and the
// sender must upload it again; it never fails the message.
type Receipt struct {
	Event
	MessageIDs    []string `json:"message_ids"`
	Kind          string   `json:"kind"`
	Chat          string   `json:"chat"`
	Sender        string   `json:"sender"`
	SenderAlt     string   `json:"sender_alt,omitempty"`
	TimestampMS   int64    `json:"timestamp_ms"`
	MediaReupload bool     `json:"media_reupload,omitempty"`
}

// Undecryptable: a message arrived that could not be decrypted (whatsmeow has asked the
// sender to retry).
type Undecryptable struct {
	Event
	MessageID string `json:"message_id"`
	Chat      string `json:"chat"`
	Sender    string `json:"sender"`
}

// PresenceUpdate is a user's presence, after subscribe_presence.
type PresenceUpdate struct {
	Event
	JID        string `json:"jid"`
	Available  bool   `json:"available"`
	LastSeenMS int64  `json:"last_seen_ms,omitempty"`
}

// ChatActivity is someone typing ("typing"), recording a voice note ("recording") or
// stopping ("paused") in a chat.
type ChatActivity struct {
	Event
	Chat      string `json:"chat"`
	Sender    string `json:"sender"`
	SenderAlt string `json:"sender_alt,omitempty"`
	State     string `json:"state"`
}

// SessionFailed: the session ended by an error, not by a connection's end: Code
// "device_not_found" (start named a device the store does not hold), "panic" (a bug of
// the host, recovered; other sessions carry on) or "failed" (the store, say).
type SessionFailed struct {
	Event
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

// ChatStateChanged: the phone or another device archived, pinned, muted or marked unread
// a chat, or undid it (app state; also for each chat of a full app-state sync).
type ChatStateChanged struct {
	Event
	ChatStateFields
}

// ContactName: the account's address book (app state) names a person, or no longer
// does (Name ""). JID and LID as the phone keeps them (either may be empty).
type ContactName struct {
	Event
	JID  string `json:"jid"`
	LID  string `json:"lid,omitempty"`
	Name string `json:"name"`
}
