package auth

import (
	"bytes"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestTOTPLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("sysadmin", RoleSystemAdmin, e.county)
		self := u.actor()

		en, err := e.svc.BeginTOTP(e.ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if len(en.Secret) != 32 || !strings.HasPrefix(en.URL, "otpauth://totp/Gongkai:sysadmin?") || !strings.Contains(en.URL, "secret="+en.Secret) {
			t.Errorf("enrollment %q %q", en.Secret, en.URL)
		}
		img, err := png.Decode(bytes.NewReader(en.PNG))
		if err != nil || img.Bounds().Dx() != 200 || img.Bounds().Dy() != 200 {
			t.Errorf("QR code: %v, %v", img.Bounds(), err)
		}
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.TOTPEnabled {
			t.Fatal("BeginTOTP stored something")
		}

		// A wrong code enables nothing and writes nothing.
		n0 := e.auditTotal()
		fieldErr(t, e.svc.EnableTOTP(e.ctx, self, u.ID, en.Secret, "000000"), "code")
		fieldErr(t, e.svc.EnableTOTP(e.ctx, self, u.ID, en.Secret, ""), "code")
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.TOTPEnabled || e.auditTotal() != n0 {
			t.Fatal("wrong code changed something")
		}
		code, _ := totp.GenerateCode(en.Secret, e.clock.Now())
		if err := e.svc.EnableTOTP(e.ctx, self, u.ID, en.Secret, code); err != nil {
			t.Fatal(err)
		}
		e.wantAudit("user.totp_enable", 1, u.ID)

		// Password first: the login is not complete and is not recorded as one.
		e.clock.Advance(time.Minute)
		pu, err := e.svc.Authenticate(e.ctx, "sysadmin", goodPassword, "10.2.2.2")
		if err != nil || !pu.TOTPEnabled || !pu.LastLoginAt.IsZero() {
			t.Fatalf("password step: %+v, %v", pu, err)
		}
		e.wantAudit("user.login", 0, 0)
		e.wantAudit("user.login_password", 1, u.ID)
		tok, sess, err := e.svc.CreateSession(e.ctx, pu, "10.2.2.2", "", true)
		if err != nil || !sess.MFAPending {
			t.Fatalf("pending session: %+v, %v", sess, err)
		}

		// A wrong code counts as a failed login.
		if _, err := e.svc.CompleteMFA(e.ctx, tok, "123456"); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("wrong code: %v", err)
		}
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.FailedLogins != 1 {
			t.Errorf("failed logins after a wrong code = %d", got.FailedLogins)
		}
		// A code from the previous step is accepted (skew 1), one from two steps ago is not.
		old, _ := totp.GenerateCode(en.Secret, e.clock.Now().Add(-time.Minute))
		if _, err := e.svc.CompleteMFA(e.ctx, tok, old); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("code from 60 s ago: %v", err)
		}
		prev, _ := totp.GenerateCode(en.Secret, e.clock.Now().Add(-30*time.Second))
		got, err := e.svc.CompleteMFA(e.ctx, tok, prev)
		if err != nil || got.ID != u.ID || got.FailedLogins != 0 || !got.LastLoginAt.Equal(e.clock.Now()) {
			t.Fatalf("CompleteMFA: %+v, %v", got, err)
		}
		if a := e.wantAudit("user.login", 1, u.ID); !strings.Contains(a.Summary, "动态口令") || a.IP != "10.2.2.2" {
			t.Errorf("login audit %+v", a)
		}
		if s, _, err := e.svc.LookupSession(e.ctx, tok); err != nil || s.MFAPending {
			t.Errorf("session after MFA: %+v, %v", s, err)
		}
		// Completing again changes nothing.
		if _, err := e.svc.CompleteMFA(e.ctx, tok, "000000"); err != nil {
			t.Errorf("second CompleteMFA: %v", err)
		}
		e.wantAudit("user.login", 1, u.ID)
		if _, err := e.svc.CompleteMFA(e.ctx, "nope", prev); !errors.Is(err, ErrNoSession) {
			t.Errorf("CompleteMFA without session: %v", err)
		}
		// A code works once: replaying it in another session within its window fails.
		replay, _, _ := e.svc.CreateSession(e.ctx, pu, "10.2.2.3", "", true)
		if _, err := e.svc.CompleteMFA(e.ctx, replay, prev); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("replayed code: %v", err)
		}
		// The next step's code is fresh and works.
		next, _ := totp.GenerateCode(en.Secret, e.clock.Now())
		if _, err := e.svc.CompleteMFA(e.ctx, replay, next); err != nil {
			t.Errorf("fresh code after a replay: %v", err)
		}

		// Five wrong codes lock the account, and a password success in between does not reset the count.
		tok, _, _ = e.svc.CreateSession(e.ctx, pu, "", "", true)
		for i := 0; i < 4; i++ {
			e.svc.CompleteMFA(e.ctx, tok, "999999")
		}
		if _, err := e.svc.Authenticate(e.ctx, "sysadmin", goodPassword, ""); err != nil {
			t.Fatal(err)
		}
		e.svc.CompleteMFA(e.ctx, tok, "999999")
		if got, _ := e.svc.GetUser(e.ctx, u.ID); !got.Locked(e.clock.Now()) {
			t.Fatalf("not locked after 5 wrong codes: %+v", got)
		}
		e.wantAudit("user.locked", 1, u.ID)
		code, _ = totp.GenerateCode(en.Secret, e.clock.Now())
		if _, err := e.svc.CompleteMFA(e.ctx, tok, code); err == nil {
			t.Error("locked account completed MFA")
		}

		if err := e.svc.DisableTOTP(e.ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		e.wantAudit("user.totp_disable", 1, u.ID)
		var secret string
		db.QueryRow(e.ctx, `SELECT totp_secret FROM users WHERE id = $1`, u.ID).Scan(&secret)
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.TOTPEnabled || secret != "" {
			t.Error("TOTP still on")
		}
		for _, a := range e.audits("user.") {
			if strings.Contains(a.Summary, en.Secret) {
				t.Errorf("audit %s leaks the TOTP secret", a.Action)
			}
		}
	})
}

