package protocol

// GroupUpdate is one change to a group (whatsmeow's events.GroupInfo carries several;
// each becomes its own event). Action is add, remove, promote, demote, subject,
// description, settings or picture; By is who made it (absent when WhatsApp does not say).
type GroupUpdate struct {
	Event
	Group        string          `json:"group"`
	Action       string          `json:"action"`
	By           string          `json:"by,omitempty"`
	ByAlt        string          `json:"by_alt,omitempty"`
	Participants []UpdatedMember `json:"participants"`
	Subject      string          `json:"subject,omitempty"`
	Description  string          `json:"description,omitempty"`
	Settings     *GroupSettings  `json:"settings,omitempty"`   // settings: those changed
	PictureID    *string         `json:"picture_id,omitempty"` // picture: "" when removed
	TimestampMS  int64           `json:"timestamp_ms"`
}

// Group update actions.
const (
	ActionAdd         = "add"
	ActionRemove      = "remove"
	ActionPromote     = "promote"
	ActionDemote      = "demote"
	ActionSubject     = "subject"
	ActionDescription = "description"
)

// UpdatedMember is a participant a group update names, with its other address when
// whatsmeow's LID store knows it.
type UpdatedMember struct {
	JID string `json:"jid"`
	Alt string `json:"alt,omitempty"`
}

// History is one frame of a history sync: at most a bounded number of messages, never a
// whole sync. The connector answers Stored with its Seq, like a Message; Last is set on
// the last frame of a sync chunk.
type History struct {
	Event
	Seq        int64         `json:"seq"`
	SyncType   string        `json:"sync_type"`
	ChunkOrder uint32        `json:"chunk_order"`
	Progress   uint32        `json:"progress"`
	Messages   []MessageBody `json:"messages"`
	PushNames  []PushName    `json:"push_names"`
	Last       bool          `json:"last,omitempty"`
}

// PushName is the name an account chose for itself, as a history sync lists it.
type PushName struct {
	JID  string `json:"jid"`
	Name string `json:"name"`
}
