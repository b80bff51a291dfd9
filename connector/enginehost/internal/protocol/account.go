package protocol

// Calls, privacy settings and the blocklist: the account's own, at WhatsApp.

// Call is a call to the account: offer (whatsmeow's CallOffer, or CallOfferNotice for a
// group call), accept (CallAccept: answered on another device), terminate (CallTerminate;
// Reason "timeout" when nobody answered). Caller is the call's creator as WhatsApp named
// it, CallerAlt its other address where WhatsApp gave one.
type Call struct {
	Event
	CallID      string `json:"call_id"`
	Caller      string `json:"caller"`
	CallerAlt   string `json:"caller_alt,omitempty"`
	Status      string `json:"status"`
	Reason      string `json:"reason,omitempty"`
	Video       bool   `json:"video"`
	Group       bool   `json:"group"`
	GroupJID    string `json:"group_jid,omitempty"`
	TimestampMS int64  `json:"timestamp_ms"`
}

// RejectCall declines a call offered to the account.
type RejectCall struct {
	Request
	Caller string `json:"caller"` // the caller's JID, as the call event named it
	CallID string `json:"call_id"`
}

// PrivacySettings are the account's, by whatsmeow's names of them.
type PrivacySettings struct {
	LastSeen     string `json:"last_seen"`
	Online       string `json:"online"`
	Profile      string `json:"profile"`
	Status       string `json:"status"`
	GroupAdd     string `json:"group_add"`
	ReadReceipts string `json:"read_receipts"`
	CallAdd      string `json:"call_add"`
}

// SetPrivacy sets one privacy setting: Name is whatsmeow's PrivacySettingType
// (last, online, profile, status, groupadd, readreceipts, calladd).
type SetPrivacy struct {
	Request
	Name  string `json:"name"`
	Value string `json:"value"`
}

// UpdateBlocklist blocks or unblocks one user.
type UpdateBlocklist struct {
	Request
	JID   string `json:"jid"`
	Block bool   `json:"block"`
}
