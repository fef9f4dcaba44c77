// Package store opens the database (SQLite or PostgreSQL), applies the
// embedded migrations and hides the differences between the two engines.
//
// Domain packages write their SQL once, with $1..$n placeholders, and run it
// through a Querier (*DB or *Tx). Everything engine-specific — placeholder
// syntax, column types in migrations, driver error codes, connection pools —
// lives in this package and nowhere else.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the database engine behind a DB.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Sentinel errors that domain code can test with errors.Is, whatever the engine.
var (
	ErrNotFound = errors.New("store: not found")
	ErrConflict = errors.New("store: unique constraint violated")
	// ErrReferenced means a foreign key constraint failed: the row refers to
	// something missing, or something still refers to it.
	ErrReferenced = errors.New("store: foreign key constraint violated")
)

// Querier is what domain code runs SQL through: a *DB or a *Tx.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *Row
	Dialect() Dialect
}

// DB is an open database. For SQLite it keeps one writer connection (SQLite
// allows one writer at a time; queuing in Go beats SQLITE_BUSY) and a pool of
// readers; for PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	w, r    *sql.DB
	dsn     string
	stmts   stmtCache
}

// Options tune Open. The zero value is fine.
type Options struct {
	// MaxReaders bounds SQLite's reader pool (default 8) and PostgreSQL's
	// whole pool (default 20).
	MaxReaders int
	// NoStmtCache turns off SQLite's prepared-statement cache (to measure it).
	NoStmtCache bool
}

// IsPostgresDSN reports whether dsn selects PostgreSQL.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL, or else the path of a SQLite file
// (created if missing). It pings the database before returning.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	db := &DB{dsn: dsn}
	if IsPostgresDSN(dsn) {
		db.dialect = Postgres
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		n := opt.MaxReaders
		if n <= 0 {
			n = 20
		}
		p.SetMaxOpenConns(n)
		p.SetMaxIdleConns(n)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.w, db.r = p, p
	} else {
		db.dialect = SQLite
		path := strings.TrimPrefix(dsn, "sqlite://")
		path = strings.TrimPrefix(path, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		// busy_timeout first, so that switching to WAL waits instead of failing.
		base := "file:" + filepath.ToSlash(path) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
		w, err := sql.Open("sqlite", base+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		db.w = w
		// The writer creates the file and switches it to WAL before readers open it.
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		// Readers map the file into memory (up to 2 GB, the most modernc.org/sqlite
		// allows) and keep a bigger page cache: with
		// a million documents the file is gigabytes, and SQLite's default
		// 2 MB cache per connection turned page reads into a third of a
		// document page's time.
		r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)&_pragma=mmap_size(2147418112)&_pragma=cache_size(-16384)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		n := opt.MaxReaders
		if n <= 0 {
			n = 8
		}
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		r.SetConnMaxIdleTime(0)
		db.r = r
		db.stmts.enabled = !opt.NoStmtCache
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.r.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", db.dialect, err)
	}
	return nil
}

// Close closes every pool.
func (db *DB) Close() error {
	db.stmts.close()
	err := db.w.Close()
	if db.r != db.w {
		if err2 := db.r.Close(); err == nil {
			err = err2
		}
	}
	return err
}

// Exec runs a statement on the writer.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := db.stmts.get(ctx, db.w, db.rebind(query)); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, mapError(err)
	}
	res, err := db.w.ExecContext(ctx, db.rebind(query), args...)
	return res, mapError(err)
}

// Query runs a read on the reader pool.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := db.stmts.get(ctx, db.r, db.rebind(query)); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, mapError(err)
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(query), args...)
	return rows, mapError(err)
}

// QueryRow runs a read on the reader pool; use Tx for INSERT ... RETURNING.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *Row {
	pool := db.r
	if isWrite(query) {
		pool = db.w
	}
	if st := db.stmts.get(ctx, pool, db.rebind(query)); st != nil {
		return &Row{row: st.QueryRowContext(ctx, args...)}
	}
	return &Row{row: pool.QueryRowContext(ctx, db.rebind(query), args...)}
}

// Tx runs fn in a transaction on the writer, committing when fn returns nil
// and rolling back otherwise (also on panic).
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", mapError(err))
	}
	defer func() {
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
		if err != nil {
			stx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: stx, db: db}); err != nil {
		return err
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", mapError(err))
	}
	return nil
}

// SQL exposes the writer pool for tools that need a *sql.DB (migrations, backup).
func (db *DB) SQL() *sql.DB { return db.w }

// Tx is a transaction; it implements Querier.
type Tx struct {
	tx *sql.Tx
	db *DB
}

func (t *Tx) Dialect() Dialect { return t.db.dialect }

func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(ctx, t.db.rebind(query), args...)
	return res, mapError(err)
}

func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, t.db.rebind(query), args...)
	return rows, mapError(err)
}

func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *Row {
	return &Row{row: t.tx.QueryRowContext(ctx, t.db.rebind(query), args...)}
}

// Row wraps *sql.Row so that Scan reports ErrNotFound and mapped driver errors.
type Row struct{ row *sql.Row }

// Scan copies the row into dest; a missing row is ErrNotFound.
func (r *Row) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return mapError(err)
}

func isWrite(q string) bool {
	q = strings.TrimSpace(q)
	if len(q) < 6 {
		return false
	}
	switch strings.ToUpper(q[:6]) {
	case "INSERT", "UPDATE", "DELETE":
		return true
	}
	return false
}

// Now is the current instant as stored: UTC, microsecond precision (what
// PostgreSQL keeps), so that values read back compare equal.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// redactDSN hides a password in a DSN for messages.
func RedactDSN(dsn string) string {
	if !IsPostgresDSN(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
