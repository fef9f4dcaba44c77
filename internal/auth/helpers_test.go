package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// goodPassword passes the policy for every login used in the tests.
const goodPassword = "Qingshan-2025!"

var admin = audit.Actor{ID: 0, Login: "cli"}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a service on a fresh database with a clock under test control and
// a small unit tree: county /1/ with departments /1/2/ and /1/3/, and /1/2/4/
// under /1/2/.
type env struct {
	t      *testing.T
	ctx    context.Context
	db     *store.DB
	svc    *Service
	clock  *fakeClock
	county UnitRef
	dept   UnitRef
	other  UnitRef
	sub    UnitRef
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), db: db, svc: NewService(db, TestConfig()),
		clock: &fakeClock{t: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}}
	e.svc.SetClock(e.clock.Now)
	e.county = e.unit("C", 0)
	e.dept = e.unit("D1", e.county.ID)
	e.other = e.unit("D2", e.county.ID)
	e.sub = e.unit("D1S", e.dept.ID)
	return e
}

// unit inserts a unit under parent (0 = root) and returns it with its path.
func (e *env) unit(code string, parent int64) UnitRef {
	e.t.Helper()
	now := store.Now()
	var u UnitRef
	err := e.db.Tx(e.ctx, func(tx *store.Tx) error {
		var pid any
		parentPath := "/"
		if parent != 0 {
			pid = parent
			if err := tx.QueryRow(e.ctx, `SELECT path FROM units WHERE id = $1`, parent).Scan(&parentPath); err != nil {
				return err
			}
		}
		if err := tx.QueryRow(e.ctx, `INSERT INTO units (code, name, type, parent_id, path, created_at, updated_at)
			VALUES ($1, $2, 'department', $3, '', $4, $4) RETURNING id`, code, "单位"+code, pid, now).Scan(&u.ID); err != nil {
			return err
		}
		u.Path = fmt.Sprintf("%s%d/", parentPath, u.ID)
		_, err := tx.Exec(e.ctx, `UPDATE units SET path = $1 WHERE id = $2`, u.Path, u.ID)
		return err
	})
	if err != nil {
		e.t.Fatalf("insert unit %s: %v", code, err)
	}
	return u
}

func (e *env) user(login string, role Role, unit UnitRef) User {
	e.t.Helper()
	u, err := e.svc.CreateUser(e.ctx, admin, NewUser{Login: login, Name: "用户" + login, UnitID: unit.ID, Role: role, Password: goodPassword})
	if err != nil {
		e.t.Fatalf("create user %s: %v", login, err)
	}
	return u
}

// audits returns the entries with action (exact, or prefix ending in ".").
func (e *env) audits(action string) []audit.Entry {
	e.t.Helper()
	es, _, err := audit.List(e.ctx, e.db, audit.Filter{Action: action, Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}

func (e *env) auditTotal() int {
	e.t.Helper()
	_, n, err := audit.List(e.ctx, e.db, audit.Filter{Limit: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// wantAudit checks that exactly n entries with action exist and that the
// newest concerns objectID, and returns it.
func (e *env) wantAudit(action string, n int, objectID int64) audit.Entry {
	e.t.Helper()
	es := e.audits(action)
	if len(es) != n {
		e.t.Fatalf("%d audit entries %q, want %d: %+v", len(es), action, n, es)
	}
	if n == 0 {
		return audit.Entry{}
	}
	if objectID != 0 && es[0].ObjectID != fmt.Sprint(objectID) {
		e.t.Errorf("audit %q about object %s, want %d", action, es[0].ObjectID, objectID)
	}
	return es[0]
}

// fieldErr returns the validation message for field, failing the test when err is not a validation error.
func fieldErr(t *testing.T, err error, field string) string {
	t.Helper()
	var ve *valid.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v (%T), want *valid.Errors on %q", err, err, field)
	}
	if !ve.Has(field) {
		t.Fatalf("validation errors %v, want one on %q", ve, field)
	}
	return ve.For(field)
}

func (u User) actor() audit.Actor { return audit.Actor{ID: u.ID, Login: u.Login, UnitID: u.UnitID} }
