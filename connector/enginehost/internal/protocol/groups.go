package protocol

// Group requests, contact lookups and the health probe (connector -> host), and what
// their replies carry.

// Health asks how the session's connection is, from what the host already knows: it
// makes no network round trip, so probing it costs WhatsApp nothing.
type Health struct{ Request }

// HealthStatus answers Health. KeepAliveOK is false after a keep-alive timeout until
// WhatsApp answers pings again; LastKeepAliveMS is the last keep-alive WhatsApp
// answered, as whatsmeow reported it (absent before any keep-alive event).
type HealthStatus struct {
	Connected       bool  `json:"connected"`
	LoggedIn        bool  `json:"logged_in"`
	KeepAliveOK     bool  `json:"keepalive_ok"`
	LastKeepAliveMS int64 `json:"last_keepalive_ms,omitempty"`
}

// ContactInfo asks for one account's profile.
type ContactInfo struct {
	Request
	JID string `json:"jid"`
}

// Profile answers ContactInfo; a missing picture or hidden about is "" (omitted).
type Profile struct {
	JID          string `json:"jid"`
	LID          string `json:"lid,omitempty"`
	About        string `json:"about,omitempty"`
	PictureURL   string `json:"picture_url,omitempty"`
	BusinessName string `json:"business_name,omitempty"`
}

// JoinedGroups lists the groups the session is a member of.
type JoinedGroups struct{ Request }

// GroupInfo asks for one group.
type GroupInfo struct {
	Request
	Group string `json:"group"`
}

// CreateGroup makes a group. CreateKey is wagate's stored id for the command: WhatsApp
// makes one group per key, so a retried create does not make a second one.
type CreateGroup struct {
	Request
	Subject      string   `json:"subject"`
	Participants []string `json:"participants"`
	CreateKey    string   `json:"create_key"`
}

// SetGroupSubject renames a group.
type SetGroupSubject struct {
	Request
	Group   string `json:"group"`
	Subject string `json:"subject"`
}

// SetGroupDescription sets a group's description ("" removes it).
type SetGroupDescription struct {
	Request
	Group       string `json:"group"`
	Description string `json:"description"`
}

// UpdateParticipants adds, removes, promotes or demotes members.
type UpdateParticipants struct {
	Request
	Group        string   `json:"group"`
	Action       string   `json:"action"` // add | remove | promote | demote
	Participants []string `json:"participants"`
}

// LeaveGroup leaves a group.
type LeaveGroup struct {
	Request
	Group string `json:"group"`
}

// GroupInvite asks for a group's invite code; Revoke makes a new one (the old stops working).
type GroupInvite struct {
	Request
	Group  string `json:"group"`
	Revoke bool   `json:"revoke"`
}

// JoinGroup joins a group by its invite code.
type JoinGroup struct {
	Request
	Code string `json:"code"`
}

// LIDLookup asks which phone JID and LID belong together, from whatsmeow's store only.
type LIDLookup struct {
	Request
	JIDs []string `json:"jids"` // phone JIDs or LIDs
}

// LIDPair is one account's two addresses.
type LIDPair struct {
	PhoneJID string `json:"phone_jid"`
	LID      string `json:"lid"`
}

// Group is a group as WhatsApp describes it. OwnerAlt and a participant's Alt are the
// other address (LID or phone JID) when whatsmeow knows it.
type Group struct {
	JID          string             `json:"jid"`
	Subject      string             `json:"subject"`
	Description  string             `json:"description,omitempty"`
	Owner        string             `json:"owner,omitempty"`
	OwnerAlt     string             `json:"owner_alt,omitempty"`
	CreatedMS    int64              `json:"created_ms,omitempty"`
	Participants []GroupParticipant `json:"participants"`
	Settings     *GroupSettings     `json:"settings,omitempty"`
}

// GroupParticipant is one member; Role is member, admin or superadmin.
type GroupParticipant struct {
	JID  string `json:"jid"`
	Alt  string `json:"alt,omitempty"`
	Role string `json:"role"`
}

// Participant roles.
const (
	RoleMember     = "member"
	RoleAdmin      = "admin"
	RoleSuperAdmin = "superadmin"
)

// ParticipantOutcome is what became of one participant of an update: Error is
// WhatsApp's per-participant code (403 privacy, 408 recently left, 409 already in…),
// absent when the change was made.
type ParticipantOutcome struct {
	JID   string `json:"jid"`
	LID   string `json:"lid,omitempty"`
	Error int    `json:"error,omitempty"`
}

// HistoryRequest asks the phone for up to Count messages of Chat older than the one
// named (the oldest the connector has); they come as history events (on_demand).
type HistoryRequest struct {
	Request
	Chat              string `json:"chat"`
	OldestMessageID   string `json:"oldest_message_id"`
	OldestFromMe      bool   `json:"oldest_from_me"`
	OldestTimestampMS int64  `json:"oldest_timestamp_ms"`
	Count             int    `json:"count"`
}
