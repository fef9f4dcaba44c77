// Package storetest runs store tests on every engine: SQLite always, and
// PostgreSQL when GONGKAI_TEST_POSTGRES holds a DSN. Each test gets a fresh,
// migrated database (for PostgreSQL, a schema of its own, dropped afterwards).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"gongkai/internal/store"
)

// EnvPostgres names the environment variable with the PostgreSQL test DSN.
const EnvPostgres = "GONGKAI_TEST_POSTGRES"

var skipOnce sync.Once

// Each runs fn as a subtest per engine ("sqlite", "postgres") with a fresh
// migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, Open(t, store.SQLite))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, Open(t, store.Postgres))
	})
}

// Open returns a fresh migrated database of the given engine, closed and
// removed when the test ends. For PostgreSQL without GONGKAI_TEST_POSTGRES the
// test is skipped with a message saying so.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	dsn := DSN(t, d)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// DSN returns a DSN for a fresh, empty database (not migrated).
func DSN(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("GONGKAI_TEST_REQUIRE") != "" {
			t.Fatalf("%s is not set but GONGKAI_TEST_REQUIRE is: CI must test PostgreSQL", EnvPostgres)
		}
		skipOnce.Do(func() {
			fmt.Fprintf(os.Stderr, "storetest: %s is not set: PostgreSQL tests are skipped (CI sets it)\n", EnvPostgres)
		})
		t.Skipf("PostgreSQL tests skipped: set %s to a DSN, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable", EnvPostgres)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres %s: %v", store.RedactDSN(base), err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("postgres %s: create schema: %v", store.RedactDSN(base), err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		if _, err := a.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
