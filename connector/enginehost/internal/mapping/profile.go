package mapping

import (
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// BusinessProfileOf is whatsmeow's business profile as the protocol carries it: the
// categories by name, the hours as WhatsApp sent them.
func BusinessProfileOf(found *types.BusinessProfile) protocol.BusinessProfile {
	out := protocol.BusinessProfile{
		JID:           jid(found.JID),
		Address:       found.Address,
		Email:         found.Email,
		Categories:    make([]string, 0, len(found.Categories)),
		HoursTimeZone: found.BusinessHoursTimeZone,
		Hours:         make([]protocol.BusinessHours, 0, len(found.BusinessHours)),
	}
	for _, c := range found.Categories {
		out.Categories = append(out.Categories, c.Name)
	}
	for _, h := range found.BusinessHours {
		out.Hours = append(out.Hours, protocol.BusinessHours{
			DayOfWeek: h.DayOfWeek, Mode: h.Mode, OpenTime: h.OpenTime, CloseTime: h.CloseTime,
		})
	}
	return out
}
