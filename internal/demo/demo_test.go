package demo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

var ctx = context.Background()

func load(t *testing.T, db *store.DB, seed int64) demo.Result {
	t.Helper()
	var out bytes.Buffer
	res, err := demo.Load(ctx, db, demo.Options{Seed: seed, Out: &out, AuthConfig: auth.TestConfig()})
	if err != nil {
		t.Fatalf("load seed %d: %v", seed, err)
	}
	if !strings.Contains(out.String(), "单位") || !strings.Contains(out.String(), "用户") {
		t.Errorf("progress output = %q", out.String())
	}
	return res
}

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if empty, err := demo.Empty(ctx, db); err != nil || !empty {
			t.Fatalf("Empty on a new database = %v, %v", empty, err)
		}
		res := load(t, db, 1)
		if res.Units < 40 {
			t.Errorf("units = %d, want at least 40", res.Units)
		}
		if res.Users != len(res.Logins) || res.Users >= 120 {
			t.Errorf("users = %d, logins = %d", res.Users, len(res.Logins))
		}
		if res.Password != demo.Password {
			t.Errorf("password = %q", res.Password)
		}

		units, err := org.NewService(db).List(ctx, org.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(units) != res.Units {
			t.Errorf("listed %d units, result says %d", len(units), res.Units)
		}
		types := map[org.Type]int{}
		for _, u := range units {
			types[u.Type]++
			if u.Phone == "" || u.Address == "" || u.OfficeHours == "" || u.Description == "" {
				t.Errorf("unit %s lacks contact data: %+v", u.Code, u)
			}
		}
		for _, typ := range []org.Type{org.TypeCountyGovernment, org.TypeDepartment, org.TypeTownship, org.TypeStreet,
			org.TypeCommunity, org.TypeVillage, org.TypeSchool} {
			if types[typ] == 0 {
				t.Errorf("no unit of type %s", typ)
			}
		}
		if types[org.TypeCountyGovernment] != 1 || units[0].Code != "QS000" || units[0].ParentID != 0 {
			t.Errorf("root = %+v, county governments = %d", units[0], types[org.TypeCountyGovernment])
		}

		as := auth.NewService(db, auth.TestConfig())
		users, total, err := as.ListUsers(ctx, auth.UserFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if total != res.Users {
			t.Errorf("listed %d users, result says %d", total, res.Users)
		}
		roles := map[auth.Role]int{}
		for _, u := range users {
			roles[u.Role]++
			if u.MustChangePassword {
				t.Errorf("user %s must change password", u.Login)
			}
		}
		for _, r := range auth.Roles() {
			if roles[r] == 0 {
				t.Errorf("no user with role %s", r)
			}
		}
		for _, l := range res.Logins {
			u, err := as.Authenticate(ctx, l.Login, demo.Password, "127.0.0.1")
			if err != nil {
				t.Errorf("login %s: %v", l.Login, err)
				continue
			}
			if string(u.Role) != l.Role || u.Name != l.Name || u.UnitName != l.UnitName {
				t.Errorf("login %s: user %+v, listed as %+v", l.Login, u, l)
			}
		}
		for _, want := range []string{"admin", "security", "auditor", "gkb", "edu.admin", "edu.editor", "edu.reviewer",
			"edu.handler", "mz.editor", "qs.handler"} {
			if _, err := as.GetUserByLogin(ctx, want); err != nil {
				t.Errorf("login %s: %v", want, err)
			}
		}

		// Everything went through the services: audited, and the chain holds.
		if v, err := audit.Verify(ctx, db); err != nil || !v.OK || v.Checked < res.Units+res.Users {
			t.Errorf("audit verify = %+v, %v", v, err)
		}

		// A second load is refused and writes nothing.
		if _, err := demo.Load(ctx, db, demo.Options{Seed: 2, AuthConfig: auth.TestConfig()}); !errors.Is(err, demo.ErrNotEmpty) {
			t.Errorf("second load: err = %v, want ErrNotEmpty", err)
		}
		if n, _ := as.CountUsers(ctx); n != res.Users {
			t.Errorf("users after refused load = %d", n)
		}
	})
}

// snapshot renders every unit and user of db, for comparing loads.
func snapshot(t *testing.T, db *store.DB) (units, people string) {
	t.Helper()
	us, err := org.NewService(db).List(ctx, org.Filter{IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, u := range us {
		fmt.Fprintf(&b, "%s|%s|%s|%s|%d|%s|%s|%s|%s|%s|%s\n", u.Code, u.Name, u.Type, u.ParentCode, u.SortOrder,
			u.Address, u.Phone, u.Email, u.OfficeHours, u.Website, u.Description)
	}
	users, _, err := auth.NewService(db, auth.TestConfig()).ListUsers(ctx, auth.UserFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var p strings.Builder
	for _, u := range users {
		fmt.Fprintf(&p, "%s|%s|%s|%s|%s|%s\n", u.Login, u.Name, u.Role, u.UnitCode, u.Email, u.Phone)
	}
	return b.String(), p.String()
}

func TestDeterministic(t *testing.T) {
	d := store.SQLite
	a, b, c := storetest.Open(t, d), storetest.Open(t, d), storetest.Open(t, d)
	load(t, a, 7)
	load(t, b, 7)
	load(t, c, 8)
	ua, pa := snapshot(t, a)
	ub, pb := snapshot(t, b)
	uc, pc := snapshot(t, c)
	if ua != ub || pa != pb {
		t.Errorf("same seed, different data:\n%s\n%s\n---\n%s\n%s", ua, pa, ub, pb)
	}
	if pa == pc {
		t.Errorf("seeds 7 and 8 gave the same people:\n%s", pa)
	}
	if ua == uc {
		t.Errorf("seeds 7 and 8 gave identical unit details")
	}
}

func TestEmpty(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	if _, err := org.NewService(db).Create(ctx, audit.CLI, org.Input{Code: "X1", Name: "某单位", Type: org.TypeOther}); err != nil {
		t.Fatal(err)
	}
	if empty, err := demo.Empty(ctx, db); err != nil || empty {
		t.Errorf("Empty with a unit = %v, %v", empty, err)
	}
	if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, AuthConfig: auth.TestConfig()}); !errors.Is(err, demo.ErrNotEmpty) {
		t.Errorf("load into a non-empty database: err = %v", err)
	}
}