func TestTOTPRequiredForAdmins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sa := e.user("secadmin", RoleSecurityAdmin, e.county)
		ed := e.user("editor1", RoleEditor, e.dept)
		if on, err := e.svc.TOTPRequiredForAdmins(e.ctx); on || err != nil {
			t.Fatalf("default: %v, %v", on, err)
		}
		if must, _ := e.svc.MustEnrollTOTP(e.ctx, sa); must {
			t.Error("must enroll while not required")
		}
		if err := e.svc.SetTOTPRequiredForAdmins(e.ctx, sa.actor(), true); err != nil {
			t.Fatal(err)
		}
		if on, err := e.svc.TOTPRequiredForAdmins(e.ctx); !on || err != nil {
			t.Fatalf("after on: %v, %v", on, err)
		}
		if a := e.wantAudit("security.settings", 1, 0); a.ObjectID != "security.totp_required_for_admins" || !strings.Contains(a.Summary, "true") {
			t.Errorf("settings audit %+v", a)
		}
		cases := []struct {
			u    User
			want bool
		}{{sa, true}, {ed, false}}
		for _, c := range cases {
			if must, err := e.svc.MustEnrollTOTP(e.ctx, c.u); must != c.want || err != nil {
				t.Errorf("MustEnrollTOTP(%s) = %v, %v", c.u.Role, must, err)
			}
		}
		sa.TOTPEnabled = true
		if must, _ := e.svc.MustEnrollTOTP(e.ctx, sa); must {
			t.Error("must enroll with TOTP on")
		}
		e.svc.SetTOTPRequiredForAdmins(e.ctx, sa.actor(), false)
		if on, _ := e.svc.TOTPRequiredForAdmins(e.ctx); on {
			t.Error("still required after off")
		}
		e.wantAudit("security.settings", 2, 0)
	})
}
