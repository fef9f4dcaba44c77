package auth

import (
	"errors"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestSetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if need, err := e.svc.NeedsSetup(e.ctx); !need || err != nil {
			t.Fatalf("NeedsSetup on an empty database = %v, %v", need, err)
		}
		in := NewUser{Login: "root.admin", Name: "管理员", UnitID: e.county.ID, Role: RoleEditor, Password: goodPassword}
		if _, err := e.svc.CompleteSetup(e.ctx, "anything", in); !errors.Is(err, ErrBadSetupToken) {
			t.Errorf("setup without a token: %v", err)
		}
		old, err := e.svc.CreateSetupToken(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := e.svc.CreateSetupToken(e.ctx)
		if tok == old || len(tok) != 43 {
			t.Fatalf("tokens %q %q", old, tok)
		}
		e.wantAudit("setup.token_create", 2, 0)
		if v, _ := GetSetting(e.ctx, db, "setup.token_hash"); v != hashToken(tok) {
			t.Error("setting does not hold the token's hash")
		}
		if _, err := e.svc.CompleteSetup(e.ctx, old, in); !errors.Is(err, ErrBadSetupToken) {
			t.Errorf("replaced token: %v", err)
		}
		if _, err := e.svc.CompleteSetup(e.ctx, "", in); !errors.Is(err, ErrBadSetupToken) {
			t.Errorf("empty token: %v", err)
		}
		// Bad input writes nothing and keeps the token.
		n0 := e.auditTotal()
		bad := in
		bad.Password = "weak"
		_, err = e.svc.CompleteSetup(e.ctx, tok, bad)
		fieldErr(t, err, "password")
		if need, _ := e.svc.NeedsSetup(e.ctx); !need || e.auditTotal() != n0 {
			t.Error("refused setup wrote something")
		}

		u, err := e.svc.CompleteSetup(e.ctx, tok, in)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != RoleSystemAdmin || u.Login != "root.admin" {
			t.Errorf("first user %+v", u)
		}
		if a := e.wantAudit("user.create", 1, u.ID); a.Actor != "setup" {
			t.Errorf("first user created by %q", a.Actor)
		}
		e.wantAudit("setup.complete", 1, 0)
		if _, err := GetSetting(e.ctx, db, "setup.token_hash"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token kept after setup: %v", err)
		}
		if need, _ := e.svc.NeedsSetup(e.ctx); need {
			t.Error("NeedsSetup after setup")
		}
		// One time only, even with a new token once users exist.
		in.Login = "second"
		if _, err := e.svc.CompleteSetup(e.ctx, tok, in); !errors.Is(err, ErrBadSetupToken) {
			t.Errorf("token reused: %v", err)
		}
		tok2, _ := e.svc.CreateSetupToken(e.ctx)
		if _, err := e.svc.CompleteSetup(e.ctx, tok2, in); !errors.Is(err, ErrBadSetupToken) {
			t.Errorf("setup with users present: %v", err)
		}
		if n, _ := e.svc.CountUsers(e.ctx); n != 1 {
			t.Errorf("%d users", n)
		}
	})
}
