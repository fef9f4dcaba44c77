package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("robot", RoleEditor, e.dept)
		v := e.user("someone", RoleEditor, e.dept)
		self := u.actor()

		n0 := e.auditTotal()
		_, _, err := e.svc.CreateToken(e.ctx, self, u.ID, " ", time.Time{})
		fieldErr(t, err, "name")
		_, _, err = e.svc.CreateToken(e.ctx, self, u.ID, "OA", e.clock.Now().Add(-time.Hour))
		fieldErr(t, err, "expires_at")
		if _, _, err := e.svc.CreateToken(e.ctx, self, 999, "OA", time.Time{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token for a missing user: %v", err)
		}
		if e.auditTotal() != n0 {
			t.Error("refused token creations were audited")
		}

		plain, tk, err := e.svc.CreateToken(e.ctx, self, u.ID, " 办公系统对接 ", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, "gk_") || len(plain) != 46 || tk.Prefix != plain[:10] || tk.Name != "办公系统对接" ||
			tk.UserID != u.ID || !tk.ExpiresAt.IsZero() || !tk.LastUsedAt.IsZero() || !tk.RevokedAt.IsZero() {
			t.Errorf("token %q %+v", plain, tk)
		}
		if a := e.wantAudit("token.create", 1, tk.ID); strings.Contains(a.Summary, plain) || a.UnitID != e.dept.ID {
			t.Errorf("create audit %+v", a)
		}
		var n int
		db.QueryRow(e.ctx, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1`, plain).Scan(&n)
		if n != 0 {
			t.Error("the plaintext token is stored")
		}

		got, err := e.svc.AuthenticateToken(e.ctx, plain)
		if err != nil || got.ID != u.ID {
			t.Fatalf("AuthenticateToken: %+v, %v", got, err)
		}
		for _, bad := range []string{"", "gk_", "gk_nope", plain + "x", strings.TrimPrefix(plain, "gk_")} {
			if _, err := e.svc.AuthenticateToken(e.ctx, bad); !errors.Is(err, ErrInvalidCredentials) {
				t.Errorf("AuthenticateToken(%q): %v", bad, err)
			}
		}
		ts, err := e.svc.ListTokens(e.ctx, u.ID)
		if err != nil || len(ts) != 1 || !ts[0].LastUsedAt.Equal(e.clock.Now()) {
			t.Fatalf("ListTokens: %+v, %v", ts, err)
		}
		// last_used_at moves at most once a minute.
		e.clock.Advance(30 * time.Second)
		e.svc.AuthenticateToken(e.ctx, plain)
		if ts, _ := e.svc.ListTokens(e.ctx, u.ID); !ts[0].LastUsedAt.Equal(e.clock.Now().Add(-30 * time.Second)) {
			t.Errorf("last used written within a minute: %v", ts[0].LastUsedAt)
		}
		if ts, _ := e.svc.ListTokens(e.ctx, v.ID); len(ts) != 0 {
			t.Errorf("other user lists %d tokens", len(ts))
		}

		// Only the owner's token can be revoked.
		if err := e.svc.RevokeToken(e.ctx, v.actor(), v.ID, tk.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoke another user's token: %v", err)
		}
		if _, err := e.svc.AuthenticateToken(e.ctx, plain); err != nil {
			t.Errorf("token revoked by someone else: %v", err)
		}
		if err := e.svc.RevokeToken(e.ctx, self, u.ID, tk.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AuthenticateToken(e.ctx, plain); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("revoked token: %v", err)
		}
		if err := e.svc.RevokeToken(e.ctx, self, u.ID, tk.ID); err != nil {
			t.Errorf("second revoke: %v", err)
		}
		e.wantAudit("token.revoke", 1, tk.ID)
		if ts, _ := e.svc.ListTokens(e.ctx, u.ID); ts[0].RevokedAt.IsZero() {
			t.Error("revocation not listed")
		}

		// Expiry.
		plain2, tk2, err := e.svc.CreateToken(e.ctx, self, u.ID, "短期", e.clock.Now().Add(time.Hour))
		if err != nil || !tk2.ExpiresAt.Equal(e.clock.Now().Add(time.Hour)) {
			t.Fatalf("expiring token: %+v, %v", tk2, err)
		}
		e.clock.Advance(59 * time.Minute)
		if _, err := e.svc.AuthenticateToken(e.ctx, plain2); err != nil {
			t.Errorf("token before expiry: %v", err)
		}
		e.clock.Advance(time.Minute)
		if _, err := e.svc.AuthenticateToken(e.ctx, plain2); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("expired token: %v", err)
		}

		// An inactive user's tokens stop working.
		plain3, _, _ := e.svc.CreateToken(e.ctx, self, u.ID, "长期", time.Time{})
		off := false
		e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Active: &off})
		if _, err := e.svc.AuthenticateToken(e.ctx, plain3); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("inactive user's token: %v", err)
		}
		if ts, _ := e.svc.ListTokens(e.ctx, u.ID); len(ts) != 3 || ts[0].Name != "长期" {
			t.Errorf("list order: %+v", ts)
		}
	})
}
