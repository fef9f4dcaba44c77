package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements for SQLite, where database/sql would
// otherwise parse and plan the same SQL on every call (a third of the time
// of a simple page was spent in SQLite's parser). A *sql.Stmt is safe for
// concurrent use and prepares itself lazily on each pooled connection.
// PostgreSQL needs none: pgx caches prepared statements per connection.
//
// Queries built from optional filters make a bounded set of strings, but to
// be safe the cache stops growing at maxStmts and further queries run
// unprepared.
type stmtCache struct {
	mu      sync.RWMutex
	enabled bool
	m       map[*sql.DB]map[string]*sql.Stmt
	n       int
}

const maxStmts = 2000

func (c *stmtCache) get(ctx context.Context, pool *sql.DB, q string) *sql.Stmt {
	if !c.enabled {
		return nil
	}
	c.mu.RLock()
	st := c.m[pool][q]
	c.mu.RUnlock()
	if st != nil {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.m[pool][q]; st != nil {
		return st
	}
	if c.n >= maxStmts {
		return nil
	}
	st, err := pool.PrepareContext(ctx, q)
	if err != nil {
		// Let the unprepared call report the error in its own words.
		return nil
	}
	if c.m == nil {
		c.m = map[*sql.DB]map[string]*sql.Stmt{}
	}
	if c.m[pool] == nil {
		c.m[pool] = map[string]*sql.Stmt{}
	}
	c.m[pool][q] = st
	c.n++
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.m {
		for _, st := range m {
			st.Close()
		}
	}
	c.m, c.n, c.enabled = nil, 0, false
}
