package auth

import (
	"errors"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestCheckPassword(t *testing.T) {
	cases := []struct {
		login, pw string
		ok        bool
		want      []string // fragments of the message
	}{
		{"zhangsan", "Qingshan-2025!", true, nil},
		{"zhangsan", "qingshan2025x", false, []string{"当前缺少大写字母、其他符号"}},
		{"zhangsan", "qingshan20!5", true, nil}, // lower, digit, other
		{"zhangsan", "QINGSHANxyz!", true, nil}, // upper, lower, other
		{"zhangsan", "县政府公开平台Ab1", true, nil},   // Chinese counts as other; 10 runes
		{"zhangsan", "县政府公开平台Ab", false, []string{"至少需要 10 个字符（当前 9 个）"}},
		{"zhangsan", "Ab1!", false, []string{"至少需要 10 个字符（当前 4 个）"}},
		{"zhangsan", "", false, []string{"至少需要 10 个字符（当前 0 个）", "当前缺少小写字母、大写字母、数字、其他符号"}},
		{"zhangsan", "abcdefghijkl", false, []string{"当前缺少大写字母、数字、其他符号"}},
		{"zhangsan", "1234567890123", false, []string{"当前缺少小写字母、大写字母、其他符号"}},
		{"zhangsan", "Xx-ZhangSan-1", false, []string{"不能包含登录名"}},
		{"zhangsan", "P@ssw0rd123", false, []string{"常见弱密码"}},
		{"zhangsan", "ADMIN@123456", false, []string{"常见弱密码"}},
		{"zhangsan", "Woaini1314!", false, []string{"常见弱密码"}},
		{"zhangsan", strings.Repeat("Ab1!", 33), false, []string{"不能超过 128 个字符"}},
		{"", "Qingshan-2025!", true, nil},
	}
	for _, c := range cases {
		err := CheckPassword(c.login, c.pw)
		if c.ok {
			if err != nil {
				t.Errorf("CheckPassword(%q, %q) = %v, want ok", c.login, c.pw, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("CheckPassword(%q, %q) accepted a bad password", c.login, c.pw)
			continue
		}
		msg := fieldErr(t, err, "password")
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("CheckPassword(%q, %q) = %q, want it to say %q", c.login, c.pw, msg, w)
			}
		}
	}
	if len(commonPasswords) < 100 {
		t.Errorf("only %d common passwords embedded", len(commonPasswords))
	}
	for i := 0; i < 50; i++ {
		if pw := TempPassword("abcdef"); CheckPassword("abcdef", pw) != nil || len(pw) != 14 {
			t.Fatalf("temporary password %q fails the policy", pw)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	s := NewService(nil, TestConfig())
	h := s.hashPassword("Qingshan-2025!")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("hash %q is not a PHC string", h)
	}
	if h2 := s.hashPassword("Qingshan-2025!"); h2 == h {
		t.Error("two hashes of one password are equal: no salt?")
	}
	if ok, rehash := s.verifyPassword(h, "Qingshan-2025!"); !ok || rehash {
		t.Errorf("verify right password = %v, rehash %v", ok, rehash)
	}
	if ok, _ := s.verifyPassword(h, "Qingshan-2025?"); ok {
		t.Error("wrong password verified")
	}
	// A hash made with other parameters verifies with its own and asks for a rehash.
	cfg := TestConfig()
	cfg.Argon2Time = 2
	if ok, rehash := NewService(nil, cfg).verifyPassword(h, "Qingshan-2025!"); !ok || !rehash {
		t.Errorf("verify with changed config = %v, rehash %v; want true, true", ok, rehash)
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=18$m=64,t=1,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=0,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$"} {
		if ok, _ := s.verifyPassword(bad, ""); ok {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
	if d := DefaultConfig(); d.Argon2Time != 2 || d.Argon2MemoryKiB != 19456 || d.Argon2Threads != 1 {
		t.Errorf("default argon2 parameters %+v", d)
	}
}

func TestResetAndSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("zhaoliu", RoleEditor, e.dept)
		for i := 0; i < 5; i++ {
			e.svc.Authenticate(e.ctx, "zhaoliu", "wrong", "")
		}
		e.svc.CreateSession(e.ctx, u, "", "", false)
		tmp, err := e.svc.ResetPassword(e.ctx, admin, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if CheckPassword(u.Login, tmp) != nil {
			t.Errorf("temporary password %q fails the policy", tmp)
		}
		got, err := e.svc.Authenticate(e.ctx, "zhaoliu", tmp, "")
		if err != nil || !got.MustChangePassword || got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
			t.Fatalf("login with temporary password: %+v, %v", got, err)
		}
		if n, _ := e.svc.CountSessions(e.ctx, u.ID); n != 0 {
			t.Errorf("%d sessions survived the reset", n)
		}
		a := e.wantAudit("user.reset_password", 1, u.ID)
		if strings.Contains(a.Summary, tmp) || a.UnitID != e.dept.ID {
			t.Errorf("reset audit %+v", a)
		}
		if _, err := e.svc.ResetPassword(e.ctx, admin, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reset missing user: %v", err)
		}

		// SetPassword applies the policy and writes nothing when it fails.
		n0 := e.auditTotal()
		fieldErr(t, e.svc.SetPassword(e.ctx, admin, u.ID, "zhaoliu-Abc-1", false), "password")
		if e.auditTotal() != n0 {
			t.Error("refused SetPassword was audited")
		}
		if err := e.svc.SetPassword(e.ctx, admin, u.ID, "Another-Pass-9", false); err != nil {
			t.Fatal(err)
		}
		if got, err := e.svc.Authenticate(e.ctx, "zhaoliu", "Another-Pass-9", ""); err != nil || got.MustChangePassword {
			t.Errorf("login after SetPassword: %+v, %v", got, err)
		}
		if _, err := e.svc.Authenticate(e.ctx, "zhaoliu", tmp, ""); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("old temporary password still works: %v", err)
		}
		e.wantAudit("user.set_password", 1, u.ID)
	})
}

func TestChangePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("sunqi", RoleEditor, e.dept)
		if _, err := e.svc.ResetPassword(e.ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.SetPassword(e.ctx, admin, u.ID, goodPassword, true); err != nil {
			t.Fatal(err)
		}
		self := u.actor()
		n0 := e.auditTotal()
		if msg := fieldErr(t, e.svc.ChangePassword(e.ctx, self, u.ID, "wrong", "Brand-New-Pass-1"), "old_password"); msg != "原密码不正确" {
			t.Errorf("wrong old password: %q", msg)
		}
		fieldErr(t, e.svc.ChangePassword(e.ctx, self, u.ID, goodPassword, goodPassword), "password")
		fieldErr(t, e.svc.ChangePassword(e.ctx, self, u.ID, goodPassword, "weak"), "password")
		if e.auditTotal() != n0 {
			t.Error("refused password changes were audited")
		}
		if err := e.svc.ChangePassword(e.ctx, self, u.ID, goodPassword, "Brand-New-Pass-1"); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Authenticate(e.ctx, "sunqi", "Brand-New-Pass-1", "")
		if err != nil || got.MustChangePassword {
			t.Errorf("after change: %+v, %v", got, err)
		}
		if a := e.wantAudit("user.change_password", 1, u.ID); a.ActorID != u.ID {
			t.Errorf("change audited as actor %d", a.ActorID)
		}
	})
}

// TestTempPasswordVaried: generated passwords pass the policy, avoid
// look-alike characters and do not repeat.
func TestTempPasswordVaried(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		pw := TempPassword("zhang.san")
		if err := CheckPassword("zhang.san", pw); err != nil || len(pw) != 14 || strings.ContainsAny(pw, "0O1lI") {
			t.Fatalf("generated %q: %v", pw, err)
		}
		if seen[pw] {
			t.Fatalf("generated %q twice", pw)
		}
		seen[pw] = true
	}
}
