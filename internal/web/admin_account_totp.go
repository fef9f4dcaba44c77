package web

import (
	"bytes"
	"encoding/base32"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strings"

	"github.com/pquerna/otp"

	"gongkai/internal/valid"
)

// adminAccountTOTPBegin makes a new secret and shows it as a QR code and as
// text. Nothing is stored yet: the secret travels in a hidden field to the
// "enable" form, which stores it once a code made from it is correct.
func (s *Server) adminAccountTOTPBegin(w http.ResponseWriter, r *http.Request) {
	en, err := s.auth.BeginTOTP(r.Context(), *currentUser(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderAccount(w, r, http.StatusOK, accountPage{Enrol: &totpEnrol{Secret: en.Secret, QR: qrDataURL(en.PNG)}}, nil, nil)
}

// adminAccountTOTPEnable checks the code against the secret and turns TOTP
// on. A wrong code shows the same secret again, since the user's app has
// already saved it.
func (s *Server) adminAccountTOTPEnable(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r)
	secret := strings.ToUpper(strings.TrimSpace(r.PostFormValue("secret")))
	code := strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("code")), " ", "")
	err := s.auth.EnableTOTP(r.Context(), s.actor(r), me.ID, secret, code)
	if ve, ok := asValid(err); ok {
		en := &totpEnrol{Secret: secret}
		if png, err := s.totpQR(secret, me.Login); err == nil {
			en.QR = qrDataURL(png)
		} else {
			// Not a secret we made (edited form): start over with a new one.
			fresh, err := s.auth.BeginTOTP(r.Context(), *me)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			en = &totpEnrol{Secret: fresh.Secret, QR: qrDataURL(fresh.PNG)}
		}
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountPage{Enrol: en, ErrorsFor: "totp"}, nil, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/account", "两步验证已启用。今后登录时，除密码外还需输入验证器中的动态验证码。")
}

// totpQR draws the QR code of an existing secret, as BeginTOTP does for a
// new one.
func (s *Server) totpQR(secret, login string) ([]byte, error) {
	issuer := s.authSettings().Issuer
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", issuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", "6")
	v.Set("period", "30")
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + login, RawQuery: v.Encode()}
	if b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret); err != nil || len(b) < 10 {
		return nil, fmt.Errorf("totp secret: not base32 or too short")
	}
	key, err := otp.NewKeyFromURL(u.String())
	if err != nil {
		return nil, err
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// adminAccountTOTPDisable turns TOTP off after the current password is
// entered again (a session left open must not be enough). Where TOTP is
// required for the account it cannot be switched off, only re-keyed.
func (s *Server) adminAccountTOTPDisable(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := currentUser(r)
	off := *me
	off.TOTPEnabled = false
	if required, err := s.auth.MustEnrollTOTP(ctx, off); err != nil {
		s.serverError(w, r, err)
		return
	} else if required {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountPage{ErrorsFor: "totp_disable"}, nil,
			valid.New("current_password", "本平台要求管理员账户使用两步验证，不能停用。更换手机时请点击“重新绑定”。").(*valid.Errors))
		return
	}
	ok, err := s.auth.VerifyPassword(ctx, me.ID, r.PostFormValue("current_password"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountPage{ErrorsFor: "totp_disable"}, nil,
			valid.New("current_password", "当前密码不正确").(*valid.Errors))
		return
	}
	if err := s.auth.DisableTOTP(ctx, s.actor(r), me.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/account", "两步验证已停用。")
}
