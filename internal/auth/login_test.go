package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestAuthenticate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("zhouba", RoleEditor, e.dept)
		got, err := e.svc.Authenticate(e.ctx, " ZhouBa ", goodPassword, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || !got.LastLoginAt.Equal(e.clock.Now()) || got.FailedLogins != 0 {
			t.Errorf("logged in %+v", got)
		}
		if a := e.wantAudit("user.login", 1, u.ID); a.ActorID != u.ID || a.IP != "10.0.0.1" || a.UnitID != e.dept.ID {
			t.Errorf("login audit %+v", a)
		}

		// Every failure looks the same.
		gone := e.user("gone", RoleEditor, e.dept)
		off := false
		e.svc.UpdateUser(e.ctx, admin, gone.ID, UserUpdate{Active: &off})
		closed := e.unit("CLOSED", e.county.ID)
		inClosed := e.user("closed", RoleEditor, closed)
		db.Exec(e.ctx, `UPDATE units SET active = FALSE WHERE id = $1`, closed.ID)
		for _, c := range []struct{ login, pw string }{
			{"zhouba", "wrong password"}, {"nobody", goodPassword}, {"gone", goodPassword}, {"closed", goodPassword}, {"", ""},
		} {
			if _, err := e.svc.Authenticate(e.ctx, c.login, c.pw, "10.0.0.1"); !errors.Is(err, ErrInvalidCredentials) {
				t.Errorf("Authenticate(%q, %q) = %v, want ErrInvalidCredentials", c.login, c.pw, err)
			}
		}
		_ = inClosed
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.FailedLogins != 1 {
			t.Errorf("failed logins = %d, want 1", got.FailedLogins)
		}
		// A success clears the account's count.
		if got, err := e.svc.Authenticate(e.ctx, "zhouba", goodPassword, "10.0.0.1"); err != nil || got.FailedLogins != 0 {
			t.Errorf("second login %+v, %v", got, err)
		}
	})
}

func TestLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("wujiu", RoleEditor, e.dept)
		for i := 1; i <= 4; i++ {
			if _, err := e.svc.Authenticate(e.ctx, "wujiu", "wrong", ""); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure %d: %v", i, err)
			}
			e.clock.Advance(time.Minute)
		}
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.FailedLogins != 4 || got.Locked(e.clock.Now()) {
			t.Fatalf("after 4 failures: %+v", got)
		}
		e.wantAudit("user.locked", 0, 0)
		e.svc.Authenticate(e.ctx, "wujiu", "wrong", "")
		got, _ := e.svc.GetUser(e.ctx, u.ID)
		if !got.Locked(e.clock.Now()) || !got.LockedUntil.Equal(e.clock.Now().Add(15*time.Minute)) {
			t.Fatalf("after 5 failures: locked until %v", got.LockedUntil)
		}
		if a := e.wantAudit("user.locked", 1, u.ID); a.UnitID != e.dept.ID || !strings.Contains(a.Summary, "5 次") {
			t.Errorf("lock audit %+v", a)
		}
		// The right password while locked fails and resets nothing.
		e.clock.Advance(10 * time.Minute)
		if _, err := e.svc.Authenticate(e.ctx, "wujiu", goodPassword, ""); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("locked account logged in: %v", err)
		}
		if again, _ := e.svc.GetUser(e.ctx, u.ID); again.LockedUntil != got.LockedUntil || again.FailedLogins != 5 {
			t.Errorf("locked login changed the lock: %+v", again)
		}
		// The lock runs out by itself.
		e.clock.Advance(5 * time.Minute)
		if _, err := e.svc.Authenticate(e.ctx, "wujiu", goodPassword, ""); err != nil {
			t.Fatalf("login after the lock ran out: %v", err)
		}

		// Lock again, then an administrator unlocks.
		for i := 0; i < 5; i++ {
			e.svc.Authenticate(e.ctx, "wujiu", "wrong", "")
		}
		e.wantAudit("user.locked", 2, u.ID)
		if locked, _ := e.svc.GetUser(e.ctx, u.ID); !locked.Locked(e.clock.Now()) {
			t.Fatal("not locked again")
		}
		if err := e.svc.Unlock(e.ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if a := e.wantAudit("user.unlock", 1, u.ID); !strings.Contains(a.Summary, "已锁定") {
			t.Errorf("unlock audit %q", a.Summary)
		}
		if got, _ := e.svc.GetUser(e.ctx, u.ID); got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
			t.Errorf("after unlock: %+v", got)
		}
		if _, err := e.svc.Authenticate(e.ctx, "wujiu", goodPassword, ""); err != nil {
			t.Errorf("login after unlock: %v", err)
		}
		if err := e.svc.Unlock(e.ctx, admin, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unlock missing user: %v", err)
		}
	})
}

func TestLockoutWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("zhengshi", RoleEditor, e.dept)
		// Failures spread over more than the window never lock.
		for i := 0; i < 12; i++ {
			e.svc.Authenticate(e.ctx, "zhengshi", "wrong", "")
			e.clock.Advance(4 * time.Minute)
		}
		got, _ := e.svc.GetUser(e.ctx, u.ID)
		if got.Locked(e.clock.Now()) || got.FailedLogins >= 5 {
			t.Errorf("slow failures locked the account: %+v", got)
		}
		e.wantAudit("user.locked", 0, 0)
	})
}

func TestIPThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("feng", RoleEditor, e.dept)
		const ip = "203.0.113.9"
		// 20 failures over many logins (no account reaches its own lock).
		for i := 0; i < 20; i++ {
			login := "nobody"
			if i < 4 {
				login = "feng"
			}
			if _, err := e.svc.Authenticate(e.ctx, login, "wrong", ip); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		if _, err := e.svc.Authenticate(e.ctx, "feng", goodPassword, ip); !errors.Is(err, ErrThrottled) {
			t.Fatalf("right password from a throttled address: %v, want ErrThrottled", err)
		}
		if a := e.wantAudit("login.ip_throttled", 1, 0); a.ObjectID != ip {
			t.Errorf("throttle audit %+v", a)
		}
		// Other addresses are not affected, and a success does not clear the address.
		if _, err := e.svc.Authenticate(e.ctx, "feng", goodPassword, "203.0.113.10"); err != nil {
			t.Errorf("other address: %v", err)
		}
		e.clock.Advance(14 * time.Minute)
		if _, err := e.svc.Authenticate(e.ctx, "feng", goodPassword, ip); !errors.Is(err, ErrThrottled) {
			t.Errorf("still throttled after 14 minutes: %v", err)
		}
		e.clock.Advance(time.Minute)
		if _, err := e.svc.Authenticate(e.ctx, "feng", goodPassword, ip); err != nil {
			t.Errorf("throttle did not run out: %v", err)
		}
		// A fresh window after the block: one failure does not block again.
		e.svc.Authenticate(e.ctx, "nobody", "wrong", ip)
		if _, err := e.svc.Authenticate(e.ctx, "feng", goodPassword, ip); err != nil {
			t.Errorf("blocked again after one failure: %v", err)
		}
	})
}

func TestRehashOnLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("chen", RoleEditor, e.dept)
		cfg := TestConfig()
		cfg.Argon2MemoryKiB = 128
		svc := NewService(db, cfg)
		if _, err := svc.Authenticate(e.ctx, "chen", goodPassword, ""); err != nil {
			t.Fatal(err)
		}
		var hash string
		db.QueryRow(e.ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=128,t=1,p=1$") {
			t.Errorf("hash not upgraded: %q", hash)
		}
		if _, err := svc.Authenticate(e.ctx, "chen", goodPassword, ""); err != nil {
			t.Errorf("login with the rehashed password: %v", err)
		}
	})
}
