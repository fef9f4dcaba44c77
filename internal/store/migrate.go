package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Migrations are append-only: never edit a file once it has been released;
// add a new one. They are written once for both engines with the macros in
// migrationMacros ({{pk}}, {{ts}}, {{blob}}); what cannot be written once
// (full-text indexes) goes in blocks kept for one engine only:
//
//	-- +gongkai sqlite
//	CREATE VIRTUAL TABLE ... USING fts5 (...);
//	-- +gongkai end
//	-- +gongkai postgres
//	CREATE INDEX ... USING GIN (...);
//	-- +gongkai end
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationFS returns the migrations with the macros expanded for d.
func migrationFS(d Dialect) (fs.FS, error) {
	out := fstest.MapFS{}
	ents, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		src := migrationMacros[d].Replace(dialectBlocks(string(b), d))
		out[e.Name()] = &fstest.MapFile{Data: []byte(src), Mode: 0o444}
	}
	return out, nil
}

// dialectBlocks drops the lines of src inside "-- +gongkai <engine>" ...
// "-- +gongkai end" blocks of the other engine, and the marker lines.
func dialectBlocks(src string, d Dialect) string {
	if !strings.Contains(src, "-- +gongkai ") {
		return src
	}
	var b strings.Builder
	keep := true
	for _, line := range strings.SplitAfter(src, "\n") {
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), "-- +gongkai "); ok {
			switch strings.TrimSpace(m) {
			case "end":
				keep = true
			default:
				keep = strings.TrimSpace(m) == d.String()
			}
			continue
		}
		if keep {
			b.WriteString(line)
		}
	}
	return b.String()
}

func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := migrationFS(db.dialect)
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		gd = goose.DialectPostgres
		// Several processes may start at once on a shared PostgreSQL: one migrates.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(gd, db.w, fsys, opts...)
}

// Migrate applies every pending migration. Each migration runs in its own
// transaction, so a failing one leaves nothing half-applied. A database
// migrated by a newer binary is refused.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	// p.Close would close db.w: the provider is simply dropped.
	cur, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("migrations: read version: %w", err)
	}
	if cur > target {
		return fmt.Errorf("migrations: database schema version %d is newer than this binary knows (%d); use a newer gongkai", cur, target)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// MigrationState is one migration and whether it is applied.
type MigrationState struct {
	Version int64
	Name    string
	Applied bool
}

// MigrationStatus lists every known migration.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	p, err := db.provider()
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	// p.Close would close db.w: the provider is simply dropped.
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: status: %w", err)
	}
	out := make([]MigrationState, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationState{Version: s.Source.Version, Name: s.Source.Path, Applied: s.State == goose.StateApplied})
	}
	return out, nil
}
