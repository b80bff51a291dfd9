package mapping

import "go.mau.fi/whatsmeow/types"

// jid is a JID's string form, "" for an empty one (never "@" or similar).
func jid(j types.JID) string {
	if j.IsEmpty() {
		return ""
	}
	return j.String()
}
