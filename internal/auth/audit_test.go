package auth

import (
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestEveryChangeIsAudited runs every use case that changes state and checks
// that each appended the audit entry it should, and that the chain holds.
func TestEveryChangeIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var u User
		var tok, sessTok, secret string
		var tk Token
		steps := []struct {
			action string
			run    func() error
		}{
			{"setup.token_create", func() (err error) { tok, err = e.svc.CreateSetupToken(e.ctx); return }},
			{"setup.complete", func() (err error) {
				u, err = e.svc.CompleteSetup(e.ctx, tok, NewUser{Login: "first", Name: "首位", UnitID: e.county.ID, Password: goodPassword})
				return
			}},
			{"user.create", func() error {
				_, err := e.svc.CreateUser(e.ctx, u.actor(), NewUser{Login: "second", Name: "次位", UnitID: e.dept.ID, Role: RoleEditor, Password: goodPassword})
				return err
			}},
			{"user.edit", func() error {
				name := "首位管理员"
				_, err := e.svc.UpdateUser(e.ctx, u.actor(), u.ID, UserUpdate{Name: &name})
				return err
			}},
			{"user.login", func() error { _, err := e.svc.Authenticate(e.ctx, "first", goodPassword, "10.0.0.1"); return err }},
			{"user.logout", func() error {
				var err error
				if sessTok, _, err = e.svc.CreateSession(e.ctx, u, "", "", false); err != nil {
					return err
				}
				return e.svc.DeleteSession(e.ctx, sessTok)
			}},
			{"user.revoke_sessions", func() error { _, err := e.svc.DeleteUserSessions(e.ctx, admin, u.ID); return err }},
			{"user.reset_password", func() error { _, err := e.svc.ResetPassword(e.ctx, admin, u.ID); return err }},
			{"user.set_password", func() error { return e.svc.SetPassword(e.ctx, admin, u.ID, goodPassword, false) }},
			{"user.change_password", func() error {
				return e.svc.ChangePassword(e.ctx, u.actor(), u.ID, goodPassword, "Changed-Pass-77")
			}},
			{"user.locked", func() error {
				for i := 0; i < 5; i++ {
					e.svc.Authenticate(e.ctx, "first", "wrong", "")
				}
				return nil
			}},
			{"user.unlock", func() error { return e.svc.Unlock(e.ctx, admin, u.ID) }},
			{"user.totp_enable", func() error {
				en, err := e.svc.BeginTOTP(e.ctx, u)
				if err != nil {
					return err
				}
				secret = en.Secret
				code, _ := totp.GenerateCode(secret, e.clock.Now())
				return e.svc.EnableTOTP(e.ctx, u.actor(), u.ID, secret, code)
			}},
			{"user.login_password", func() error { _, err := e.svc.Authenticate(e.ctx, "first", "Changed-Pass-77", ""); return err }},
			{"user.login", func() error {
				pu, _ := e.svc.GetUser(e.ctx, u.ID)
				st, _, err := e.svc.CreateSession(e.ctx, pu, "", "", true)
				if err != nil {
					return err
				}
				code, _ := totp.GenerateCode(secret, e.clock.Now().Add(30*time.Second)) // enrolment spent the current code
				_, err = e.svc.CompleteMFA(e.ctx, st, code)
				return err
			}},
			{"user.totp_disable", func() error { return e.svc.DisableTOTP(e.ctx, u.actor(), u.ID) }},
			{"security.settings", func() error { return e.svc.SetTOTPRequiredForAdmins(e.ctx, u.actor(), true) }},
			{"token.create", func() (err error) {
				_, tk, err = e.svc.CreateToken(e.ctx, u.actor(), u.ID, "接口", time.Time{})
				return
			}},
			{"token.revoke", func() error { return e.svc.RevokeToken(e.ctx, u.actor(), u.ID, tk.ID) }},
			{"login.ip_throttled", func() error {
				for i := 0; i < 20; i++ {
					e.svc.Authenticate(e.ctx, "nobody", "wrong", "198.51.100.1")
				}
				return nil
			}},
			{"user.deactivate", func() error {
				off := false
				_, err := e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Active: &off})
				return err
			}},
			{"user.activate", func() error {
				on := true
				_, err := e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Active: &on})
				return err
			}},
		}
		for _, st := range steps {
			before := e.auditTotal()
			if err := st.run(); err != nil {
				t.Fatalf("%s: %v", st.action, err)
			}
			es, _, _ := audit.List(e.ctx, db, audit.Filter{Limit: 1})
			if e.auditTotal() <= before || es[0].Action != st.action {
				t.Errorf("%s: newest audit entry is %q (%d new entries)", st.action, es[0].Action, e.auditTotal()-before)
			}
		}
		if res, err := audit.Verify(e.ctx, db); err != nil || !res.OK {
			t.Errorf("audit chain: %+v, %v", res, err)
		}
	})
}

// TestConcurrentFailures checks that failures counted at the same time are
// all counted (row locks on PostgreSQL, the one writer on SQLite).
func TestConcurrentFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("busy", RoleEditor, e.dept)
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e.svc.Authenticate(e.ctx, "busy", "wrong", "192.0.2.1")
			}()
		}
		wg.Wait()
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.FailedLogins != 4 {
			t.Errorf("failed logins = %d, want 4", got.FailedLogins)
		}
		var n int
		db.QueryRow(e.ctx, `SELECT failures FROM login_throttle WHERE key = 'ip:192.0.2.1'`).Scan(&n)
		if n != 4 {
			t.Errorf("address failures = %d, want 4", n)
		}
	})
}
