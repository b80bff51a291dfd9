package protocol

// Version is the protocol version. Both ends send it in their Hello; the host refuses a
// peer whose version differs (no negotiation: the connector and the host are released
// together, so a mismatch is an install error, not something to work around).
const Version = 1

// ---- both ways -------------------------------------------------------------------------

// Hello is the first frame in each direction.
type Hello struct {
	Type    string `json:"type"` // "hello"
	Version int    `json:"version"`
	Peer    string `json:"peer"`              // "connector" or "enginehost"
	Library string `json:"library,omitempty"` // the host: whatsmeow's module version
	// MaxInFlight (the host's hello): requests the host handles at once. A connector
	// that keeps at most this many unanswered never finds the host's reading paused,
	// so its stored answers are never held up behind requests.
	MaxInFlight int `json:"max_in_flight,omitempty"`
}

// ---- connector -> host: requests (each answered by one Reply with the same id) ----------

// Request is the part every request has: its id (for the Reply) and its session.
type Request struct {
	Type    string `json:"type"`
	ID      int64  `json:"id"`
	Session string `json:"session"`
}

// Start opens one connection for a session: resume DeviceJID when set; otherwise pair,
// by QR codes (qr events), or by a code typed on the phone when PairPhone is set
// (pair_code event).
type Start struct {
	Request
	DeviceJID string `json:"device_jid,omitempty"`
	PairPhone string `json:"pair_phone,omitempty"` // E.164 digits
	// AvailableOnConnect: send presence available once connected (absent: true), so
	// contacts see delivered ticks and WhatsApp sends others' presence to this client.
	AvailableOnConnect *bool `json:"available_on_connect,omitempty"`
	// Proxy: the tenant's proxy URL, http:// (CONNECT) or socks5://, credentials in it;
	// every connection of the session goes through it (absent: directly).
	Proxy string `json:"proxy,omitempty"`
}

// MarksAvailable is AvailableOnConnect with its default (true when absent).
func (s Start) MarksAvailable() bool { return s.AvailableOnConnect == nil || *s.AvailableOnConnect }

// Stop closes the session's connection without logging out; no event follows.
type Stop struct{ Request }

// Logout unlinks the device at WhatsApp and deletes it from the store.
type Logout struct{ Request }

// Quote is the message a send replies to.
type Quote struct {
	MessageID string `json:"message_id"`
	Sender    string `json:"sender"` // JID of its author
}

// Send sends one message. MessageID is wagate's id, stored before the send: a repeat
// after a crash reuses it and WhatsApp drops the duplicate.
type Send struct {
	Request
	Chat      string  `json:"chat"` // JID: a user or a group
	MessageID string  `json:"message_id"`
	Content   Content `json:"content"`
	Quote     *Quote  `json:"quote,omitempty"`
	Target    *Quote  `json:"target,omitempty"`     // the message the content acts on
	TimeoutMS int64   `json:"timeout_ms,omitempty"` // whatsmeow's default (75 s) when 0
	// DeadlineMS bounds the whole send (upload, lookups, ack) at the host, so its reply
	// comes before the connector stops waiting for it; unbounded when 0
	DeadlineMS int64 `json:"deadline_ms,omitempty"`
}

// MarkRead sends read receipts for messages of Chat written by Sender.
type MarkRead struct {
	Request
	Chat        string   `json:"chat"`
	Sender      string   `json:"sender"`
	MessageIDs  []string `json:"message_ids"`
	TimestampMS int64    `json:"timestamp_ms"`
}

// Presence sets the session's own presence ("available" | "unavailable").
type Presence struct {
	Request
	State string `json:"state"`
}

// ChatPresence shows the session typing ("typing"), recording a voice note
// ("recording") or neither ("paused") in a chat.
type ChatPresence struct {
	Request
	Chat  string `json:"chat"`
	State string `json:"state"`
}

// SubscribePresence asks WhatsApp for the presence of one user.
type SubscribePresence struct {
	Request
	JID string `json:"jid"`
}

