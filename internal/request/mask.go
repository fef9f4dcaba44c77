package request

// Privacy: applications are not public, and an applicant's identity
// number and contacts are shown masked to everyone but the unit's
// handlers; every unmasked view is audited.

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/store"
)

// Masked returns a with the identity number, phone, e-mail, address and
// tracking code masked: 110***********1234, 138****5678,
// z***@example.com, 浙江省杭州市****.
func (a Application) Masked() Application {
	a.IDNumber = MaskID(a.IDNumber)
	a.Phone = MaskPhone(a.Phone)
	a.Email = MaskEmail(a.Email)
	a.Address = MaskAddress(a.Address)
	if a.TrackingCode != "" {
		a.TrackingCode = "****-****-" + a.TrackingCode[max(0, len(a.TrackingCode)-4):]
	}
	return a
}

// keep shows the first head and last tail runes of s and stars between.
func keep(s string, head, tail int) string {
	r := []rune(s)
	if len(r) <= head+tail {
		return strings.Repeat("*", len(r))
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}

// MaskID masks an identity document number: an 18-character number keeps
// its first 3 and last 4 characters (110***********1234), shorter ones
// less.
func MaskID(s string) string {
	switch n := len([]rune(s)); {
	case n == 0:
		return ""
	case n >= 15:
		return keep(s, 3, 4)
	case n >= 8:
		return keep(s, 2, 2)
	default:
		return keep(s, 0, 1)
	}
}

// MaskPhone masks a phone number: 138****5678, 0571****5678.
func MaskPhone(s string) string {
	switch n := len([]rune(s)); {
	case n == 0:
		return ""
	case n >= 11:
		return keep(s, n-8, 4)
	case n >= 7:
		return keep(s, 2, 2)
	default:
		return keep(s, 0, 1)
	}
}

// MaskEmail keeps the first character of the local part and the domain:
// z***@example.com.
func MaskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return keep(s, 0, 0)
	}
	local := []rune(s[:at])
	return string(local[0]) + "***" + s[at:]
}

// MaskAddress keeps the first 6 characters (province, city, district as a
// rule) and hides the rest.
func MaskAddress(s string) string {
	r := []rune(s)
	switch {
	case len(r) == 0:
		return ""
	case len(r) > 6:
		return string(r[:6]) + "****"
	case len(r) > 2:
		return string(r[:2]) + "****"
	}
	return "****"
}

// RevealPersonal records in the audit log that actor saw a's personal data
// unmasked (the caller has checked the actor is one of the unit's handlers).
func (s *Service) RevealPersonal(ctx context.Context, actor audit.Actor, a Application) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		return appendAudit(ctx, tx, actor, a, "request.view_personal",
			fmt.Sprintf("查看申请 %s 的申请人身份证件号码和联系方式", a.RegNo))
	})
}
