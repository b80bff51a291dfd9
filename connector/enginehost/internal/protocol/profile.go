package protocol

// The account's own profile and a business's (connector -> host), and what their
// replies carry.

// SetPushName sets the name the account's messages carry (WhatsApp's app state setting).
type SetPushName struct {
	Request
	Name string `json:"name"`
}

// SetAbout sets the account's about text ("" clears it).
type SetAbout struct {
	Request
	About string `json:"about"`
}

// SetPicture sets the account's picture from a JPEG file the connector wrote into the
// host's directory (frames never carry bytes), or removes it when Path is "".
type SetPicture struct {
	Request
	Path string `json:"path,omitempty"`
}

// BusinessProfileRequest asks for a business account's profile.
type BusinessProfileRequest struct {
	Request
	JID string `json:"jid"`
}

// BusinessHours is one day's opening hours, as WhatsApp names them.
type BusinessHours struct {
	DayOfWeek string `json:"day_of_week"`
	Mode      string `json:"mode"`
	OpenTime  string `json:"open_time,omitempty"`
	CloseTime string `json:"close_time,omitempty"`
}

// BusinessProfile answers BusinessProfileRequest; lists are never left out.
type BusinessProfile struct {
	JID           string          `json:"jid"`
	Address       string          `json:"address,omitempty"`
	Email         string          `json:"email,omitempty"`
	Categories    []string        `json:"categories"`
	HoursTimeZone string          `json:"hours_time_zone,omitempty"`
	Hours         []BusinessHours `json:"hours"`
}
