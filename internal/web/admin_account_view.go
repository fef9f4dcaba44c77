package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"

	"gongkai/internal/auth"
	"gongkai/internal/valid"
)

// accountPage is what admin_account.html shows.
type accountPage struct {
	Me         auth.User
	MustChange bool
	MustTOTP   bool
	TOTPLocked bool // TOTP is required for this account: it can be re-keyed, not switched off
	Sessions   int
	Tokens     []auth.Token
	// Enrol is set between "begin" and "enable": the new secret and its QR code.
	Enrol *totpEnrol
	// NewToken is the plaintext of the token just created, shown once.
	NewToken     string
	NewTokenName string
	// ErrorsFor names the form the errors belong to: password, totp,
	// totp_disable or token.
	ErrorsFor string
}

type totpEnrol struct {
	Secret string
	QR     template.URL // data: URL of the PNG we drew (html/template refuses data: URLs in strings)
}

func qrDataURL(png []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
}

// adminAccountView is "my account": profile, password, TOTP, API tokens
// and signing out everywhere. It stays reachable when the user must change
// the password or enrol TOTP first (the guard sends them here).
func (s *Server) adminAccountView(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, accountPage{}, nil, nil)
}

// renderAccount renders the account page; d carries what a POST wants to
// show (an enrolment, a new token, which form the errors belong to).
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, d accountPage, form url.Values, errs *valid.Errors) {
	ctx := r.Context()
	me, err := s.auth.GetUser(ctx, currentUser(r).ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Me = me
	d.MustChange = me.MustChangePassword
	if d.MustTOTP, err = s.auth.MustEnrollTOTP(ctx, me); err != nil {
		s.serverError(w, r, err)
		return
	}
	off := me
	off.TOTPEnabled = false
	if d.TOTPLocked, err = s.auth.MustEnrollTOTP(ctx, off); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Sessions, err = s.auth.CountSessions(ctx, me.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Tokens, err = s.auth.ListTokens(ctx, me.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "我的账户")
	p.Section = "account"
	p.User = &me
	if form != nil {
		p.Form = form
	}
	p.Errors = errs
	p.Data = d
	s.render(w, r, status, "admin_account", p)
}