// CheckNumbers asks which phone numbers have WhatsApp (one query).
type CheckNumbers struct {
	Request
	Phones []string `json:"phones"` // E.164 digits
}

// Download fetches an incoming attachment (the Ref of a message event's media) into a
// new file at Path, which the connector then owns; the bytes never cross the socket.
type Download struct {
	Request
	Kind      string   `json:"kind"` // the content kind: image, video, audio, voice, document, sticker
	Ref       MediaRef `json:"ref"`
	SizeBytes uint64   `json:"size_bytes,omitempty"` // checked when set
	Path      string   `json:"path"`
}

// Stored answers a Message event (the connector has it durably, so the host may now let
// whatsmeow acknowledge it to WhatsApp) or a History frame (the host sends the next).
// Not a request: no Reply.
type Stored struct {
	Type    string `json:"type"` // "stored"
	Session string `json:"session"`
	Seq     int64  `json:"seq"`
}

// ---- host -> connector ------------------------------------------------------------------

// Reply answers the request with the same id: Error set, or the result fields that
// request has (Sent for send, Numbers for check_numbers, File for download, …).
type Reply struct {
	Type    string         `json:"type"` // "reply"
	ID      int64          `json:"id"`
	Error   *Error         `json:"error,omitempty"`
	Sent    *SentMessage   `json:"sent,omitempty"`
	Numbers []NumberStatus `json:"numbers,omitempty"`
	File    *SavedFile     `json:"file,omitempty"`
	Health  *HealthStatus  `json:"health,omitempty"`
	Profile *Profile       `json:"profile,omitempty"`
	Group   *Group         `json:"group,omitempty"`
	// lists are pointers so that an empty answer is sent as [] rather than left out
	Groups       *[]Group              `json:"groups,omitempty"`
	Participants *[]ParticipantOutcome `json:"participants,omitempty"`
	Pairs        *[]LIDPair            `json:"pairs,omitempty"`
	Code         string                `json:"code,omitempty"`       // group_invite
	GroupJID     string                `json:"group_jid,omitempty"`  // join_group
	Requests     *[]JoinRequest        `json:"requests,omitempty"`   // group_requests
	PictureID    *string               `json:"picture_id,omitempty"` // set_group_picture
	Privacy      *PrivacySettings      `json:"privacy,omitempty"`
	Blocked      *[]string             `json:"blocked,omitempty"`  // JIDs, get/update_blocklist
	Business     *BusinessProfile      `json:"business,omitempty"` // business_profile
	Channel      *Channel              `json:"channel,omitempty"`  // channel_info, follow_channel
	Channels     *[]Channel            `json:"channels,omitempty"` // followed_channels
	Posts        *[]ChannelPost        `json:"posts,omitempty"`    // channel_posts
}

// SavedFile is where a download put the attachment, and its size.
type SavedFile struct {
	Path      string `json:"path"`
	SizeBytes int64  `json:"size_bytes"`
}

// Error is a refusal: Code is stable (the list in docs/engine-host.md), Message for logs.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// SentMessage is what WhatsApp answered to a send.
type SentMessage struct {
	MessageID   string `json:"message_id"`
	TimestampMS int64  `json:"timestamp_ms"`
}

// NumberStatus is one answer of check_numbers.
type NumberStatus struct {
	Phone string `json:"phone"`
	JID   string `json:"jid,omitempty"`
	OnWA  bool   `json:"on_whatsapp"`
}

// Event is what every event has.
type Event struct {
	Type    string `json:"type"`
	Session string `json:"session"`
}

// ChatStateFields are a chat's app-state change, as asked for (ChatState) and as
// reported (ChatStateChanged).
type ChatStateFields struct {
	Chat         string `json:"chat"`
	State        string `json:"state"` // archived | pinned | muted | unread
	On           bool   `json:"on"`
	MutedUntilMS int64  `json:"muted_until_ms,omitempty"` // muted: when it ends; 0 forever
}

// ChatState archives, pins, mutes or marks unread a chat, or undoes it (On false),
// through WhatsApp's app state, so the phone and the other devices show it so.
type ChatState struct {
	Request
	ChatStateFields
}
