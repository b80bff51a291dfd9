package protocol

// Group administration requests (connector -> host): settings, picture, join requests.

// GroupSettings are a group's settings. In SetGroupSettings each one set is its own
// request to WhatsApp, in this order; in a Group or a GroupUpdate an absent one is one
// WhatsApp did not say.
type GroupSettings struct {
	Announce      *bool   `json:"announce,omitempty"`        // only admins send messages
	Locked        *bool   `json:"locked,omitempty"`          // only admins edit the info
	DisappearingS *uint32 `json:"disappearing_s,omitempty"`  // 0: off
	MemberAddMode *string `json:"member_add_mode,omitempty"` // admin_add | all_member_add
	JoinApproval  *bool   `json:"join_approval,omitempty"`   // link joins wait for an admin
}

// SetGroupSettings changes those of Settings that are set.
type SetGroupSettings struct {
	Request
	Group    string        `json:"group"`
	Settings GroupSettings `json:"settings"`
}

// SetGroupPicture sets the group's picture (a JPEG WhatsApp takes, base64 on the wire)
// or, without one, removes it. The reply's PictureID is the new picture's ("" removed).
type SetGroupPicture struct {
	Request
	Group string `json:"group"`
	JPEG  []byte `json:"jpeg,omitempty"`
}

// GroupRequests lists the requests to join a group waiting for an admin.
type GroupRequests struct {
	Request
	Group string `json:"group"`
}

// AnswerGroupRequests approves or rejects requests to join; the reply's Participants
// carry WhatsApp's outcome per participant.
type AnswerGroupRequests struct {
	Request
	Group        string   `json:"group"`
	Action       string   `json:"action"` // approve | reject
	Participants []string `json:"participants"`
}

// JoinRequest is someone waiting to join, with their other address when known.
type JoinRequest struct {
	JID         string `json:"jid"`
	Alt         string `json:"alt,omitempty"`
	RequestedMS int64  `json:"requested_ms,omitempty"`
}

// Group update actions of group administration.
const (
	ActionSettings = "settings"
	ActionPicture  = "picture"
)
