package store_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestRebind(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = $2 AND c = $1", "SELECT a FROM t WHERE b = ?2 AND c = ?1"},
		{"SELECT '$1' || $1", "SELECT '$1' || ?1"},
		{`SELECT "x$1" FROM t WHERE a=$10`, `SELECT "x$1" FROM t WHERE a=?10`},
		{"SELECT $a", "SELECT $a"},
	}
	for _, c := range cases {
		if got := store.Rebind(c.in); got != c.want {
			t.Errorf("Rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := store.Now()
		var id int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `INSERT INTO units (code, name, type, path, created_at, updated_at)
				VALUES ($1, $2, $3, '/', $4, $4) RETURNING id`, "U1", "青山县人民政府", "county_government", now).Scan(&id)
		})
		if err != nil {
			t.Fatalf("insert: %v", err)
		}
		// Placeholders bind by number, not by position.
		var name string
		var created time.Time
		var active bool
		if err := db.QueryRow(ctx, `SELECT name, created_at, active FROM units WHERE code = $2 AND id = $1`, id, "U1").Scan(&name, &created, &active); err != nil {
			t.Fatalf("select: %v", err)
		}
		if name != "青山县人民政府" || !created.Equal(now) || !active {
			t.Errorf("read back %q %v %v, want %q %v true", name, created, active, "青山县人民政府", now)
		}
		// Sentinel errors.
		if err := db.QueryRow(ctx, `SELECT name FROM units WHERE code = $1`, "nope").Scan(&name); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing row: err = %v, want ErrNotFound", err)
		}
		_, err = db.Exec(ctx, `INSERT INTO units (code, name, type, path, created_at, updated_at) VALUES ($1, 'x', 'x', '/', $2, $2)`, "U1", now)
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate code: err = %v, want ErrConflict", err)
		}
		_, err = db.Exec(ctx, `INSERT INTO units (code, name, type, path, parent_id, created_at, updated_at) VALUES ($1, 'x', 'x', '/', 999, $2, $2)`, "U2", now)
		if !errors.Is(err, store.ErrReferenced) {
			t.Errorf("missing parent: err = %v, want ErrReferenced", err)
		}
		// A failing transaction leaves nothing behind.
		boom := errors.New("boom")
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `UPDATE units SET name = 'changed' WHERE id = $1`, id); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("tx err = %v", err)
		}
		db.QueryRow(ctx, `SELECT name FROM units WHERE id = $1`, id).Scan(&name)
		if name != "青山县人民政府" {
			t.Errorf("rolled back tx left name %q", name)
		}
		// Migrating again is a no-op.
		if err := db.Migrate(ctx); err != nil {
			t.Errorf("second migrate: %v", err)
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil || len(st) == 0 || !st[0].Applied {
			t.Errorf("status = %v, %v", st, err)
		}
	})
}

// TestSchemasMatch checks that SQLite and PostgreSQL end with the same tables
// and columns after all migrations.
func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite := storetest.Open(t, store.SQLite)
	pg := storetest.Open(t, store.Postgres)
	a, b := columns(t, ctx, lite), columns(t, ctx, pg)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("schemas differ:\nsqlite:   %v\npostgres: %v", a, b)
	}
	if len(a) < 20 {
		t.Errorf("only %d columns found; introspection broken?", len(a))
	}
}

func columns(t *testing.T, ctx context.Context, db *store.DB) []string {
	t.Helper()
	var out []string
	if db.Dialect() == store.SQLite {
		rows, err := db.Query(ctx, `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'goose_%'
			AND m.name NOT LIKE 'search_fts%'`) // FTS5 and its shadow tables: SQLite's full-text index
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var tb, col string
			rows.Scan(&tb, &col)
			out = append(out, tb+"."+col)
		}
	} else {
		rows, err := db.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name NOT LIKE 'goose_%'
			AND table_name <> 'search_postings'
			AND NOT (table_name = 'search_docs' AND column_name = 'words')`) // PostgreSQL's full-text index
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var tb, col string
			rows.Scan(&tb, &col)
			out = append(out, fmt.Sprintf("%s.%s", tb, col))
		}
	}
	sort.Strings(out)
	return out
}
