package main

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/auth"
)

var tempPasswordRE = regexp.MustCompile(`temporary password\): (\S+)`)

func tempPasswordFrom(t *testing.T, out string) string {
	t.Helper()
	m := tempPasswordRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no temporary password in:\n%s", out)
	}
	return m[1]
}

func TestUserCommands(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		mustGK(t, tg.args("unit", "add", "--code", "QS000", "--name", "青山县人民政府", "--type", "county_government")...)
		mustGK(t, tg.args("unit", "add", "--code", "QS003", "--name", "青山县教育局", "--type", "department", "--parent", "QS000")...)
		as := auth.NewService(tg.open(t), auth.TestConfig())

		// Generated password: printed once, must be changed.
		out := mustGK(t, tg.args("user", "add", "--login", "Zhang.San", "--name", "张三", "--unit", "QS003", "--role", "editor",
			"--email", "zhangsan@qingshan.example")...)
		pw := tempPasswordFrom(t, out)
		u, err := as.Authenticate(ctx, "zhang.san", pw, "127.0.0.1")
		if err != nil || !u.MustChangePassword || u.UnitCode != "QS003" || u.Role != auth.RoleEditor {
			t.Fatalf("login with the generated password: %+v, %v", u, err)
		}

		// Password from stdin, role by its Chinese name.
		out, errs, code := gk(t, "Qs#Chief2026\n", tg.args("user", "add", "--login", "admin", "--name", "李四", "--unit", "QS000",
			"--role", "系统管理员", "--password-stdin")...)
		if code != 0 || strings.Contains(out, "temporary password") {
			t.Fatalf("add with stdin: exit %d\n%s%s", code, out, errs)
		}
		if u, err := as.Authenticate(ctx, "admin", "Qs#Chief2026", "127.0.0.1"); err != nil || u.MustChangePassword || u.Role != auth.RoleSystemAdmin {
			t.Errorf("login with the stdin password: %+v, %v", u, err)
		}

		// Bad input: each problem named, nothing created.
		_, errs, code = gk(t, "short\n", tg.args("user", "add", "--login", "9x", "--name", "", "--unit", "QS000", "--role", "editor",
			"--email", "nope", "--password-stdin")...)
		if code != 1 {
			t.Errorf("bad user: exit %d", code)
		}
		for _, want := range []string{"--login：", "--name：", "--email：", "密码至少"} {
			if !strings.Contains(errs, want) {
				t.Errorf("bad user: stderr lacks %q:\n%s", want, errs)
			}
		}
		if _, errs, code := gk(t, "", tg.args("user", "add", "--login", "wang", "--name", "王五", "--unit", "QS000", "--role", "boss")...); code != 2 || !strings.Contains(errs, "editor") {
			t.Errorf("bad role: exit %d, %s", code, errs)
		}
		if _, errs, code := gk(t, "", tg.args("user", "add", "--login", "wang", "--name", "王五", "--unit", "NOPE", "--role", "editor")...); code != 1 || !strings.Contains(errs, "NOPE") {
			t.Errorf("unknown unit: exit %d, %s", code, errs)
		}
		if _, errs, code := gk(t, "", tg.args("user", "add", "--login", "zhang.san", "--name", "张三", "--unit", "QS000", "--role", "editor")...); code != 1 || !strings.Contains(errs, "已被使用") {
			t.Errorf("duplicate login: exit %d, %s", code, errs)
		}

		// List: JSON without secrets, filtered by unit subtree.
		out = mustGK(t, tg.args("user", "list", "--format", "json")...)
		var users []userJSON
		if err := json.Unmarshal([]byte(out), &users); err != nil || len(users) != 2 {
			t.Fatalf("user list json: %v\n%s", err, out)
		}
		if lo := strings.ToLower(out); strings.Contains(lo, "hash") || strings.Contains(lo, "argon") || strings.Contains(lo, "secret") || strings.Contains(out, "Qs#Chief2026") {
			t.Errorf("user list shows a secret:\n%s", out)
		}
		out = mustGK(t, tg.args("user", "list", "--format", "json", "--unit", "QS003")...)
		if err := json.Unmarshal([]byte(out), &users); err != nil || len(users) != 1 || users[0].Login != "zhang.san" || users[0].Unit != "QS003" {
			t.Errorf("user list --unit QS003: %v\n%s", err, out)
		}
		if out := mustGK(t, tg.args("user", "list")...); !strings.Contains(out, "zhang.san") || !strings.Contains(out, "系统管理员") || !strings.Contains(out, "须改密码") {
			t.Errorf("user list table:\n%s", out)
		}

		// Lock the account, then unlock it.
		for range 6 {
			as.Authenticate(ctx, "admin", "wrong-Password-1", "10.0.0.1")
		}
		if _, err := as.Authenticate(ctx, "admin", "Qs#Chief2026", "10.0.0.2"); !errors.Is(err, auth.ErrInvalidCredentials) {
			t.Fatalf("locked account logged in: %v", err)
		}
		if out := mustGK(t, tg.args("user", "list")...); !strings.Contains(out, "锁定") {
			t.Errorf("locked user not shown as locked:\n%s", out)
		}
		mustGK(t, tg.args("user", "unlock", "--login", "admin")...)
		if _, err := as.Authenticate(ctx, "admin", "Qs#Chief2026", "10.0.0.2"); err != nil {
			t.Errorf("login after unlock: %v", err)
		}
		if _, errs, code := gk(t, "", tg.args("user", "unlock", "--login", "nobody")...); code != 1 || !strings.Contains(errs, "nobody") {
			t.Errorf("unlock unknown: exit %d, %s", code, errs)
		}

		// Reset: a new temporary password; the old one stops working.
		out = mustGK(t, tg.args("user", "reset-password", "--login", "zhang.san")...)
		pw2 := tempPasswordFrom(t, out)
		if _, err := as.Authenticate(ctx, "zhang.san", pw, "127.0.0.3"); err == nil {
			t.Errorf("old password still works")
		}
		if u, err := as.Authenticate(ctx, "zhang.san", pw2, "127.0.0.3"); err != nil || !u.MustChangePassword {
			t.Errorf("login after reset: %+v, %v", u, err)
		}
		// Reset from stdin, optionally forcing a change.
		if out, errs, code := gk(t, "New#Passw0rd\n", tg.args("user", "reset-password", "--login", "zhang.san", "--password-stdin", "--must-change")...); code != 0 || strings.Contains(out, "temporary") {
			t.Fatalf("reset from stdin: exit %d\n%s%s", code, out, errs)
		}
		if u, err := as.Authenticate(ctx, "zhang.san", "New#Passw0rd", "127.0.0.3"); err != nil || !u.MustChangePassword {
			t.Errorf("login after stdin reset: %+v, %v", u, err)
		}
		if _, errs, code := gk(t, "weak\n", tg.args("user", "reset-password", "--login", "zhang.san", "--password-stdin")...); code != 1 || !strings.Contains(errs, "密码") {
			t.Errorf("weak stdin password: exit %d, %s", code, errs)
		}
		if _, errs, code := gk(t, "", tg.args("user", "reset-password", "--login", "zhang.san", "--password-stdin")...); code != 1 || !strings.Contains(errs, "标准输入") {
			t.Errorf("empty stdin: exit %d, %s", code, errs)
		}
	})
}
