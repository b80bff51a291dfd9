package protocol

// Channel requests (WhatsApp's newsletters; connector -> host) and what their replies
// carry. Posting is a Send to the channel's JID.

// ChannelRequest names one channel: channel_info, follow_channel (Follow false:
// unfollow), channel_posts (Count, and Before a post's server id, 0 for the newest).
// followed_channels names none.
type ChannelRequest struct {
	Request
	Channel string `json:"channel,omitempty"`
	Follow  bool   `json:"follow,omitempty"`
	Count   int    `json:"count,omitempty"`
	Before  int    `json:"before,omitempty"`
}

// Channel is one channel as the account sees it; Role is its own there (owner, admin,
// subscriber, guest).
type Channel struct {
	JID         string `json:"jid"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Followers   int    `json:"followers"`
	Role        string `json:"role"`
	Verified    bool   `json:"verified,omitempty"`
	CreatedMS   int64  `json:"created_ms,omitempty"`
}

// ChannelPost is one post: its server id (what Before pages by), its message id, its
// kind and text (a caption for media) as a message's would be read.
type ChannelPost struct {
	ServerID    int    `json:"server_id"`
	MessageID   string `json:"message_id"`
	TimestampMS int64  `json:"timestamp_ms"`
	Kind        string `json:"kind"`
	Text        string `json:"text,omitempty"`
	Views       int    `json:"views"`
}
