// Package demo fills an empty database with a realistic, entirely fictional
// county — 青山县 — so that the portal and the back office can be tried,
// shown and tested without real data.
//
// There is one generator. Each domain adds its data as a step (a file here
// with a func(*Env) error appended to steps); steps run in order and share
// the Env, so later steps can build on the units and users of earlier ones.
// Everything is drawn from one random source seeded from Options.Seed, and
// maps are iterated in sorted order, so a seed always gives the same data.
//
// Demo data is not for production: every account has the same, published
// password.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// Password is every demo account's password. It is documented in the README:
// demo data is for trying the software, never for production.
const Password = "Qingshan@2026"

// ErrNotEmpty means the database already holds units; the demo loads only
// into an empty database so that it never mixes with real data.
var ErrNotEmpty = errors.New("demo: the database already has units")

// actor is who the audit log shows for everything the demo creates.
var actor = audit.Actor{Login: "demo"}

// Options tune Load.
type Options struct {
	Seed int64
	// Out receives progress lines; nil discards them.
	Out io.Writer
	// AuthConfig is used for hashing the demo passwords; tests pass
	// auth.TestConfig() to keep hashing cheap.
	AuthConfig auth.Config
	// Docs is how many documents the documents step adds (0: none); see
	// loadDocuments.
	Docs int
	// IndexPattern formats the demo documents' 索引号 (default
	// disclosure.DefaultIndexPattern); pass the deployment's pattern.
	IndexPattern string
	// Requests is how many applications for disclosure on request the
	// requests step adds (0: DefaultRequests; negative: none).
	Requests int
}

// Env is what steps share: the services, the random source, and what the
// steps before created.
type Env struct {
	Ctx    context.Context
	DB     *store.DB
	Orgs   *org.Service
	Auth   *auth.Service
	Rand   *rand.Rand
	Opt    Options
	Units  []org.Unit
	ByCode map[string]org.Unit
	Logins []Login
}

// Login is a demo account, for printing after the load.
type Login struct {
	Login    string
	Name     string
	Role     string // role code, e.g. "editor"; auth.Role(Role).Label() is the Chinese name
	UnitName string
}

// Printf writes a progress line to Options.Out.
func (e *Env) Printf(format string, args ...any) {
	fmt.Fprintf(e.Opt.Out, format+"\n", args...)
}

type step struct {
	name string
	run  func(*Env) error
}

// steps run in order; later domains append theirs.
var steps = []step{
	{"units", loadUnits},
	{"users", loadUsers},
	{"catalog", loadCatalog},
	{"documents", loadDocuments},
	{"requests", loadRequests},
	{"report figures", loadReportFigures},
}

// Result says what Load created.
type Result struct {
	Units    int
	Users    int
	Password string
	Logins   []Login
}

// Empty reports whether the database has no units yet, i.e. whether the
// demo may be loaded.
func Empty(ctx context.Context, db *store.DB) (bool, error) {
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM units`).Scan(&n); err != nil {
		return false, fmt.Errorf("demo: count units: %w", err)
	}
	return n == 0, nil
}

// Load runs every step on an empty database. It refuses a database that
// already has units (ErrNotEmpty). Each step writes through the domain
// services, so everything is validated and audited as if a person had done
// it; a failing step leaves the steps before it in place.
func Load(ctx context.Context, db *store.DB, opt Options) (Result, error) {
	empty, err := Empty(ctx, db)
	if err != nil {
		return Result{}, err
	}
	if !empty {
		return Result{}, ErrNotEmpty
	}
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	seed := uint64(opt.Seed)
	env := &Env{
		Ctx:    ctx,
		DB:     db,
		Orgs:   org.NewService(db),
		Auth:   auth.NewService(db, opt.AuthConfig),
		Rand:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		Opt:    opt,
		ByCode: map[string]org.Unit{},
	}
	if opt.Docs > 0 {
		// The search index's dictionary takes a second or two to load: do
		// it while the units and the catalog are created.
		go search.Warm()
	}
	for _, s := range steps {
		if err := s.run(env); err != nil {
			return Result{}, fmt.Errorf("demo: step %s: %w", s.name, err)
		}
	}
	return Result{Units: len(env.Units), Users: len(env.Logins), Password: Password, Logins: env.Logins}, nil
}
