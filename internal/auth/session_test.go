package auth

import (
	"errors"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestSessionLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("qian", RoleEditor, e.dept)
		tok, sess, err := e.svc.CreateSession(e.ctx, u, "10.1.1.1", "Mozilla/5.0", false)
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != 43 || len(sess.CSRFToken) != 43 || sess.UserID != u.ID || sess.MFAPending ||
			!sess.ExpiresAt.Equal(e.clock.Now().Add(12*time.Hour)) {
			t.Errorf("token %q session %+v", tok, sess)
		}
		var n int
		db.QueryRow(e.ctx, `SELECT COUNT(*) FROM sessions WHERE id_hash = $1`, tok).Scan(&n)
		if n != 0 {
			t.Error("the plaintext token is stored")
		}
		got, gu, err := e.svc.LookupSession(e.ctx, tok)
		if err != nil || got.CSRFToken != sess.CSRFToken || gu.ID != u.ID || got.IP != "10.1.1.1" || got.UserAgent != "Mozilla/5.0" {
			t.Fatalf("lookup: %+v %+v %v", got, gu, err)
		}
		for _, bad := range []string{"", "nope", tok + "x"} {
			if _, _, err := e.svc.LookupSession(e.ctx, bad); !errors.Is(err, ErrNoSession) {
				t.Errorf("lookup %q: %v", bad, err)
			}
		}

		// last_seen_at moves at most once a minute.
		e.clock.Advance(30 * time.Second)
		got, _, _ = e.svc.LookupSession(e.ctx, tok)
		if !got.LastSeenAt.Equal(sess.CreatedAt) {
			t.Errorf("last seen written after 30 s: %v", got.LastSeenAt)
		}
		e.clock.Advance(31 * time.Second)
		got, _, _ = e.svc.LookupSession(e.ctx, tok)
		if !got.LastSeenAt.Equal(e.clock.Now()) {
			t.Errorf("last seen not written after 61 s: %v", got.LastSeenAt)
		}

		// Idle expiry: 30 minutes without a request.
		e.clock.Advance(29 * time.Minute)
		if _, _, err := e.svc.LookupSession(e.ctx, tok); err != nil {
			t.Fatalf("session gone after 29 idle minutes: %v", err)
		}
		e.clock.Advance(30 * time.Minute)
		if _, _, err := e.svc.LookupSession(e.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Fatalf("session alive after 30 idle minutes: %v", err)
		}
		if c, _ := e.svc.CountSessions(e.ctx, u.ID); c != 0 {
			t.Errorf("%d sessions counted after idle expiry", c)
		}

		// Absolute expiry: 12 hours, however active.
		tok, _, _ = e.svc.CreateSession(e.ctx, u, "", "", false)
		for i := 0; i < 12*3-1; i++ {
			e.clock.Advance(20 * time.Minute)
			if _, _, err := e.svc.LookupSession(e.ctx, tok); err != nil {
				t.Fatalf("active session gone after %v: %v", time.Duration(i+1)*20*time.Minute, err)
			}
		}
		e.clock.Advance(20 * time.Minute)
		if _, _, err := e.svc.LookupSession(e.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Fatalf("session alive after 12 hours: %v", err)
		}

		// A locked or deactivated user has no session.
		tok, _, _ = e.svc.CreateSession(e.ctx, u, "", "", false)
		for i := 0; i < 5; i++ {
			e.svc.Authenticate(e.ctx, "qian", "wrong", "")
		}
		if _, _, err := e.svc.LookupSession(e.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Errorf("locked user's session: %v", err)
		}
		e.svc.Unlock(e.ctx, admin, u.ID)
		if _, _, err := e.svc.LookupSession(e.ctx, tok); err != nil {
			t.Errorf("session after unlock: %v", err)
		}
		db.Exec(e.ctx, `UPDATE users SET active = FALSE WHERE id = $1`, u.ID)
		if _, _, err := e.svc.LookupSession(e.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Errorf("inactive user's session: %v", err)
		}

		if _, _, err := e.svc.CreateSession(e.ctx, User{}, "", "", false); err == nil {
			t.Error("session for no user")
		}
	})
}

func TestLogout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("sun", RoleEditor, e.dept)
		v := e.user("lisi", RoleEditor, e.dept)
		var toks []string
		for i := 0; i < 3; i++ {
			tok, _, err := e.svc.CreateSession(e.ctx, u, "10.0.0.9", "", false)
			if err != nil {
				t.Fatal(err)
			}
			toks = append(toks, tok)
		}
		other, _, _ := e.svc.CreateSession(e.ctx, v, "", "", false)
		if n, err := e.svc.CountSessions(e.ctx, u.ID); n != 3 || err != nil {
			t.Fatalf("CountSessions = %d, %v", n, err)
		}

		if err := e.svc.DeleteSession(e.ctx, toks[0]); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.LookupSession(e.ctx, toks[0]); !errors.Is(err, ErrNoSession) {
			t.Errorf("session alive after logout: %v", err)
		}
		if a := e.wantAudit("user.logout", 1, u.ID); a.ActorID != u.ID || a.IP != "10.0.0.9" {
			t.Errorf("logout audit %+v", a)
		}
		if err := e.svc.DeleteSession(e.ctx, toks[0]); err != nil {
			t.Errorf("second logout: %v", err)
		}
		e.wantAudit("user.logout", 1, u.ID)

		// Everywhere but here.
		if n, err := e.svc.DeleteOtherSessions(e.ctx, u.actor(), u.ID, toks[2]); n != 1 || err != nil {
			t.Fatalf("DeleteOtherSessions = %d, %v", n, err)
		}
		if _, _, err := e.svc.LookupSession(e.ctx, toks[2]); err != nil {
			t.Errorf("kept session gone: %v", err)
		}

		// Everywhere.
		n, err := e.svc.DeleteUserSessions(e.ctx, admin, u.ID)
		if n != 1 || err != nil {
			t.Fatalf("DeleteUserSessions = %d, %v", n, err)
		}
		if c, _ := e.svc.CountSessions(e.ctx, u.ID); c != 0 {
			t.Errorf("%d sessions left", c)
		}
		if _, _, err := e.svc.LookupSession(e.ctx, other); err != nil {
			t.Errorf("another user's session ended: %v", err)
		}
		if a := e.wantAudit("user.revoke_sessions", 2, u.ID); a.UnitID != e.dept.ID || a.Actor != "cli" {
			t.Errorf("revoke audit %+v", a)
		}
		if _, err := e.svc.DeleteUserSessions(e.ctx, admin, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing user: %v", err)
		}

		// Housekeeping.
		e.svc.CreateSession(e.ctx, u, "", "", false)
		e.clock.Advance(time.Hour)
		if n, err := e.svc.PurgeSessions(e.ctx); n != 2 || err != nil {
			t.Errorf("PurgeSessions = %d, %v (want the idle session and the other user's)", n, err)
		}
	})
}
