package protocol

import "encoding/json"

// Content is what a message carries. Incoming, Kind says which fields are set:
//
//	text                                   Text
//	image video audio voice document sticker  Media (Ref), Caption
//	location                               Location
//	contacts                               Contacts
//	poll                                   Poll
//	reaction                               Target (message and its author), Text = emoji ("" removes)
//	edit                                   Target (message_id), Text = the new text
//	revoke                                 Target (message_id)
//	poll_vote                              Target (the poll), Vote (nil: not decryptable)
//	unknown                                Fields: the names of the waE2E.Message fields set
//
// Outgoing (a send's content), an attachment is Media (Path: a file on the host's disk);
// any other kind is as wagate's bus encodes it (camelCase fields beside "kind"), kept
// whole in Raw for the builder of its kind to decode (internal/mapping's registry).
type Content struct {
	Kind     string          `json:"kind"`
	Text     string          `json:"text,omitempty"`
	Media    *Media          `json:"media,omitempty"`
	Location *Location       `json:"location,omitempty"`
	Contacts []ContactCard   `json:"contacts,omitempty"`
	Poll     *Poll           `json:"poll,omitempty"`
	Target   *Quote          `json:"target,omitempty"`
	Vote     *PollVote       `json:"vote,omitempty"`
	Fields   []string        `json:"fields,omitempty"`
	Raw      json.RawMessage `json:"-"` // as it was read (a send's content)
}

// UnmarshalJSON reads the fields Content names and keeps the whole object in Raw, so a
// kind's builder reads its own fields, whatever they are.
func (c *Content) UnmarshalJSON(b []byte) error {
	type plain Content // without this method
	var read plain
	if err := json.Unmarshal(b, &read); err != nil {
		return err
	}
	*c = Content(read)
	c.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// PollVote is a decrypted vote: the SHA-256 (hex) of each option the voter now chooses,
// as wagate's option_hash names an option; empty when the voter withdrew the vote.
type PollVote struct {
	OptionHashes []string `json:"option_hashes"`
}

// Content kinds.
const (
	KindText     = "text"
	KindImage    = "image"
	KindVideo    = "video"
	KindAudio    = "audio"
	KindVoice    = "voice" // push-to-talk: an audio message flagged ptt
	KindDocument = "document"
	KindSticker  = "sticker"
	KindLocation = "location"
	KindContacts = "contacts"
	KindPoll     = "poll"
	KindReaction = "reaction"
	KindEdit     = "edit"
	KindRevoke   = "revoke"
	KindPollVote = "poll_vote"
	KindUnknown  = "unknown"
)

// Media describes an attachment. Outgoing: Path names a file on the host's disk, which
// the host streams to WhatsApp's media host. Incoming: Ref is what a later download
// needs; the bytes stay at WhatsApp until then.
type Media struct {
	Path      string `json:"path,omitempty"`
	Mimetype  string `json:"mimetype"`
	Caption   string `json:"caption,omitempty"`
	Filename  string `json:"filename,omitempty"`
	SizeBytes uint64 `json:"size_bytes,omitempty"`
	DurationS uint32 `json:"duration_s,omitempty"`
	Width     uint32 `json:"width,omitempty"`
	Height    uint32 `json:"height,omitempty"`
	VideoNote bool   `json:"video_note,omitempty"` // incoming video: a round video note (ptv)
	ViewOnce  bool   `json:"view_once,omitempty"`  // outgoing image, video, voice: opened once
	Forwarded bool   `json:"forwarded,omitempty"`  // outgoing: sent as a forward
	// outgoing: the numbers the caption mentions, and its "@all" in a group
	Mentions   []string  `json:"mentions,omitempty"`
	MentionAll bool      `json:"mention_all,omitempty"`
	Ref        *MediaRef `json:"ref,omitempty"`
}

// MediaRef locates and unlocks an incoming attachment at WhatsApp's media host (the
// byte fields are base64 in JSON, Go's encoding of []byte).
type MediaRef struct {
	DirectPath    string `json:"direct_path"`
	MediaKey      []byte `json:"media_key"`
	FileSHA256    []byte `json:"file_sha256"`
	FileEncSHA256 []byte `json:"file_enc_sha256"`
	// Message names the message that carried it, so a download the media host refuses
	// (expired, lost) can ask the sender's phone to upload it again (whatsmeow's
	// SendMediaRetryReceipt); absent on refs from before it was kept.
	Message *MediaMessage `json:"message,omitempty"`
}

// MediaMessage is what a media retry receipt must name of the message.
type MediaMessage struct {
	ID     string `json:"id"`
	Chat   string `json:"chat"`
	Sender string `json:"sender"`
	FromMe bool   `json:"from_me,omitempty"`
	Group  bool   `json:"group,omitempty"`
}

// Location is a point on the map. Live: one update of a contact's live location share
// (WhatsApp's LiveLocationMessage), numbered by Sequence, with how the sharer moves
// where the phone sent it (nil: not sent).
type Location struct {
	Latitude   float64  `json:"latitude"`
	Longitude  float64  `json:"longitude"`
	Name       string   `json:"name,omitempty"`
	Address    string   `json:"address,omitempty"`
	Live       bool     `json:"live,omitempty"`
	Sequence   int64    `json:"sequence,omitempty"`
	AccuracyM  *uint32  `json:"accuracy_m,omitempty"`
	SpeedMps   *float32 `json:"speed_mps,omitempty"`
	HeadingDeg *uint32  `json:"heading_deg,omitempty"`
	Caption    string   `json:"caption,omitempty"`
}

// ContactCard is one contact: the name shown and its vCard.
type ContactCard struct {
	DisplayName string `json:"display_name"`
	VCard       string `json:"vcard"`
}

// Poll is a question with options; Selectable is how many one voter may choose.
type Poll struct {
	Question   string   `json:"question"`
	Options    []string `json:"options"`
	Selectable uint32   `json:"selectable"`
}
