package auth

import (
	"errors"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestCreateUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u, err := e.svc.CreateUser(e.ctx, admin, NewUser{
			Login: "  Zhang.San ", Name: " 张三 ", UnitID: e.sub.ID, Role: RoleEditor,
			Email: "zs@qs.gov.cn", Phone: "0571-12345678", Password: goodPassword, MustChangePassword: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Login != "zhang.san" || u.Name != "张三" || u.Role != RoleEditor || !u.Active || !u.MustChangePassword ||
			u.UnitID != e.sub.ID || u.UnitPath != e.sub.Path || u.UnitCode != "D1S" || u.UnitName != "单位D1S" ||
			u.Email != "zs@qs.gov.cn" || u.Phone != "0571-12345678" || u.CreatedAt.IsZero() || u.TOTPEnabled {
			t.Errorf("created %+v", u)
		}
		if s := u.Subject(); s.UserID != u.ID || s.Role != RoleEditor || s.Unit != e.sub {
			t.Errorf("subject %+v", s)
		}
		got, err := e.svc.GetUser(e.ctx, u.ID)
		if err != nil || got != u {
			t.Errorf("GetUser = %+v, %v; want %+v", got, err, u)
		}
		if got, err := e.svc.GetUserByLogin(e.ctx, "ZHANG.SAN"); err != nil || got.ID != u.ID {
			t.Errorf("GetUserByLogin = %+v, %v", got, err)
		}
		if _, err := e.svc.GetUser(e.ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing user: %v", err)
		}
		if _, err := e.svc.GetUserByLogin(e.ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing login: %v", err)
		}
		a := e.wantAudit("user.create", 1, u.ID)
		if a.UnitID != e.sub.ID || a.Actor != "cli" || !strings.Contains(a.Summary, "zhang.san") || !strings.Contains(a.Summary, "信息员") {
			t.Errorf("audit %+v", a)
		}
		if strings.Contains(a.Summary, goodPassword) || strings.Contains(a.Summary, "argon2") {
			t.Errorf("audit summary leaks the password: %s", a.Summary)
		}
		var hash string
		db.QueryRow(e.ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
			t.Errorf("stored hash %q", hash)
		}
	})
}

func TestCreateUserValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("taken", RoleEditor, e.dept)
		inactive := e.unit("OFF", e.county.ID)
		if _, err := db.Exec(e.ctx, `UPDATE units SET active = FALSE WHERE id = $1`, inactive.ID); err != nil {
			t.Fatal(err)
		}
		ok := NewUser{Login: "lisi", Name: "李四", UnitID: e.dept.ID, Role: RoleReviewer, Password: goodPassword}
		cases := []struct {
			name  string
			edit  func(*NewUser)
			field string
			msg   string
		}{
			{"empty login", func(u *NewUser) { u.Login = "" }, "login", "请填写"},
			{"short login", func(u *NewUser) { u.Login = "ab" }, "login", "3–32"},
			{"login starts with digit", func(u *NewUser) { u.Login = "1abc" }, "login", "小写字母开头"},
			{"login with space", func(u *NewUser) { u.Login = "li si" }, "login", ""},
			{"chinese login", func(u *NewUser) { u.Login = "李四" }, "login", ""},
			{"long login", func(u *NewUser) { u.Login = "a" + strings.Repeat("b", 32) }, "login", ""},
			{"duplicate login", func(u *NewUser) { u.Login = "TAKEN" }, "login", "登录名已被使用"},
			{"empty name", func(u *NewUser) { u.Name = "  " }, "name", "请填写姓名"},
			{"long name", func(u *NewUser) { u.Name = strings.Repeat("名", 51) }, "name", "50"},
			{"bad role", func(u *NewUser) { u.Role = "root" }, "role", "角色"},
			{"no unit", func(u *NewUser) { u.UnitID = 0 }, "unit_id", "请选择单位"},
			{"missing unit", func(u *NewUser) { u.UnitID = 9999 }, "unit_id", "不存在"},
			{"inactive unit", func(u *NewUser) { u.UnitID = inactive.ID }, "unit_id", "停用"},
			{"bad email", func(u *NewUser) { u.Email = "lisi@" }, "email", "邮箱"},
			{"bad phone", func(u *NewUser) { u.Phone = "call me" }, "phone", "电话"},
			{"short phone", func(u *NewUser) { u.Phone = "1-2-3" }, "phone", "电话"},
			{"weak password", func(u *NewUser) { u.Password = "short" }, "password", "至少需要 10 个字符"},
			{"password with login", func(u *NewUser) { u.Password = "Lisi-2025-abc" }, "password", "登录名"},
		}
		users0, _ := e.svc.CountUsers(e.ctx)
		audits0 := e.auditTotal()
		for _, c := range cases {
			in := ok
			c.edit(&in)
			_, err := e.svc.CreateUser(e.ctx, admin, in)
			if msg := fieldErr(t, err, c.field); !strings.Contains(msg, c.msg) {
				t.Errorf("%s: message %q, want it to contain %q", c.name, msg, c.msg)
			}
		}
		// Several problems are all reported at once.
		_, err := e.svc.CreateUser(e.ctx, admin, NewUser{Login: "x", Role: "root", Password: "x"})
		for _, f := range []string{"login", "name", "role", "unit_id", "password"} {
			fieldErr(t, err, f)
		}
		if n, _ := e.svc.CountUsers(e.ctx); n != users0 {
			t.Errorf("users = %d after failed creations, want %d", n, users0)
		}
		if n := e.auditTotal(); n != audits0 {
			t.Errorf("audit entries = %d after failed creations, want %d", n, audits0)
		}
		if _, err := e.svc.CreateUser(e.ctx, admin, ok); err != nil {
			t.Errorf("valid input refused: %v", err)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("wangwu", RoleEditor, e.dept)
		name, role, unit, email := "王五", RoleReviewer, e.sub.ID, "ww@qs.gov.cn"
		got, err := e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Name: &name, Role: &role, UnitID: &unit, Email: &email})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "王五" || got.Role != RoleReviewer || got.UnitID != e.sub.ID || got.UnitPath != e.sub.Path || got.Email != email || got.Phone != "" {
			t.Errorf("updated %+v", got)
		}
		a := e.wantAudit("user.edit", 1, u.ID)
		if a.UnitID != e.sub.ID || !strings.Contains(a.Summary, "审核员") || !strings.Contains(a.Summary, "信息员") {
			t.Errorf("audit %+v", a)
		}

		// No change: nothing written.
		n0 := e.auditTotal()
		if _, err := e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
		if e.auditTotal() != n0 {
			t.Error("an update without change was audited")
		}

		// Bad input: nothing written.
		bad, badRole, badUnit := "", Role("boss"), int64(4242)
		_, err = e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Name: &bad, Role: &badRole, UnitID: &badUnit})
		for _, f := range []string{"name", "role", "unit_id"} {
			fieldErr(t, err, f)
		}
		if again, _ := e.svc.GetUser(e.ctx, u.ID); again != got || e.auditTotal() != n0 {
			t.Errorf("failed update changed something: %+v", again)
		}
		if _, err := e.svc.UpdateUser(e.ctx, admin, 999, UserUpdate{Name: &name}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing user: %v", err)
		}

		// Deactivating ends sessions and is audited as such.
		e.svc.CreateSession(e.ctx, got, "10.0.0.1", "test", false)
		off := false
		got, err = e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Active: &off})
		if err != nil || got.Active {
			t.Fatalf("deactivate: %+v, %v", got, err)
		}
		if n, _ := e.svc.CountSessions(e.ctx, u.ID); n != 0 {
			t.Errorf("%d sessions left after deactivation", n)
		}
		if a := e.wantAudit("user.deactivate", 1, u.ID); !strings.Contains(a.Summary, "1 个会话") {
			t.Errorf("deactivate audit %q", a.Summary)
		}
		on := true
		if _, err := e.svc.UpdateUser(e.ctx, admin, u.ID, UserUpdate{Active: &on}); err != nil {
			t.Fatal(err)
		}
		e.wantAudit("user.activate", 1, u.ID)
	})
}

func TestListUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("c_admin", RoleSystemAdmin, e.county)
		e.user("d_editor", RoleEditor, e.dept)
		e.user("d_review", RoleReviewer, e.dept)
		e.user("s_editor", RoleEditor, e.sub)
		e.user("o_editor", RoleEditor, e.other)
		gone := e.user("d_gone", RoleEditor, e.dept)
		off := false
		if _, err := e.svc.UpdateUser(e.ctx, admin, gone.ID, UserUpdate{Active: &off}); err != nil {
			t.Fatal(err)
		}
		logins := func(f UserFilter) (string, int) {
			t.Helper()
			us, total, err := e.svc.ListUsers(e.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var ls []string
			for _, u := range us {
				ls = append(ls, u.Login)
			}
			return strings.Join(ls, ","), total
		}
		cases := []struct {
			name  string
			f     UserFilter
			want  string
			total int
		}{
			{"all active, by unit path then login", UserFilter{}, "c_admin,d_editor,d_review,s_editor,o_editor", 5},
			{"with inactive", UserFilter{IncludeInactive: true}, "c_admin,d_editor,d_gone,d_review,s_editor,o_editor", 6},
			{"subtree", UserFilter{UnderPath: e.dept.Path}, "d_editor,d_review,s_editor", 3},
			{"one unit", UserFilter{UnitID: e.dept.ID}, "d_editor,d_review", 2},
			{"role", UserFilter{Role: RoleEditor}, "d_editor,s_editor,o_editor", 3},
			{"query on login", UserFilter{Query: "EDIT"}, "d_editor,s_editor,o_editor", 3},
			{"query on name", UserFilter{Query: "用户d_r"}, "d_review", 1},
			{"query escapes LIKE", UserFilter{Query: "%"}, "", 0},
			{"page", UserFilter{Limit: 2, Offset: 1}, "d_editor,d_review", 5},
			{"locked none", UserFilter{LockedOnly: true}, "", 0},
		}
		for _, c := range cases {
			if got, total := logins(c.f); got != c.want || total != c.total {
				t.Errorf("%s: got %q (total %d), want %q (total %d)", c.name, got, total, c.want, c.total)
			}
		}
		for i := 0; i < 5; i++ {
			e.svc.Authenticate(e.ctx, "s_editor", "wrong password", "")
		}
		if got, total := logins(UserFilter{LockedOnly: true}); got != "s_editor" || total != 1 {
			t.Errorf("locked only: %q %d", got, total)
		}
		if n, err := e.svc.CountUsers(e.ctx); n != 6 || err != nil {
			t.Errorf("CountUsers = %d, %v", n, err)
		}
	})
}
